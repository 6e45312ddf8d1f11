"""The province store on PostgreSQL: what differs from a SQLite file.

The rest of tests/storage, services and sync runs on PostgreSQL too (the `[pg]`
runs, tests/pgdb.py); here is what has no SQLite twin: the server's errors, the
pg_dump copy before migrations, a store of another program, the row locks that
keep numbers gap-free between several provincial staff, deferrable foreign keys.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from desktop.errors import DatabaseOpenError, NewerDatabaseError
from desktop.models import Base, ChangeLog
from desktop.services import documents as documents_module
from desktop.services import open_services
from desktop.storage import migrate, postgres
from desktop.storage.database import Database
from tests import pgdb
from tests.services.builders import TODAY

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_url(request):
    """An empty schema of the test server (skipped, loudly, without one)."""
    yield from pgdb.fresh_schema(request)


def _scalar(url: str, sql: str):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def _execute(url: str, *sql: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in sql:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _refused(url: str, **kwargs) -> DatabaseOpenError:
    with pytest.raises(DatabaseOpenError) as caught:
        Database(url, **kwargs)
    return caught.value


def _other_url(pg_url: str, **changes) -> str:
    return make_url(pg_url).set(**changes).render_as_string(hide_password=False)


# --------------------------------------------------------------------------- schema


def test_a_new_store_gets_every_table_at_head(pg_url):
    db = Database(pg_url)
    try:
        assert db.is_postgres and not db.is_sqlite and db.path is None
        assert db.integrity_problem() is None  # quick_check is SQLite's; the server keeps its pages
    finally:
        db.dispose()
    assert set(Base.metadata.tables) <= _tables(pg_url)
    assert _scalar(pg_url, "SELECT version_num FROM alembic_version") == migrate.head_revision()


def test_every_foreign_key_is_deferrable_for_the_importer(pg_url):
    Database(pg_url).dispose()
    flags = _scalar(pg_url, "SELECT array_agg(DISTINCT condeferrable) FROM pg_constraint "
                            "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace")
    assert flags == [True]


def test_postgresql_urls_without_a_driver_use_psycopg_3(pg_url):
    bare = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    db = Database(bare)
    try:
        assert db.engine.dialect.driver == "psycopg"
    finally:
        db.dispose()


def test_a_store_from_a_newer_app_is_refused_untouched(pg_url):
    Database(pg_url).dispose()
    _execute(pg_url, "UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = _tables(pg_url)
    with pytest.raises(NewerDatabaseError) as caught:
        Database(pg_url)
    assert "cập nhật" in str(caught.value) and "9999_from_the_future" in str(caught.value)
    assert _tables(pg_url) == before
    assert _scalar(pg_url, "SELECT version_num FROM alembic_version") == "9999_from_the_future"


def test_a_database_of_another_program_is_refused_untouched(pg_url):
    _execute(pg_url, "CREATE TABLE khach_hang (id int PRIMARY KEY, ten text)")
    error = _refused(pg_url)
    assert "chương trình khác" in str(error) and "khach_hang" in str(error)
    assert _tables(pg_url) == {"khach_hang"}


def test_a_failed_migration_leaves_the_schema_as_it_was(pg_url, monkeypatch):
    """Alembic's upgrade is one transaction and PostgreSQL's DDL is transactional."""
    from alembic import command

    def broken(cfg, revision):
        real_upgrade(cfg, "0002")  # part of the way …
        raise RuntimeError("máy chủ mất điện")  # … then the lights go out

    real_upgrade = command.upgrade
    monkeypatch.setattr(command, "upgrade", broken)
    with pytest.raises(RuntimeError, match="mất điện"):
        Database(pg_url)
    assert _tables(pg_url) == set()


# --------------------------------------------------------------------------- backups


def _at_0004_with_a_setting(pg_url: str) -> None:
    from alembic import command

    Database(pg_url).dispose()
    _execute(pg_url, "INSERT INTO app_setting (key, value) VALUES ('probe', 'dữ liệu của tỉnh')")
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0004")
    finally:
        engine.dispose()


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_an_older_store_is_copied_with_pg_dump_before_migrating(pg_url, tmp_path):
    _at_0004_with_a_setting(pg_url)
    db = Database(pg_url, backup_dir=tmp_path / "backups")
    db.dispose()
    [copy] = list((tmp_path / "backups").glob("*.dump"))
    assert f"before-{migrate.head_revision()}" in copy.name
    restored = subprocess.run(["pg_restore", "--data-only", "-f", "-", str(copy)],
                              capture_output=True, text=True, check=True).stdout
    assert "dữ liệu của tỉnh" in restored  # the copy holds the data as it was before the upgrade
    assert _scalar(pg_url, "SELECT version_num FROM alembic_version") == migrate.head_revision()


def test_without_pg_dump_the_upgrade_goes_on_and_says_why(pg_url, tmp_path, monkeypatch, caplog):
    _at_0004_with_a_setting(pg_url)
    monkeypatch.setenv(postgres.PG_DUMP_ENV, "off")
    with caplog.at_level(logging.WARNING, logger="desktop.storage.postgres"):
        Database(pg_url, backup_dir=tmp_path / "backups").dispose()
    assert "without a copy" in caplog.text and postgres.PG_DUMP_ENV in caplog.text
    assert not list((tmp_path / "backups").glob("*"))
    assert _scalar(pg_url, "SELECT version_num FROM alembic_version") == migrate.head_revision()


def test_a_failing_pg_dump_stops_the_upgrade(pg_url, tmp_path, monkeypatch):
    _at_0004_with_a_setting(pg_url)
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump: error: server version mismatch' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv(postgres.PG_DUMP_ENV, str(fake))
    error = _refused(pg_url, backup_dir=tmp_path / "backups")
    assert "pg_dump" in str(error) and "version mismatch" in str(error)
    assert "không bị thay đổi" in str(error)
    assert _scalar(pg_url, "SELECT version_num FROM alembic_version") == "0004"
    assert not list((tmp_path / "backups").glob("*"))


def test_a_manual_copy_and_only_the_last_few_are_kept(pg_url, tmp_path):
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    db = Database(pg_url)
    try:
        made = [db.backup(tmp_path, f"n{i:02d}") for i in range(postgres.BACKUPS_KEPT + 1)]
    finally:
        db.dispose()
    assert sorted(tmp_path.glob("*.dump")) == sorted(made[1:])


# --------------------------------------------------------------------------- the server's errors


def test_a_server_that_does_not_answer_is_named_without_the_password(pg_url):
    url = _other_url(pg_url, host="127.0.0.1", port=1, username="can_bo", password="mat-khau-bi-mat",
                     query={})
    error = _refused(url)
    assert "Không kết nối được máy chủ PostgreSQL" in str(error)
    assert "127.0.0.1" in str(error)
    assert "mat-khau-bi-mat" not in str(error)


def test_a_wrong_password_is_an_authentication_error(pg_url):
    port = make_url(pg_url).port or 5432
    url = _other_url(pg_url, host="127.0.0.1", port=port, username="khong_co_ai", password="sai",
                     query={})
    error = _refused(url)
    assert "từ chối đăng nhập" in str(error)
    assert "sai@" not in str(error)


def test_a_database_that_does_not_exist_is_named(pg_url):
    error = _refused(_other_url(pg_url, database="khong_co_csdl_nay", query={}))
    assert "không có cơ sở dữ liệu «khong_co_csdl_nay»" in str(error)
    assert "createdb" in str(error)


def test_the_shown_url_has_no_password():
    assert postgres.display_url("postgresql+psycopg://tinh:bi-mat@may-chu/so") == \
        "postgresql+psycopg://tinh:***@may-chu/so"


# --------------------------------------------------------------------------- several staff at once


def _blocked(engine, sql: str) -> str:
    """The SQLSTATE of `sql` run by another member of staff who will not wait."""
    with engine.connect() as conn, pytest.raises(OperationalError) as caught:
        conn.execute(text("SET lock_timeout = '300ms'"))
        conn.execute(text(sql))
    return caught.value.orig.sqlstate


def test_a_number_being_given_holds_the_counter_until_commit(pg_url, paths):
    """UPDATE … RETURNING locks the counter row (INSERT … ON CONFLICT its key, in a new year):
    a second member of staff waits for the commit, so numbers are never shared or skipped."""
    services = open_services(pg_url, paths, today=lambda: TODAY)
    services.device.set_up("DL-BMT", "Nguyễn Văn An")
    other = create_engine(pg_url)
    try:
        with services.ctx.db.session() as s:
            assert documents_module.allocate_number(s, "DL-BMT", 2026) == 1  # a new year: inserts the row
            assert _blocked(other, "INSERT INTO document_counter (unit_code, year, last_number) "
                                   "VALUES ('DL-BMT', 2026, 0) ON CONFLICT DO NOTHING") == "55P03"
        with services.ctx.db.session() as s:
            assert documents_module.allocate_number(s, "DL-BMT", 2026) == 2  # an existing row: updates it
            assert _blocked(other, "SELECT last_number FROM document_counter WHERE unit_code = 'DL-BMT' "
                                   "AND year = 2026 FOR UPDATE") == "55P03"
            s.rollback()
        with services.ctx.db.session() as s:
            assert documents_module.allocate_number(s, "DL-BMT", 2026) == 2  # rolled back: given back
    finally:
        other.dispose()
        services.close()


def test_two_staff_saving_at_once_share_no_change_number(pg_url, paths):
    first = open_services(pg_url, paths, today=lambda: TODAY)
    first.device.set_up("DL-BMT", "Nguyễn Văn An")
    second = open_services(pg_url, paths, today=lambda: TODAY)  # same device row, another connection pool
    start, errors = threading.Barrier(2), []

    def save(svc, who):
        start.wait()
        try:
            for i in range(15):
                svc.persons.save({"full_name": f"{who} {i}"})
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(svc, who))
               for svc, who in ((first, "Lê Văn"), (second, "Trần Thị"))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        with first.ctx.db.read() as s:
            seqs = list(s.scalars(select(ChangeLog.change_seq).order_by(ChangeLog.change_seq)))
        assert seqs == list(range(1, 31))
    finally:
        first.close()
        second.close()


def test_services_read_and_write_dates_json_and_search_on_postgresql(pg_url, paths):
    services = open_services(pg_url, paths, today=lambda: TODAY)
    try:
        services.device.set_up("DL-BMT", "Nguyễn Văn An")
        person = services.persons.save({"full_name": "Y Khoa Niê", "position": "Phó Chủ tịch"})
        assert [p.full_name for p in services.persons.page(
            documents_module.ListQuery(search="khoa nie"))] == ["Y Khoa Niê"]
        doc = services.documents.create("CV", "Về việc đón đoàn Đắk Lắk")
        assert services.documents.mark_signed(doc.id, date(2026, 2, 5), "Trần Đức Hải").symbol == "01/CV-UBND"
        assert services.documents.years() == [2026]
        assert person.id
    finally:
        services.close()


def test_storage_refers_to_no_sqlite_only_sql_outside_sqlite_branches():
    """Raw SQL in the services and storage that only SQLite understands would break the province."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "desktop"
    pattern = re.compile(r"INSERT OR |PRAGMA |sqlite_master|func\.(strftime|julianday|group_concat)\(", re.I)
    # SQLite-only code paths, chosen by dialect: pragmas and file checks; the FTS5 search index
    # (search_index.supported() is False on PostgreSQL, where search uses LIKE on search_key)
    # the SQLCipher conversion and copies (storage/encryption.py: a SQLite file's, never the province store's)
    # and the backups of a SQLite register (storage/backups.py; the province store's are pg_dump's)
    allowed = {"storage/engine.py", "storage/database.py", "storage/search_index.py", "storage/encryption.py",
               "storage/backups.py"}
    offenders = []
    for path in sorted((root / "services").glob("*.py")) + sorted((root / "storage").glob("*.py")):
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if pattern.search(line) and rel not in allowed and "is_sqlite" not in line:
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert offenders == []


def test_whole_numbers_computed_by_the_server_come_back_as_int(pg_url):
    """SUM(bigint) and EXTRACT are numeric on PostgreSQL: totals must not reach JSON as Decimal."""
    db = Database(pg_url)
    try:
        with db.engine.connect() as conn:
            total, year, mean = conn.execute(text(
                "SELECT sum(x), extract(year FROM date '2026-01-05'), avg(x) "
                "FROM (VALUES (1250000::bigint), (3::bigint)) AS t(x)")).one()
    finally:
        db.dispose()
    assert (total, type(total)) == (1250003, int)
    assert (year, type(year)) == (2026, int)
    assert mean == Decimal("625001.5")  # a fraction stays exact


def test_a_sqlite_start_does_not_load_the_postgresql_driver(tmp_path):
    code = ("import sys\nfrom desktop.storage.database import Database\n"
            f"Database('sqlite:///{tmp_path / 'x.sqlite3'}').dispose()\n"
            "print('psycopg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_login_that_may_only_read_is_refused_at_start(pg_url):
    Database(pg_url).dispose()
    role = f"chi_doc_{make_url(pg_url).query['options'].split('=')[-1]}"
    schema = role.removeprefix("chi_doc_")
    _execute(pg_url, f'CREATE ROLE "{role}"', f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
             f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')
    try:
        reader = _other_url(pg_url, query={"options": f"-csearch_path={schema} -crole={role}"})
        error = _refused(reader)
        assert "không có quyền ghi" in str(error)
    finally:
        _execute(pg_url, f'DROP OWNED BY "{role}"', f'DROP ROLE "{role}"')
