"""Retention of what handovers and ratings keep about citizens (run by the connectors' maintenance).

Finished cases (closed, or answered from the inbox) and their events, and the question/answer texts of
rated answers, are deleted after the retention period; unfinished inbox cases after twice the period.
The ratings themselves (no text, only the answer id, procedure and aspect) stay for the analytics.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from handover.models import AnswerRecord, HandoverCase, HandoverEvent


def purge_handover_data(session: Session, cutoff: datetime, days: int) -> dict[str, int]:
    """Delete old cases, events and answer texts in the caller's transaction; rows removed per table."""
    finished = or_(HandoverCase.status == "closed", HandoverCase.answered_at.is_not(None))
    old = select(HandoverCase.id).where(or_(
        finished & (HandoverCase.requested_at < cutoff),
        HandoverCase.requested_at < cutoff - timedelta(days=days)))
    ids = list(session.scalars(old))
    events = session.execute(delete(HandoverEvent).where(HandoverEvent.case_id.in_(ids))) if ids else None
    cases = session.execute(delete(HandoverCase).where(HandoverCase.id.in_(ids))) if ids else None
    answers = session.execute(delete(AnswerRecord).where(AnswerRecord.created_at < cutoff))
    return {"handover_cases": int(getattr(cases, "rowcount", 0) or 0),
            "handover_events": int(getattr(events, "rowcount", 0) or 0),
            "rated_answers": int(getattr(answers, "rowcount", 0) or 0)}
