"""Finding 5 of issue 13: kill -9 of the web process mid-turn loses no message.

The real web process (`python -m connectors`) runs over a fake Rasa that is slow on purpose; while a
web-chat message and a Zalo message are with Rasa, the process gets SIGKILL. After a restart each is in
the undelivered log for staff (interrupted), the web-chat citizen finds a note in their inbox, and
Zalo's redelivery of its event is answered, once, however often it comes.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from common.settings import process_environment
from connectors.core import texts
from connectors.core.dedup import INTERRUPTED_REASON
from connectors.webchat.session import COOKIE
from connectors.zalo.signature import HEADER, signature_header
from fakes.fake_rasa import FakeRasa
from fakes.fake_telegram import load_payload
from fakes.fake_zalo import APP_ID, APP_SECRET, OA_SECRET_KEY, FakeZalo
from fakes.ports import free_port
from tests.connectors.helpers import undelivered_rows, wait_until

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def start_web(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = open(log, "ab")  # noqa: SIM115 - the child writes to it
    proc = subprocess.Popen([sys.executable, "-m", "connectors"], cwd=ROOT, env=env, stdout=handle,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{env['WEB_PORT']}/healthz"

    def healthy() -> bool:
        assert proc.poll() is None, log.read_text(errors="replace")[-2000:]
        try:
            return httpx.get(url, timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(healthy, timeout=30, interval=0.1, what="web process up")
    return proc


def zalo_event(user: str, text: str) -> tuple[bytes, dict[str, str]]:
    event = load_payload("zalo_user_send_text.json")
    event["sender"]["id"], event["message"]["msg_id"], event["message"]["text"] = user, f"kill9-{user}", text
    event["timestamp"] = str(int(time.time() * 1000))
    raw = json.dumps(event).encode("ascii")
    return raw, {"Content-Type": "application/json",
                 HEADER: signature_header(APP_ID, raw, event["timestamp"], OA_SECRET_KEY)}


def test_kill_9_mid_turn_loses_no_message(tmp_path: Path, database_url: str, engine: Engine,
                                          fake_rasa: FakeRasa, fake_zalo: FakeZalo) -> None:
    access, refresh = fake_zalo.issue_tokens()
    port = free_port()
    env = process_environment(
        DATABASE_URL=database_url, RASA_URL=fake_rasa.url, RASA_TIMEOUT="60", WEB_HOST="127.0.0.1",
        WEB_PORT=str(port), CONNECTORS_AUTO_MIGRATE="false", CONNECTORS_TURN_LEASE_SECONDS="1",
        WEBCHAT_SESSION_SECRET="kill9-session-secret-0123456789abcdef", LOG_LEVEL="INFO",
        ZALO_APP_ID=APP_ID, ZALO_APP_SECRET=APP_SECRET, ZALO_OA_SECRET_KEY=OA_SECRET_KEY,
        ZALO_ACCESS_TOKEN=access, ZALO_REFRESH_TOKEN=refresh, ZALO_API_BASE_URL=fake_zalo.url,
        ZALO_OAUTH_BASE_URL=fake_zalo.url, ZALO_RETRY_BASE_DELAY="0.05", TELEGRAM_BOT_TOKEN="",
        STAFF_API_TOKEN="", RASA_AUTH_TOKEN="",
    )
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "web.log"
    fake_rasa.delay(60)  # every turn is still with Rasa when the process dies
    web = start_web(env, log)
    browser = httpx.Client(base_url=base, timeout=90)
    try:
        browser.get("/")
        session = browser.cookies[COOKIE].split(".")[0]
        threading.Thread(target=lambda: _post_quietly(browser, "lệ phí làm hộ chiếu"), daemon=True).start()
        raw, headers = zalo_event("4040", "đăng ký khai sinh ở đâu")
        assert httpx.post(f"{base}/zalo/webhook", content=raw, headers=headers).status_code == 200
        wait_until(lambda: len(fake_rasa.calls) == 2, timeout=15, what="both turns with Rasa")

        os.kill(web.pid, signal.SIGKILL)  # mid-turn
        web.wait(10)
        assert undelivered_rows(engine) == []  # nothing was finished or recorded before the crash
        fake_rasa.delay(0)

        web = start_web(env, log)
        rows = wait_until(lambda: len(undelivered_rows(engine)) == 2 and undelivered_rows(engine), timeout=20,
                          what="interrupted turns recorded")
        assert {(r.sender_id, r.text, r.reason) for r in rows} == {
            (f"webchat:{session}", "lệ phí làm hộ chiếu", INTERRUPTED_REASON),
            ("zalo:4040", "đăng ký khai sinh ở đâu", INTERRUPTED_REASON),
        }
        assert [i["text"] for i in browser.get("/webchat/inbox").json()] == [texts.INTERRUPTED_TURN]

        # Zalo redelivers the event it never got a reply for: answered now, and only once.
        for _ in range(3):
            assert httpx.post(f"{base}/zalo/webhook", content=raw, headers=headers).status_code == 200
        wait_until(lambda: fake_zalo.sent_texts("4040"), timeout=15, what="redelivery answered")
        time.sleep(1.0)
        assert fake_zalo.sent_texts("4040") == ["Bạn hỏi: đăng ký khai sinh ở đâu"]
    finally:
        browser.close()
        if web.poll() is None:
            web.send_signal(signal.SIGTERM)
            try:
                web.wait(20)
            except subprocess.TimeoutExpired:
                web.kill()


def _post_quietly(client: httpx.Client, text: str) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the connection dies with the process: the case under test
        client.post("/webchat/message", json={"message": text})
