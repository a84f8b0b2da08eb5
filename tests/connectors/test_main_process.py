"""`python -m connectors`: web service plus Telegram polling in one process; Ctrl-C stops it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from fakes.fake_rasa import FakeRasa
from fakes.fake_telegram import FakeTelegram
from fakes.ports import free_port
from tests.connectors.helpers import wait_until

REPO = Path(__file__).resolve().parents[2]


def test_runs_polling_and_stops_cleanly_on_ctrl_c(database_url: str, fake_telegram: FakeTelegram,
                                                  fake_rasa: FakeRasa, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": database_url,
           "CONNECTORS_AUTO_MIGRATE": "0", "RASA_URL": fake_rasa.url,
           "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port),
           "TELEGRAM_BOT_TOKEN": fake_telegram.token,
           "TELEGRAM_API_BASE_URL": fake_telegram.url, "TELEGRAM_POLL_TIMEOUT": "1"}
    log_path = tmp_path / "connector.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "connectors"], cwd=REPO, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        def healthy() -> bool:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1,
                                   trust_env=False).json()
            except (httpx.HTTPError, ValueError):
                return False
            return bool((health.get("telegram") or {}).get("ready"))

        wait_until(healthy, 30, interval=0.1, what="connector ready")
        fake_telegram.push_text(31, "xin chao")
        wait_until(lambda: fake_telegram.sent_texts(31), what="reply via polling")
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5, trust_env=False)
        assert "Trợ lý thủ tục hành chính" in page.text
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(30)
    output = log_path.read_text(encoding="utf-8", errors="replace")
    assert code == 0, output
    assert "connectors stopped" in output
    assert fake_telegram.token.split(":", 1)[1] not in output
    assert "Traceback" not in output
