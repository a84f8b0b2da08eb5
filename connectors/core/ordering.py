"""Per-conversation ordering: turns of one key run in call order, different keys concurrently."""

from __future__ import annotations

import asyncio
from types import TracebackType


class Turn:
    """One place in a key's queue; use as `async with turn:`, released exactly once."""

    def __init__(
        self,
        sequencer: KeyedSequencer,
        key: str,
        previous: asyncio.Future[None] | None,
        mine: asyncio.Future[None],
    ) -> None:
        self._sequencer = sequencer
        self._key = key
        self._previous = previous
        self._mine = mine

    async def __aenter__(self) -> Turn:
        if self._previous is not None and not self._previous.done():
            try:
                await asyncio.shield(self._previous)
            except asyncio.CancelledError:
                self._hand_over_when_previous_done()
                raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def _hand_over_when_previous_done(self) -> None:
        previous = self._previous
        if previous is None or previous.done():
            self.release()
            return
        previous.add_done_callback(lambda _f: self.release())

    def release(self) -> None:
        """Let the next turn of the key run (idempotent)."""
        if not self._mine.done():
            self._mine.set_result(None)
        self._sequencer._forget(self._key, self._mine)

    def abandon(self) -> None:
        """Release without having run: the next turn waits for our predecessor instead."""
        if not self._mine.done():
            self._hand_over_when_previous_done()


class KeyedSequencer:
    """Hands out turns per key synchronously, so call order is the processing order."""

    def __init__(self) -> None:
        self._tails: dict[str, asyncio.Future[None]] = {}

    def ticket(self, key: str) -> Turn:
        """Take the next turn for `key`; must be called from the event loop thread."""
        loop = asyncio.get_running_loop()
        mine: asyncio.Future[None] = loop.create_future()
        previous = self._tails.get(key)
        self._tails[key] = mine
        return Turn(self, key, previous, mine)

    def _forget(self, key: str, future: asyncio.Future[None]) -> None:
        if self._tails.get(key) is future:
            del self._tails[key]

    @property
    def active_keys(self) -> int:
        """Number of keys with a turn in flight (for tests and metrics)."""
        return len(self._tails)
