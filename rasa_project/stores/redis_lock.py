"""Rasa's Redis ticket lock with atomic updates, so replicas never hand out the same ticket twice.

Rasa 3.6's RedisLockStore issues a ticket by reading the lock, adding the ticket and writing it back: two
replicas receiving turns of one conversation at the same moment can read the same lock, both issue
ticket N, and both run at once (the tracker then interleaves). Here every read-modify-write of a
conversation's lock runs under a short Redis mutex (SET NX with an expiry, redis-py's Lock), so
ticket numbers are unique and strictly increasing across replicas. Rasa loads it by module path
(`lock_store: type: stores.redis_lock.AtomicRedisLockStore` in endpoints.scale.yml).
"""

from __future__ import annotations

from typing import Any, Optional, Text

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_SECONDS = 5.0  # a replica killed while holding the mutex blocks its conversation at most this long


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose ticket issue, update and release are atomic per conversation."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _mutex(self, conversation_id: Text) -> Any:
        return self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_SECONDS,
                             blocking_timeout=2 * MUTEX_SECONDS, sleep=0.005)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Issue the next ticket of the conversation (unique across replicas)."""
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        """Drop expired tickets (e.g. of a replica that died mid-turn) atomically."""
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finish serving a ticket and delete the lock when nobody waits, atomically."""
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
