"""text-thread safety: thread message index and cover conversations

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 21:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('thread_messages',
    sa.Column('sid', sa.String(length=64), nullable=False),
    sa.Column('thread', sa.String(length=64), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sid', name=op.f('pk_thread_messages'))
    )
    op.create_index('ix_thread_messages_thread', 'thread_messages', ['thread'], unique=False)
    op.create_table('cover_threads',
    sa.Column('thread', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('thread', name=op.f('pk_cover_threads'))
    )


def downgrade() -> None:
    op.drop_table('cover_threads')
    op.drop_index('ix_thread_messages_thread', table_name='thread_messages')
    op.drop_table('thread_messages')
