"""Load and failure benchmark of the scale-out topology (issue 16): citizens, saturation, two SIGKILLs.

Starts the topology of `make scale` (nginx, 2 web processes, 2 Rasa replicas on PostgreSQL trackers, Redis
locks and RabbitMQ events, 2 action servers) on fresh databases, then:

1. saturation: `--saturation-chats` web-chat conversations at once, no think time, for `--saturation-seconds`;
2. citizens: `--citizens` multi-turn web-chat conversations arriving over `--arrival-seconds`, each turn
   after a human think time; mid-run one Rasa replica and then one web process get SIGKILL.

Each phase prints msg/s, p50/p95/p99, errors, lost messages (no real answer, or missing from the stored
conversation), conversations stored out of order or interleaved, duplicated turns, and how follow-ups
served by the other Rasa replica (nginx's log) kept the procedure. Run: `make bench-scale` (~4 minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.scale_checks import Conversation, Phase, replicas_by_turn, report, stored_user_turns
from bot.topology import Topology, drop_database, event_queue_depth, prepare_databases, start_topology
from common.scale_settings import ScaleSettings

# (question, text the answer must contain): follow-ups name no procedure, so they need the stored context.
SCRIPTS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("đăng ký kết hôn cần giấy tờ gì", "Tờ khai đăng ký kết hôn"),
     ("còn thời gian bao lâu?", "Thời gian giải quyết đăng ký kết hôn")),
    (("lệ phí đăng ký kết hôn bao nhiêu", "Lệ phí đăng ký kết hôn"),
     ("thế còn hộ chiếu?", "Lệ phí cấp hộ chiếu"),
     ("còn thời gian bao lâu?", "hộ chiếu")),
    (("làm hộ chiếu cần giấy tờ gì", "Hồ sơ cấp hộ chiếu"),
     ("còn thời gian bao lâu?", "Thời gian giải quyết cấp hộ chiếu")),
    (("lam cccd can giay to gi", "Hồ sơ cấp thẻ căn cước"),
     ("mất bao lâu", "căn cước")),
)


async def _conversation(topo: Topology, conv: Conversation, script: tuple[tuple[str, str], ...],
                        think: tuple[float, float], start_delay: float, rng: random.Random) -> None:
    import httpx

    await asyncio.sleep(start_delay)
    # The benchmark plays the trusted front (a cloud load balancer): each citizen has an address of its own.
    headers = {"X-Forwarded-For": conv.address}
    async with httpx.AsyncClient(base_url=topo.public_url, timeout=60, headers=headers, trust_env=False) as client:
        for i, (question, expected) in enumerate(script):
            if i:
                await asyncio.sleep(rng.uniform(*think))
            start = time.perf_counter()
            try:
                resp = await client.post("/webchat/message", json={"message": question})
                texts = [r.get("text", "") for r in resp.json()] if resp.status_code == 200 else []
                status = resp.status_code
            except (httpx.HTTPError, ValueError):
                texts, status = [], 0
            conv.record(question, expected, status, "\n".join(texts), time.perf_counter() - start)
            cookie = client.cookies.get("tthc_session")
            if cookie and not conv.session:
                conv.session = cookie.split(".")[0]


async def _phase(topo: Topology, name: str, count: int, arrival: float, think: tuple[float, float],
                 kills: list[tuple[float, str]], seed: int) -> Phase:
    rng = random.Random(seed)
    phase = Phase(name)
    tasks = []
    for i in range(count):
        conv = Conversation(address=f"10.{seed % 250}.{i // 250}.{i % 250 + 1}")
        phase.conversations.append(conv)
        tasks.append(asyncio.create_task(
            _conversation(topo, conv, SCRIPTS[i % len(SCRIPTS)], think, rng.uniform(0, arrival), rng)))

    async def killer() -> None:
        for at, victim in kills:
            await asyncio.sleep(max(0.0, phase.start + at - time.perf_counter()))
            await asyncio.to_thread(topo.kill, victim)
            phase.events.append(f"t={time.perf_counter() - phase.start:5.1f}s SIGKILL {victim}")

    phase.start = time.perf_counter()
    await asyncio.gather(*tasks, killer())
    phase.seconds = time.perf_counter() - phase.start
    return phase


async def _saturation(topo: Topology, chats: int, seconds: float) -> Phase:
    phase = Phase("saturation")
    deadline = time.perf_counter() + seconds
    rng = random.Random(7)

    async def loop(worker: int) -> None:
        n = 0
        while time.perf_counter() < deadline:
            conv = Conversation(address=f"10.200.{worker}.{n % 250 + 1}")
            phase.conversations.append(conv)
            await _conversation(topo, conv, SCRIPTS[(worker + n) % len(SCRIPTS)], (0.0, 0.0), 0.0, rng)
            n += 1

    phase.start = time.perf_counter()
    await asyncio.gather(*(loop(w) for w in range(chats)))
    phase.seconds = time.perf_counter() - phase.start
    return phase


def main() -> int:
    """Start the topology, run both phases, check the stored conversations, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, default=300)
    parser.add_argument("--arrival-seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, nargs=2, default=(3.0, 10.0), metavar=("MIN", "MAX"))
    parser.add_argument("--saturation-chats", type=int, default=40)
    parser.add_argument("--saturation-seconds", type=float, default=30.0)
    parser.add_argument("--no-kill", action="store_true")
    args = parser.parse_args()
    tag = f"s{uuid.uuid4().hex[:8]}"
    base = ScaleSettings.from_env()  # the engines of the environment (.env.example: SCALE_*, REDIS_*, RABBITMQ_*)
    server = make_url(base.scale_database_url)
    settings = base.with_overrides(
        scale_database_url=server.set(database=f"{tag}_app").render_as_string(hide_password=False),
        tracker_database_url=server.set(database=f"{tag}_trk").render_as_string(hide_password=False))
    log_dir = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    print(f"Starting the topology (logs: {log_dir})…", flush=True)
    prepare_databases(settings)
    topo = start_topology(settings, name=tag, log_dir=log_dir, log_rasa_requests=True,
                          extra_env={"CONNECTORS_MAX_MESSAGES_PER_MINUTE": "600"})
    try:
        phases = []
        if args.saturation_seconds > 0:
            phases.append(asyncio.run(_saturation(topo, args.saturation_chats, args.saturation_seconds)))
        kills = [] if args.no_kill else [(0.4 * args.arrival_seconds, "rasa-1"), (0.6 * args.arrival_seconds, "web-1")]
        phases.append(asyncio.run(_phase(topo, "citizens", args.citizens, args.arrival_seconds, tuple(args.think),
                                         kills, seed=11)))
        stored = stored_user_turns(topo.tracker_database_url)
        served_by = replicas_by_turn(topo)
        print()
        for phase in phases:
            print(report(phase, stored, served_by))
        print(f"\nstill running at the end: {', '.join(sorted(topo.alive()))}")
    finally:
        topo.stop()
        event_queue_depth(settings, tag, delete=True)
        drop_database(settings.scale_database_url)
        drop_database(settings.tracker_database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
