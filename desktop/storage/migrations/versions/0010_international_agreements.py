"""the register of relations with foreign localities and international agreements (issue "The yearly report")

One new table: each agreement with a foreign locality or organisation (Law on International
Agreements 2020), its kind, dates, signing authority, status and the activities carried out under it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 00:30:00
"""
import sqlalchemy as sa
from alembic import op

import desktop.models.base

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('international_agreement',
    sa.Column('partner', sa.String(length=300), nullable=False),
    sa.Column('partner_kind', sa.String(length=12), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('signing_authority', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('delegation_ids', sa.JSON(), nullable=False),
    sa.Column('conference_ids', sa.JSON(), nullable=False),
    sa.Column('promotion_ids', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.Column('partner_sort', sa.LargeBinary(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_international_agreement'))
    )
    with op.batch_alter_table('international_agreement', schema=None) as batch_op:
        batch_op.create_index('ix_international_agreement_list', ['deleted', 'signed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_international_agreement_unit_code'), ['unit_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('international_agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_international_agreement_unit_code'))
        batch_op.drop_index('ix_international_agreement_list')

    op.drop_table('international_agreement')
