"""Migrations: a new file reaches head, models and migrations agree, newer files are refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from desktop.errors import NewerDatabaseError
from desktop.models import Base
from desktop.services import open_services
from desktop.storage import database as database_module
from desktop.storage import migrate, search_index
from desktop.storage.database import Database
from tests import pgdb


def _path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


@pytest.mark.sqlite_only  # PostgreSQL: tests/storage/test_postgres.py
def test_upgrade_head_on_a_new_file_creates_every_table(db_url):
    # a file that does not exist yet: a new register (an existing zero-length file is data lost, refused:
    # tests/storage/test_open_errors.py)
    assert not _path(db_url).exists()
    db = Database(db_url)
    try:
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            tables = set(inspect(conn).get_table_names())
    finally:
        db.dispose()
    assert set(Base.metadata.tables) <= tables


def test_models_and_migrations_do_not_drift(db_url):
    db = Database(db_url)
    try:
        with db.engine.connect() as conn:
            # Ctrl+K's trigram index is SQLite-only DDL outside the models, skipped by name
            context = MigrationContext.configure(conn, opts={
                "compare_type": True,
                "include_name": lambda name, _type, _parents: not search_index.is_index_object(name)})
            differences = compare_metadata(context, Base.metadata)
    finally:
        db.dispose()
    assert pgdb.without_deferrable_fk_pairs(differences, db.engine.dialect.name) == []


def test_opening_again_at_head_makes_no_backup(db_url, tmp_path, monkeypatch):
    Database(db_url).dispose()
    made: list[str] = []
    monkeypatch.setattr(Database, "backup", lambda self, folder, label: made.append(label))
    Database(db_url, backup_dir=tmp_path / "backups").dispose()
    assert made == []


def _stamp_newer(path: Path) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.close()


@pytest.mark.sqlite_only  # PostgreSQL: tests/storage/test_postgres.py
def test_a_database_from_a_newer_app_is_refused_untouched(db_url):
    path = _path(db_url)
    Database(db_url).dispose()
    _stamp_newer(path)
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError) as caught:
        Database(db_url)
    assert "cập nhật" in str(caught.value)
    assert "9999_from_the_future" in str(caught.value)
    assert path.read_bytes() == before


def test_a_newer_database_in_rollback_journal_mode_keeps_its_header(tmp_path):
    # switching to WAL rewrites bytes 18–19 of the header: a refused file must not get that far
    path = tmp_path / "newer.sqlite3"
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        con.execute("INSERT INTO alembic_version VALUES ('0099')")
    con.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError):
        Database(f"sqlite:///{path}")
    assert path.read_bytes() == before


def _count_units(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM unit").fetchone()[0]
    finally:
        con.close()


@pytest.mark.sqlite_only  # PostgreSQL's pg_dump copies: tests/storage/test_postgres.py
def test_backup_is_a_complete_copy_that_opens(services, tmp_path):
    db = services.ctx.db
    services.persons.save({"full_name": "Nguyễn Thị Hoa"})
    copy = db.backup(tmp_path / "copies", "manual")
    assert copy.exists() and copy.name.endswith("-manual.sqlite3")
    con = sqlite3.connect(copy)
    try:
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        names = [r[0] for r in con.execute("SELECT full_name FROM person")]
    finally:
        con.close()
    assert names == ["Nguyễn Thị Hoa"]
    assert _count_units(copy) == _count_units(db.path)


@pytest.mark.sqlite_only
def test_backups_keep_only_the_last_few(services, tmp_path):
    folder = tmp_path / "copies"
    scheduled = folder / f"{services.ctx.db.path.stem}-20260101-000000-daily.sqlite3"  # services/backups.py's
    folder.mkdir(parents=True)
    scheduled.write_bytes(b"a daily backup, kept by its own rule")
    made = [services.ctx.db.backup(folder, f"before-n{i:02d}") for i in range(database_module.BACKUPS_KEPT + 2)]
    kept = sorted(p for p in folder.glob("*.sqlite3") if p != scheduled)
    assert kept == sorted(made[-database_module.BACKUPS_KEPT:]) and scheduled.exists()


def _put_setting(path: Path, value: str) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute("INSERT INTO app_setting (key, value) VALUES ('probe', ?)", (value,))
    con.close()


def _setting(path: Path) -> str | None:
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT value FROM app_setting WHERE key = 'probe'").fetchone()
    finally:
        con.close()
    return row[0] if row else None


@pytest.mark.sqlite_only
def test_an_older_database_is_backed_up_before_migrating(db_url, tmp_path, monkeypatch):
    Database(db_url).dispose()
    _put_setting(_path(db_url), "dữ liệu của người dùng")
    calls: list[str] = []
    real_upgrade = migrate.upgrade

    def older(_engine):
        return "0000_older", True

    def upgrade(engine):
        calls.append("upgrade")
        assert list((tmp_path / "backups").glob("*.sqlite3")), "upgrade ran before the backup"
        real_upgrade(engine)

    monkeypatch.setattr(migrate, "needs_upgrade", older)
    monkeypatch.setattr(migrate, "upgrade", upgrade)
    Database(db_url, backup_dir=tmp_path / "backups").dispose()
    copies = list((tmp_path / "backups").glob("*.sqlite3"))
    assert calls == ["upgrade"]
    assert len(copies) == 1 and f"before-{migrate.head_revision()}" in copies[0].name
    assert _setting(copies[0]) == "dữ liệu của người dùng"


def test_a_new_database_is_not_backed_up(db_url, tmp_path, monkeypatch):
    made: list[str] = []
    monkeypatch.setattr(Database, "backup", lambda self, folder, label: made.append(label))
    Database(db_url, backup_dir=tmp_path / "backups").dispose()
    assert made == []


def test_head_constant_matches_the_newest_script():
    """Start-up skips Alembic when the file is at HEAD_REVISION: it must be the real head."""
    assert migrate.HEAD_REVISION == migrate.head_revision()


def test_opening_an_up_to_date_database_does_not_import_alembic(db_url, paths, tmp_path):
    """Start-up cost must not include Alembic when nothing is to migrate."""
    import subprocess
    import sys

    open_services(db_url, paths).close()
    code = (
        "import sys\nfrom desktop.config import Paths\nfrom desktop.services import open_services\n"
        f"open_services({db_url!r}, Paths(__import__('pathlib').Path({str(tmp_path)!r}))).close()\n"
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
