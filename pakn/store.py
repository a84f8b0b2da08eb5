"""PAKN storage plumbing shared by filing, staff workflow and retention: one transaction per operation, errors typed."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from common.db import utcnow
from common.pii import get_logger
from common.settings import PaknSettings
from pakn.codes import new_code, normalize_code
from pakn.delivery import Deliverer, DeliveryResult, HttpDeliverer
from pakn.exceptions import (
    PaknError,
    PaknStorageError,
)
from pakn.models import Feedback, StatusEvent

logger = get_logger(__name__)


CITIZEN = "citizen"
SYSTEM = "system"


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


class PaknStore:
    """PAKN operations over a session factory; every database failure becomes PaknStorageError."""

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
