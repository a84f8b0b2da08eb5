"""ORM tables of the staff console (prefixed `console_`): accounts, sessions, the staff action log, analytics."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.db import Base, UTCDateTime


class Role(str, Enum):
    """`staff` works the desk and the queues; `admin` also manages accounts."""

    staff = "staff"
    admin = "admin"


class StaffUser(Base):
    """One staff account; the password is stored only as an argon2 hash."""

    __tablename__ = "console_users"
    __table_args__ = (CheckConstraint("role IN ('staff', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class StaffSession(Base):
    """A logged-in browser: the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "console_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class StaffAction(Base):
    """Who did what and when (status change, answer, account change); `request_id` makes a form act once."""

    __tablename__ = "console_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    request_id: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AnalyticsTurn(Base):
    """One citizen message as the analytics count it, read once from Rasa's tracker store.

    No text, no sender: the day, the channel, what was asked and what the assistant did, so the
    figures keep no personal data and need no purge."""

    __tablename__ = "console_analytics_turns"
    __table_args__ = tuple(Index(f"ix_console_analytics_turns_day_{c}", "day", c)
                           for c in ("outcome", "procedure", "intent", "channel"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(Integer, unique=True)  # the user event's id in Rasa's `events`
    day: Mapped[date] = mapped_column(Date)  # in Vietnam's time zone
    channel: Mapped[str] = mapped_column(String(16))
    intent: Mapped[str] = mapped_column(String(64))
    procedure: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str] = mapped_column(String(32))


class AnalyticsCursor(Base):
    """How far the analytics have read Rasa's `events` table (one row per tracker store)."""

    __tablename__ = "console_analytics_cursor"

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)


class ReviewedTurn(Base):
    """A turn the bot could not answer, as a staff member labelled (a reviewed training example) or
    dismissed it. The text is stored with phone and ID numbers masked."""

    __tablename__ = "console_reviewed_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(Integer, unique=True)
    status: Mapped[str] = mapped_column(String(16))  # labelled | dismissed
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    intent: Mapped[str | None] = mapped_column(String(64), nullable=True)
    procedure: Mapped[str | None] = mapped_column(String(64), nullable=True)
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TurnReply(Base):
    """A staff reply to an unanswered turn, sent once on the citizen's channel. No text here: the reply is
    an `answered` event of a handover case (`case_id`), which the retention purge erases with the rest."""

    __tablename__ = "console_turn_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(Integer, unique=True)  # the user event's id in Rasa's `events`
    case_id: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
