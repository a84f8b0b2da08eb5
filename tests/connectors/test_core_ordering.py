"""Per-conversation ordering and background task handling."""

from __future__ import annotations

import asyncio

from connectors.core.background import BackgroundTasks
from connectors.core.ordering import KeyedSequencer


def test_same_key_runs_in_ticket_order_other_keys_concurrently() -> None:
    async def run() -> list[str]:
        sequencer = KeyedSequencer()
        tasks = BackgroundTasks()
        log: list[str] = []

        async def work(key: str, name: str, delay: float) -> None:
            turn = sequencer.ticket(key)
            async with turn:
                await asyncio.sleep(delay)
                log.append(name)

        for coro in (work("a", "a1", 0.2), work("a", "a2", 0.0), work("b", "b1", 0.05)):
            tasks.spawn(coro)
        await tasks.drain(5)
        assert sequencer.active_keys == 0
        return log

    assert asyncio.run(run()) == ["b1", "a1", "a2"]


def test_a_cancelled_turn_does_not_block_or_reorder_the_next() -> None:
    async def run() -> list[str]:
        sequencer = KeyedSequencer()
        log: list[str] = []
        first, second, third = (sequencer.ticket("k") for _ in range(3))

        async def hold() -> None:
            async with first:
                await asyncio.sleep(0.2)
                log.append("first")

        async def cancelled() -> None:
            async with second:
                log.append("second")

        async def last() -> None:
            async with third:
                log.append("third")

        t1 = asyncio.create_task(hold())
        t2 = asyncio.create_task(cancelled())
        t3 = asyncio.create_task(last())
        await asyncio.sleep(0.05)
        t2.cancel()
        await asyncio.gather(t1, t2, t3, return_exceptions=True)
        return log

    assert asyncio.run(run()) == ["first", "third"]


def test_abandoned_ticket_hands_over_to_the_next() -> None:
    async def run() -> bool:
        sequencer = KeyedSequencer()
        unused = sequencer.ticket("k")
        nxt = sequencer.ticket("k")
        unused.abandon()
        async with nxt:
            return True

    assert asyncio.run(asyncio.wait_for(run(), 2))
