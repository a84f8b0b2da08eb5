"""The turn journal: at least once, answered once.

Each platform message is claimed before Rasa sees it (insert-unique, so one worker wins), with its sender
and text; it is marked done only after the answer was delivered (or recorded as undelivered). A crash
(kill -9) leaves it `claimed`; after the lease the maintenance loop, or the next start, records it for
staff as interrupted, and a platform redelivery of it is answered (taken over), while a redelivery of a
finished turn is ignored.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope
from connectors.core.input_checks import storable_text
from connectors.models import ProcessedMessage, UndeliveredMessage, utcnow

CLAIMED, DONE, INTERRUPTED = "claimed", "done", "interrupted"
INTERRUPTED_REASON = "interrupted: the service stopped mid-turn (crash or kill); not answered"


class Claim(enum.Enum):
    """What `begin` decided for a message."""

    FRESH = "fresh"  # first time seen: process it
    RETRY = "retry"  # seen before, never finished (crash): process it again
    DUPLICATE = "duplicate"  # already answered: ignore
    IN_PROGRESS = "in_progress"  # another worker holds a live claim: ignore

    @property
    def process(self) -> bool:
        """True when this worker must answer the message."""
        return self in (Claim.FRESH, Claim.RETRY)


@dataclass(frozen=True)
class InterruptedTurn:
    """A turn a crash left unfinished."""

    channel: str
    external_id: str
    sender_id: str
    text: str


class DedupStore:
    """Claims, finishes and recovers turns in `conn_processed_messages`."""

    def __init__(self, session_factory: sessionmaker[Session], lease: timedelta = timedelta(seconds=120)) -> None:
        self._factory = session_factory
        self.lease = lease

    def begin(self, channel: str, external_id: str, sender_id: str = "", text: str = "") -> Claim:
        """Claim a turn; see `Claim`."""
        key = external_id[:191]
        now = utcnow()
        try:
            with session_scope(self._factory) as session:
                session.add(ProcessedMessage(channel=channel, external_id=key, status=CLAIMED, claimed_at=now,
                                             sender_id=storable_text(sender_id)[:191], text=storable_text(text)))
            return Claim.FRESH
        except IntegrityError:
            pass
        with session_scope(self._factory) as session:
            row = session.scalars(select(ProcessedMessage).where(
                ProcessedMessage.channel == channel, ProcessedMessage.external_id == key)).one_or_none()
            if row is None or row.status == DONE:
                return Claim.DUPLICATE
            live = row.status == CLAIMED and row.claimed_at is not None and row.claimed_at > now - self.lease
            if live:
                return Claim.IN_PROGRESS
            # Compare-and-set: of several workers taking over the same stale claim, one wins.
            taken = session.execute(
                update(ProcessedMessage)
                .where(ProcessedMessage.id == row.id, ProcessedMessage.status == row.status,
                       ProcessedMessage.claimed_at == row.claimed_at)
                .values(status=CLAIMED, claimed_at=now)
            )
            return Claim.RETRY if getattr(taken, "rowcount", 0) == 1 else Claim.IN_PROGRESS

    def claim(self, channel: str, external_id: str) -> bool:
        """True when this call must process the id (first claim); False for a duplicate."""
        return self.begin(channel, external_id).process

    def finish(self, channel: str, external_id: str) -> None:
        """The turn is answered and delivered (or recorded for staff): forget its text."""
        with session_scope(self._factory) as session:
            session.execute(
                update(ProcessedMessage)
                .where(ProcessedMessage.channel == channel, ProcessedMessage.external_id == external_id[:191])
                .values(status=DONE, finished_at=utcnow(), text=None)
            )

    def recover(self) -> list[InterruptedTurn]:
        """Claims older than the lease become interrupted and, in the same transaction, rows of the
        undelivered log for staff (so a turn is never dropped between the two); returns them."""
        cutoff = utcnow() - self.lease
        out: list[InterruptedTurn] = []
        with session_scope(self._factory) as session:
            rows = session.scalars(select(ProcessedMessage).where(
                ProcessedMessage.status == CLAIMED, ProcessedMessage.claimed_at < cutoff).limit(500)).all()
            for row in rows:
                # Read before the update: it also refreshes `row` in this session (text → None).
                turn = InterruptedTurn(row.channel, row.external_id, row.sender_id or "", row.text or "")
                marked = session.execute(
                    update(ProcessedMessage)
                    .where(ProcessedMessage.id == row.id, ProcessedMessage.status == CLAIMED,
                           ProcessedMessage.claimed_at == row.claimed_at)
                    .values(status=INTERRUPTED, text=None)
                )
                if getattr(marked, "rowcount", 0) == 1:
                    session.add(UndeliveredMessage(channel=turn.channel, sender_id=turn.sender_id,
                                                   text=turn.text, reason=INTERRUPTED_REASON))
                    out.append(turn)
        return out

    def prune(self, older_than: timedelta) -> int:
        """Forget ids claimed before `older_than` ago; returns the number removed."""
        cutoff = utcnow() - older_than
        with session_scope(self._factory) as session:
            result = session.execute(
                delete(ProcessedMessage).where(ProcessedMessage.created_at < cutoff)
            )
            return int(getattr(result, "rowcount", 0) or 0)
