"""PAKN service: file in one transaction, authorised status checks, staff workflow, reports, retention."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TextIO

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from common.db import make_engine, make_session_factory, utcnow
from common.pii import get_logger
from common.settings import PaknSettings
from common.vntime import day_start_utc, due_at
from pakn import reports
from pakn.codes import new_code, normalize_code
from pakn.delivery import Deliverer, DeliveryResult, HttpDeliverer, channel_of
from pakn.exceptions import (
    InvalidTransition,
    PaknAccessDenied,
    PaknError,
    PaknNotFound,
    PaknStorageError,
    PaknValidationError,
)
from pakn.models import OPEN_STATUSES, Feedback, Kind, Status, StatusEvent
from pakn.phone import normalize_phone
from pakn.records import (
    AnswerResult,
    CitizenStatus,
    FeedbackDraft,
    FeedbackView,
    ListFilter,
)
from vi_text.text import fold

logger = get_logger(__name__)

MIN_CONTENT_CHARS = 20
MIN_CONTENT_WORDS = 4
MAX_CONTENT_CHARS = 4000
MAX_ANSWER_CHARS = 4000
CODE_ATTEMPTS = 5
CITIZEN = "citizen"
SYSTEM = "system"

# Forward along received → processing → answered → closed; closing is possible from any open state
# (duplicate, spam, withdrawn), and an answered item may be reopened.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.received.value: frozenset({Status.processing.value, Status.closed.value}),
    Status.processing.value: frozenset({Status.answered.value, Status.closed.value}),
    Status.answered.value: frozenset({Status.processing.value, Status.closed.value}),
    Status.closed.value: frozenset(),
}


def content_problem(text: str) -> str | None:
    """Why a content text is not enough to act on ('short'/'long'), else None."""
    stripped = " ".join(text.split())
    if len(stripped) < MIN_CONTENT_CHARS or len(stripped.split()) < MIN_CONTENT_WORDS:
        return "short"
    if len(stripped) > MAX_CONTENT_CHARS:
        return "long"
    return None


def _clean(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())[:limit].strip()
    return text or None


def _clean_content(value: str) -> str:
    lines = [" ".join(line.split()) for line in value.strip().splitlines()]
    return "\n".join(line for line in lines if line)


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


class PaknService:
    """All PAKN operations over a session factory; every database failure becomes PaknStorageError."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: PaknSettings | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        code_factory: Callable[[], str] = new_code,
        deliver: Deliverer | None = None,
    ) -> None:
        self._factory = session_factory
        self.settings = settings or PaknSettings.from_env()
        self._clock = clock
        self._new_code = code_factory
        self._deliver: Deliverer = deliver or HttpDeliverer()

    # -- plumbing ---------------------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """One transaction; database errors surface as PaknStorageError, domain errors unchanged."""
        try:
            session = self._factory()
        except SQLAlchemyError as exc:
            raise PaknStorageError(f"database unavailable: {exc.__class__.__name__}") from exc
        try:
            yield session
            session.commit()
        except PaknError:
            session.rollback()
            raise
        except SQLAlchemyError as exc:
            self._safe_rollback(session)
            raise PaknStorageError(f"database error: {exc.__class__.__name__}") from exc
        except BaseException:
            self._safe_rollback(session)
            raise
        finally:
            session.close()

    @staticmethod
    def _safe_rollback(session: Session) -> None:
        try:
            session.rollback()
        except SQLAlchemyError:
            logger.warning("rollback failed after a database error")

    @staticmethod
    def _by_code(session: Session, code: str, lock: bool = False) -> Feedback | None:
        canonical = normalize_code(code)
        if canonical is None:
            return None
        query = select(Feedback).where(Feedback.code == canonical).options(selectinload(Feedback.history))
        if lock:
            query = query.with_for_update()
        return session.scalars(query).first()

    def _event(self, row: Feedback, event: str, actor: str, now: dt.datetime, *, to_status: str | None = None,
               note: str | None = None, delivery: DeliveryResult | None = None) -> None:
        row.history.append(StatusEvent(
            event=event, from_status=row.status if to_status else None, to_status=to_status, actor=actor,
            note=note, created_at=now,
            delivered=delivery.delivered if delivery else None,
            delivery_reason=(delivery.reason or None) if delivery else None,
        ))
        if to_status:
            row.status = to_status
        row.updated_at = now

    # -- citizens -------------------------------------------------------------------------------
    def validate_draft(self, draft: FeedbackDraft) -> FeedbackDraft:
        """A cleaned copy of the draft, or PaknValidationError naming the field."""
        if draft.kind not in {k.value for k in Kind}:
            raise PaknValidationError("kind", "must be phan_anh or kien_nghi")
        problem = content_problem(draft.content or "")
        if problem:
            raise PaknValidationError("content", f"too {problem}")
        if not draft.consent:
            raise PaknValidationError("consent", "the citizen did not consent to storing personal data")
        if not _clean(draft.province_name, 120):
            raise PaknValidationError("province", "required")
        if not (draft.sender_id or "").strip():
            raise PaknValidationError("sender_id", "required")
        phone = normalize_phone(draft.phone) if draft.phone else None
        return FeedbackDraft(
            kind=draft.kind, content=_clean_content(draft.content), province_name=_clean(draft.province_name, 120) or "",
            sender_id=draft.sender_id.strip()[:191], consent=True, province_id=_clean(draft.province_id, 64),
            commune=_clean(draft.commune, 150), procedure_id=_clean(draft.procedure_id, 64),
            procedure_text=_clean(draft.procedure_text, 300), citizen_name=_clean(draft.citizen_name, 150),
            phone=phone, channel=(draft.channel or channel_of(draft.sender_id))[:32],
        )

    def file(self, draft: FeedbackDraft) -> FeedbackView:
        """Store a confirmed PAKN with its first history line in one transaction; return it with its code.

        The code is only returned after the commit succeeded. Raises PaknValidationError for a bad
        draft and PaknStorageError when nothing could be saved.
        """
        clean = self.validate_draft(draft)
        for attempt in range(1, CODE_ATTEMPTS + 1):
            code = self._new_code()
            try:
                with self._transaction() as session:
                    now = self._clock()
                    row = Feedback(
                        code=code, kind=clean.kind, status=Status.received.value, content=clean.content,
                        procedure_id=clean.procedure_id, procedure_text=clean.procedure_text,
                        province_id=clean.province_id, province_name=clean.province_name, commune=clean.commune,
                        citizen_name=clean.citizen_name, phone=clean.phone, channel=clean.channel or "rest",
                        sender_id=clean.sender_id, consent_at=now, created_at=now, updated_at=now,
                        due_at=due_at(now, self.settings.due_working_days),
                    )
                    row.history.append(StatusEvent(event="filed", from_status=None, to_status=Status.received.value,
                                                   actor=CITIZEN, note=None, created_at=now))
                    session.add(row)
                    session.flush()
                    view = FeedbackView.of(row)
            except PaknStorageError as exc:
                if isinstance(exc.__cause__, IntegrityError) and attempt < CODE_ATTEMPTS and self._code_taken(code):
                    logger.warning("tracking code collision, drawing another (attempt %d)", attempt)
                    continue
                logger.error("PAKN not saved: %s", exc)
                raise
            logger.info("PAKN %s filed (kind=%s, channel=%s, province=%s)", view.code, view.kind, view.channel,
                        view.province_id or view.province_name)
            return view
        raise PaknStorageError("could not draw a free tracking code")  # pragma: no cover - 5 collisions in a row

    def _code_taken(self, code: str) -> bool:
        try:
            with self._transaction() as session:
                return session.scalar(select(Feedback.id).where(Feedback.code == code)) is not None
        except PaknStorageError:
            return False

    def is_owner(self, code: str, sender_id: str) -> bool:
        """Whether this sender filed the PAKN (False for unknown codes: existence is not revealed)."""
        with self._transaction() as session:
            row = self._by_code(session, code)
            return row is not None and _same(row.sender_id, sender_id)

    def codes_of_sender(self, sender_id: str, limit: int = 5) -> list[str]:
        """The sender's own most recent tracking codes (for the status question's buttons)."""
        if not sender_id:
            return []
        with self._transaction() as session:
            query = (select(Feedback.code).where(Feedback.sender_id == sender_id)
                     .order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(limit))
            return list(session.scalars(query))

    def check_status(self, code: str, sender_id: str, phone: str | None = None) -> CitizenStatus:
        """The status for the sender who filed it, or for anyone giving the phone stored with it.

        Raises PaknAccessDenied otherwise — also for unknown codes, so nobody learns whether a code exists.
        """
        wanted: str | None = None
        if phone:
            try:
                wanted = normalize_phone(phone)
            except PaknValidationError:
                wanted = None
        with self._transaction() as session:
            row = self._by_code(session, code)
            if row is None or not (_same(row.sender_id, sender_id) or _same(row.phone, wanted)):
                logger.info("PAKN status check refused (code %s)", normalize_code(code) or "malformed")
                raise PaknAccessDenied("no PAKN matches this code and sender/phone")
            return CitizenStatus(row.code, row.kind, row.status, row.created_at, row.province_name,
                                 row.answer_text, row.answered_at)

    # -- staff ----------------------------------------------------------------------------------
    def get(self, code: str) -> FeedbackView:
        """One PAKN with its history; PaknNotFound if the code is unknown."""
        with self._transaction() as session:
            row = self._by_code(session, code)
            if row is None:
                raise PaknNotFound(code)
            return FeedbackView.of(row)

    def change_status(self, code: str, new_status: str, staff: str, note: str | None = None) -> FeedbackView:
        """Move a PAKN to a new status, recording who, when and why in its history."""
        staff = (staff or "").strip()
        if not staff:
            raise PaknValidationError("staff", "the staff member's name is required")
        if new_status not in TRANSITIONS:
            raise InvalidTransition(f"unknown status {new_status!r}")
        with self._transaction() as session:
            row = self._by_code(session, code, lock=True)
            if row is None:
                raise PaknNotFound(code)
            if new_status not in TRANSITIONS[row.status]:
                raise InvalidTransition(f"{row.status} → {new_status} is not allowed")
            if new_status == Status.answered.value and not row.answer_text:
                raise InvalidTransition("use `answer` to answer the citizen before marking it answered")
            now = self._clock()
            self._event(row, "status", staff[:100], now, to_status=new_status, note=_clean_note(note))
            if new_status == Status.closed.value:
                row.closed_at = now
            session.flush()
            view = FeedbackView.of(row)
        logger.info("PAKN %s: %s by staff", view.code, new_status)
        return view

    def answer(self, code: str, staff: str, text: str, deliver: bool = True) -> AnswerResult:
        """Store the staff answer (status → answered) and then deliver it on the citizen's channel.

        The answer is committed first; the delivery outcome is recorded in the history afterwards,
        so a platform failure never loses the answer.
        """
        staff = (staff or "").strip()
        body = _clean_content(text or "")
        if not staff:
            raise PaknValidationError("staff", "the staff member's name is required")
        if not body:
            raise PaknValidationError("answer", "the answer text is empty")
        if len(body) > MAX_ANSWER_CHARS:
            raise PaknValidationError("answer", f"longer than {MAX_ANSWER_CHARS} characters")
        with self._transaction() as session:
            row = self._by_code(session, code, lock=True)
            if row is None:
                raise PaknNotFound(code)
            if row.status == Status.closed.value:
                raise InvalidTransition("a closed PAKN cannot be answered")
            now = self._clock()
            if row.status == Status.received.value:
                self._event(row, "status", staff[:100], now, to_status=Status.processing.value,
                            note="Chuyển sang xử lý khi trả lời")
            to_status = Status.answered.value if row.status != Status.answered.value else None
            self._event(row, "answer", staff[:100], now, to_status=to_status, note=body)
            row.answer_text, row.answered_by, row.answered_at = body, staff[:100], now
            session.flush()
            view = FeedbackView.of(row)
        delivery = self._deliver_answer(view) if deliver else None
        if delivery is not None:
            view = self._record_delivery(view.code, staff, delivery)
        return AnswerResult(view, delivery)

    def _deliver_answer(self, view: FeedbackView) -> DeliveryResult:
        if not view.sender_id:
            return DeliveryResult(False, "no sender id (personal data purged)")
        message = (f"Trả lời {view.kind_label.lower()} {view.code} của bạn:\n\n{view.answer_text}\n\n"
                   f"Bạn có thể xem lại bất cứ lúc nào bằng cách nhắn “tra cứu {view.code}”.")
        return self._deliver(view.channel, view.sender_id, message)

    def _record_delivery(self, code: str, staff: str, delivery: DeliveryResult) -> FeedbackView:
        with self._transaction() as session:
            row = self._by_code(session, code, lock=True)
            if row is None:  # pragma: no cover - deleted between the two transactions
                raise PaknNotFound(code)
            self._event(row, "delivery", staff[:100], self._clock(), delivery=delivery)
            session.flush()
            view = FeedbackView.of(row)
        logger.info("PAKN %s answer delivered=%s", code, delivery.delivered)
        return view

    def _filtered(self, flt: ListFilter) -> Select[tuple[Feedback]]:
        query = select(Feedback)
        if flt.status:
            query = query.where(Feedback.status == flt.status)
        if flt.kind:
            query = query.where(Feedback.kind == flt.kind)
        if flt.date_from:
            query = query.where(Feedback.created_at >= day_start_utc(flt.date_from))
        if flt.date_to:
            query = query.where(Feedback.created_at < day_start_utc(flt.date_to + dt.timedelta(days=1)))
        if flt.overdue_only:
            query = query.where(Feedback.status.in_(OPEN_STATUSES), Feedback.due_at < self._clock())
        return query.order_by(Feedback.created_at.desc(), Feedback.id.desc())

    def find(self, flt: ListFilter | None = None, with_history: bool = False) -> list[FeedbackView]:
        """PAKN matching the filter, newest first."""
        flt = flt or ListFilter()
        query = self._filtered(flt)
        if with_history:
            query = query.options(selectinload(Feedback.history))
        out: list[FeedbackView] = []
        with self._transaction() as session:
            for row in session.scalars(query):
                if flt.province and not _province_matches(row.province_id, row.province_name, flt.province):
                    continue
                out.append(FeedbackView.of(row, with_history=with_history))
                if flt.limit and len(out) >= flt.limit:
                    break
        return out

    def summary(self, date_from: dt.date | None = None, date_to: dt.date | None = None,
                province: str | None = None) -> reports.Summary:
        """Received, processed, rate and overdue, by type, province and month (anonymous columns only)."""
        now = self._clock()
        flt = ListFilter(date_from=date_from, date_to=date_to)
        columns = (Feedback.kind, Feedback.status, Feedback.province_id, Feedback.province_name,
                   Feedback.created_at, Feedback.due_at)
        query = self._filtered(flt).with_only_columns(*columns)
        rows: list[reports.ReportRow] = []
        with self._transaction() as session:
            for kind, status, pid, pname, created, due in session.execute(query):
                if province and not _province_matches(pid, pname, province):
                    continue
                rows.append(reports.ReportRow(kind, status, pid, pname, created, due,
                                              status in OPEN_STATUSES and now > due))
        return reports.summarize(rows, now, date_from, date_to)

    def export_csv(self, stream: TextIO, flt: ListFilter | None = None, personal: bool = False) -> int:
        """Write the filtered PAKN as CSV (UTF-8 BOM for Excel); personal columns only when asked."""
        return reports.write_csv(stream, self.find(flt), self._clock(), personal=personal)

    def purge_personal_data(self, retention_days: int | None = None, dry_run: bool = False) -> list[str]:
        """Erase the personal data of PAKN closed more than N days ago; keep the anonymous facts.

        Content, name, phone, sender id, commune, the answer and history notes are cleared; type,
        province, procedure, status and dates stay, so the figures do not change.
        """
        days = retention_days or self.settings.retention_days
        now = self._clock()
        cutoff = now - dt.timedelta(days=days)
        purged: list[str] = []
        with self._transaction() as session:
            query = (select(Feedback).where(Feedback.status == Status.closed.value, Feedback.closed_at < cutoff,
                                            Feedback.purged_at.is_(None))
                     .options(selectinload(Feedback.history)).with_for_update())
            for row in session.scalars(query):
                purged.append(row.code)
                if dry_run:
                    continue
                row.content = row.citizen_name = row.phone = row.sender_id = row.commune = row.answer_text = None
                for event in row.history:
                    event.note = None
                row.purged_at = now
                self._event(row, "purge", SYSTEM, now, note=f"Xóa dữ liệu cá nhân sau {days} ngày lưu trữ")
            if dry_run:
                session.rollback()
        logger.info("PAKN retention: %d item(s) %s", len(purged), "would be purged" if dry_run else "purged")
        return purged


def _province_matches(province_id: str | None, province_name: str, wanted: str) -> bool:
    """Whether a row is in the wanted province: by id ("ha_noi"), by any name the directory knows, or by text."""
    key = fold(wanted).replace("_", " ").strip()
    if not key:
        return False
    if key == fold(province_id or "").replace("_", " "):
        return True
    resolved = _resolved_province_id(wanted)
    if resolved is not None:
        return resolved == province_id
    return key in fold(province_name)


@lru_cache(maxsize=256)
def _resolved_province_id(text: str) -> str | None:
    try:
        from pakn.places import match_province

        found = match_province(text)
    except Exception:  # no province list: fall back to text matching
        return None
    return found.id if found else None


def _clean_note(note: str | None) -> str | None:
    return _clean_content(note)[:2000] or None if note else None


@lru_cache(maxsize=1)
def get_service() -> PaknService:
    """The process-wide service on DATABASE_URL, created on first use (never at import)."""
    return PaknService(make_session_factory(make_engine()))


def reset_service() -> None:
    """Forget the cached service (tests, or after changing DATABASE_URL)."""
    get_service.cache_clear()
