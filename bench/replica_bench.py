"""One Rasa replica's speed on custom-action questions: today's `make run` next to this branch's, over HTTP.

Rows (each a fresh Rasa + action server on free ports, the same trained model):
  before    `make run` as it was: endpoints.yml without selective domain (the domain sent on every call),
            Rasa without rasa_project/speedups.py (RASA_SPEEDUPS=0)
  make run  `make run` now (rasa_project/endpoints.yml)
  replica   one replica of `make scale`: PostgreSQL tracker store, Redis lock store, RabbitMQ events

For each: one chat at a time (median, p95 per turn) and 20 chats at a time (msg/s, median, p95, p99).
Run: `make bench-replica` (about 4 minutes on 2 cores) or `python -m bench.replica_bench --rows before,make-run`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.rasa_load import LoadResult, measure
from bot.launcher import start_stack
from bot.topology import drop_database, event_queue_depth, prepare_databases, start_topology
from common.scale_settings import ScaleSettings
from fakes.ports import free_port

# rasa_project/endpoints.yml before issue 16 (the baseline the issue measured).
BEFORE_ENDPOINTS = """\
action_endpoint:
  url: ${ACTION_ENDPOINT_URL}
  headers:
    Authorization: Bearer ${ACTION_SERVER_TOKEN}
"""


def _row(label: str, single: LoadResult, many: LoadResult) -> str:
    return (f"{label:<10} one chat: median {single.percentile(50):5.0f} ms  p95 {single.percentile(95):5.0f} ms | "
            f"20 chats: {many.rate:5.1f} msg/s  median {many.percentile(50):5.0f} ms  "
            f"p95 {many.percentile(95):5.0f} ms  p99 {many.percentile(99):5.0f} ms  errors {single.errors + many.errors}")


def _stack_row(label: str, endpoints: str, log_dir: Path, turns: int, chats: int, speedups: bool = True) -> str:
    stack = start_stack(rasa_port=free_port(), action_port=free_port(), log_dir=log_dir, endpoints=endpoints,
                        extra_env={"RASA_SPEEDUPS": "1" if speedups else "0"})
    try:
        return _row(label, *measure(stack.rasa_url, stack.rasa_token, one_chat_turns=turns, concurrent_chats=chats))
    finally:
        stack.stop()


def _replica_row(log_dir: Path, turns: int, chats: int) -> str:
    tag = f"b{uuid.uuid4().hex[:8]}"
    base = ScaleSettings.from_env()  # the engines of the environment (.env.example: SCALE_*, REDIS_*, RABBITMQ_*)
    server = make_url(base.scale_database_url)
    settings = base.with_overrides(
        scale_database_url=server.set(database=f"{tag}_app").render_as_string(hide_password=False),
        tracker_database_url=server.set(database=f"{tag}_trk").render_as_string(hide_password=False),
        scale_rasa_replicas=1, scale_action_replicas=1, scale_web_replicas=1)
    prepare_databases(settings)
    topo = start_topology(settings, name=tag, log_dir=log_dir)
    try:
        return _row("replica", *measure(topo.replica_url("rasa-1"), topo.rasa_token, one_chat_turns=turns,
                                        concurrent_chats=chats))
    finally:
        topo.stop()
        event_queue_depth(settings, tag, delete=True)
        drop_database(settings.scale_database_url)
        drop_database(settings.tracker_database_url)


def main() -> int:
    """Measure the rows asked for and print them side by side."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="before,make-run,replica")
    parser.add_argument("--turns", type=int, default=45, help="turns measured one chat at a time")
    parser.add_argument("--chats", type=int, default=60, help="3-turn chats run 20 at a time")
    args = parser.parse_args()
    rows = args.rows.split(",")
    log_dir = Path(tempfile.mkdtemp(prefix="replica-bench-"))
    lines = []
    if "before" in rows:
        before = Path(tempfile.mkdtemp(prefix="endpoints-")) / "endpoints.before.yml"
        before.write_text(BEFORE_ENDPOINTS, encoding="utf-8")
        lines.append(_stack_row("before", str(before), log_dir, args.turns, args.chats, speedups=False))
        print(lines[-1], flush=True)
    if "make-run" in rows:
        lines.append(_stack_row("make run", "endpoints.yml", log_dir, args.turns, args.chats))
        print(lines[-1], flush=True)
    if "replica" in rows:
        lines.append(_replica_row(log_dir, args.turns, args.chats))
        print(lines[-1], flush=True)
    print(f"\nCustom-action questions over Rasa's REST channel, one Rasa process each (logs: {log_dir})")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
