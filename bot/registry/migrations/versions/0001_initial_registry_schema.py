"""initial registry schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 08:27:38.486025
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_table('municipalities',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('province', sa.String(length=40), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('follows_lenferink', sa.Boolean(), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_municipalities')),
    sa.UniqueConstraint('name', name=op.f('uq_municipalities_name'))
    )
    op.create_table('operators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('fictional', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_operators')),
    sa.UniqueConstraint('name', name=op.f('uq_operators_name'))
    )
    op.create_table('registry_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_revision'))
    )
    op.create_table('unmet_demand',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.Column('need', sa.String(length=12), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('exclusions', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unmet_demand'))
    )
    op.create_table('shelters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('municipality', sa.String(length=6), nullable=False),
    sa.Column('phone_for_professionals', sa.String(length=32), nullable=False),
    sa.Column('placement_authority', sa.String(length=20), nullable=False),
    sa.Column('out_of_hours_intake', sa.Boolean(), nullable=False),
    sa.Column('transport_available', sa.Boolean(), nullable=False),
    sa.Column('trafficking_expertise', sa.String(length=12), nullable=False),
    sa.Column('ggz_partner', sa.Boolean(), nullable=False),
    sa.Column('max_stay_days', sa.Integer(), nullable=True),
    sa.Column('staff_languages', sa.JSON(), nullable=False),
    sa.Column('is_bridging', sa.Boolean(), nullable=False),
    sa.Column('fictional', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['municipality'], ['municipalities.code'], name=op.f('fk_shelters_municipality_municipalities')),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_shelters_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shelters')),
    sa.UniqueConstraint('code', name=op.f('uq_shelters_code'))
    )
    op.create_table('admission_policies',
    sa.Column('shelter_id', sa.Integer(), nullable=False),
    sa.Column('genders_accepted', sa.JSON(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=False),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('residence_statuses_accepted', sa.JSON(), nullable=True),
    sa.Column('requires_reflection_period', sa.Boolean(), nullable=False),
    sa.Column('exploitation_forms_accepted', sa.JSON(), nullable=True),
    sa.Column('requires_relational_sphere', sa.Boolean(), nullable=False),
    sa.Column('residents_only', sa.Boolean(), nullable=False),
    sa.Column('excludes_substance_use', sa.Boolean(), nullable=False),
    sa.Column('excludes_addiction', sa.Boolean(), nullable=False),
    sa.Column('excludes_psychiatric', sa.Boolean(), nullable=False),
    sa.Column('reluctant_criminal_exploitation', sa.Boolean(), nullable=False),
    sa.Column('excludes_mixed_offender_behaviour', sa.Boolean(), nullable=False),
    sa.Column('accepts_children', sa.Boolean(), nullable=False),
    sa.Column('accepts_pregnant', sa.Boolean(), nullable=False),
    sa.Column('accepts_pets', sa.Boolean(), nullable=False),
    sa.Column('active_users_present', sa.Boolean(), nullable=False),
    sa.Column('requires_funding_guarantee', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['shelter_id'], ['shelters.id'], name=op.f('fk_admission_policies_shelter_id_shelters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('shelter_id', name=op.f('pk_admission_policies'))
    )
    op.create_table('beds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shelter_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('free', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.CheckConstraint('free >= 0 AND free <= capacity', name=op.f('ck_beds_free_within_capacity')),
    sa.ForeignKeyConstraint(['shelter_id'], ['shelters.id'], name=op.f('fk_beds_shelter_id_shelters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_beds')),
    sa.UniqueConstraint('shelter_id', 'kind', name='uq_beds_shelter_kind')
    )
    op.create_table('holds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('bed_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('case_code', sa.String(length=24), nullable=True),
    sa.ForeignKeyConstraint(['bed_id'], ['beds.id'], name=op.f('fk_holds_bed_id_beds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holds')),
    sa.UniqueConstraint('code', name=op.f('uq_holds_code'))
    )
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.create_index('ix_holds_bed_status', ['bed_id', 'status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.drop_index('ix_holds_bed_status')

    op.drop_table('holds')
    op.drop_table('beds')
    op.drop_table('admission_policies')
    op.drop_table('shelters')
    op.drop_table('unmet_demand')
    op.drop_table('registry_revision')
    op.drop_table('operators')
    op.drop_table('municipalities')
    op.drop_table('audit_log')
