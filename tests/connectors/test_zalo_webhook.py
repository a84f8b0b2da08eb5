"""Zalo OA: signed webhook in, cs messages out, against the fake Zalo and a fake Rasa."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from common.settings import ConnectorSettings
from connectors.core import texts
from connectors.zalo.signature import HEADER
from fakes.fake_rasa import FakeRasa
from fakes.fake_telegram import load_payload
from fakes.fake_zalo import FakeZalo
from tests.connectors.helpers import RunningConnector, settle, undelivered_rows, wait_until

Start = Callable[..., RunningConnector]
USER = "8888888888888888888"


@pytest.fixture
def zalo(start_connector: Start, zalo_settings: ConnectorSettings) -> RunningConnector:
    return start_connector(zalo_settings)


_counter = iter(range(10**6))


def text_event(text: str, user: str = USER, msg_id: str | None = None) -> dict[str, Any]:
    event = load_payload("zalo_user_send_text.json")
    event["sender"]["id"] = user
    event["message"]["text"] = text
    event["message"]["msg_id"] = msg_id or f"msg{next(_counter):017d}"
    event["timestamp"] = str(int(time.time() * 1000))
    return event


def post_signed(connector: RunningConnector, fake: FakeZalo, event: dict[str, Any],
                **kwargs: Any) -> int:
    raw, headers = fake.signed(event, **kwargs)
    return connector.post("/zalo/webhook", content=raw, headers=headers).status_code


def test_signed_text_is_answered_with_a_cs_message(zalo: RunningConnector,
                                                   fake_zalo: FakeZalo,
                                                   fake_rasa: FakeRasa) -> None:
    fake_rasa.answer("lam cccd can giay to gi", [{"text": "Hồ sơ gồm: tờ khai CC01."}])
    assert post_signed(zalo, fake_zalo, text_event("lam cccd can giay to gi")) == 200
    sent = wait_until(lambda: fake_zalo.sent_messages(USER), what="cs message")
    assert sent == [{"text": "Hồ sơ gồm: tờ khai CC01."}]
    call = fake_zalo.cs_calls()[0]
    assert call.headers["access_token"].startswith("at-")
    assert call.body["recipient"] == {"user_id": USER}
    assert fake_rasa.calls[0].sender == f"zalo:{USER}"
    assert fake_rasa.calls[0].metadata["msg_id"]


@pytest.mark.parametrize("mutate", [
    lambda raw, headers: (raw, {k: v for k, v in headers.items() if k != HEADER}),
    lambda raw, headers: (raw, {**headers, HEADER: "mac=" + "0" * 64}),
    lambda raw, headers: (raw.replace(b"giay", b"GIAY"), headers),  # body changed after signing
    lambda raw, headers: (raw.replace(b'", "', b'","'), headers),  # re-serialised body
])
def test_missing_or_wrong_signature_is_401_and_nothing_sent(
    zalo: RunningConnector, fake_zalo: FakeZalo, fake_rasa: FakeRasa, mutate: Any
) -> None:
    raw, headers = fake_zalo.signed(text_event("lam cccd can giay to gi"))
    raw, headers = mutate(raw, headers)
    response = zalo.post("/zalo/webhook", content=raw, headers=headers)
    assert response.status_code == 401
    settle(0.3)
    assert fake_zalo.cs_calls() == []
    assert fake_rasa.calls == []


def test_signature_with_the_app_secret_instead_of_oa_key_is_rejected(
    zalo: RunningConnector, fake_zalo: FakeZalo, fake_rasa: FakeRasa
) -> None:
    assert post_signed(zalo, fake_zalo, text_event("x"), key=fake_zalo.app_secret) == 401
    settle(0.2)
    assert fake_rasa.calls == []


@pytest.mark.parametrize("age_seconds", [2 * 3600, -2 * 3600])
def test_a_signed_event_outside_the_replay_window_is_refused(
    zalo: RunningConnector, fake_zalo: FakeZalo, fake_rasa: FakeRasa, caplog: pytest.LogCaptureFixture,
    age_seconds: int,
) -> None:
    """A captured event replayed hours later (its signed timestamp cannot be changed) gets 403."""
    event = text_event("phat lai")
    event["timestamp"] = str(int((time.time() - age_seconds) * 1000))
    with caplog.at_level("WARNING"):
        assert post_signed(zalo, fake_zalo, event) == 403
    assert "replay window" in caplog.text
    settle(0.2)
    assert fake_rasa.calls == []
    fresh = text_event("phat lai")  # the same words, delivered now, are answered
    assert post_signed(zalo, fake_zalo, fresh) == 200
    wait_until(lambda: fake_zalo.sent_messages(USER), what="answer to the fresh event")


def test_reply_is_200_before_rasa_answers(zalo: RunningConnector, fake_zalo: FakeZalo,
                                          fake_rasa: FakeRasa) -> None:
    fake_rasa.delay(1.5)
    started = time.monotonic()
    assert post_signed(zalo, fake_zalo, text_event("cham")) == 200
    assert time.monotonic() - started < 1.0
    wait_until(lambda: fake_zalo.sent_messages(USER), what="late answer")


def test_same_msg_id_is_processed_once(zalo: RunningConnector, fake_zalo: FakeZalo,
                                       fake_rasa: FakeRasa) -> None:
    event = text_event("mot lan", msg_id="dup00000000000000001")
    for _ in range(3):
        assert post_signed(zalo, fake_zalo, event) == 200
    wait_until(lambda: fake_zalo.sent_messages(USER), what="answer")
    settle(0.4)
    assert len(fake_zalo.sent_messages(USER)) == 1
    assert fake_rasa.messages() == ["mot lan"]


def test_order_within_one_user(zalo: RunningConnector, fake_zalo: FakeZalo,
                               fake_rasa: FakeRasa) -> None:
    fake_rasa.delay(0.6, "mot")
    post_signed(zalo, fake_zalo, text_event("mot"))
    post_signed(zalo, fake_zalo, text_event("hai"))
    wait_until(lambda: len(fake_zalo.sent_messages(USER)) >= 2, what="both answers")
    assert fake_zalo.sent_texts(USER) == ["Bạn hỏi: mot", "Bạn hỏi: hai"]


@pytest.mark.parametrize("fixture", ["zalo_follow.json", "zalo_user_click_chatnow.json"])
def test_follow_and_chatnow_get_the_welcome(zalo: RunningConnector, fake_zalo: FakeZalo,
                                            fake_rasa: FakeRasa, fixture: str) -> None:
    assert post_signed(zalo, fake_zalo, load_payload(fixture)) == 200
    sent = wait_until(lambda: fake_zalo.sent_texts(USER), what="welcome")
    assert sent == [texts.WELCOME]
    assert fake_rasa.calls == []


@pytest.mark.parametrize("fixture", ["zalo_user_send_image.json", "zalo_user_send_sticker.json",
                                     "zalo_user_send_audio.json", "zalo_user_send_file.json",
                                     "zalo_user_send_location.json"])
def test_non_text_events_get_a_polite_text_reply(zalo: RunningConnector,
                                                 fake_zalo: FakeZalo, fake_rasa: FakeRasa,
                                                 fixture: str) -> None:
    assert post_signed(zalo, fake_zalo, load_payload(fixture)) == 200
    sent = wait_until(lambda: fake_zalo.sent_texts(USER), what="polite reply")
    assert sent == [texts.NON_TEXT]
    assert fake_rasa.calls == []


def test_oa_echo_events_are_ignored(zalo: RunningConnector, fake_zalo: FakeZalo,
                                    fake_rasa: FakeRasa) -> None:
    raw, headers = fake_zalo.signed(load_payload("zalo_oa_send_text.json"))
    response = zalo.post("/zalo/webhook", content=raw, headers=headers)
    assert response.status_code == 200
    assert response.json()["status"] == "oa_echo"
    settle(0.3)
    assert fake_zalo.cs_calls() == []
    assert fake_rasa.calls == []


def test_buttons_become_hidden_query_buttons_at_most_four(zalo: RunningConnector,
                                                          fake_zalo: FakeZalo,
                                                          fake_rasa: FakeRasa) -> None:
    buttons = [{"title": f"Lựa chọn {i}", "payload": f"/choose{{\"n\":{i}}}"} for i in range(6)]
    fake_rasa.answer("chon", [{"text": "Bạn chọn thủ tục nào?", "buttons": buttons}])
    post_signed(zalo, fake_zalo, text_event("chon"))
    sent = wait_until(lambda: len(fake_zalo.sent_messages(USER)) >= 2 and
                      fake_zalo.sent_messages(USER), what="button messages")
    first, second = sent
    assert first["text"] == "Bạn chọn thủ tục nào?"
    first_buttons = first["attachment"]["payload"]["buttons"]
    assert len(first_buttons) == 4
    assert first_buttons[0] == {"title": "Lựa chọn 0", "type": "oa.query.hide",
                                "payload": '/choose{"n":0}'}
    assert [b["title"] for b in second["attachment"]["payload"]["buttons"]] == [
        "Lựa chọn 4", "Lựa chọn 5"]
    # a press comes back as user_send_text carrying the hidden payload
    post_signed(zalo, fake_zalo, text_event('/choose{"n":4}'))
    wait_until(lambda: len(fake_rasa.calls) >= 2, what="payload to Rasa")
    assert fake_rasa.messages()[-1] == '/choose{"n":4}'


def test_long_answer_is_split_under_2000_in_order(zalo: RunningConnector,
                                                  fake_zalo: FakeZalo,
                                                  fake_rasa: FakeRasa) -> None:
    answer = "\n\n".join(f"Bước {i}: " + "nộp hồ sơ tại bộ phận một cửa " * 20 for i in range(8))
    answer = "\n\n".join(p.strip() for p in answer.split("\n\n"))
    assert len(answer) > 4000
    fake_rasa.answer("dai", [{"text": answer}])
    post_signed(zalo, fake_zalo, text_event("dai"))
    wait_until(lambda: len(fake_zalo.sent_messages(USER)) >= 3, what="parts")
    settle(0.3)
    sent = fake_zalo.sent_texts(USER)
    assert all(len(t) <= 2000 for t in sent)
    assert "\n\n".join(sent) == answer


def test_expired_token_is_refreshed_once_then_resent(zalo: RunningConnector,
                                                     fake_zalo: FakeZalo,
                                                     engine: Engine) -> None:
    fake_zalo.revoke_all_access_tokens()
    post_signed(zalo, fake_zalo, text_event("token het han"))
    wait_until(lambda: fake_zalo.sent_messages(USER), what="answer after refresh")
    errors = [c.error for c in fake_zalo.cs_calls()]
    assert errors == [-216, 0]
    assert len(fake_zalo.oauth_calls()) == 1
    oauth = fake_zalo.oauth_calls()[0]
    assert oauth.headers["secret_key"] == fake_zalo.app_secret
    assert oauth.body["grant_type"] == "refresh_token"
    # the new pair is stored durably
    from common.db import make_session_factory
    from connectors.zalo.tokens import ZaloTokenStore
    state = ZaloTokenStore(make_session_factory(engine)).load(fake_zalo.app_id)
    assert state is not None and state.version == 1
    assert fake_zalo.cs_calls()[-1].headers["access_token"] == state.access_token


def test_window_closed_is_recorded_and_not_retried(zalo: RunningConnector,
                                                   fake_zalo: FakeZalo,
                                                   engine: Engine) -> None:
    fake_zalo.force_error(-230, times=5)
    post_signed(zalo, fake_zalo, text_event("ngoai cua so"))
    rows = wait_until(lambda: undelivered_rows(engine, "zalo"), what="undelivered row")
    assert rows[0].sender_id == f"zalo:{USER}"
    assert rows[0].text == "ngoai cua so"
    assert "-230" in rows[0].reason
    settle(0.3)
    assert [c.error for c in fake_zalo.cs_calls()] == [-230]
    assert fake_zalo.oauth_calls() == []


def test_rate_limit_is_retried_with_backoff(zalo: RunningConnector, fake_zalo: FakeZalo) -> None:
    fake_zalo.force_error(-32, times=2)
    post_signed(zalo, fake_zalo, text_event("nhieu qua"))
    wait_until(lambda: fake_zalo.sent_messages(USER), what="answer after back-off")
    calls = fake_zalo.cs_calls()
    assert [c.error for c in calls] == [-32, -32, 0]
    assert calls[2].at - calls[1].at >= calls[1].at - calls[0].at > 0


def test_rasa_down_sends_apology_and_records(start_connector: Start, zalo_settings: ConnectorSettings,
                                             dead_url: str, fake_zalo: FakeZalo,
                                             engine: Engine) -> None:
    connector = start_connector(zalo_settings.with_overrides(rasa_url=dead_url))
    post_signed(connector, fake_zalo, text_event("lam cccd"))
    sent = wait_until(lambda: fake_zalo.sent_texts(USER), what="apology")
    assert sent == [texts.APOLOGY_UNAVAILABLE]
    rows = wait_until(lambda: undelivered_rows(engine, "zalo"), what="undelivered row")
    assert rows[0].reason.startswith("rasa_unavailable")


def test_concurrent_sends_with_a_dead_token_refresh_once(zalo: RunningConnector,
                                                         fake_zalo: FakeZalo) -> None:
    fake_zalo.set_refresh_delay(0.3)
    fake_zalo.revoke_all_access_tokens()
    users = [f"77777777777777777{i:02d}" for i in range(5)]
    for user in users:
        post_signed(zalo, fake_zalo, text_event("cung luc", user=user))
    wait_until(lambda: all(fake_zalo.sent_messages(u) for u in users), what="all answers")
    assert len(fake_zalo.oauth_calls()) == 1
