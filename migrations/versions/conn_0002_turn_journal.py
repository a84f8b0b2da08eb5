"""connectors: processed messages become a turn journal (claimed → done; interrupted turns recovered)

Revision ID: conn_0002
Revises: conn_0001
Create Date: 2026-11-28 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "conn_0002"
down_revision = "conn_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conn_processed_messages") as batch:
        batch.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="done"))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("sender_id", sa.String(length=191), nullable=True))
        batch.add_column(sa.Column("text", sa.Text(), nullable=True))
    op.create_index("ix_conn_processed_messages_status", "conn_processed_messages", ["status"])


def downgrade() -> None:
    op.drop_index("ix_conn_processed_messages_status", table_name="conn_processed_messages")
    with op.batch_alter_table("conn_processed_messages") as batch:
        for column in ("text", "sender_id", "finished_at", "claimed_at", "status"):
            batch.drop_column(column)
