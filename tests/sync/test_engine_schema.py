"""What the import needs of the schema: an index on every foreign-key column of the registers."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint

from desktop.models import SYNCED_MODELS


def test_every_foreign_key_column_of_the_registers_is_indexed():
    # the import checks foreign keys at commit; while a child waits for its parent, SQLite looks up the
    # children of each parent row inserted: an unindexed child column is scanned once per imported record
    unindexed = []
    for model in SYNCED_MODELS.values():
        table = model.__table__
        indexed = {tuple(c.name for c in ix.columns)[0] for ix in table.indexes}
        # a UNIQUE constraint is backed by an index in SQLite and PostgreSQL alike
        indexed |= {tuple(c.name for c in con.columns)[0] for con in table.constraints
                    if isinstance(con, UniqueConstraint) and con.columns}
        for column in table.columns:
            if column.foreign_keys and column.name not in indexed and not column.index and not column.unique:
                unindexed.append(f"{table.name}.{column.name}")
    assert unindexed == []
