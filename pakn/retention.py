"""Retention of PAKN personal data: erase it from items closed longer than the retention period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from common.pii import get_logger
from pakn.models import Feedback, Status
from pakn.store import SYSTEM, PaknStore

logger = get_logger(__name__)



class Retention(PaknStore):
    """Erasing personal data while keeping the anonymous facts (figures stay the same)."""

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
