"""Connector throughput and end-to-end latency: simulated Telegram and Zalo chats, closed loop.

Each simulated citizen sends a message, waits for the bot's reply to reach the (fake) platform
API, then sends the next. Telegram chats go through long polling (or the webhook with
`--telegram-mode webhook`), Zalo users through signed webhooks. Rasa is a fake answering after
`--rasa-delay` seconds, or the real server given with `--rasa-url` (latency then measures the
first reply message of each answer).

Run: `python -m bench.connectors_bench [--chats 50] [--messages 5] [--rasa-url http://127.0.0.1:5005]`
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from common.db import make_engine
from common.migrate import upgrade
from fakes.fake_rasa import FakeRasa
from fakes.fake_telegram import FakeTelegram, load_payload
from fakes.fake_zalo import APP_ID, APP_SECRET, OA_SECRET_KEY, FakeZalo
from fakes.ports import free_port
from fakes.server import ServerThread

QUESTIONS = (
    "le phi ho chieu",
    "lam cccd can giay to gi",
    "đăng ký khai sinh nộp ở đâu",
    "đăng ký kết hôn mất bao lâu",
    "cảm ơn",
)
WEBHOOK_SECRET = "bench-secret_0123456789"


@dataclass
class Result:
    """Latencies (seconds) of one platform and the wall time they took."""

    name: str
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    wall: float = 0.0
    connector_cpu: float | None = None
    driver_cpu: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latency: float | None) -> None:
        with self.lock:
            if latency is None:
                self.failures += 1
            else:
                self.latencies.append(latency)

    def line(self) -> str:
        n = len(self.latencies)
        if not n:
            return f"{self.name:<9} no replies ({self.failures} timed out)"
        ordered = sorted(self.latencies)
        p95 = ordered[min(n - 1, max(0, round(0.95 * n) - 1))]
        return (f"{self.name:<9} {n:>5} msgs  {n / self.wall:>8.1f} msg/s  "
                f"median {statistics.median(ordered) * 1000:>7.1f} ms  p95 {p95 * 1000:>7.1f} ms"
                + (f"  ({self.failures} timed out)" if self.failures else "")
                + (f"\n  connector process CPU: {self.connector_cpu:.1f} s in total, "
                   f"{self.connector_cpu / n * 1000:.1f} ms per message (start-up included)"
                   if self.connector_cpu is not None else "")
                + (f"\n  bench process (fakes + simulated users) CPU: {self.driver_cpu:.1f} s "
                   f"over {self.wall:.1f} s wall" if self.driver_cpu is not None else ""))


def _question(chat: int, k: int, real: bool) -> str:
    return QUESTIONS[(chat + k) % len(QUESTIONS)] if real else f"cau hoi {k} tu chat {chat}"


def _telegram_user(fake: FakeTelegram, chat: int, messages: int, real: bool, webhook_url: str,
                   result: Result, timeout: float) -> None:
    client = httpx.Client(timeout=30, trust_env=False) if webhook_url else None
    for k in range(messages):
        before = fake.sent_count(chat)
        update = fake.text_update(chat, _question(chat, k, real))
        started = time.perf_counter()
        if client is not None:
            client.post(webhook_url, json=update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
        else:
            fake.push_update(update)
        ok = fake.wait_for(lambda n=before: fake.sent_count(chat) > n, timeout)
        result.add(time.perf_counter() - started if ok else None)
    if client is not None:
        client.close()


def _zalo_user(fake: FakeZalo, user: str, messages: int, real: bool, webhook_url: str,
               result: Result, timeout: float) -> None:
    with httpx.Client(timeout=30, trust_env=False) as client:
        for k in range(messages):
            before = fake.sent_count(user)
            event = load_payload("zalo_user_send_text.json")
            event["sender"]["id"] = user
            event["message"]["text"] = _question(int(user[-4:]), k, real)
            event["message"]["msg_id"] = f"bench{user}{k:04d}"
            event["timestamp"] = str(int(time.time() * 1000))
            raw, headers = fake.signed(event)
            started = time.perf_counter()
            client.post(webhook_url, content=raw, headers=headers)
            ok = fake.wait_for(lambda n=before: fake.sent_count(user) > n, timeout)
            result.add(time.perf_counter() - started if ok else None)


def _run_users(target: Callable[..., None], args_list: list[tuple[Any, ...]]) -> float:
    threads = [threading.Thread(target=target, args=args) for args in args_list]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def _start_connector(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen[bytes]:
    """`python -m connectors` in its own process (own GIL), as in production."""
    repo = Path(__file__).resolve().parent.parent
    full_env = {**os.environ, **env, "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port),
                "PYTHONPATH": str(repo)}
    with log_path.open("wb") as log:
        command = os.environ.get("BENCH_CONNECTOR_COMMAND", "").split() or ["-m", "connectors"]
        process = subprocess.Popen([sys.executable, *command], cwd=repo, env=full_env,
                                   stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    with httpx.Client(trust_env=False, timeout=2) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"connector exited; see {log_path}")
            try:
                health = client.get(f"http://127.0.0.1:{port}/healthz").json()
                if (health.get("telegram") or {}).get("ready"):
                    return process
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"connector did not become ready; see {log_path}")


def _stop_connector(process: subprocess.Popen[bytes]) -> float:
    """Ctrl-C the connector (uvicorn shuts down, polling stops); its CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process.send_signal(signal.SIGINT)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def run(chats: int, messages: int, rasa_url: str | None, rasa_delay: float,
        telegram_mode: str, timeout: float,
        platforms: frozenset[str] = frozenset({"telegram", "zalo"})) -> list[Result]:
    """Start fakes and the connector, drive both platforms at once, return the results."""
    fake_tg, fake_zalo, fake_rasa = FakeTelegram(), FakeZalo(), FakeRasa()
    servers = [ServerThread(f.app).start() for f in (fake_tg, fake_zalo, fake_rasa)]
    for fake, server in zip((fake_tg, fake_zalo, fake_rasa), servers, strict=True):
        fake.url = server.url
    fake_rasa.delay(rasa_delay)
    access, refresh = fake_zalo.issue_tokens()
    webhook_mode = telegram_mode == "webhook"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            engine = make_engine(db_url)
            upgrade(engine)
            engine.dispose()
            port = free_port()
            env = {
                "DATABASE_URL": db_url, "CONNECTORS_AUTO_MIGRATE": "0",
                "RASA_URL": rasa_url or fake_rasa.url, "RASA_TIMEOUT": "60",
                "CONNECTORS_MAX_MESSAGES_PER_MINUTE": "0",
                "TELEGRAM_BOT_TOKEN": fake_tg.token, "TELEGRAM_API_BASE_URL": fake_tg.url,
                "TELEGRAM_POLL_TIMEOUT": "5",
                "TELEGRAM_WEBHOOK_URL": "https://bench.invalid/telegram/webhook"
                if webhook_mode else "",
                "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET if webhook_mode else "",
                "ZALO_APP_ID": APP_ID, "ZALO_APP_SECRET": APP_SECRET,
                "ZALO_OA_SECRET_KEY": OA_SECRET_KEY, "ZALO_ACCESS_TOKEN": access,
                "ZALO_REFRESH_TOKEN": refresh, "ZALO_API_BASE_URL": fake_zalo.url,
                "ZALO_OAUTH_BASE_URL": fake_zalo.url,
            }
            process = _start_connector(env, port, Path(tmp) / "connector.log")
            base = f"http://127.0.0.1:{port}"
            try:
                results = _drive(fake_tg, fake_zalo, chats, messages, rasa_url is not None,
                                 f"{base}/telegram/webhook" if webhook_mode else "",
                                 f"{base}/zalo/webhook", timeout, platforms)
            finally:
                cpu = _stop_connector(process)
            results[-1].connector_cpu = cpu
            return results
    finally:
        for server in servers:
            server.stop()


def _drive(fake_tg: FakeTelegram, fake_zalo: FakeZalo, chats: int, messages: int, real: bool,
           telegram_webhook: str, zalo_webhook: str, timeout: float,
           platforms: frozenset[str]) -> list[Result]:
    telegram, zalo, both = Result("telegram"), Result("zalo"), Result("both")
    tg_chats = chats if "telegram" in platforms else 0
    zalo_chats = chats if "zalo" in platforms else 0
    tg_args = [(fake_tg, 700000 + c, messages, real, telegram_webhook, telegram, timeout)
               for c in range(tg_chats)]
    zalo_args = [(fake_zalo, f"880000000000000{c:04d}", messages, real, zalo_webhook, zalo,
                  timeout) for c in range(zalo_chats)]
    walls: dict[str, float] = {}
    runners = [
        threading.Thread(target=lambda: walls.__setitem__(
            "telegram", _run_users(_telegram_user, tg_args))),
        threading.Thread(target=lambda: walls.__setitem__(
            "zalo", _run_users(_zalo_user, zalo_args))),
    ]
    started = time.perf_counter()
    cpu_before = time.process_time()
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    both.wall = time.perf_counter() - started
    both.driver_cpu = time.process_time() - cpu_before
    telegram.wall, zalo.wall = walls["telegram"] or 1e-9, walls["zalo"] or 1e-9
    both.latencies = telegram.latencies + zalo.latencies
    both.failures = telegram.failures + zalo.failures
    return [r for r in (telegram, zalo, both) if r.latencies or r.failures]


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.connectors_bench",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--chats", type=int, default=50, help="simulated chats per platform")
    parser.add_argument("--messages", type=int, default=5, help="messages per chat")
    parser.add_argument("--rasa-url", default=None, help="a real Rasa server instead of the fake")
    parser.add_argument("--rasa-delay", type=float, default=0.05,
                        help="fake Rasa think time in seconds (default 0.05)")
    parser.add_argument("--telegram-mode", choices=("polling", "webhook"), default="polling")
    parser.add_argument("--platforms", default="telegram,zalo",
                        help="comma-separated subset of telegram,zalo")
    parser.add_argument("--timeout", type=float, default=60.0, help="per-reply timeout (s)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    rasa = args.rasa_url or f"fake (think time {args.rasa_delay * 1000:.0f} ms)"
    print(f"connectors bench: {args.chats} Telegram + {args.chats} Zalo chats x "
          f"{args.messages} messages, closed loop; Telegram {args.telegram_mode}; Rasa: {rasa}")
    platforms = frozenset(p.strip() for p in args.platforms.split(",") if p.strip())
    results = run(args.chats, args.messages, args.rasa_url, args.rasa_delay,
                  args.telegram_mode, args.timeout, platforms)
    for result in results:
        print("  " + result.line())
    if args.json:
        print(json.dumps({r.name: {"messages": len(r.latencies), "failures": r.failures,
                                   "wall_s": round(r.wall, 3),
                                   "median_ms": round(statistics.median(r.latencies) * 1000, 1)
                                   if r.latencies else None} for r in results}))
    return 0 if all(r.failures == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
