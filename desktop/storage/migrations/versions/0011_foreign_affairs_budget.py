"""Kinh phí đối ngoại (issue "The yearly report"): each unit's budget of a year, its additions, and the
actual cost of delegations and conferences (their records hold only the estimate)

Three new tables; nothing existing changes. One budget per unit and year, one actual cost per delegation or
conference (UNIQUE keys: a second PC's record of the same is a conflict at the province, not a refusal).

Foreign keys are DEFERRABLE INITIALLY IMMEDIATE, as 0005 made every other: the bundle importer defers
them on PostgreSQL to insert a bundle's records in any order.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 23:45:00
"""
import sqlalchemy as sa
from alembic import op

import desktop.models.base

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fa_budget',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('allocated_vnd', sa.BigInteger(), nullable=False),
    sa.Column('decision', sa.String(length=200), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fa_budget')),
    sa.UniqueConstraint('unit_code', 'year', name='uq_fa_budget_year')
    )
    with op.batch_alter_table('fa_budget', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fa_budget_unit_code'), ['unit_code'], unique=False)

    op.create_table('actual_cost',
    sa.Column('delegation_id', sa.String(length=36), nullable=True),
    sa.Column('conference_id', sa.String(length=36), nullable=True),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conference.id'], name=op.f('fk_actual_cost_conference_id_conference'), initially='IMMEDIATE', deferrable=True),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], name=op.f('fk_actual_cost_delegation_id_delegation'), initially='IMMEDIATE', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actual_cost')),
    sa.UniqueConstraint('conference_id', name=op.f('uq_actual_cost_conference_id')),
    sa.UniqueConstraint('delegation_id', name=op.f('uq_actual_cost_delegation_id'))
    )
    with op.batch_alter_table('actual_cost', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actual_cost_unit_code'), ['unit_code'], unique=False)

    op.create_table('budget_addition',
    sa.Column('budget_id', sa.String(length=36), nullable=False),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['budget_id'], ['fa_budget.id'], name=op.f('fk_budget_addition_budget_id_fa_budget'), initially='IMMEDIATE', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_addition'))
    )
    with op.batch_alter_table('budget_addition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_addition_budget_id'), ['budget_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_addition_unit_code'), ['unit_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('budget_addition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_addition_unit_code'))
        batch_op.drop_index(batch_op.f('ix_budget_addition_budget_id'))

    op.drop_table('budget_addition')
    with op.batch_alter_table('actual_cost', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actual_cost_unit_code'))

    op.drop_table('actual_cost')
    with op.batch_alter_table('fa_budget', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fa_budget_unit_code'))

    op.drop_table('fa_budget')
