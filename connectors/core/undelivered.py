"""Durable record of messages that could not be answered or delivered (nothing dropped)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope
from connectors.core.input_checks import storable_text
from connectors.models import UndeliveredMessage, utcnow


@dataclass(frozen=True)
class UndeliveredRecord:
    """A row of `conn_undelivered`, detached from the session."""

    id: int
    channel: str
    sender_id: str
    text: str
    reason: str
    reply_text: str | None
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None


def _record(row: UndeliveredMessage) -> UndeliveredRecord:
    return UndeliveredRecord(
        id=row.id,
        channel=row.channel,
        sender_id=row.sender_id,
        text=row.text,
        reason=row.reason,
        reply_text=row.reply_text,
        created_at=row.created_at,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
    )


class UndeliveredStore:
    """Writes and lists `conn_undelivered` rows; staff pages use `list()` and `resolve()`."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def record(
        self,
        channel: str,
        sender_id: str,
        text: str,
        reason: str,
        reply_text: str | None = None,
    ) -> int:
        """Store one undelivered message and return its id; any text can be stored (bad code points replaced)."""
        with session_scope(self._factory) as session:
            row = UndeliveredMessage(
                channel=storable_text(channel)[:32],
                sender_id=storable_text(sender_id)[:191],
                text=storable_text(text),
                reason=storable_text(reason)[:255],
                reply_text=None if reply_text is None else storable_text(reply_text),
            )
            session.add(row)
            session.flush()
            return int(row.id)

    def list(
        self,
        *,
        include_resolved: bool = False,
        channel: str | None = None,
        limit: int = 100,
    ) -> list[UndeliveredRecord]:
        """The newest rows first."""
        query = select(UndeliveredMessage).order_by(
            UndeliveredMessage.created_at.desc(), UndeliveredMessage.id.desc()
        )
        if not include_resolved:
            query = query.where(UndeliveredMessage.resolved_at.is_(None))
        if channel:
            query = query.where(UndeliveredMessage.channel == channel)
        with session_scope(self._factory) as session:
            return [_record(r) for r in session.scalars(query.limit(limit))]

    def resolve(self, record_id: int, resolved_by: str) -> bool:
        """Mark a row as handled by a staff member; False when it does not exist."""
        with session_scope(self._factory) as session:
            row = session.get(UndeliveredMessage, record_id)
            if row is None:
                return False
            row.resolved_at = utcnow()
            row.resolved_by = resolved_by
            return True
