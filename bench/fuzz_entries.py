"""Property-based fuzzing of every public entry (issue 13): web chat, Telegram and Zalo webhooks, Rasa REST.

    .venv/bin/python -m bench.fuzz_entries                    # 10,000 inputs on fakes (make fuzz)
    .venv/bin/python -m bench.fuzz_entries --examples 2000 --with-rasa   # plus the real Rasa REST entry

Hypothesis generates bodies: well-formed messages with hostile text (lone surrogates, control and bidi
characters, HTML, 200 KB strings, NUL), malformed JSON (50,000 `[`, bad UTF-8, truncated), other JSON
shapes, wrong or missing signatures. The properties, checked after the run:
  * no response is >= 500;
  * every accepted message is answered (a reply reached the fake platform / the HTTP answer) or is in
    the undelivered log for staff;
  * the service is healthy afterwards (/healthz 200, nothing queued).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from common.db import make_engine, make_session_factory, session_scope
from common.migrate import upgrade
from common.settings import ConnectorSettings
from connectors.models import UndeliveredMessage
from connectors.web.app import create_app
from connectors.zalo.signature import HEADER as ZALO_HEADER
from connectors.zalo.signature import signature_header
from fakes.fake_rasa import FakeRasa
from fakes.fake_telegram import FakeTelegram, load_payload
from fakes.fake_zalo import APP_ID, APP_SECRET, OA_SECRET_KEY, FakeZalo
from fakes.server import ServerThread

WEBHOOK_SECRET = "fuzz-webhook-secret_0123456789abcdef"
TG_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# Hostile text: any code point including lone surrogates (excluded by default), plus chosen nasties.
NASTY = ["\ud800", "\udfff", "\x00", "\x1b[31m", "\u202e", "<script>alert(1)</script>", "'; DROP TABLE x;--",
         "\ufeff", "𝕋𝕙𝕦̉ 𝕥𝕦̣𝕔", "lam cccd can giay to gi", "/ask_fee{\"procedure\":\"ho_chieu\"}", "/restart",
         "%s%n%x", "{{7*7}}", "\r\n\r\n", "0" * 3000]
texts = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=()), max_size=300),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=6).map("".join),
    st.text(max_size=40).map(lambda t: t * 60),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
garbage = st.one_of(
    st.binary(max_size=3000),
    st.just(b"[" * 50_000),
    st.just(b"{" * 50_000),
    st.integers(1, 60).map(lambda n: b'{"message": "' + b"\xff\xfe" * n + b'"}'),
    st.just(b'{"message": "\\ud800"}'),
    st.just(b'{"message": '),
    st.just(b""),
)


def dumps(value: Any) -> bytes:
    """JSON as a browser or platform would send it (lone surrogates escaped)."""
    return json.dumps(value, ensure_ascii=True).encode("ascii")


@dataclass
class Figures:
    """What the run did."""

    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    unanswered_web: int = 0
    accepted: dict[str, set[str]] = field(default_factory=lambda: {"telegram": set(), "zalo": set()})
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    def note(self, entry: str, status: int, sample: bytes) -> None:
        self.requests[entry] += 1
        self.statuses[f"{entry} {status}"] += 1
        if status >= 500:
            self.server_errors.append(f"{entry} {status}: {sample[:120]!r}")


class Harness:
    """Fake Rasa/Telegram/Zalo, a migrated SQLite file, and the web service (webhook mode) over them."""

    def __init__(self, tmp: Path, rasa_url: str | None = None, rasa_token: str = "") -> None:
        self._exit = ExitStack()
        self.rasa = FakeRasa()
        self.telegram = FakeTelegram()
        self.zalo = FakeZalo()
        for fake in (self.rasa, self.telegram, self.zalo):
            server = self._exit.enter_context(ServerThread(fake.app))
            fake.url = server.url
        self.database_url = f"sqlite:///{tmp / 'fuzz.db'}"
        self.engine = make_engine(self.database_url)
        upgrade(self.engine)
        access, refresh = self.zalo.issue_tokens()
        self.settings = ConnectorSettings(
            rasa_url=self.rasa.url, rasa_timeout=10.0, database_url=self.database_url, auto_migrate=False,
            max_messages_per_minute=100_000, max_concurrent_turns=16,
            telegram_bot_token=self.telegram.token, telegram_api_base_url=self.telegram.url,
            telegram_webhook_url="https://tthc.example.gov.vn/telegram/webhook",
            telegram_webhook_secret=WEBHOOK_SECRET, telegram_max_messages_per_second=100_000.0,
            zalo_app_id=APP_ID, zalo_app_secret=APP_SECRET, zalo_oa_secret_key=OA_SECRET_KEY,
            zalo_access_token=access, zalo_refresh_token=refresh, zalo_api_base_url=self.zalo.url,
            zalo_oauth_base_url=self.zalo.url, zalo_retry_base_delay=0.01,
        )
        self.web = self._exit.enter_context(ServerThread(create_app(self.settings)))
        self.client = self._exit.enter_context(httpx.Client(base_url=self.web.url, timeout=60, trust_env=False))
        self.client.get("/")  # a browser session cookie
        self.rasa_url, self.rasa_token = rasa_url, rasa_token
        self._ids = iter(range(1, 10**9))
        self._wait_telegram_ready()

    def _wait_telegram_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (self.client.get("/healthz").json().get("telegram") or {}).get("ready"):
                return
            time.sleep(0.05)
        raise RuntimeError("telegram webhook mode did not become ready")

    def close(self) -> None:
        self._exit.close()
        self.engine.dispose()

    # ---- one input per entry ------------------------------------------------------------
    def webchat(self, figures: Figures, body: bytes) -> None:
        response = self.client.post("/webchat/message", content=body, headers={"Content-Type": "application/json"})
        figures.note("webchat", response.status_code, body)
        if response.status_code == 200:
            replies = response.json()
            if not (isinstance(replies, list) and replies and all(r.get("text") for r in replies)):
                figures.unanswered_web += 1

    def telegram_update(self, figures: Figures, text: str | None, body: bytes | None, secret: bool) -> None:
        chat = 10_000_000 + next(self._ids)
        if body is None:
            update = self.telegram.text_update(chat, text or "")
            body = dumps(update)
        headers = {"Content-Type": "application/json", **({TG_HEADER: WEBHOOK_SECRET} if secret else {})}
        response = self.client.post("/telegram/webhook", content=body, headers=headers)
        figures.note("telegram", response.status_code, body)
        if response.status_code == 200 and text is not None and secret:
            figures.accepted["telegram"].add(str(chat))

    def zalo_event(self, figures: Figures, text: str | None, body: bytes | None, signed: bool) -> None:
        user = f"{9_000_000_000_000 + next(self._ids)}"
        headers = {"Content-Type": "application/json"}
        if body is None:
            event = load_payload("zalo_user_send_text.json")
            event["sender"]["id"] = user
            event["message"]["text"] = text or ""
            event["message"]["msg_id"] = f"fuzz{user}"
            event["timestamp"] = str(int(time.time() * 1000))
            body = dumps(event)  # ASCII JSON: lone surrogates escaped, as a JSON encoder must
            if signed:
                headers[ZALO_HEADER] = signature_header(APP_ID, body, event["timestamp"], OA_SECRET_KEY)
        elif signed:  # garbage signed with a timestamp that is not in it: must still be refused or 4xx
            headers[ZALO_HEADER] = signature_header(APP_ID, body, "", OA_SECRET_KEY)
        response = self.client.post("/zalo/webhook", content=body, headers=headers)
        figures.note("zalo", response.status_code, body)
        if response.status_code == 200 and text is not None and signed:
            figures.accepted["zalo"].add(user)

    def rest(self, figures: Figures, text: str) -> None:
        if not self.rasa_url:
            return
        body = dumps({"sender": f"fuzz-{next(self._ids)}", "message": text})
        response = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook", content=body, timeout=60,
                              headers={"Authorization": f"Bearer {self.rasa_token}",
                                       "Content-Type": "application/json"})
        figures.note("rasa_rest", response.status_code, body)

    # ---- after the run ------------------------------------------------------------------
    def settle(self, timeout: float = 120.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        health: dict[str, Any] = {}
        while time.monotonic() < deadline:
            response = self.client.get("/healthz")
            health = response.json() if response.status_code == 200 else {}
            if health.get("queued_turns") == 0:
                break
            time.sleep(0.2)
        return health

    def unanswered(self, figures: Figures) -> dict[str, list[str]]:
        """Accepted platform messages with neither a reply nor an undelivered row."""
        with session_scope(make_session_factory(self.engine)) as session:
            recorded = set(session.scalars(select(UndeliveredMessage.sender_id)))
        missing: dict[str, list[str]] = {}
        for user in figures.accepted["telegram"]:
            if not self.telegram.sent_count(int(user)) and f"telegram:{user}" not in recorded:
                missing.setdefault("telegram", []).append(user)
        for user in figures.accepted["zalo"]:
            if not self.zalo.sent_count(user) and f"zalo:{user}" not in recorded:
                missing.setdefault("zalo", []).append(user)
        return missing


def run(harness: Harness, examples: int, seed: int | None = None) -> Figures:
    """Send `examples` generated inputs, spread over the entries; return the figures."""
    figures = Figures()
    entries = ["webchat", "telegram", "zalo"] + (["rest"] if harness.rasa_url else [])

    @settings(max_examples=examples, deadline=None, database=None, derandomize=seed is not None,
              suppress_health_check=list(HealthCheck), phases=(Phase.generate,))
    @given(entry=st.sampled_from(entries), text=texts, value=json_values, raw=garbage,
           shape=st.sampled_from(["message", "message", "json", "garbage"]),
           authentic=st.sampled_from([True, True, True, False]))
    def one(entry: str, text: str, value: Any, raw: bytes, shape: str, authentic: bool) -> None:
        if entry == "webchat":
            body = {"message": dumps({"message": text}), "json": dumps(value), "garbage": raw}[shape]
            harness.webchat(figures, body)
        elif entry == "telegram":
            harness.telegram_update(figures, text if shape == "message" else None,
                                    None if shape == "message" else (dumps(value) if shape == "json" else raw),
                                    authentic)
        elif entry == "zalo":
            harness.zalo_event(figures, text if shape == "message" else None,
                               None if shape == "message" else (dumps(value) if shape == "json" else raw), authentic)
        else:
            harness.rest(figures, text)

    start = time.monotonic()
    one()
    figures.seconds = time.monotonic() - start
    return figures


def report(figures: Figures, health: dict[str, Any], missing: dict[str, list[str]]) -> str:
    lines = [f"inputs sent: {figures.total} in {figures.seconds:.0f}s "
             f"({', '.join(f'{k} {v}' for k, v in sorted(figures.requests.items()))})",
             f"responses >= 500: {len(figures.server_errors)}",
             f"web chat 200s without an answer: {figures.unanswered_web}",
             f"accepted platform messages: telegram {len(figures.accepted['telegram'])}, "
             f"zalo {len(figures.accepted['zalo'])}; neither answered nor recorded: "
             f"{sum(len(v) for v in missing.values())}",
             f"healthy afterwards: {health.get('status') == 'ok' and health.get('queued_turns') == 0}",
             "statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(figures.statuses.items()))]
    lines += [f"  {e}" for e in figures.server_errors[:10]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--with-rasa", action="store_true", help="also fuzz the real Rasa REST entry (slow)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # refused requests log warnings by design; keep the figures readable
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack_exit:
        rasa_url, token = None, ""
        if args.with_rasa:
            from bot.launcher import start_stack
            from fakes.ports import free_port
            from procedures_kb.loader import load_into_database

            url = f"sqlite:///{Path(tmp) / 'stack.db'}"
            engine = make_engine(url)
            upgrade(engine)
            load_into_database(engine)
            engine.dispose()
            stack = start_stack(rasa_port=free_port(), action_port=free_port(), database_url=url,
                                log_dir=Path(tmp) / "log")
            stack_exit.callback(stack.stop)
            rasa_url, token = stack.rasa_url, stack.rasa_token
        harness = Harness(Path(tmp), rasa_url, token)
        try:
            figures = run(harness, args.examples)
            health = harness.settle()
            missing = harness.unanswered(figures)
        finally:
            harness.close()
    print(report(figures, health, missing))
    ok = not figures.server_errors and not missing and not figures.unanswered_web and health.get("status") == "ok"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
