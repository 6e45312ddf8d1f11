"""Engines set up for a desktop: WAL, foreign keys, a busy timeout (SQLite); PostgreSQL for the province."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000
# A save the officer saw succeed survives a power cut: in WAL mode NORMAL may lose the last commits when
# the power fails (not when the program crashes), FULL syncs the WAL at every commit. The cost on a save
# and on an import is measured by bench/durability.py (README, "Lưu an toàn khi mất điện").
SYNCHRONOUS = "FULL"
# SQLite's page cache per connection (its default is 2 MB): the yearly report and the lists read tens of MB
# of one register; with the pages kept here a second read costs no system call (-N: N KiB)
CACHE_KIB = 32 * 1024


def make_engine(url: str, key: bytes | None = None, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite connections get the per-connection desktop pragmas.

    `key`: the register is encrypted (SQLCipher 4) under this raw 256-bit key.

    The journal mode is a property of the file, so it is not set here: switching
    to WAL rewrites the file header, and a file that is about to be refused
    (corrupt, newer) must stay untouched. `enable_wal` does it once checks pass.
    """
    if url.startswith(("postgresql", "postgres:")):
        # the province store: a server that may restart or sit behind a network
        from desktop.storage import postgres

        kwargs.setdefault("connect_args", postgres.connect_args(url))
        engine = create_engine(postgres.normalize_url(url), pool_pre_ping=True, **kwargs)
        event.listen(engine, "connect", postgres.on_connect)
        return engine
    if not url.startswith("sqlite"):
        return create_engine(url, **kwargs)
    if key is not None:  # SQLCipher: its dialect sends `PRAGMA key` first on every connection (raw key)
        from sqlalchemy.engine import make_url

        from desktop.storage.keyring import pragma_key

        url = make_url(url).set(drivername="sqlite+pysqlcipher", password=pragma_key(key))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def enable_wal(engine: Engine) -> None:
    """Put a SQLite file in WAL mode (persistent; in-memory databases stay as they are)."""
    with engine.connect() as conn:
        if conn.exec_driver_sql("PRAGMA journal_mode").scalar() != "memory":
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cur.close()
