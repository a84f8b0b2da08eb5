"""Bring a database to the newest schema with Alembic (every package branch: `heads`)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from common.db import REPO_ROOT, make_engine


def alembic_config() -> Config:
    """The project's Alembic configuration, independent of the working directory."""
    cfg = Config(str(REPO_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    cfg.set_main_option("version_locations", str(REPO_ROOT / "migrations" / "versions"))
    return cfg


def upgrade(engine: Engine | None = None) -> None:
    """Apply every pending migration of every branch."""
    engine = engine or make_engine()
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")
