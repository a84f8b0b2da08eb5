"""Unanswered turns for staff: fallback, clarify, out of scope, outside the catalogue.

Staff see the conversation around a turn, reply to the citizen once on their channel (the reply is an
answered handover case, so the retention purge erases it like the rest), label the turn with the
intent and procedure it asked about (it becomes a reviewed training example) or dismiss it. `export` writes the reviewed examples where the next `make train` reads them:
intent examples (Rasa NLU YAML) and (text, procedure) pairs for the procedure ranker. Texts are kept
and exported with phone and ID numbers masked; a text reserved for the independent evaluation is
never stored as an example.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from common.db import utcnow
from common.pii import mask_pii
from console.exceptions import AnalyticsUnavailable, ReviewRefused
from console.models import AnalyticsTurn, ReviewedTurn, TurnReply
from handover.store import HandoverStore
from vi_text.intent_examples import question_example
from vi_text.reserved import is_reserved

NEEDS_REVIEW = ("fallback", "clarify", "out_of_scope", "out_of_catalogue")
INTENTS = ("ask_procedure_overview", "ask_documents", "ask_fee", "ask_processing_time", "ask_where",
           "ask_online_submission", "ask_application_status", "give_feedback", "request_human", "out_of_scope")
MAX_TEXT = 1000
CONTEXT_EVENTS = 6  # user and bot messages shown before the turn, and as many after it
REPLYABLE_CHANNELS = ("telegram", "zalo", "webchat")  # the channels the connectors' outbound API serves


@dataclass(frozen=True)
class PendingTurn:
    """An unanswered turn waiting for staff: what the citizen wrote (masked) and what the bot did."""

    event_id: int
    day: str
    channel: str
    outcome: str
    intent: str
    text: str
    replied: bool = False


@dataclass(frozen=True)
class Line:
    """One message of the conversation around a turn, masked."""

    who: str  # citizen | bot
    text: str
    target: bool  # the turn under review


@dataclass(frozen=True)
class TurnContext:
    """An unanswered turn with the conversation around it, and what staff already did about it."""

    event_id: int
    sender_id: str
    channel: str
    text: str
    lines: list[Line]
    reply_case: int | None
    review_status: str | None

    @property
    def replyable(self) -> bool:
        return self.channel in REPLYABLE_CHANNELS and self.reply_case is None


class ReviewQueue:
    """Pending unanswered turns (from the analytics rows and the tracker store), labels, export."""

    def __init__(self, tracker_engine: Engine, factory: sessionmaker[Session]) -> None:
        self._tracker = tracker_engine
        self._factory = factory

    def pending(self, limit: int = 50) -> list[PendingTurn]:
        """The newest unanswered turns that no one labelled or dismissed yet."""
        with self._factory() as session:
            reviewed = select(ReviewedTurn.event_id)
            rows = session.execute(
                select(AnalyticsTurn).where(AnalyticsTurn.outcome.in_(NEEDS_REVIEW),
                                            AnalyticsTurn.event_id.not_in(reviewed))
                .order_by(AnalyticsTurn.event_id.desc()).limit(limit)).scalars().all()
            replied = set(session.scalars(select(TurnReply.event_id).where(
                TurnReply.event_id.in_([r.event_id for r in rows]))))
        texts = self._texts([r.event_id for r in rows])
        return [PendingTurn(r.event_id, r.day.strftime("%d/%m/%Y"), r.channel, r.outcome, r.intent,
                            texts.get(r.event_id, ""), r.event_id in replied) for r in rows if r.event_id in texts]

    def context(self, event_id: int) -> TurnContext | None:
        """The turn and up to CONTEXT_EVENTS messages on each side of it; None when it is gone."""
        query = text("SELECT sender_id FROM events WHERE id = :id AND type_name = 'user'")
        around = text("SELECT id, type_name, data FROM events WHERE sender_id = :sender AND type_name IN ('user', 'bot') "
                      "AND id < :id ORDER BY id DESC LIMIT :n")
        after = text("SELECT id, type_name, data FROM events WHERE sender_id = :sender AND type_name IN ('user', 'bot') "
                     "AND id >= :id ORDER BY id LIMIT :n")
        try:
            with self._tracker.connect() as conn:
                sender = conn.execute(query, {"id": event_id}).scalar()
                if sender is None:
                    return None
                before = conn.execute(around, {"sender": sender, "id": event_id, "n": CONTEXT_EVENTS}).all()
                later = conn.execute(after, {"sender": sender, "id": event_id, "n": CONTEXT_EVENTS + 1}).all()
        except SQLAlchemyError as exc:
            raise AnalyticsUnavailable(f"Rasa's tracker store cannot be read: {exc.__class__.__name__}") from exc
        lines: list[Line] = []
        target = ""
        for row_id, kind, data in [*reversed(before), *later]:
            message = _message(data)
            if not message:
                continue
            if row_id == event_id:
                target = message
            lines.append(Line("citizen" if kind == "user" else "bot", message, row_id == event_id))
        with self._factory() as session:
            case = session.scalar(select(TurnReply.case_id).where(TurnReply.event_id == event_id))
            status = session.scalar(select(ReviewedTurn.status).where(ReviewedTurn.event_id == event_id))
        channel = str(sender).split(":", 1)[0] if ":" in str(sender) else "rest"
        return TurnContext(event_id, str(sender), channel, target, lines, case, status)

    def reply(self, turn: TurnContext, answer: str, actor: str, handovers: HandoverStore) -> int:
        """Record a staff reply to the turn, once: an already answered handover case holding the
        conversation and the answer. The caller delivers it. Returns the case id; ReviewRefused when
        the turn was already answered or its channel cannot be reached."""
        if turn.channel not in REPLYABLE_CHANNELS:
            raise ReviewRefused("Kênh của người dân này không nhận được tin nhắn từ cán bộ.")
        history = [{"who": line.who, "text": line.text} for line in turn.lines]
        try:
            with self._factory() as session:
                case_id = handovers.add_answered(session, turn.channel, turn.sender_id, turn.text, history,
                                                 actor, answer)
                session.add(TurnReply(event_id=turn.event_id, case_id=case_id, actor=actor,
                                      created_at=handovers.clock()))
                session.commit()
                return case_id
        except IntegrityError as exc:
            raise ReviewRefused("Câu này đã được cán bộ trả lời rồi.") from exc

    def label(self, event_id: int, intent: str, procedure: str | None, actor: str) -> ReviewedTurn:
        """Store the turn as a reviewed example; ReviewRefused for a bad label, a reserved or missing text."""
        if intent not in INTENTS:
            raise ReviewRefused("Ý định không hợp lệ.")
        message = self._texts([event_id]).get(event_id)
        if not message:
            raise ReviewRefused("Không còn tin nhắn này trong kho hội thoại (có thể đã bị xoá theo thời hạn lưu).")
        if is_reserved(message):
            raise ReviewRefused("Câu này thuộc bộ đánh giá độc lập, không dùng làm dữ liệu huấn luyện.")
        return self._store(ReviewedTurn(event_id=event_id, status="labelled", text=message, intent=intent,
                                        procedure=procedure or None, actor=actor, created_at=utcnow()))

    def dismiss(self, event_id: int, actor: str) -> ReviewedTurn:
        """Take the turn off the list without making it an example."""
        return self._store(ReviewedTurn(event_id=event_id, status="dismissed", actor=actor, created_at=utcnow()))

    def export(self, nlu_path: Path, ranker_path: Path) -> int:
        """Write the labelled examples for the next training; the number written."""
        with self._factory() as session:
            examples = session.execute(select(ReviewedTurn).where(ReviewedTurn.status == "labelled")
                                       .order_by(ReviewedTurn.event_id)).scalars().all()
        by_intent: dict[str, list[str]] = {}
        for example in examples:
            line = question_example(str(example.text))  # its question, one line, no entity brackets
            by_intent.setdefault(str(example.intent), []).append(line)
        lines = ["# Reviewed by staff in the console (python -m console export-labels); regenerated, do not edit.",
                 'version: "3.1"', "nlu:"]
        for intent, texts in sorted(by_intent.items()):
            lines += [f"- intent: {intent}", "  examples: |", *(f"    - {t}" for t in dict.fromkeys(texts))]
        nlu_path.parent.mkdir(parents=True, exist_ok=True)
        nlu_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        ranker_path.parent.mkdir(parents=True, exist_ok=True)
        with ranker_path.open("w", encoding="utf-8") as handle:
            for example in examples:
                label = example.procedure or "none"
                handle.write(json.dumps({"text": example.text, "label": label}, ensure_ascii=False) + "\n")
        return len(examples)

    def _store(self, row: ReviewedTurn) -> ReviewedTurn:
        try:
            with self._factory() as session:
                session.add(row)
                session.commit()
        except IntegrityError as exc:
            raise ReviewRefused("Câu này đã được xử lý rồi.") from exc
        return row

    def _texts(self, event_ids: list[int]) -> dict[int, str]:
        """The masked texts of these user events, read from the tracker store."""
        if not event_ids:
            return {}
        query = text("SELECT id, data FROM events WHERE id IN ({})".format(",".join(str(int(i)) for i in event_ids)))
        try:
            with self._tracker.connect() as conn:
                rows = conn.execute(query).all()
        except SQLAlchemyError as exc:
            raise AnalyticsUnavailable(f"Rasa's tracker store cannot be read: {exc.__class__.__name__}") from exc
        out: dict[int, str] = {}
        for event_id, data in rows:
            message = _message(data)
            if message is not None:
                out[int(event_id)] = message
        return out


def _message(data: str) -> str | None:
    """The masked text of a user or bot event's JSON; None when it cannot be read."""
    try:
        message = str(json.loads(data).get("text") or "")
    except (TypeError, ValueError, AttributeError):
        return None
    return mask_pii(message)[:MAX_TEXT]
