"""What the import needs of the schema: an index on every foreign-key column of the registers."""

from __future__ import annotations

from desktop.models import SYNCED_MODELS


def test_every_foreign_key_column_of_the_registers_is_indexed():
    # the import checks foreign keys at commit; while a child waits for its parent, SQLite looks up the
    # children of each parent row inserted: an unindexed child column is scanned once per imported record
    unindexed = []
    for model in SYNCED_MODELS.values():
        table = model.__table__
        indexed = {tuple(c.name for c in ix.columns)[0] for ix in table.indexes}
        for column in table.columns:
            if column.foreign_keys and column.name not in indexed and not column.index:
                unindexed.append(f"{table.name}.{column.name}")
    assert unindexed == []
