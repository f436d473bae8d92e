"""hold requests

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:41:09.656289
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hold_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chain', sa.String(length=16), nullable=False),
    sa.Column('hold_code', sa.String(length=16), nullable=False),
    sa.Column('shelter_code', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hold_requests')),
    sa.UniqueConstraint('hold_code', name=op.f('uq_hold_requests_hold_code'))
    )


def downgrade() -> None:
    op.drop_table('hold_requests')
