"""Knowledge base tables.

Revision ID: kb_0001
Revises:
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "kb_0001"
down_revision = None
branch_labels = ("kb",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_procedures",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("agency_level", sa.String(16), nullable=False),
        sa.Column("group_id", sa.String(64), nullable=True),
        sa.Column("confidence", sa.String(8), nullable=False),
        sa.Column("last_verified", sa.Date(), nullable=False),
        sa.Column("online_url", sa.Text(), nullable=True),
        sa.Column("official_page_url", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_kb_procedures_category", "kb_procedures", ["category"])
    for name, cols in (
        ("kb_aliases", [sa.Column("alias", sa.Text(), nullable=False), sa.Column("folded", sa.Text(), nullable=False),
                        sa.Column("kind", sa.String(16), nullable=False)]),
        ("kb_codes", [sa.Column("code", sa.String(64), nullable=False), sa.Column("level", sa.String(16), nullable=False),
                      sa.Column("status", sa.String(16), nullable=False)]),
        ("kb_fees", [sa.Column("case", sa.Text(), nullable=False), sa.Column("amount_vnd", sa.Integer(), nullable=False),
                     sa.Column("kind", sa.String(16), nullable=False), sa.Column("province", sa.String(64), nullable=True),
                     sa.Column("valid_from", sa.Date(), nullable=True), sa.Column("valid_to", sa.Date(), nullable=True),
                     sa.Column("legal_basis", sa.Text(), nullable=False), sa.Column("confidence", sa.String(8), nullable=False)]),
    ):
        op.create_table(
            name,
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("procedure_id", sa.String(64),
                      sa.ForeignKey("kb_procedures.id", ondelete="CASCADE", name=f"fk_{name}_procedure_id_kb_procedures"),
                      nullable=False),
            *cols,
        )
        op.create_index(f"ix_{name}_procedure_id", name, ["procedure_id"])
    op.create_index("ix_kb_aliases_folded", "kb_aliases", ["folded"])
    op.create_index("ix_kb_codes_code", "kb_codes", ["code"])


def downgrade() -> None:
    for name in ("kb_fees", "kb_codes", "kb_aliases", "kb_procedures"):
        op.drop_table(name)
