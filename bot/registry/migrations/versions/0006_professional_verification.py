"""professional verification: registered numbers, one-time codes, verified conversations

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('professionals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=24), nullable=False),
    sa.Column('shelter_code', sa.String(length=40), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_professionals')),
    sa.UniqueConstraint('phone', name=op.f('uq_professionals_phone'))
    )
    op.create_table('verification_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation', sa.String(length=64), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['professional_id'], ['professionals.id'],
                            name=op.f('fk_verification_codes_professional_id_professionals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_codes'))
    )
    op.create_index('ix_verification_codes_conversation', 'verification_codes', ['conversation'], unique=False)
    op.create_table('verified_conversations',
    sa.Column('conversation', sa.String(length=64), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=False),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['professional_id'], ['professionals.id'],
                            name=op.f('fk_verified_conversations_professional_id_professionals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('conversation', name=op.f('pk_verified_conversations'))
    )


def downgrade() -> None:
    op.drop_table('verified_conversations')
    op.drop_index('ix_verification_codes_conversation', table_name='verification_codes')
    op.drop_table('verification_codes')
    op.drop_table('professionals')
