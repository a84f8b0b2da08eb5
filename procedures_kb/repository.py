"""Read the knowledge base from the database into validated objects, cached for the bot."""

from __future__ import annotations

import threading
import time

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from procedures_kb.exceptions import ProcedureNotFound
from procedures_kb.models import ProcedureRow
from procedures_kb.resolver import Resolver
from procedures_kb.schema import Procedure


class KnowledgeBase:
    """An immutable snapshot of every procedure plus its resolver."""

    def __init__(self, procedures: list[Procedure]) -> None:
        self.procedures = {p.id: p for p in procedures}
        self.resolver = Resolver(procedures)

    def get(self, procedure_id: str) -> Procedure:
        """The procedure with this id, or ProcedureNotFound."""
        try:
            return self.procedures[procedure_id]
        except KeyError as exc:
            raise ProcedureNotFound(procedure_id) from exc

    @classmethod
    def from_session(cls, session: Session) -> KnowledgeBase:
        """Build a snapshot from the procedures table."""
        rows = session.scalars(select(ProcedureRow).order_by(ProcedureRow.id)).all()
        return cls([Procedure.model_validate(row.payload) for row in rows])


class CachedKnowledgeBase:
    """Reloads the snapshot from the database at most every `ttl` seconds (thread-safe)."""

    def __init__(self, engine: Engine, ttl: float = 60.0) -> None:
        self._engine = engine
        self._ttl = ttl
        self._lock = threading.Lock()
        self._snapshot: KnowledgeBase | None = None
        self._loaded_at = 0.0

    def get(self) -> KnowledgeBase:
        """The current snapshot; raises SQLAlchemy errors when the database is unreachable."""
        with self._lock:
            now = time.monotonic()
            if self._snapshot is None or now - self._loaded_at > self._ttl:
                with Session(self._engine) as session:
                    self._snapshot = KnowledgeBase.from_session(session)
                self._loaded_at = now
            return self._snapshot
