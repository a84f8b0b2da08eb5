"""Knowledge base: a fee amount may be unknown or left to each province (amount_vnd NULL).

Revision ID: kb_0002
Revises: kb_0001
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "kb_0002"
down_revision = "kb_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kb_fees") as batch:
        batch.alter_column("amount_vnd", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # kb_fees is a search index of kb_procedures.payload: rows without an amount cannot be kept.
    op.execute("DELETE FROM kb_fees WHERE amount_vnd IS NULL")
    with op.batch_alter_table("kb_fees") as batch:
        batch.alter_column("amount_vnd", existing_type=sa.Integer(), nullable=False)
