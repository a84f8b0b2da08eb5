"""Human handover and answer ratings: cases, their events, answers as delivered, one rating per answer.

Revision ID: hand_0001
Revises:
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op


revision = 'hand_0001'
down_revision = None
branch_labels = ('handover',)
depends_on = None


def upgrade() -> None:
    op.create_table('hand_cases',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('sender_id', sa.String(length=191), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('history', sa.Text(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('claimed_by', sa.String(length=191), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by', sa.String(length=191), nullable=True),
    sa.Column('answer_id', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hand_cases'))
    )
    with op.batch_alter_table('hand_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hand_cases_requested_at'), ['requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hand_cases_sender_id'), ['sender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hand_cases_status'), ['status'], unique=False)

    op.create_table('rate_answers',
    sa.Column('answer_id', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('sender_id', sa.String(length=191), nullable=False),
    sa.Column('procedure', sa.String(length=64), nullable=False),
    sa.Column('aspect', sa.String(length=64), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('answer_id', name=op.f('pk_rate_answers'))
    )
    op.create_table('rate_ratings',
    sa.Column('answer_id', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('sender_id', sa.String(length=191), nullable=False),
    sa.Column('procedure', sa.String(length=64), nullable=False),
    sa.Column('aspect', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('answer_id', name=op.f('pk_rate_ratings'))
    )
    with op.batch_alter_table('rate_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_ratings_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_rate_ratings_procedure'), ['procedure'], unique=False)
        batch_op.create_index(batch_op.f('ix_rate_ratings_sender_id'), ['sender_id'], unique=False)

    op.create_table('hand_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=191), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['hand_cases.id'], name=op.f('fk_hand_events_case_id_hand_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hand_events'))
    )
    with op.batch_alter_table('hand_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hand_events_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('hand_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hand_events_case_id'))

    op.drop_table('hand_events')
    with op.batch_alter_table('rate_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_ratings_sender_id'))
        batch_op.drop_index(batch_op.f('ix_rate_ratings_procedure'))
        batch_op.drop_index(batch_op.f('ix_rate_ratings_created_at'))

    op.drop_table('rate_ratings')
    op.drop_table('rate_answers')
    with op.batch_alter_table('hand_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hand_cases_status'))
        batch_op.drop_index(batch_op.f('ix_hand_cases_sender_id'))
        batch_op.drop_index(batch_op.f('ix_hand_cases_requested_at'))

    op.drop_table('hand_cases')
