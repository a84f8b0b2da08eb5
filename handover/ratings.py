"""👍 / 👎 on answer cards: the answers as delivered, one rating per answer, the helpful rate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from common.db import session_scope, utcnow
from handover.models import AnswerRecord, Rating

VALUES = ("up", "down")
# What was wrong with a 👎 answer (asked, optionally).
REASONS = {
    "wrong_procedure": "Sai thủ tục",
    "outdated": "Thông tin đã cũ",
    "unclear": "Khó hiểu",
    "other": "Lý do khác",
}


@dataclass(frozen=True)
class Rate:
    """A helpful rate over some answers."""

    label: str
    up: int
    down: int

    @property
    def total(self) -> int:
        return self.up + self.down

    @property
    def helpful(self) -> float | None:
        """Share of 👍 (None without ratings)."""
        return self.up / self.total if self.total else None


@dataclass(frozen=True)
class RatingView:
    """A stored rating, for the inbox."""

    answer_id: str
    value: str
    reason: str | None
    procedure: str
    aspect: str
    created_at: datetime


class RatingStore:
    """Answers and their ratings in the shared database."""

    def __init__(self, factory: sessionmaker[Session], clock: Callable[[], datetime] = utcnow) -> None:
        self._factory = factory
        self.clock = clock

    def remember_answer(self, answer_id: str, channel: str, sender_id: str, procedure: str, aspect: str,
                        question: str, answer: str) -> bool:
        """Keep what was answered; a redelivered card (same id) is kept once. True when new."""
        try:
            with session_scope(self._factory) as session:
                session.add(AnswerRecord(answer_id=answer_id, channel=channel, sender_id=sender_id,
                                         procedure=procedure, aspect=aspect, question=question, answer=answer,
                                         created_at=self.clock()))
        except IntegrityError:
            return False
        return True

    def answer(self, answer_id: str) -> AnswerRecord | None:
        with session_scope(self._factory) as session:
            row = session.get(AnswerRecord, answer_id)
            if row is not None:
                session.expunge(row)
            return row

    def rate(self, answer_id: str, value: str, channel: str, sender_id: str, procedure: str = "",
             aspect: str = "") -> bool:
        """Store the rating unless this answer already has one. True when stored now."""
        if value not in VALUES:
            raise ValueError(f"rating must be one of {VALUES}")
        try:
            with session_scope(self._factory) as session:
                session.add(Rating(answer_id=answer_id, value=value, channel=channel, sender_id=sender_id,
                                   procedure=procedure[:64], aspect=aspect[:64], created_at=self.clock()))
        except IntegrityError:
            return False
        return True

    def set_reason(self, answer_id: str, reason: str) -> bool:
        """What was wrong with a 👎 answer; only the first reason counts."""
        if reason not in REASONS:
            return False
        with session_scope(self._factory) as session:
            result = session.execute(update(Rating).where(Rating.answer_id == answer_id, Rating.value == "down",
                                                          Rating.reason.is_(None))
                                     .values(reason=reason).execution_options(synchronize_session=False))
            return getattr(result, "rowcount", 0) == 1

    def _rates(self, column: InstrumentedAttribute[Any] | None) -> list[Rate]:
        up = func.sum(case((Rating.value == "up", 1), else_=0))
        down = func.sum(case((Rating.value == "down", 1), else_=0))
        with session_scope(self._factory) as session:
            if column is None:
                row = session.execute(select(up, down)).one()
                return [Rate("", int(row[0] or 0), int(row[1] or 0))]
            rows = session.execute(select(column, up, down).group_by(column).order_by(column)).all()
            return [Rate(str(r[0] or "—"), int(r[1] or 0), int(r[2] or 0)) for r in rows]

    def overall(self) -> Rate:
        return self._rates(None)[0]

    def by_procedure(self) -> list[Rate]:
        return self._rates(Rating.procedure)

    def by_aspect(self) -> list[Rate]:
        return self._rates(Rating.aspect)

    def by_reason(self) -> list[Rate]:
        return [r for r in self._rates(Rating.reason) if r.down]

    def of_senders(self, sender_ids: Sequence[str], limit: int = 500) -> dict[str, list[RatingView]]:
        """Ratings of these citizens, newest first, by sender id."""
        out: dict[str, list[RatingView]] = {}
        if not sender_ids:
            return out
        with session_scope(self._factory) as session:
            rows = session.scalars(select(Rating).where(Rating.sender_id.in_(list(set(sender_ids))))
                                   .order_by(Rating.created_at.desc()).limit(limit))
            for r in rows:
                out.setdefault(r.sender_id, []).append(
                    RatingView(r.answer_id, r.value, r.reason, r.procedure, r.aspect, r.created_at))
        return out
