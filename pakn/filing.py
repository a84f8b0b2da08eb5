"""Citizens' side of PAKN: validate and file a draft in one transaction, authorised status checks."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from common.pii import get_logger
from common.vntime import due_at
from pakn.codes import normalize_code
from pakn.delivery import channel_of
from pakn.exceptions import (
    PaknAccessDenied,
    PaknStorageError,
    PaknValidationError,
)
from pakn.models import Feedback, Kind, Status, StatusEvent
from pakn.phone import normalize_phone
from pakn.records import (
    CitizenStatus,
    FeedbackDraft,
    FeedbackView,
)
from pakn.store import CITIZEN, PaknStore, _clean, _clean_content, _same

logger = get_logger(__name__)


MIN_CONTENT_CHARS = 20
MIN_CONTENT_WORDS = 4
MAX_CONTENT_CHARS = 4000
CODE_ATTEMPTS = 5


def content_problem(text: str) -> str | None:
    """Why a content text is not enough to act on ('short'/'long'), else None."""
    stripped = " ".join(text.split())
    if len(stripped) < MIN_CONTENT_CHARS or len(stripped.split()) < MIN_CONTENT_WORDS:
        return "short"
    if len(stripped) > MAX_CONTENT_CHARS:
        return "long"
    return None


class CitizenFiling(PaknStore):
    """Filing and the citizen's own status checks."""

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
