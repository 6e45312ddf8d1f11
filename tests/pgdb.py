"""The same tests on PostgreSQL: the `db_url` fixture's second value.

`make test` starts a server (scripts/postgres.sh) and passes the test database's
URL as DOINGOAI_TEST_PG. Every test of tests/storage, tests/services and
tests/sync that uses `db_url` (directly or through `services`) then runs twice,
`[sqlite]` and `[pg]`; a `[pg]` run gets a fresh schema of its own (`DROP SCHEMA … CASCADE`
after), so tests never see each other's rows and parallel pytest runs do not
collide. Tests under tests/storage get an empty schema (they test migrating);
the others get one already at head, replayed from a `pg_dump` of a schema
migrated once at the start of the run (half the cost of migrating each time;
without pg_dump every test migrates).

Without DOINGOAI_TEST_PG the `[pg]` half is skipped and the run says so at the top
and the bottom; with CI=true (or DOINGOAI_REQUIRE_PG=1) it fails instead, so a
CI machine cannot pass without having run it. `pytest -m "not pg"` runs SQLite only.
Tests that are about SQLite files (corrupt file, WAL, read-only file, locks)
carry `@pytest.mark.sqlite_only` and run once.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

ENV = "DOINGOAI_TEST_PG"
PG_DIRS = ("storage", "services", "sync")
SKIP_REASON = (f"PostgreSQL not available: {ENV} is not set (make test sets it from scripts/postgres.sh, "
               "whose output above says why it could not start a server)")
_counter = itertools.count(1)
_engine = None
_leftovers: list[str] = []
_head_sql: str | None = None


def base_url() -> str | None:
    return os.environ.get(ENV) or None


def required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("DOINGOAI_REQUIRE_PG") == "1"


def configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pg: the PostgreSQL run of a test (db_url is a PostgreSQL schema)")
    config.addinivalue_line("markers", "sqlite_only: a test about SQLite files; not run on PostgreSQL")


def parametrize(metafunc: pytest.Metafunc) -> None:
    """Run db_url tests of storage/services/sync on both stores."""
    if "db_url" not in metafunc.fixturenames or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    try:
        parts = metafunc.definition.path.relative_to(metafunc.config.rootpath).parts
    except ValueError:
        return
    if len(parts) < 3 or parts[0] != "tests" or parts[1] not in PG_DIRS:
        return
    metafunc.parametrize("db_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)],
                         indirect=True, ids=["sqlite", "pg"])


def report_header() -> str:
    url = base_url()
    if url:
        return f"PostgreSQL: {url} ([pg] runs of tests/storage, services, sync: one schema each)"
    what = "FAIL" if required() else "are SKIPPED"
    return f"PostgreSQL: NOT AVAILABLE — the [pg] tests {what}. {SKIP_REASON}"


def terminal_summary(terminalreporter) -> None:
    if base_url():
        return
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "pg" in r.keywords]
    if skipped:
        terminalreporter.write_sep("!", f"{len(skipped)} PostgreSQL tests SKIPPED: {SKIP_REASON}",
                                   yellow=True, bold=True)


def fresh_schema(request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of an empty schema, dropped with everything in it after the test."""
    url = base_url()
    if not url:
        if required():
            pytest.fail(f"{SKIP_REASON} — CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(SKIP_REASON)
    engine = _admin(url)
    schema = f"t{os.getpid()}_{next(_counter)}"
    at_head = _at_head_sql(url) if _wants_head(request) else None
    with engine.connect() as conn:
        if at_head:
            conn.exec_driver_sql(at_head.replace(_template_name(), schema))
            conn.exec_driver_sql("RESET ALL")  # the dump's SET and set_config stay in the session
        else:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    yield _schema_url(url, schema)
    _drop(schema)


def _schema_url(url: str, schema: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


def _wants_head(request: pytest.FixtureRequest) -> bool:
    try:
        parts = request.node.path.relative_to(request.config.rootpath).parts
    except ValueError:
        return False
    return parts[:2] != ("tests", "storage")


def _template_name() -> str:
    return f"t{os.getpid()}_0"  # the per-test names count from 1; dead runs' leftovers match too


def _at_head_sql(url: str) -> str | None:
    """The SQL that makes a schema at head (tables, sequences, migration rows), made once per run."""
    global _head_sql
    if _head_sql is None:
        _head_sql = _dump_migrated_template(url) or ""
    return _head_sql or None


def _dump_migrated_template(url: str) -> str | None:
    import shutil
    import subprocess

    from sqlalchemy.engine import make_url

    from desktop.storage.database import Database

    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return None
    name = _template_name()
    with _admin(url).connect() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    try:
        Database(_schema_url(url, name)).dispose()
        libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        done = subprocess.run([pg_dump, f"--schema={name}", "--no-owner", "--no-privileges", "--inserts",
                               f"--dbname={libpq}"], capture_output=True, text=True, timeout=120)
    finally:
        _drop(name)
    if done.returncode != 0:
        return None
    # psql's meta-commands (\restrict …) are not SQL; the rest runs as one implicit transaction
    return "\n".join(line for line in done.stdout.splitlines() if not line.startswith("\\"))


def drop_leftovers() -> None:
    """At the end of the run: schemas whose drop waited on a connection a test left open."""
    for schema in list(_leftovers):
        _drop(schema, final=True)
    if _engine is not None:
        _engine.dispose()


def _admin(url: str):
    global _engine
    if _engine is None:
        from sqlalchemy import create_engine

        _engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)
        _remove_dead_runs(_engine)
    return _engine


def _drop(schema: str, final: bool = False) -> None:
    from sqlalchemy.exc import DBAPIError

    try:
        with _admin(base_url()).connect() as conn:
            conn.exec_driver_sql("SET lock_timeout = '2s'")
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        if schema in _leftovers:
            _leftovers.remove(schema)
    except DBAPIError:
        if not final and schema not in _leftovers:
            _leftovers.append(schema)


def _remove_dead_runs(engine) -> None:
    """Schemas left by pytest runs that were killed (their process is gone)."""
    with engine.connect() as conn:
        names = conn.exec_driver_sql(
            "SELECT nspname FROM pg_namespace WHERE nspname ~ '^t[0-9]+_[0-9]+$'").scalars().all()
        for name in names:
            pid = int(name[1:].split("_")[0])
            if pid != os.getpid() and not _alive(pid):
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def without_deferrable_fk_pairs(differences: list, dialect: str) -> list:
    """Autogenerate's differences less the one PostgreSQL has by design.

    Migration 0005 makes the foreign keys between registers DEFERRABLE INITIALLY
    IMMEDIATE on PostgreSQL only (the bundle importer defers them to the end of its
    transaction; SQLite has `PRAGMA defer_foreign_keys`). The models cannot say so
    without SQLite drifting, so on PostgreSQL a remove_fk/add_fk pair that differs in
    nothing but that option is not drift. tests/storage/test_postgres.py checks that
    every foreign key there is deferrable.
    """
    if dialect != "postgresql":
        return differences

    def key(fk) -> tuple:
        return (fk.name, fk.table.name, tuple(fk.column_keys))

    removed = {key(d[1]): d[1] for d in differences if isinstance(d, tuple) and d[0] == "remove_fk"}
    added = {key(d[1]): d[1] for d in differences if isinstance(d, tuple) and d[0] == "add_fk"}
    same = {k for k in removed.keys() & added.keys()
            if removed[k].deferrable and not added[k].deferrable
            and (removed[k].referred_table.name, removed[k].ondelete) == (added[k].referred_table.name,
                                                                            added[k].ondelete)}
    return [d for d in differences
            if not (isinstance(d, tuple) and d[0] in ("remove_fk", "add_fk") and key(d[1]) in same)]
