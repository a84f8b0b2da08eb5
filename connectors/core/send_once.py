"""At-most-once staff sends: the same text to the same citizen is not sent twice within a window."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope
from connectors.models import ProcessedMessage, utcnow

NAMESPACE = "staff_outbound"  # rows of conn_processed_messages (pruned with the other ids)
DUPLICATE_WINDOW = timedelta(minutes=10)


class Claim(enum.Enum):
    """What a caller may do with a message key."""

    CLAIMED = "claimed"  # send it, then call `finish`
    IN_PROGRESS = "in_progress"  # another request is sending the same message right now
    ALREADY_SENT = "already_sent"  # delivered within the window: do not send again


def message_key(channel: str, user_id: str, text: str) -> str:
    """A fixed-length key of one message to one citizen."""
    return hashlib.sha256(f"{channel}\0{user_id}\0{text}".encode()).hexdigest()


class SendOnceGuard:
    """Claims message keys in the database, so every process and replica sees the same claims.

    A key has a `pending:` row while it is being sent and a `sent:` row once delivered. Failed
    sends release the claim (a retry may send again); a `pending:` row older than the window is
    left over from a crashed process and is taken over.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        window: timedelta = DUPLICATE_WINDOW,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._factory = session_factory
        self.window = window
        self._clock = clock

    def claim(self, key: str) -> Claim:
        """Try to become the one sender of `key`."""
        pending = f"pending:{key}"
        claimed = self._insert(pending) or (self._delete(pending, stale_only=True) and self._insert(pending))
        if not claimed:
            return Claim.IN_PROGRESS
        if self._is_fresh(f"sent:{key}"):
            self._delete(pending)
            return Claim.ALREADY_SENT
        return Claim.CLAIMED

    def finish(self, key: str, delivered: bool) -> None:
        """Record the outcome of a claimed send and release the claim."""
        if delivered:
            sent = f"sent:{key}"
            self._delete(sent)
            self._insert(sent)
        self._delete(f"pending:{key}")

    def _insert(self, external_id: str) -> bool:
        try:
            with session_scope(self._factory) as session:
                session.add(ProcessedMessage(channel=NAMESPACE, external_id=external_id,
                                             created_at=self._clock()))
        except IntegrityError:
            return False
        return True

    def _delete(self, external_id: str, *, stale_only: bool = False) -> bool:
        query = delete(ProcessedMessage).where(ProcessedMessage.channel == NAMESPACE,
                                               ProcessedMessage.external_id == external_id)
        if stale_only:
            query = query.where(ProcessedMessage.created_at < self._clock() - self.window)
        with session_scope(self._factory) as session:
            return bool(getattr(session.execute(query), "rowcount", 0))

    def _is_fresh(self, external_id: str) -> bool:
        with session_scope(self._factory) as session:
            created = session.scalar(
                select(ProcessedMessage.created_at).where(ProcessedMessage.channel == NAMESPACE,
                                                          ProcessedMessage.external_id == external_id)
            )
        return created is not None and created >= self._clock() - self.window
