"""Durable de-duplication of platform message ids: insert-unique, so only one worker wins."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope
from connectors.models import ProcessedMessage, utcnow


class DedupStore:
    """Claims (channel, external id) pairs in `conn_processed_messages`."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def claim(self, channel: str, external_id: str) -> bool:
        """True when this call is the first to see the id; False for a duplicate."""
        try:
            with session_scope(self._factory) as session:
                session.add(ProcessedMessage(channel=channel, external_id=external_id[:191]))
        except IntegrityError:
            return False
        return True

    def prune(self, older_than: timedelta) -> int:
        """Forget ids claimed before `older_than` ago; returns the number removed."""
        cutoff = utcnow() - older_than
        with session_scope(self._factory) as session:
            result = session.execute(
                delete(ProcessedMessage).where(ProcessedMessage.created_at < cutoff)
            )
            return int(getattr(result, "rowcount", 0) or 0)
