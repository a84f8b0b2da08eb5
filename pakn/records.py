"""Plain, detached views of PAKN rows and the inputs of the service (no ORM objects leak out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pakn.delivery import DeliveryResult
from pakn.models import KIND_LABELS, OPEN_STATUSES, STATUS_LABELS, Feedback, StatusEvent


@dataclass(frozen=True)
class FeedbackDraft:
    """What the citizen confirmed in the chat, ready to be filed."""

    kind: str
    content: str
    province_name: str
    sender_id: str
    consent: bool
    province_id: str | None = None
    commune: str | None = None
    procedure_id: str | None = None
    procedure_text: str | None = None
    citizen_name: str | None = None
    phone: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One history line of a PAKN."""

    event: str
    actor: str
    created_at: dt.datetime
    from_status: str | None = None
    to_status: str | None = None
    note: str | None = None
    delivered: bool | None = None
    delivery_reason: str | None = None

    @classmethod
    def of(cls, row: StatusEvent) -> HistoryEntry:
        return cls(row.event, row.actor, row.created_at, row.from_status, row.to_status, row.note,
                   row.delivered, row.delivery_reason)


class _Labelled:
    """Vietnamese labels of a PAKN's kind and status (for views that carry both)."""

    kind: str
    status: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class FeedbackView(_Labelled):
    """Everything staff may see about one PAKN."""

    code: str
    kind: str
    status: str
    content: str | None
    province_name: str
    province_id: str | None
    commune: str | None
    procedure_id: str | None
    procedure_text: str | None
    citizen_name: str | None
    phone: str | None
    channel: str
    sender_id: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    due_at: dt.datetime
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    answer_text: str | None
    answered_by: str | None
    purged_at: dt.datetime | None
    history: tuple[HistoryEntry, ...] = field(default_factory=tuple)

    def is_overdue(self, now: dt.datetime) -> bool:
        """Still open after its deadline."""
        return self.status in OPEN_STATUSES and now > self.due_at

    @classmethod
    def of(cls, row: Feedback, with_history: bool = True) -> FeedbackView:
        history = tuple(HistoryEntry.of(h) for h in row.history) if with_history else ()
        return cls(
            code=row.code, kind=row.kind, status=row.status, content=row.content,
            province_name=row.province_name, province_id=row.province_id, commune=row.commune,
            procedure_id=row.procedure_id, procedure_text=row.procedure_text, citizen_name=row.citizen_name,
            phone=row.phone, channel=row.channel, sender_id=row.sender_id, created_at=row.created_at,
            updated_at=row.updated_at, due_at=row.due_at, answered_at=row.answered_at, closed_at=row.closed_at,
            answer_text=row.answer_text, answered_by=row.answered_by, purged_at=row.purged_at, history=history,
        )


@dataclass(frozen=True)
class CitizenStatus(_Labelled):
    """What a citizen who proved access is shown: no phone, no sender, no staff notes."""

    code: str
    kind: str
    status: str
    created_at: dt.datetime
    province_name: str
    answer_text: str | None
    answered_at: dt.datetime | None


@dataclass(frozen=True)
class ListFilter:
    """Staff list/export filter; dates are Vietnamese calendar days, inclusive."""

    status: str | None = None
    kind: str | None = None
    province: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    overdue_only: bool = False
    limit: int | None = None


@dataclass(frozen=True)
class AnswerResult:
    """The answered PAKN and whether the answer reached the citizen."""

    feedback: FeedbackView
    delivery: DeliveryResult | None
