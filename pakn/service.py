"""PAKN service: filing (pakn.filing), staff workflow (pakn.workflow) and retention (pakn.retention) in one object."""

from __future__ import annotations

from functools import lru_cache

from common.db import make_engine, make_session_factory
from pakn.filing import CitizenFiling
from pakn.retention import Retention
from pakn.workflow import StaffWorkflow


class PaknService(CitizenFiling, StaffWorkflow, Retention):
    """All PAKN operations over a session factory; every database failure becomes PaknStorageError.

    Filing and status checks come from `CitizenFiling`, staff work from `StaffWorkflow`, purging from
    `Retention`; the transaction plumbing they share is `PaknStore`.
    """


@lru_cache(maxsize=1)
def get_service() -> PaknService:
    """The process-wide service on DATABASE_URL, created on first use (never at import)."""
    return PaknService(make_session_factory(make_engine()))


def reset_service() -> None:
    """Forget the cached service (tests, or after changing DATABASE_URL)."""
    get_service.cache_clear()
