"""Retention of the personal data the citizen-facing side keeps (issue 13, finding 6).

Run by the web service's maintenance loop every few hours: rows older than CONNECTORS_RETENTION_DAYS are
deleted from the undelivered log (resolved ones; unresolved ones after twice the period), the web inbox,
Telegram callback payloads, the turn journal, finished handovers and rated answers' texts, and, when Rasa's SQL tracker store shares the database
(docker-compose), Rasa's `events` table, which holds whole conversations (names, phones, PAKN text).
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import delete, inspect, or_, text
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope
from connectors.models import CallbackPayload, ProcessedMessage, UndeliveredMessage, WebInboxMessage, utcnow
from handover.retention import purge_handover_data

RASA_EVENTS_TABLE = "events"


def purge_personal_data(factory: sessionmaker[Session], days: int) -> dict[str, int]:
    """Delete personal data older than `days`; returns the rows removed per store."""
    cutoff = utcnow() - timedelta(days=days)
    removed: dict[str, int] = {}
    with session_scope(factory) as session:
        statements = {
            "undelivered": delete(UndeliveredMessage).where(or_(
                (UndeliveredMessage.resolved_at.is_not(None)) & (UndeliveredMessage.created_at < cutoff),
                UndeliveredMessage.created_at < cutoff - timedelta(days=days))),
            "web_inbox": delete(WebInboxMessage).where(WebInboxMessage.created_at < cutoff),
            "callback_payloads": delete(CallbackPayload).where(CallbackPayload.created_at < cutoff),
            "journal": delete(ProcessedMessage).where(ProcessedMessage.created_at < cutoff),
        }
        for name, statement in statements.items():
            removed[name] = int(getattr(session.execute(statement), "rowcount", 0) or 0)
        removed.update(purge_handover_data(session, cutoff, days))
        if inspect(session.connection()).has_table(RASA_EVENTS_TABLE):
            result = session.execute(text(f"DELETE FROM {RASA_EVENTS_TABLE} WHERE timestamp < :cutoff"),
                                     {"cutoff": time.time() - days * 86400})
            removed["rasa_trackers"] = int(getattr(result, "rowcount", 0) or 0)
    return removed
