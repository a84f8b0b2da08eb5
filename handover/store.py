"""The handover queue: request, claim (atomic), messages, close, time out, the unanswered inbox.

Every state change is one conditional UPDATE (`… WHERE status = 'queued' AND claimed_by IS NULL`), so
two staff (or a staff member and the timeout sweeper) can never both win the same case.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope, utcnow
from handover.models import ACTIVE, INBOX, HandoverCase, HandoverEvent


@dataclass(frozen=True)
class Case:
    """A read-only view of a case."""

    id: int
    channel: str
    sender_id: str
    status: str
    question: str
    history: list[dict[str, str]]
    requested_at: datetime
    claimed_at: datetime | None
    claimed_by: str | None
    closed_at: datetime | None
    answered_at: datetime | None
    answer_id: str | None

    @classmethod
    def of(cls, row: HandoverCase) -> Case:
        try:
            history = json.loads(row.history or "[]")
        except ValueError:
            history = []
        return cls(row.id, row.channel, row.sender_id, row.status, row.question, history, row.requested_at,
                   row.claimed_at, row.claimed_by, row.closed_at, row.answered_at, row.answer_id)

    def waited(self, now: datetime) -> timedelta:
        """From the request to the claim (or now, while waiting)."""
        return (self.claimed_at or now) - self.requested_at

    def handled(self, now: datetime) -> timedelta | None:
        """From the claim to the close (or now, while a person owns it)."""
        if self.claimed_at is None:
            return None
        return (self.closed_at or now) - self.claimed_at


@dataclass(frozen=True)
class Event:
    """One recorded handover event."""

    kind: str
    actor: str
    text: str | None
    created_at: datetime


def question_of(history: Sequence[dict[str, str]]) -> str:
    """The citizen's last words before asking for a person (or the last thing they wrote)."""
    said = [h["text"] for h in history if h.get("who") == "citizen" and not h["text"].startswith("/")]
    return said[-2] if len(said) >= 2 else (said[-1] if said else "")


class HandoverStore:
    """Cases and their events in the shared database."""

    def __init__(self, factory: sessionmaker[Session], clock: Callable[[], datetime] = utcnow) -> None:
        self._factory = factory
        self.clock = clock

    def _event(self, session: Session, case_id: int, kind: str, actor: str, text: str | None = None) -> None:
        session.add(HandoverEvent(case_id=case_id, kind=kind, actor=actor, text=text, created_at=self.clock()))

    def open(self, channel: str, sender_id: str, history: Sequence[dict[str, str]], *, in_hours: bool,
             status: str | None = None, question: str | None = None, answer_id: str | None = None) -> Case:
        """A new case: `queued` in office hours, otherwise `out_of_hours` (or the given inbox status)."""
        now = self.clock()
        status = status or ("queued" if in_hours else "out_of_hours")
        with session_scope(self._factory) as session:
            row = HandoverCase(channel=channel, sender_id=sender_id, status=status,
                               question=question if question is not None else question_of(history),
                               history=json.dumps(list(history), ensure_ascii=False), requested_at=now,
                               answer_id=answer_id)
            session.add(row)
            session.flush()
            self._event(session, row.id, "requested", sender_id)
            self._event(session, row.id, status, "system")
            return Case.of(row)

    def add_answered(self, session: Session, channel: str, sender_id: str, question: str,
                     history: Sequence[dict[str, str]], staff: str, text: str) -> int:
        """An inbox case opened already answered (`unanswered`: staff replied to a turn the bot could
        not answer), in the caller's transaction so that the caller's once-only guard commits with it.
        Returns the case id."""
        now = self.clock()
        row = HandoverCase(channel=channel, sender_id=sender_id, status="unanswered", question=question,
                           history=json.dumps(list(history), ensure_ascii=False), requested_at=now,
                           answered_at=now, answered_by=staff)
        session.add(row)
        session.flush()
        self._event(session, row.id, "unanswered", "system")
        self._event(session, row.id, "answered", staff, text)
        return int(row.id)

    def active(self, sender_id: str) -> Case | None:
        """The queued or claimed case of a citizen, if any."""
        with session_scope(self._factory) as session:
            row = session.scalars(select(HandoverCase).where(HandoverCase.sender_id == sender_id,
                                                             HandoverCase.status.in_(ACTIVE))
                                  .order_by(HandoverCase.id.desc()).limit(1)).first()
            return None if row is None else Case.of(row)

    def get(self, case_id: int) -> Case | None:
        with session_scope(self._factory) as session:
            row = session.get(HandoverCase, case_id)
            return None if row is None else Case.of(row)

    def events(self, case_id: int) -> list[Event]:
        with session_scope(self._factory) as session:
            rows = session.scalars(select(HandoverEvent).where(HandoverEvent.case_id == case_id)
                                   .order_by(HandoverEvent.id))
            return [Event(r.kind, r.actor, r.text, r.created_at) for r in rows]

    def position(self, case_id: int) -> int:
        """1 for the first waiting case."""
        with session_scope(self._factory) as session:
            ahead = session.scalar(select(func.count()).select_from(HandoverCase)
                                   .where(HandoverCase.status == "queued", HandoverCase.id < case_id))
            return int(ahead or 0) + 1

    def _transition(self, case_id: int, kind: str, actor: str, source: str, values: dict[str, object],
                    *extra: ColumnElement[bool]) -> bool:
        with session_scope(self._factory) as session:
            result = session.execute(update(HandoverCase)
                                     .where(HandoverCase.id == case_id, HandoverCase.status == source, *extra)
                                     .values(**values).execution_options(synchronize_session=False))
            won = getattr(result, "rowcount", 0) == 1
            if won:
                self._event(session, case_id, kind, actor)
            return won

    def claim(self, case_id: int, staff: str) -> bool:
        """Take a waiting case; False when someone else (or the timeout) got it first."""
        return self._transition(case_id, "claimed", staff, "queued",
                                {"status": "claimed", "claimed_by": staff, "claimed_at": self.clock()},
                                HandoverCase.claimed_by.is_(None))

    def close(self, case_id: int, staff: str) -> bool:
        """Hand a claimed case back to the bot (only its owner may)."""
        return self._transition(case_id, "closed", staff, "claimed",
                                {"status": "closed", "closed_at": self.clock()}, HandoverCase.claimed_by == staff)

    def time_out(self, case_id: int) -> bool:
        """Move a waiting case to the inbox; False when it was claimed meanwhile."""
        return self._transition(case_id, "timed_out", "system", "queued", {"status": "timed_out"},
                                HandoverCase.claimed_by.is_(None))

    def overdue(self, timeout: timedelta) -> list[Case]:
        """Waiting cases requested more than `timeout` ago."""
        with session_scope(self._factory) as session:
            rows = session.scalars(select(HandoverCase).where(HandoverCase.status == "queued",
                                                              HandoverCase.requested_at < self.clock() - timeout))
            return [Case.of(r) for r in rows]

    def add_message(self, case_id: int, actor: str, text: str) -> None:
        """A message of the citizen (actor = their sender id) or of the staff member (their name)."""
        with session_scope(self._factory) as session:
            self._event(session, case_id, "message", actor, text)

    def mark_answered(self, case_id: int, staff: str, text: str) -> bool:
        """An inbox case answered later on its channel; False when already answered."""
        with session_scope(self._factory) as session:
            result = session.execute(update(HandoverCase)
                                     .where(HandoverCase.id == case_id, HandoverCase.status.in_(INBOX),
                                            HandoverCase.answered_at.is_(None))
                                     .values(answered_at=self.clock(), answered_by=staff)
                                     .execution_options(synchronize_session=False))
            won = getattr(result, "rowcount", 0) == 1
            if won:
                self._event(session, case_id, "answered", staff, text)
            return won

    def listing(self, statuses: Sequence[str], *, unanswered_only: bool = False, limit: int = 200) -> list[Case]:
        """Cases in these states, oldest first."""
        with session_scope(self._factory) as session:
            query = select(HandoverCase).where(HandoverCase.status.in_(list(statuses)))
            if unanswered_only:
                query = query.where(HandoverCase.answered_at.is_(None))
            rows = session.scalars(query.order_by(HandoverCase.id).limit(limit))
            return [Case.of(r) for r in rows]

    def average_wait(self, recent: int = 50) -> timedelta | None:
        """Mean wait of the latest claimed cases (None before the first claim)."""
        with session_scope(self._factory) as session:
            rows = session.execute(select(HandoverCase.requested_at, HandoverCase.claimed_at)
                                   .where(HandoverCase.claimed_at.is_not(None))
                                   .order_by(HandoverCase.id.desc()).limit(recent)).all()
        if not rows:
            return None
        return sum(((c - r) for r, c in rows), timedelta()) / len(rows)
