"""connectors: dedup, undelivered, web inbox, callback payloads, Zalo tokens

Revision ID: conn_0001
Revises:
Create Date: 2025-11-23 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "conn_0001"
down_revision = None
branch_labels = ("connectors",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conn_processed_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=191), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conn_processed_messages"),
        sa.UniqueConstraint("channel", "external_id", name="uq_conn_processed_messages_channel"),
    )
    op.create_index("ix_conn_processed_messages_created_at", "conn_processed_messages",
                    ["created_at"])
    op.create_table(
        "conn_undelivered",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("sender_id", sa.String(length=191), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("reply_text", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=191), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_conn_undelivered"),
    )
    op.create_index("ix_conn_undelivered_channel", "conn_undelivered", ["channel"])
    op.create_index("ix_conn_undelivered_created_at", "conn_undelivered", ["created_at"])
    op.create_table(
        "conn_web_inbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sender_id", sa.String(length=191), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_conn_web_inbox"),
    )
    op.create_index("ix_conn_web_inbox_sender_id", "conn_web_inbox", ["sender_id"])
    op.create_table(
        "conn_callback_payloads",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_conn_callback_payloads"),
    )
    op.create_table(
        "conn_zalo_tokens",
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=False),
        sa.Column("refresh_token", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seed_hash", sa.String(length=64), nullable=True),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("app_id", name="pk_conn_zalo_tokens"),
    )


def downgrade() -> None:
    op.drop_table("conn_zalo_tokens")
    op.drop_table("conn_callback_payloads")
    op.drop_index("ix_conn_web_inbox_sender_id", table_name="conn_web_inbox")
    op.drop_table("conn_web_inbox")
    op.drop_index("ix_conn_undelivered_created_at", table_name="conn_undelivered")
    op.drop_index("ix_conn_undelivered_channel", table_name="conn_undelivered")
    op.drop_table("conn_undelivered")
    op.drop_index("ix_conn_processed_messages_created_at", table_name="conn_processed_messages")
    op.drop_table("conn_processed_messages")
