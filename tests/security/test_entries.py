"""Findings 3, 4 and 7 of issue 13, replayed against the web service (fake platforms and Rasa)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from common.db import make_session_factory
from common.settings import ConnectorSettings
from connectors.core import texts
from connectors.core.input_checks import clean_incoming_text
from connectors.core.undelivered import UndeliveredStore
from connectors.webchat.router import STATIC_DIR
from connectors.webchat.session import COOKIE
from connectors.zalo.signature import HEADER, signature_header
from fakes.fake_rasa import FakeRasa
from fakes.fake_telegram import load_payload
from fakes.fake_zalo import APP_ID, OA_SECRET_KEY, FakeZalo
from tests.connectors.helpers import RunningConnector, undelivered_rows, wait_until

Start = Callable[..., RunningConnector]
VICTIM = "victimsession0123456789abcdef"


@pytest.fixture
def web(start_connector: Start, zalo_settings: ConnectorSettings) -> RunningConnector:
    return start_connector(zalo_settings)


@pytest.fixture
def tab(web: RunningConnector) -> Iterator[httpx.Client]:
    with web.browser() as client:
        assert client.get("/").status_code == 200
        yield client


# ---- finding 3: the web-chat identity is the server's -------------------------------------------

def test_finding_3_session_cookie_is_server_issued_signed_and_httponly(web: RunningConnector) -> None:
    page = web.get("/")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    script = (STATIC_DIR / "chat.js").read_text(encoding="utf-8")
    assert "sender" not in script and "localStorage" not in script and "?" not in script.split("/webchat/inbox")[1][:5]


def test_finding_3_a_sender_in_the_body_is_ignored(tab: httpx.Client, fake_rasa: FakeRasa) -> None:
    assert tab.post("/webchat/message", json={"sender": VICTIM, "message": "tra cuu phan anh"}).status_code == 200
    assert fake_rasa.calls[0].sender != f"webchat:{VICTIM}"
    assert fake_rasa.calls[0].sender == f"webchat:{tab.cookies[COOKIE].split('.')[0]}"


def test_finding_3_inbox_needs_the_session_not_an_id_in_the_url(web: RunningConnector, tab: httpx.Client) -> None:
    mine = tab.cookies[COOKIE].split(".")[0]
    assert web.staff_reply("webchat", f"webchat:{mine}", "Trả lời của cán bộ cho bạn.")["ok"]
    stranger = web.get("/webchat/inbox", sender=mine)  # finding 3: the id from an access log
    assert stranger.status_code == 401 and stranger.json() == {"error": texts.SESSION_REQUIRED}
    forged = httpx.get(f"{web.url}/webchat/inbox", cookies={COOKIE: f"{mine}.{int(time.time())}.forged"})
    assert forged.status_code == 401
    assert [i["text"] for i in tab.get("/webchat/inbox").json()] == ["Trả lời của cán bộ cho bạn."]


def test_finding_3_ending_the_session_forgets_it(tab: httpx.Client) -> None:
    assert tab.post("/webchat/session/end").status_code == 200
    assert COOKIE not in tab.cookies
    assert tab.get("/webchat/inbox").status_code == 401


def test_cross_site_posts_are_refused(tab: httpx.Client, fake_rasa: FakeRasa) -> None:
    response = tab.post("/webchat/message", json={"message": "hi"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and fake_rasa.calls == []


# ---- finding 4: odd input never breaks an entry ---------------------------------------------------

def test_finding_4_fifty_thousand_brackets_are_4xx(web: RunningConnector, tab: httpx.Client) -> None:
    web_chat = tab.post("/webchat/message", content=b"[" * 50_000)
    assert web_chat.status_code == 400 and web_chat.json() == {"error": texts.BAD_REQUEST}
    assert web.post("/zalo/webhook", content=b"[" * 50_000).status_code == 401  # signature first
    raw = b"[" * 50_000
    signed = {HEADER: signature_header(APP_ID, raw, "", OA_SECRET_KEY)}
    assert web.post("/zalo/webhook", content=raw, headers=signed).status_code == 400
    assert web.post("/telegram/webhook", content=raw).status_code in (403, 404)


def test_finding_4_a_lone_surrogate_is_a_clear_400_on_the_web(tab: httpx.Client, fake_rasa: FakeRasa) -> None:
    response = tab.post("/webchat/message", content=b'{"message": "l\\u00e0m cccd \\ud800"}')
    assert response.status_code == 400 and response.json() == {"error": texts.INVALID_UNICODE}
    assert fake_rasa.calls == []


def test_finding_4_a_signed_zalo_message_with_a_lone_surrogate_is_answered(
        web: RunningConnector, fake_zalo: FakeZalo, fake_rasa: FakeRasa, engine: Engine) -> None:
    fake_rasa.fail_with(500)  # and when it cannot be answered, the undelivered log can store it
    event = load_payload("zalo_user_send_text.json")
    event["sender"]["id"], event["message"]["msg_id"] = "77", "msg-surrogate"
    event["message"]["text"] = "lệ phí \ud800 hộ chiếu"
    event["timestamp"] = str(int(time.time() * 1000))
    raw = json.dumps(event).encode("ascii")  # ASCII JSON: the surrogate travels as \ud800
    headers = {HEADER: signature_header(APP_ID, raw, event["timestamp"], OA_SECRET_KEY)}
    assert web.post("/zalo/webhook", content=raw, headers=headers).status_code == 200
    rows = wait_until(lambda: undelivered_rows(engine, "zalo"), what="undelivered row")
    assert rows[0].text == "lệ phí \ufffd hộ chiếu"
    assert wait_until(lambda: fake_zalo.sent_texts("77")) == [texts.APOLOGY_UNAVAILABLE]


def test_finding_4_undelivered_log_stores_any_text(engine: Engine) -> None:
    store = UndeliveredStore(make_session_factory(engine))
    store.record("webchat", "webchat:x\ud800", "a\ud800b\x00c", "reason \udfff", reply_text="\ud83d")
    row = undelivered_rows(engine)[0]
    assert (row.text, row.sender_id, row.reply_text) == ("a\ufffdb\ufffdc", "webchat:x\ufffd", "\ufffd")


def test_finding_4_chunked_bodies_are_limited_while_read(web: RunningConnector, tab: httpx.Client) -> None:
    sent = {"bytes": 0}

    def chunks() -> Iterator[bytes]:
        for _ in range(2000):  # 2000 × 1 KiB, no Content-Length
            sent["bytes"] += 1024
            yield b" " * 1024

    response = tab.post("/webchat/message", content=chunks())
    assert response.status_code == 413 and response.json() == {"error": texts.BODY_TOO_LARGE}
    big = web.post("/zalo/webhook", content=b"x" * (512 * 1024))
    assert big.status_code == 413


@pytest.mark.parametrize("body", [b"{not json", b'{"message": "\xff\xfe"}', b"", b'"just a string"', b"[1, 2]"])
def test_finding_4_malformed_bodies_are_vietnamese_400s(tab: httpx.Client, body: bytes) -> None:
    response = tab.post("/webchat/message", content=body)
    assert response.status_code == 400
    assert response.json()["error"] in {texts.BAD_REQUEST, texts.INVALID_UNICODE}


# ---- finding 7 (part): control characters are stripped on input ----------------------------------

@pytest.mark.parametrize(("raw", "clean"), [
    ("abc\x1b[2J\x1b]0;pwned\x07", "abc[2J]0;pwned"),
    ("số \u202eđiện thoại", "số điện thoại"),
    ("dòng 1\ndòng 2\tcột", "dòng 1\ndòng 2\tcột"),
])
def test_finding_7_control_characters_are_stripped(raw: str, clean: str) -> None:
    assert clean_incoming_text(raw) == clean


def test_findings_4_answers_never_echo_internal_details(tab: httpx.Client) -> None:
    data: Any = tab.post("/webchat/message", content=b"{").json()
    assert set(data) == {"error"} and "Traceback" not in data["error"]


# ---- finding 6 (part): images carry no secrets and run as a non-root user --------------------------

def test_finding_6_docker_build_context_excludes_secrets_and_images_are_not_root() -> None:
    root = STATIC_DIR.parents[2]
    ignored = (root / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert {".env", "var/", ".venv/", ".git/"} <= set(ignored)
    for dockerfile in (root / "docker").glob("*.Dockerfile"):
        lines = [line.strip() for line in dockerfile.read_text(encoding="utf-8").splitlines() if line.strip()]
        users = [line for line in lines if line.startswith("USER ")]
        assert users and users[-1] != "USER root", dockerfile.name


# ---- finding 7 (part): the flood limit does not reset with a new identity -------------------------

def test_finding_7_rotating_sessions_does_not_escape_the_flood_limit(start_connector: Start,
                                                                     base_settings: ConnectorSettings,
                                                                     fake_rasa: FakeRasa) -> None:
    web = start_connector(base_settings.with_overrides(max_messages_per_minute=2))
    statuses = []
    for i in range(25):  # a new browser (new session) every time
        with web.browser() as client:
            statuses.append(client.post("/webchat/message", json={"message": f"cau hoi {i}"}).status_code)
    assert statuses[:20] == [200] * 20 and set(statuses[20:]) == {429}
    assert len(fake_rasa.calls) == 20


def test_finding_7_staff_cli_shows_control_characters_instead_of_obeying_them() -> None:
    import io

    from pakn.cli import _Escaped

    buffer = io.StringIO()
    _Escaped(buffer).write("Nội dung\x1b[2J\x1b]0;giả mạo\x07 hết\n")
    assert buffer.getvalue() == "Nội dung\\u001b[2J\\u001b]0;giả mạo\\u0007 hết\n"
