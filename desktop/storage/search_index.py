"""A trigram full-text index over the registers' folded `search_key`s (SQLite ≥ 3.34 with FTS5).

Search everywhere (Ctrl+K) asks it which records contain a word of three letters
or more, instead of reading every row of every register. It is kept up to date by
triggers on each register's table, so every writer — the ORM, the demo's bulk
inserts, records applied from a bundle — updates it in the same transaction.

- `search_index`: an FTS5 table (tokenizer `trigram`) of the keys;
- `search_index_doc`: which record each index row is. Each register has its own
  range of row numbers (`number << 40` onwards, the number kept in
  `search_index_entity`), so a search restricts itself to one register by row
  number, which FTS5 does without reading the other registers' matches.

A word found in a large share of a register is checked by reading the register
once instead; each register gets a narrow covering index for that pass
(`search_index_<table>_scan`: deleted, search key, the column that orders hits, id),
which SQLite reads instead of the whole rows — half the time at 40,000 trips.

Row numbers are our own INTEGER PRIMARY KEYs, which VACUUM and table rebuilds
leave alone. A register whose triggers are missing (a register added later, or a
table rebuilt by a migration) is indexed again from scratch by `ensure`. Other
databases (PostgreSQL) have none of this: the search falls back to LIKE there.
These objects are not in the models: the models ⇄ migrations comparison skips
every name `is_index_object` accepts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.engine import Connection

PREFIX = "search_index"
INDEX = "search_index"
DOCS = "search_index_doc"
ENTITIES = "search_index_entity"
SHIFT = 40  # each register's row numbers: [number << 40, (number + 1) << 40)
MIN_VERSION = (3, 34, 0)  # the trigram tokenizer
MIN_WORD = 3  # shorter words cannot be looked up in a trigram index
TRIGGER_KINDS = ("ai", "au", "ad")


def is_index_object(name: str | None) -> bool:
    """Whether a table, index or trigger belongs to the search index (not to the models)."""
    return bool(name) and name.startswith(PREFIX)


def supported(conn: Connection) -> bool:
    """SQLite new enough for trigram FTS5 (the driver's library, as this connection uses it)."""
    if conn.dialect.name != "sqlite":
        return False
    version = tuple(int(p) for p in conn.exec_driver_sql("SELECT sqlite_version()").scalar().split("."))
    if version < MIN_VERSION:
        return False
    try:
        options = {r[0] for r in conn.exec_driver_sql("PRAGMA compile_options")}
    except sqlite3.Error:  # pragma: no cover - every build answers it
        return False
    return "ENABLE_FTS5" in options


def installed(conn: Connection) -> bool:
    """Whether the index tables exist in this database."""
    return conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE name IN (?, ?, ?)", (INDEX, DOCS, ENTITIES)).scalar() == 3


def install(conn: Connection, tables: Mapping[str, str], orders: Mapping[str, str] | None = None) -> list[str]:
    """Create the index (if missing) and index each register {entity: table} whose triggers
    are missing; returns the entities (re)indexed. `orders` {entity: column that orders its
    hits} adds each register's covering index for the straight pass. A no-op where FTS5
    trigram is unavailable."""
    if not supported(conn):
        return []
    conn.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {ENTITIES} (number INTEGER PRIMARY KEY, entity TEXT NOT NULL UNIQUE)")
    conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {DOCS} (rowid INTEGER PRIMARY KEY, record_id TEXT NOT NULL)")
    conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {DOCS}_record ON {DOCS} (record_id)")
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX} USING fts5(key, tokenize='trigram')")
    present = _triggers(conn)
    done = []
    for entity, table in tables.items():
        if (orders or {}).get(entity):
            conn.exec_driver_sql(f'CREATE INDEX IF NOT EXISTS "{_scan_index(table)}" ON {table} '
                                 f'(deleted, search_key, {orders[entity]}, id)')
        if all(_trigger(table, kind) in present for kind in TRIGGER_KINDS):
            continue
        _index_register(conn, entity, table)
        done.append(entity)
    return done


def uninstall(conn: Connection) -> None:
    """Remove the index and its triggers (migration downgrade)."""
    if conn.dialect.name != "sqlite":
        return
    for name in _triggers(conn):
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE ? "
                                        "AND tbl_name NOT LIKE ?", (f"{PREFIX}%", f"{PREFIX}%")).all():
        conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{name}"')
    for table in (INDEX, DOCS, ENTITIES):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def missing(conn: Connection, tables: Mapping[str, str], orders: Mapping[str, str] | None = None) -> bool:
    """Whether some register of `tables` is not (or no longer) kept up to date by triggers,
    or lacks the covering index `orders` asks for."""
    if not installed(conn):
        return True
    present = _triggers(conn)
    if any(_trigger(t, kind) not in present for t in tables.values() for kind in TRIGGER_KINDS):
        return True
    indexes = {r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE ?", (f"{PREFIX}%",))}
    return any(_scan_index(tables[e]) not in indexes for e in (orders or {}) if e in tables)


def row_range(conn: Connection, entity: str) -> tuple[int, int] | None:
    """The index row numbers of `entity`'s records (None if the register is not indexed)."""
    number = conn.execute(text(f"SELECT number FROM {ENTITIES} WHERE entity = :e"), {"e": entity}).scalar()
    if number is None:
        return None
    return number << SHIFT, ((number + 1) << SHIFT) - 1


def match_expression(words: list[str]) -> str | None:
    """The FTS5 query that every word of `words` long enough for trigrams occurs (None if none is)."""
    long = [w for w in words if len(w) >= MIN_WORD]
    if not long:
        return None
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in long)


# --- inside ------------------------------------------------------------------------------------


def _trigger(table: str, kind: str) -> str:
    return f"{PREFIX}_{table}_{kind}"


def _scan_index(table: str) -> str:
    return f"{PREFIX}_{table}_scan"


def _triggers(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
                                (f"{PREFIX}%",))
    return {r[0] for r in rows}


def _number(conn: Connection, entity: str) -> int:
    conn.exec_driver_sql(f"INSERT OR IGNORE INTO {ENTITIES} (entity) VALUES (?)", (entity,))
    return conn.exec_driver_sql(f"SELECT number FROM {ENTITIES} WHERE entity = ?", (entity,)).scalar()


def _index_register(conn: Connection, entity: str, table: str) -> None:
    """(Re)create the triggers of one register and index every row it holds now."""
    number = _number(conn, entity)
    lo, hi = number << SHIFT, ((number + 1) << SHIFT) - 1
    for kind in TRIGGER_KINDS:
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{_trigger(table, kind)}"')
    conn.exec_driver_sql(f"DELETE FROM {INDEX} WHERE rowid BETWEEN {lo} AND {hi}")
    conn.exec_driver_sql(f"DELETE FROM {DOCS} WHERE rowid BETWEEN {lo} AND {hi}")
    conn.exec_driver_sql(
        f"INSERT INTO {DOCS} (rowid, record_id) SELECT {lo} + row_number() OVER (ORDER BY rowid), id FROM {table}")
    conn.exec_driver_sql(
        f"INSERT INTO {INDEX} (rowid, key) SELECT d.rowid, coalesce(t.search_key, '') FROM {DOCS} d "
        f"JOIN {table} t ON t.id = d.record_id WHERE d.rowid BETWEEN {lo} AND {hi}")
    doc_of = f"(SELECT rowid FROM {DOCS} WHERE record_id = {{row}}.id AND rowid BETWEEN {lo} AND {hi})"
    # a SELECT, not VALUES: no index row at all (rather than one numbered by FTS5) if the doc is missing
    insert_new = (f"INSERT INTO {INDEX} (rowid, key) SELECT rowid, coalesce(new.search_key, '') FROM {DOCS} "
                  f"WHERE record_id = new.id AND rowid BETWEEN {lo} AND {hi};")
    conn.exec_driver_sql(f"""
        CREATE TRIGGER "{_trigger(table, 'ai')}" AFTER INSERT ON {table} BEGIN
            INSERT INTO {DOCS} (rowid, record_id)
                SELECT coalesce(max(rowid), {lo}) + 1, new.id FROM {DOCS} WHERE rowid BETWEEN {lo} AND {hi};
            {insert_new}
        END""")
    conn.exec_driver_sql(f"""
        CREATE TRIGGER "{_trigger(table, 'au')}" AFTER UPDATE OF search_key, id ON {table}
        WHEN old.search_key IS NOT new.search_key OR old.id IS NOT new.id BEGIN
            DELETE FROM {INDEX} WHERE rowid = {doc_of.format(row='old')};
            UPDATE {DOCS} SET record_id = new.id WHERE rowid = {doc_of.format(row='old')};
            {insert_new}
        END""")
    conn.exec_driver_sql(f"""
        CREATE TRIGGER "{_trigger(table, 'ad')}" AFTER DELETE ON {table} BEGIN
            DELETE FROM {INDEX} WHERE rowid = {doc_of.format(row='old')};
            DELETE FROM {DOCS} WHERE rowid = {doc_of.format(row='old')};
        END""")
