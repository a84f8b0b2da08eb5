"""Staff console: one staff reply per unanswered turn (the text itself lives in the handover case).

Revision ID: console_0004
Revises: console_0003
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "console_0004"
down_revision = "console_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_turn_replies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_console_turn_replies"),
        sa.UniqueConstraint("event_id", name="uq_console_turn_replies_event_id"),
    )


def downgrade() -> None:
    op.drop_table("console_turn_replies")
