"""Closed-loop load on Rasa's REST channel: chats of custom-action questions, latency percentiles, msg/s."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from dataclasses import dataclass, field

import httpx

from bench.chat_scripts import CHATS


def percentile_ms(seconds: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of latencies in seconds, in milliseconds; NaN when there are none."""
    if not seconds:
        return float("nan")
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


@dataclass
class LoadResult:
    """Latencies (seconds) of answered turns, errors, and the wall-clock span of the run."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def percentile(self, q: float) -> float:
        """The q-th percentile in milliseconds (nearest rank)."""
        return percentile_ms(self.latencies, q)

    @property
    def rate(self) -> float:
        """Answered messages per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        """One printable summary."""
        med = 1000 * statistics.median(self.latencies) if self.latencies else float("nan")
        return (f"{len(self.latencies):5d} turns  {self.rate:6.1f} msg/s  median {med:6.0f} ms  "
                f"p95 {self.percentile(95):6.0f} ms  p99 {self.percentile(99):6.0f} ms  errors {self.errors}")


async def _chat(client: httpx.AsyncClient, url: str, turns: tuple[str, ...], result: LoadResult) -> None:
    sender = f"bench:{uuid.uuid4().hex}"
    for text in turns:
        start = time.perf_counter()
        try:
            resp = await client.post(url, json={"sender": sender, "message": text})
            ok = resp.status_code == 200 and bool(resp.json())
        except httpx.HTTPError:
            ok = False
        if ok:
            result.latencies.append(time.perf_counter() - start)
        else:
            result.errors += 1


async def run_load(rasa_url: str, token: str, *, concurrency: int, chats: int) -> LoadResult:
    """`chats` conversations (3 turns each), `concurrency` of them at a time, each turn after the last reply."""
    url = f"{rasa_url.rstrip('/')}/webhooks/rest/webhook"
    result = LoadResult()
    queue: asyncio.Queue[tuple[str, ...]] = asyncio.Queue()
    for i in range(chats):
        queue.put_nowait(CHATS[i % len(CHATS)])
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits, trust_env=False,
                                 headers={"Authorization": f"Bearer {token}"}) as client:

        async def worker() -> None:
            while not queue.empty():
                await _chat(client, url, queue.get_nowait(), result)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - start
    return result


def measure(rasa_url: str, token: str, *, one_chat_turns: int = 45, concurrent_chats: int = 60) -> tuple[LoadResult, LoadResult]:
    """(one chat at a time, 20 chats at a time) after a short warm-up."""
    asyncio.run(run_load(rasa_url, token, concurrency=2, chats=4))
    single = asyncio.run(run_load(rasa_url, token, concurrency=1, chats=max(1, one_chat_turns // 3)))
    many = asyncio.run(run_load(rasa_url, token, concurrency=20, chats=concurrent_chats))
    return single, many
