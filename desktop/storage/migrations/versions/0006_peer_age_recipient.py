"""a unit device's own age recipient, kept by the province to encrypt that device's acks

Each unit device's manifest gives its `age_recipient` (SYNC.md); the province keeps the one of the
newest bundle applied from the device and encrypts every ack to it (issue 9: acks carry records and
conflicts, personal data). Empty for a device that has sent none yet: no ack is written for it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_peer_device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('age_recipient', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sync_peer_device', schema=None) as batch_op:
        batch_op.drop_column('age_recipient')
