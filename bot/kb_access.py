"""Lazily created, process-wide access to the knowledge base for the actions."""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from zoneinfo import ZoneInfo

from procedures_kb.db import make_engine
from procedures_kb.repository import CachedKnowledgeBase, KnowledgeBase

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@lru_cache(maxsize=1)
def _cache() -> CachedKnowledgeBase:
    return CachedKnowledgeBase(make_engine(), ttl=float(os.environ.get("KB_CACHE_SECONDS", "60")))


def knowledge_base() -> KnowledgeBase:
    """The current KB snapshot; raises when the database cannot be read."""
    return _cache().get()


def today() -> dt.date:
    """Today in Vietnam, or TTHC_TODAY (YYYY-MM-DD) to answer as of another day (staff previews)."""
    override = os.environ.get("TTHC_TODAY", "").strip()
    if override:
        return dt.date.fromisoformat(override)
    return dt.datetime.now(VN_TZ).date()
