"""The pakn Alembic branch creates exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from common.db import Base
from common.migrate import alembic_config
from common.model_registry import import_all_models, model_modules


def test_branch_is_registered() -> None:
    assert "pakn.models" in model_modules()
    script = ScriptDirectory.from_config(alembic_config())
    revision = script.get_revision("pakn@head")
    assert revision is not None and revision.down_revision is None and "pakn" in revision.branch_labels


def test_migrated_schema_matches_models(engine: Engine) -> None:
    import_all_models()
    assert {"pakn_feedback", "pakn_status_history"} <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "pakn_" in repr(d)] == []
