"""ORM tables of handovers (`hand_`) and answer ratings (`rate_`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.db import Base, UTCDateTime, utcnow

# A case is `queued` (waiting for staff), `claimed` (a person owns the conversation), `closed` (back to
# the bot), or in the unanswered inbox: `timed_out` (nobody claimed it in time), `out_of_hours`,
# `unhelpful` (an answer rated 👎), `unanswered` (staff replied from the console's list of turns the
# bot could not answer; opened already answered). An inbox case gets `answered_at` once staff answered it later.
ACTIVE = ("queued", "claimed")
INBOX = ("timed_out", "out_of_hours", "unhelpful", "unanswered")


class HandoverCase(Base):
    """One request for a person (or one 👎 exchange) of one citizen on one channel."""

    __tablename__ = "hand_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str] = mapped_column(String(191), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    question: Mapped[str] = mapped_column(Text, default="")
    history: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of {"who", "text"}
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(191), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_by: Mapped[str | None] = mapped_column(String(191), nullable=True)
    answer_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class HandoverEvent(Base):
    """requested, queued, out_of_hours, claimed, message, closed, timed_out, answered: with its time."""

    __tablename__ = "hand_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hand_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(191), default="")
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AnswerRecord(Base):
    """An answer card as delivered: its id (carried by its 👍/👎 buttons), the question and the answer."""

    __tablename__ = "rate_answers"

    answer_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str] = mapped_column(String(191))
    procedure: Mapped[str] = mapped_column(String(64), default="")
    aspect: Mapped[str] = mapped_column(String(64), default="")
    question: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Rating(Base):
    """One rating per answer (the primary key): a second press or a redelivered card changes nothing."""

    __tablename__ = "rate_ratings"

    answer_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(8))  # up | down
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str] = mapped_column(String(191), index=True)
    procedure: Mapped[str] = mapped_column(String(64), default="", index=True)
    aspect: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
