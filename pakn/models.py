"""ORM tables of the PAKN log (prefixed `pakn_`): one row per PAKN and its status history."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base, UTCDateTime


class Status(str, Enum):
    """Life cycle of a PAKN: received → processing → answered → closed."""

    received = "received"
    processing = "processing"
    answered = "answered"
    closed = "closed"


class Kind(str, Enum):
    """Phản ánh (reports a problem) or kiến nghị (proposes a change)."""

    phan_anh = "phan_anh"
    kien_nghi = "kien_nghi"


STATUS_LABELS = {
    Status.received.value: "Đã tiếp nhận",
    Status.processing.value: "Đang xử lý",
    Status.answered.value: "Đã trả lời",
    Status.closed.value: "Đã kết thúc",
}
KIND_LABELS = {Kind.phan_anh.value: "Phản ánh", Kind.kien_nghi.value: "Kiến nghị"}
PROCESSED_STATUSES = (Status.answered.value, Status.closed.value)
OPEN_STATUSES = (Status.received.value, Status.processing.value)




def _in(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Feedback(Base):
    """One PAKN. Personal fields (content, name, phone, sender, commune, answer) are purged after retention."""

    __tablename__ = "pakn_feedback"
    __table_args__ = (
        CheckConstraint(_in("kind", [k.value for k in Kind]), name="kind"),
        CheckConstraint(_in("status", [s.value for s in Status]), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    content: Mapped[str | None] = mapped_column(Text, nullable=True)
    procedure_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    procedure_text: Mapped[str | None] = mapped_column(String(300), nullable=True)
    province_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    province_name: Mapped[str] = mapped_column(String(120))
    commune: Mapped[str | None] = mapped_column(String(150), nullable=True)
    citizen_name: Mapped[str | None] = mapped_column(String(150), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(16), nullable=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str | None] = mapped_column(String(191), nullable=True, index=True)
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answer_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    history: Mapped[list[StatusEvent]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan", order_by="StatusEvent.id"
    )


class StatusEvent(Base):
    """One entry of a PAKN's history: filed, status change, answer, delivery attempt, purge."""

    __tablename__ = "pakn_status_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("pakn_feedback.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    delivered: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    delivery_reason: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    feedback: Mapped[Feedback] = relationship(back_populates="history")
