"""Vietnamese sort keys: a `…_sort` column per listed name or title, filled for existing rows

Lists sorted names by the folded search key, so "Đặng" came before "Dương" (đ folded to d). Each
sortable text column gets a stored key of `desktop.domain.collation` (bytes: the same order on
SQLite, on PostgreSQL under any server locale, and in Python); the tracker and the bundle importer
keep it from now on. A later change of the key function needs a migration that runs `_backfill`
again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-14 09:00:00
"""
import sqlalchemy as sa
from alembic import op

from desktop.domain.collation import stored_sort_key

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# {table: {sort column: the fields whose first non-blank it is the key of}}
SORT_COLUMNS = {
    'person': {'full_name_sort': ('full_name',), 'position_sort': ('position',)},
    'delegation': {'title_sort': ('title',), 'partner_sort': ('partner',)},
    'conference': {'title_sort': ('title',), 'place_sort': ('place',)},
    'overseas_contact': {'name_sort': ('name',), 'city_sort': ('city',)},
    'overseas_activity': {'title_sort': ('title',)},
    'promotion_activity': {'title_sort': ('title',), 'place_sort': ('place',)},
    'outgoing_document': {'summary_sort': ('summary',), 'signer_sort': ('signer',)},
    'foreign_ngo': {'name_sort': ('name_vi', 'name_original')},
    'aid_project': {'title_sort': ('title',), 'donor_name_sort': ('donor_name',), 'location_sort': ('location',)},
}
CHUNK = 2000


def upgrade() -> None:
    for table, columns in SORT_COLUMNS.items():
        # ADD COLUMN only: SQLite keeps the table (and Ctrl+K's triggers on it) as it is
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(sa.Column(column, sa.LargeBinary(), nullable=True))
        _backfill(table, columns)


def downgrade() -> None:
    for table, columns in SORT_COLUMNS.items():
        for column in columns:
            # in place (SQLite >= 3.35): a batch copy of the table would lose Ctrl+K's triggers
            op.drop_column(table, column)


def _backfill(table: str, columns: dict[str, tuple[str, ...]]) -> None:
    fields = sorted({f for sources in columns.values() for f in sources})
    t = sa.table(table, sa.column('id'), *[sa.column(f) for f in fields],
                 *[sa.column(c, sa.LargeBinary()) for c in columns])
    conn = op.get_bind()
    rows = [{'b_id': row.id, **{c: stored_sort_key(*(row._mapping[f] for f in sources))
                                for c, sources in columns.items()}}
            for row in conn.execute(sa.select(t.c.id, *[t.c[f] for f in fields]))]
    stmt = t.update().where(t.c.id == sa.bindparam('b_id')).values({c: sa.bindparam(c) for c in columns})
    for i in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[i:i + CHUNK])
