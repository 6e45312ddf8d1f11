"""the province's monitoring records (SYNC.md): inspections, their recommendations, reminders; what reached a unit

Three new tables (issue "The yearly report", section 4). Two counters so the province can tell that a
reminder reached the unit: the `applied_through_bundle_seq` of each ack it wrote, and the
`acked_bundle_seq` of each unit bundle it imported; both 0 for what was there before.

Foreign keys are DEFERRABLE INITIALLY IMMEDIATE, as 0005 made every other: the bundle importer defers
them on PostgreSQL to insert a bundle's records in any order.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:08:27
"""
import sqlalchemy as sa
from alembic import op

import desktop.models.base

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inspection',
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('team', sa.String(length=500), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('decision_number', sa.String(length=60), nullable=True),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection'))
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_list', ['deleted', 'start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_unit_code'), ['unit_code'], unique=False)

    op.create_table('reminder',
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('indicator', sa.String(length=8), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder'))
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index('ix_reminder_list', ['deleted', 'sent_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_unit_code'), ['unit_code'], unique=False)

    op.create_table('inspection_recommendation',
    sa.Column('inspection_id', sa.String(length=36), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_inspection_recommendation_inspection_id_inspection'),
                            deferrable=True, initially='IMMEDIATE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_recommendation'))
    )
    with op.batch_alter_table('inspection_recommendation', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_recommendation_due', ['deleted', 'status', 'due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_recommendation_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_recommendation_unit_code'), ['unit_code'], unique=False)

    with op.batch_alter_table('sync_imported_bundle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acked_bundle_seq', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('sync_sent_bundle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applied_through_bundle_seq', sa.Integer(), nullable=False, server_default='0'))



def downgrade() -> None:
    with op.batch_alter_table('sync_sent_bundle', schema=None) as batch_op:
        batch_op.drop_column('applied_through_bundle_seq')

    with op.batch_alter_table('sync_imported_bundle', schema=None) as batch_op:
        batch_op.drop_column('acked_bundle_seq')

    with op.batch_alter_table('inspection_recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_recommendation_unit_code'))
        batch_op.drop_index(batch_op.f('ix_inspection_recommendation_inspection_id'))
        batch_op.drop_index('ix_inspection_recommendation_due')

    op.drop_table('inspection_recommendation')
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_unit_code'))
        batch_op.drop_index('ix_reminder_list')

    op.drop_table('reminder')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_unit_code'))
        batch_op.drop_index('ix_inspection_list')

    op.drop_table('inspection')
