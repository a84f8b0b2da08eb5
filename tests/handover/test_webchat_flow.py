"""The connectors' side on the web chat with the fake Rasa: queue notice, silence while a person owns
the conversation, back to the bot after closing, ratings once per answer, 👎 to the inbox."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from common.db import make_session_factory
from common.handover_settings import HandoverSettings
from common.settings import ConnectorSettings
from common.vntime import VN_TZ
from connectors.web.app import create_app
from fakes.fake_rasa import FakeRasa
from fakes.server import ServerThread
from handover import texts
from handover.ratings import RatingStore
from handover.store import HandoverStore
from tests.connectors.conftest import _rasa_server, base_settings, fake_rasa  # noqa: F401
from tests.connectors.helpers import RunningConnector

HISTORY = [{"who": "citizen", "text": "lệ phí hộ chiếu"}, {"who": "bot", "text": "Lệ phí: 200.000 đồng"},
           {"who": "citizen", "text": "gặp cán bộ"}]


def card(answer_id: str) -> dict[str, Any]:
    def payload(value: str) -> str:
        body = {"answer": answer_id, "value": value, "procedure": "ho_chieu", "aspect": "fee"}
        return "/rate_answer" + json.dumps(body, ensure_ascii=False)
    return {"text": f"Lệ phí cấp hộ chiếu: 200.000 đồng ({answer_id})",
            "buttons": [{"title": "👍 Hữu ích", "payload": payload("up")},
                        {"title": "👎 Chưa đúng", "payload": payload("down")}]}


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ).astimezone(dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def web(base_settings: ConnectorSettings, fake_rasa: FakeRasa) -> Iterator[tuple[httpx.Client, Clock]]:  # noqa: F811
    fake_rasa.answer("gặp cán bộ", [{"custom": {"handover": {"history": HISTORY}}}])
    fake_rasa.answer("lệ phí hộ chiếu", [card("a1")])
    fake_rasa.answer("khai sinh", [card("a2")])
    clock = Clock()
    app = create_app(base_settings, clock=clock, handover_settings=HandoverSettings(handover_sweep_seconds=0.2))
    connector = RunningConnector(ServerThread(app).start(), app)
    with connector.browser() as client:
        assert client.get("/").status_code == 200
        yield client, clock
    connector.stop()


def ask(client: httpx.Client, message: str) -> list[dict[str, Any]]:
    response = client.post("/webchat/message", json={"message": message})
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()
    return data


def sender(client: httpx.Client) -> str:
    return "webchat:" + client.cookies["tthc_session"].split(".")[0]


def test_bot_is_silent_while_a_person_owns_the_conversation(
        web: tuple[httpx.Client, Clock], fake_rasa: FakeRasa, engine: Engine) -> None:  # noqa: F811
    client, _clock = web
    store = HandoverStore(make_session_factory(engine))
    [notice] = ask(client, "gặp cán bộ")
    assert notice["text"] == texts.QUEUED.format(position=1, minutes=3)
    case = store.active(sender(client))
    assert case is not None and case.question == "lệ phí hộ chiếu" and case.history == HISTORY
    assert ask(client, "còn ai không ạ") == []  # waiting: the person will read it, the bot says nothing
    assert store.claim(case.id, "canbo1")
    assert ask(client, "em cần làm gấp") == []
    assert "còn ai không ạ" not in fake_rasa.messages() and "em cần làm gấp" not in fake_rasa.messages()
    said = [e.text for e in store.events(case.id) if e.kind == "message"]
    assert said == ["còn ai không ạ", "em cần làm gấp"]
    assert store.close(case.id, "canbo1")
    assert ask(client, "lệ phí hộ chiếu")[0]["text"].startswith("Lệ phí cấp hộ chiếu")


def test_waiting_too_long_is_told_on_the_next_message(web: tuple[httpx.Client, Clock], engine: Engine) -> None:
    client, clock = web
    store = HandoverStore(make_session_factory(engine), clock)
    ask(client, "gặp cán bộ")
    case = store.active(sender(client))
    assert case is not None
    clock.now += dt.timedelta(minutes=6)
    replies = ask(client, "alo")  # whichever comes first, this message or the sweeper: told once
    timed_out = store.get(case.id)
    assert timed_out is not None and timed_out.status == "timed_out"
    assert len(replies) <= 1 and all("đang bận" in r["text"] for r in replies)
    assert any(b["payload"] == texts.PAKN_PAYLOAD for r in replies for b in r.get("buttons", []))


def test_thumbs_up_twice_stored_once_thumbs_down_lands_in_the_inbox(
        web: tuple[httpx.Client, Clock], engine: Engine, fake_rasa: FakeRasa) -> None:  # noqa: F811
    client, _clock = web
    factory = make_session_factory(engine)
    [first] = ask(client, "lệ phí hộ chiếu")
    [second] = ask(client, "lệ phí hộ chiếu")  # the same card delivered twice
    assert first["buttons"] == second["buttons"]
    up = first["buttons"][0]["payload"]
    assert ask(client, up)[0]["text"] == texts.RATED_UP
    assert ask(client, up)[0]["text"] == texts.ALREADY_RATED
    assert ask(client, first["buttons"][1]["payload"])[0]["text"] == texts.ALREADY_RATED
    ratings = RatingStore(factory)
    assert (ratings.overall().up, ratings.overall().down) == (1, 0)
    assert not any(m.startswith("/rate_answer") for m in fake_rasa.messages())

    [other] = ask(client, "khai sinh")
    [why] = ask(client, other["buttons"][1]["payload"])
    assert why["text"] == texts.RATED_DOWN
    assert [b["title"] for b in why["buttons"]] == ["Sai thủ tục", "Thông tin đã cũ", "Khó hiểu", "Lý do khác"]
    assert ask(client, why["buttons"][2]["payload"])[0]["text"] == texts.REASON_THANKS
    [case] = HandoverStore(factory).listing(["unhelpful"], unanswered_only=True)
    assert case.question == "khai sinh" and case.answer_id == "a2" and case.sender_id == sender(client)
    assert case.history[1]["text"].startswith("Lệ phí cấp hộ chiếu")
    assert [r.reason for r in ratings.of_senders([sender(client)])[sender(client)] if r.value == "down"] == ["unclear"]
