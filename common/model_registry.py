"""Imports every package's ORM models so one metadata knows all tables (Alembic, tests)."""

from __future__ import annotations

import importlib

MODEL_MODULES: tuple[str, ...] = (
    "procedures_kb.models",
    "connectors.models",
    "pakn.models",
)


def import_all_models() -> None:
    """Import each registered models module (idempotent)."""
    for name in MODEL_MODULES:
        importlib.import_module(name)
