"""Fixtures of the action tests: the action server's KB access pointed at a loaded test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bot import kb_access


@pytest.fixture
def kb_env(kb_engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """DATABASE_URL → the loaded test database, answers as of 23/11/2026, a fresh KB cache."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TTHC_TODAY", "2026-11-23")
    kb_access._cache.cache_clear()
    yield
    kb_access._cache.cache_clear()
