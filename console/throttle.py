"""Failed logins per client address: after `limit` failures within `window` seconds the address must wait.

Complements the per-account lock (console.accounts): that one stops guessing one password, this one
stops trying one password on many accounts. In memory, per process (the console runs as one process).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class LoginThrottle:
    """Counts failures per key (client address) in a sliding window."""

    def __init__(self, limit: int = 20, window: float = 900.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        times = self._failures[key]
        cutoff = self._clock() - self._window
        while times and times[0] < cutoff:
            times.popleft()
        return times

    def blocked(self, key: str) -> bool:
        """Whether this address has used up its failures."""
        with self._lock:
            blocked = len(self._recent(key)) >= self._limit
            if not self._failures[key]:
                del self._failures[key]
            return blocked

    def failed(self, key: str) -> None:
        """Count one failure."""
        with self._lock:
            self._recent(key).append(self._clock())
