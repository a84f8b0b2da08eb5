"""The web chat page and its JSON endpoints, over real HTTP with a fake Rasa."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import Engine

from common.settings import ConnectorSettings
from connectors.core import texts
from connectors.webchat.router import STATIC_DIR
from fakes.fake_rasa import FakeRasa
from tests.connectors.helpers import RunningConnector, undelivered_rows

Start = Callable[..., RunningConnector]
_BROWSERS: dict[int, httpx.Client] = {}


@pytest.fixture
def web(start_connector: Start, base_settings: ConnectorSettings) -> Iterator[RunningConnector]:
    yield start_connector(base_settings)
    for client in _BROWSERS.values():
        client.close()
    _BROWSERS.clear()


def browser(web: RunningConnector) -> httpx.Client:
    """The test's one browser tab on `web` (page loaded, so it holds a session cookie)."""
    if id(web) not in _BROWSERS:
        client = web.browser()
        assert client.get("/").status_code == 200
        _BROWSERS[id(web)] = client
    return _BROWSERS[id(web)]


def session_id(web: RunningConnector) -> str:
    return browser(web).cookies["tthc_session"].split(".")[0]


def ask(web: RunningConnector, message: object) -> list[dict]:
    response = browser(web).post("/webchat/message", json={"message": message})
    assert response.status_code == 200, response.text
    data: list[dict] = response.json()
    return data


def test_page_is_vietnamese_mobile_friendly_and_locked_down(web: RunningConnector) -> None:
    response = web.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="vi">' in html
    assert 'name="viewport"' in html
    assert "Trợ lý thủ tục hành chính" in html
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert web.get("/webchat/static/chat.js").status_code == 200
    assert web.get("/webchat/static/chat.css").status_code == 200


def test_page_script_never_renders_bot_text_as_html() -> None:
    script = (STATIC_DIR / "chat.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script
    assert "textContent" in script and "localStorage" not in script and "sender" not in script
    assert re.search(r"protocol === \"http:\" \|\| url\.protocol === \"https:\"", script)


def test_message_goes_to_rasa_and_buttons_come_back(web: RunningConnector,
                                                    fake_rasa: FakeRasa) -> None:
    fake_rasa.answer("le phi ho chieu", [
        {"text": "Lệ phí: 200.000 đồng."},
        {"text": "Bạn cần gì thêm?", "buttons": [{"title": "Giấy tờ", "payload": "/ask_documents"}]},
    ])
    replies = ask(web, "le phi ho chieu")
    assert replies == [{"text": "Lệ phí: 200.000 đồng.\n\nBạn cần gì thêm?",
                        "buttons": [{"title": "Giấy tờ", "payload": "/ask_documents"}]}]
    assert fake_rasa.calls[0].sender == f"webchat:{session_id(web)}"
    assert ask(web, "/ask_documents")
    assert fake_rasa.messages()[-1] == "/ask_documents"


@pytest.mark.parametrize(("message", "expected"), [
    ("", texts.EMPTY),
    ("   \n\t ", texts.EMPTY),
    (None, texts.EMPTY),
    (12345, texts.EMPTY),
    ("a" * 2001, texts.TOO_LONG),
    ("😀😀👍", texts.NO_WORDS),
    ("<script>alert(1)</script>", texts.HTML_INPUT),
    ("<b>lệ phí</b>", texts.HTML_INPUT),
])
def test_odd_input_gets_a_polite_answer_without_rasa(web: RunningConnector,
                                                     fake_rasa: FakeRasa, message: object,
                                                     expected: str) -> None:
    assert ask(web, message) == [{"text": expected}]
    assert fake_rasa.calls == []


def test_huge_body_is_a_413_with_a_vietnamese_message(web: RunningConnector, fake_rasa: FakeRasa) -> None:
    response = browser(web).post("/webchat/message", json={"message": "x" * 200_000})
    assert response.status_code == 413
    assert response.json() == {"error": texts.BODY_TOO_LARGE}
    assert fake_rasa.calls == []


def test_text_with_a_less_than_sign_is_not_html(web: RunningConnector,
                                                fake_rasa: FakeRasa) -> None:
    assert ask(web, "phí < 100 nghìn?") == [{"text": "Bạn hỏi: phí < 100 nghìn?"}]


def test_bad_requests_are_400_not_500(web: RunningConnector) -> None:
    assert web.post("/webchat/message", content=b"{not json").json() == {"error": texts.BAD_REQUEST}
    assert web.post("/webchat/message", json=["a"]).status_code == 400
    assert web.post("/webchat/message", content=b"[" * 50_000).status_code == 400
    invalid = web.post("/webchat/message", content=b'{"message": "a\\ud800"}')  # a lone surrogate
    assert invalid.status_code == 400 and invalid.json() == {"error": texts.INVALID_UNICODE}
    assert web.post("/webchat/message", content=b'{"message": "\xff"}').status_code == 400
    assert web.get("/webchat/inbox").status_code == 401  # no session cookie


def test_rasa_down_is_200_with_apology_and_recorded(start_connector: Start,
                                                    base_settings: ConnectorSettings, dead_url: str,
                                                    engine: Engine) -> None:
    web = start_connector(base_settings.with_overrides(rasa_url=dead_url))
    assert ask(web, "lam cccd") == [{"text": texts.APOLOGY_UNAVAILABLE}]
    rows = undelivered_rows(engine, "webchat")
    assert [(r.sender_id, r.text) for r in rows] == [(f"webchat:{session_id(web)}", "lam cccd")]
    assert rows[0].reason == "rasa_unavailable: RasaUnavailable"


def test_rasa_error_status_is_apology(web: RunningConnector, fake_rasa: FakeRasa,
                                      engine: Engine) -> None:
    fake_rasa.fail_with(500)
    assert ask(web, "lam cccd") == [{"text": texts.APOLOGY_UNAVAILABLE}]
    assert undelivered_rows(engine)[0].reason == "rasa_unavailable: RasaBadResponse"


def test_rasa_silence_is_answered_and_recorded(web: RunningConnector, fake_rasa: FakeRasa,
                                               engine: Engine) -> None:
    fake_rasa.answer("im lang", [])
    assert ask(web, "im lang") == [{"text": texts.NO_REPLY}]
    assert undelivered_rows(engine)[0].reason == "rasa_no_reply"


def test_staff_answer_waits_in_the_inbox_for_the_next_visit(web: RunningConnector) -> None:
    result = web.staff_reply("webchat", f"webchat:{session_id(web)}", "Cán bộ: hồ sơ của bạn đã đủ.")
    assert result == {"ok": True, "sent": 1, "reason": ""}
    assert web.get("/webchat/inbox").status_code == 401  # another browser (no cookie) reads nothing
    inbox = browser(web).get("/webchat/inbox").json()
    assert [i["text"] for i in inbox] == ["Cán bộ: hồ sơ của bạn đã đủ."]
    assert browser(web).get("/webchat/inbox").json() == []


def test_flood_of_messages_is_limited_and_recorded(start_connector: Start,
                                                   base_settings: ConnectorSettings,
                                                   fake_rasa: FakeRasa, engine: Engine) -> None:
    web = start_connector(base_settings.with_overrides(max_messages_per_minute=3))
    answers = [ask(web, f"cau hoi {i}") for i in range(5)]
    assert [a[0]["text"] for a in answers[:3]] == [f"Bạn hỏi: cau hoi {i}" for i in range(3)]
    assert answers[3] == answers[4] == [{"text": texts.RATE_LIMITED}]
    assert len(fake_rasa.calls) == 3
    assert {r.text for r in undelivered_rows(engine)} == {"cau hoi 3", "cau hoi 4"}


def test_healthz(web: RunningConnector) -> None:
    assert web.health()["status"] == "ok"
    assert web.health()["channels"] == ["webchat"]
