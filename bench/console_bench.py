"""Staff console server time per page, through the real app under uvicorn on a scratch database.

Seeds the catalogue, one staff account and N PAKN items (default 10,000), then requests every desk
search of tests/kb/queries.yml and the main pages, reading the server's own time from the
`Server-Timing` header (what the console spends, without the client). Prints p50/p95 per page;
goals: desk search p95 ≤ 50 ms, other pages p95 ≤ 200 ms. Figures, not a timed test.

Also seeds N conversation turns (default 100,000) into a Rasa-style `events` table (Rasa 3.6's SQL tracker
store schema) and times the analytics: the first page view reads them all (printed once), then the
pages over the stored rows.

Run: `python -m bench.console_bench [--pakn 10000] [--turns 100000] [--repeat 1]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import httpx
from sqlalchemy import insert

from bench.kb_search_bench import load_queries
from common.console_settings import ConsoleSettings
from common.db import make_engine, make_session_factory
from common.migrate import upgrade
from console.analytics import ConversationAnalytics
from console.context import ConsoleContext
from console.web import create_app
from fakes.server import ServerThread
from pakn.codes import new_code
from pakn.delivery import DeliveryResult
from pakn.models import Feedback
from procedures_kb.loader import load_into_database

PASSWORD = "bench-password-123"
PROVINCES = [("ha_noi", "Thành phố Hà Nội"), ("ho_chi_minh", "Thành phố Hồ Chí Minh"), ("da_nang", "Thành phố Đà Nẵng"),
             ("hai_phong", "Thành phố Hải Phòng"), ("can_tho", "Thành phố Cần Thơ")]
STATUSES = ["received", "processing", "answered", "closed"]


def seed_pakn(factory_url: str, count: int) -> None:
    """`count` PAKN rows in one bulk insert (received over the last year)."""
    engine = make_engine(factory_url)
    now = dt.datetime.now(dt.timezone.utc)
    rng = random.Random(14)
    rows = []
    for i in range(count):
        pid, pname = rng.choice(PROVINCES)
        created = now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        rows.append(dict(code=new_code(), kind=rng.choice(["phan_anh", "kien_nghi"]), status=rng.choice(STATUSES),
                         content=f"Phản ánh số {i}: hồ sơ trễ hẹn, cán bộ chưa trả lời.", province_id=pid,
                         province_name=pname, channel="telegram", sender_id=f"telegram:{i}", consent_at=created,
                         created_at=created, updated_at=created, due_at=created + dt.timedelta(days=14),
                         phone="0912345678", citizen_name="Nguyễn Văn A"))
    with engine.begin() as conn:
        for start in range(0, len(rows), 2000):
            conn.execute(insert(Feedback), rows[start:start + 2000])
    engine.dispose()


EVENTS_DDL = ("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR(255) NOT NULL, "
              "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
              "action_name VARCHAR(255), data TEXT)")
TURN_KINDS = [("ask_fee", "action_answer_procedure", True), ("ask_documents", "action_answer_procedure", True),
              ("nlu_fallback", "action_clarify", False), ("out_of_scope", "utter_out_of_scope", False),
              ("give_feedback", "action_pakn_start", False)]


def seed_turns(url: str, count: int, procedures: list[str]) -> None:
    """`count` turns (user message, action, slot) over the last 30 days, as Rasa's SQL tracker store keeps them."""
    import json

    from sqlalchemy import text

    engine = make_engine(url)
    rng = random.Random(16)
    now = dt.datetime.now(dt.timezone.utc).timestamp() - 120
    rows = []
    for i in range(count):
        sender = f"{rng.choice(['telegram', 'zalo', 'webchat'])}:{i // 4}"
        stamp = now - rng.randint(0, 30 * 86400)
        intent, action, with_procedure = rng.choice(TURN_KINDS)
        procedure = rng.choice(procedures)
        rows.append({"s": sender, "t": "user", "ts": stamp, "d": json.dumps(
            {"event": "user", "timestamp": stamp, "text": f"câu hỏi số {i} về {procedure}",
             "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": []}}, ensure_ascii=False)})
        rows.append({"s": sender, "t": "action", "ts": stamp, "d": json.dumps(
            {"event": "action", "timestamp": stamp, "name": action})})
        if with_procedure:
            rows.append({"s": sender, "t": "slot", "ts": stamp, "d": json.dumps(
                {"event": "slot", "timestamp": stamp, "name": "procedure", "value": procedure})})
    with engine.begin() as conn:
        conn.execute(text(EVENTS_DDL))
        conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, :t, :ts, :d)"),
                     rows)
    engine.dispose()


def server_ms(response: httpx.Response) -> float:
    match = re.search(r"dur=([0-9.]+)", response.headers.get("server-timing", ""))
    if response.status_code >= 400 or not match:
        raise RuntimeError(f"{response.request.url}: HTTP {response.status_code}")
    return float(match.group(1))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def timed(client: httpx.Client, paths: Iterable[str], repeat: int) -> list[float]:
    return [server_ms(client.get(path)) for _ in range(repeat) for path in paths]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.console_bench")
    parser.add_argument("--pakn", type=int, default=10_000, help="PAKN items to seed")
    parser.add_argument("--turns", type=int, default=100_000, help="conversation turns to seed for the analytics")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the queries")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'console-bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        load_into_database(engine)
        seed_pakn(url, args.pakn)
        ctx = ConsoleContext.build(ConsoleSettings(), make_session_factory(engine),
                                   deliver=lambda *_: DeliveryResult(True))
        seed_turns(url, args.turns, sorted(ctx.kb().procedures))
        ctx.analytics = ConversationAnalytics(engine, ctx.factory)
        ctx.accounts.add_user("bench", PASSWORD)
        queries = [q.text for q in load_queries()] + [q.text for q in load_queries(section="heldout")]
        with ServerThread(create_app(ctx)) as server, \
                httpx.Client(base_url=server.url, timeout=30, trust_env=False) as client:
            page = client.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
            client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
            client.get("/desk", params={"q": "khởi động"})  # warm the KB snapshot and the matchers
            code = client.get("/pakn").text.split('href="/pakn/PAKN-', 1)[1][:10]
            first = server_ms(client.get("/analytics"))
            print(f"  analytics, first view (reads {args.turns} turns from the tracker store): {first:.0f} ms")
            pages = {
                "desk search": [f"/desk?q={httpx.QueryParams({'q': q})['q']}" for q in queries],
                "card (Hà Nội fees)": [f"/desk/procedure/{pid}?province=ha_noi" for pid in sorted(ctx.kb().procedures)],
                "print view": [f"/desk/procedure/{pid}/print" for pid in sorted(ctx.kb().procedures)],
                "PAKN queue": ["/pakn", "/pakn?status=received", "/pakn?province=ha+noi", "/pakn?overdue=1",
                               "/pakn?kind=kien_nghi&page=3"] * 4,
                "PAKN detail": [f"/pakn/PAKN-{code}"] * 20,
                "PAKN summary": ["/pakn/summary"] * 5,
                "analytics (30 days)": ["/analytics", "/analytics?days=7", "/analytics?days=90"] * 5,
                "analytics CSV": ["/analytics/outcomes.csv", "/analytics/procedures.csv"] * 5,
                "unanswered turns": ["/review"] * 10,
            }
            print(f"Console benchmark: {len(ctx.kb().procedures)} procedures, {args.pakn} PAKN items, {args.turns} turns, "
                  f"server time from Server-Timing (SQLite)")
            for name, paths in pages.items():
                millis = timed(client, [p.replace(" ", "+") for p in paths], args.repeat)
                print(f"  {name:<20} n={len(millis):<4} p50 {statistics.median(millis):7.2f} ms   "
                      f"p95 {percentile(millis, 95):7.2f} ms   max {max(millis):7.2f} ms")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
