"""Staff console: unanswered turns labelled (reviewed training examples) or dismissed by staff.

Revision ID: console_0003
Revises: console_0002
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "console_0003"
down_revision = "console_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_reviewed_turns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("intent", sa.String(length=64), nullable=True),
        sa.Column("procedure", sa.String(length=64), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_console_reviewed_turns"),
        sa.UniqueConstraint("event_id", name="uq_console_reviewed_turns_event_id"),
    )


def downgrade() -> None:
    op.drop_table("console_reviewed_turns")
