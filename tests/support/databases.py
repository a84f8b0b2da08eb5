"""Fresh, isolated databases for tests: a SQLite file, or a PostgreSQL schema when TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError


def test_database_base_url() -> str | None:
    """TEST_DATABASE_URL with a SQLAlchemy driver prefix, or None for SQLite."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        return None
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return url


@contextmanager
def fresh_database_url(tmp_dir: Path) -> Iterator[str]:
    """A URL of an empty database that disappears afterwards."""
    base = test_database_base_url()
    if base is None:
        yield f"sqlite:///{tmp_dir / f'test-{uuid.uuid4().hex[:8]}.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        _drop_schema(admin, schema)
        admin.dispose()


def _drop_schema(admin: Engine, schema: str, attempts: int = 5) -> None:
    """DROP SCHEMA … CASCADE, again after a deadlock: a server under test may still be finishing a
    background write (maintenance, analytics) on the schema's tables, and PostgreSQL then aborts one of
    the two, sometimes the DROP (CI saw it once, in a teardown)."""
    for attempt in range(1, attempts + 1):
        try:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            return
        except OperationalError:
            if attempt == attempts:
                raise
            time.sleep(0.5 * attempt)
