"""PAKN log: citizen feedback and its status history.

Revision ID: pakn_0001
Revises:
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "pakn_0001"
down_revision = None
branch_labels = ("pakn",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pakn_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("procedure_id", sa.String(length=64), nullable=True),
        sa.Column("procedure_text", sa.String(length=300), nullable=True),
        sa.Column("province_id", sa.String(length=64), nullable=True),
        sa.Column("province_name", sa.String(length=120), nullable=False),
        sa.Column("commune", sa.String(length=150), nullable=True),
        sa.Column("citizen_name", sa.String(length=150), nullable=True),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("sender_id", sa.String(length=191), nullable=True),
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('phan_anh', 'kien_nghi')", name="ck_pakn_feedback_kind"),
        sa.CheckConstraint(
            "status IN ('received', 'processing', 'answered', 'closed')", name="ck_pakn_feedback_status"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pakn_feedback"),
        sa.UniqueConstraint("code", name="uq_pakn_feedback_code"),
    )
    op.create_index("ix_pakn_feedback_kind", "pakn_feedback", ["kind"])
    op.create_index("ix_pakn_feedback_status", "pakn_feedback", ["status"])
    op.create_index("ix_pakn_feedback_province_id", "pakn_feedback", ["province_id"])
    op.create_index("ix_pakn_feedback_sender_id", "pakn_feedback", ["sender_id"])
    op.create_index("ix_pakn_feedback_created_at", "pakn_feedback", ["created_at"])
    op.create_table(
        "pakn_status_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("delivered", sa.Boolean(), nullable=True),
        sa.Column("delivery_reason", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"], ["pakn_feedback.id"],
            name="fk_pakn_status_history_feedback_id_pakn_feedback", ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pakn_status_history"),
    )
    op.create_index("ix_pakn_status_history_feedback_id", "pakn_status_history", ["feedback_id"])


def downgrade() -> None:
    op.drop_index("ix_pakn_status_history_feedback_id", table_name="pakn_status_history")
    op.drop_table("pakn_status_history")
    for column in ("created_at", "sender_id", "province_id", "status", "kind"):
        op.drop_index(f"ix_pakn_feedback_{column}", table_name="pakn_feedback")
    op.drop_table("pakn_feedback")
