"""Staff console: conversation analytics read from Rasa's tracker store (turns without text, a cursor).

Revision ID: console_0002
Revises: console_0001
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "console_0002"
down_revision = "console_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_analytics_turns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("intent", sa.String(length=64), nullable=False),
        sa.Column("procedure", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_console_analytics_turns"),
        sa.UniqueConstraint("event_id", name="uq_console_analytics_turns_event_id"),
    )
    # One covering index per figure: each GROUP BY reads a range of its index, not the table.
    for column in ("outcome", "procedure", "intent", "channel"):
        op.create_index(f"ix_console_analytics_turns_day_{column}", "console_analytics_turns", ["day", column])
    op.create_table(
        "console_analytics_cursor",
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("source", name="pk_console_analytics_cursor"),
    )


def downgrade() -> None:
    op.drop_table("console_analytics_cursor")
    for column in ("outcome", "procedure", "intent", "channel"):
        op.drop_index(f"ix_console_analytics_turns_day_{column}", table_name="console_analytics_turns")
    op.drop_table("console_analytics_turns")
