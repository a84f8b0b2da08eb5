"""Imports every package's ORM models so one metadata knows all tables (Alembic, tests).

The list lives in alembic.ini (`model_modules`), beside the migrations of each package's branch, so
`common` names no package above it.
"""

from __future__ import annotations

import importlib

from common.migrate import alembic_config


def model_modules() -> tuple[str, ...]:
    """The registered models modules, from alembic.ini."""
    return tuple((alembic_config().get_main_option("model_modules") or "").split())


def import_all_models() -> None:
    """Import each registered models module (idempotent)."""
    for name in model_modules():
        importlib.import_module(name)
