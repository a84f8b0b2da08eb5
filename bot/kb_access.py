"""Lazily created, process-wide access to the knowledge base for the actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from common.db import make_engine
from common.settings import ActionServerSettings
from common.vntime import VN_TZ
from procedures_kb.repository import CachedKnowledgeBase, KnowledgeBase


@dataclass(frozen=True)
class _Access:
    settings: ActionServerSettings
    kb: CachedKnowledgeBase


@lru_cache(maxsize=1)
def _cache() -> _Access:
    settings = ActionServerSettings.from_env()
    return _Access(settings, CachedKnowledgeBase(make_engine(settings.effective_database_url),
                                                 ttl=settings.kb_cache_seconds))


def knowledge_base() -> KnowledgeBase:
    """The current KB snapshot; raises when the database cannot be read."""
    return _cache().kb.get()


def today() -> dt.date:
    """Today in Vietnam, or TTHC_TODAY (YYYY-MM-DD) to answer as of another day (staff previews)."""
    override = _cache().settings.tthc_today
    if override is not None:
        return override
    return dt.datetime.now(VN_TZ).date()
