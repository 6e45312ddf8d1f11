"""report_text: one record per unit, year and section as a UNIQUE key (ids random from now on)

Until now a section's id was derived from (unit, year, section), so a second PC of the unit writing the
same section sent a record "made by another device" and the province refused its whole bundle. With the
key a UNIQUE constraint, new records take random ids (SYNC.md) and the province's importer makes the
second PC's section a conflict for a person to decide. Rows already stored keep their ids; they cannot
collide (one id per key until now). On SQLite the table is rebuilt (batch mode).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 00:17:17
"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('report_text', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_report_text_section', ['unit_code', 'year', 'section'])


def downgrade() -> None:
    with op.batch_alter_table('report_text', schema=None) as batch_op:
        batch_op.drop_constraint('uq_report_text_section', type_='unique')
