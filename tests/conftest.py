"""Shared fixtures: isolated databases, the loaded knowledge base, the real Rasa stack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

import common.settings as settings_module
from common.db import make_engine
from common.migrate import upgrade
from procedures_kb.catalogue import load_catalogue
from procedures_kb.loader import load_into_database
from procedures_kb.repository import KnowledgeBase
from procedures_kb.schema import Procedure
from tests.support.databases import fresh_database_url
from tests.support.rasa_stack import RasaStack, running_stack


@pytest.fixture(autouse=True)
def _no_local_secrets(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never pick up the developer's var/secrets/ (e.g. the staff token written by `make run`)."""
    monkeypatch.setattr(settings_module, "SECRETS_DIR", tmp_path_factory.getbasetemp() / "no-secrets")


@pytest.fixture(scope="session")
def catalogue() -> list[Procedure]:
    """Every procedure of the real catalogue (validated)."""
    procedures, _ = load_catalogue()
    return procedures


@pytest.fixture(scope="session")
def kb(catalogue: list[Procedure]) -> KnowledgeBase:
    """An in-memory snapshot of the real catalogue."""
    return KnowledgeBase(catalogue)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """URL of an empty, migrated database (SQLite, or a PostgreSQL schema with TEST_DATABASE_URL)."""
    with fresh_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the fresh migrated database."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def kb_engine(engine: Engine) -> Engine:
    """The fresh database with the real catalogue loaded."""
    load_into_database(engine)
    return engine


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaStack]:
    """The real action server and Rasa server on free ports, over a database holding the catalogue."""
    with running_stack(tmp_path_factory.mktemp("stack")) as stack:
        yield stack
