"""the typed parts of the yearly report (SYNC.md's report_text); the app version each unit device runs

III Đánh giá, IV Phương hướng and V Kiến nghị of a unit's report for a year, one record per section,
synced like any record (issue "The yearly report"): a new table. The province keeps the manifest's
app_version of each device's newest bundle (Theo dõi đơn vị): a new column, empty until the next bundle.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 14:00:00
"""
import sqlalchemy as sa
from alembic import op

import desktop.models.base

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_text',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_text'))
    )
    with op.batch_alter_table('report_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_text_unit_code'), ['unit_code'], unique=False)
        batch_op.create_index('ix_report_text_year', ['unit_code', 'year'], unique=False)


    with op.batch_alter_table('sync_import_progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_app_version', sa.String(length=40), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('sync_import_progress', schema=None) as batch_op:
        batch_op.drop_column('last_app_version')
    with op.batch_alter_table('report_text', schema=None) as batch_op:
        batch_op.drop_index('ix_report_text_year')
        batch_op.drop_index(batch_op.f('ix_report_text_unit_code'))
    op.drop_table('report_text')
