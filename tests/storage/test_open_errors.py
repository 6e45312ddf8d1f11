"""A file that cannot be used is refused with a Vietnamese message and left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.errors import AppError, DatabaseOpenError
from desktop.services import open_services
from desktop.storage import database as database_module
from desktop.storage import engine as engine_module
from desktop.storage.database import Database

# root ignores permission bits and Windows ignores them on folders: there, simulate what
# os.access reports for a read-only place instead of relying on chmod
SIMULATE_READ_ONLY = not hasattr(os, "geteuid") or os.geteuid() == 0
LOCKED = "đang được một chương trình khác sử dụng"
# every test here is about a SQLite file (bytes, permissions, locks, WAL): not run on PostgreSQL
pytestmark = pytest.mark.sqlite_only


def _path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _refused(url: str) -> DatabaseOpenError:
    with pytest.raises(DatabaseOpenError) as caught:
        Database(url)
    return caught.value


def test_garbage_bytes_are_refused_untouched(db_url):
    path = _path(db_url)
    path.write_bytes(b"this is a spreadsheet, not a database\x00" * 200)
    before = path.read_bytes()
    error = _refused(db_url)
    assert "bị hỏng" in str(error) and str(path) in str(error)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_sqlite_header_followed_by_garbage_is_refused_untouched(db_url):
    path = _path(db_url)
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    before = path.read_bytes()
    error = _refused(db_url)
    assert "bị hỏng" in str(error)
    assert path.read_bytes() == before


def test_damaged_pages_behind_a_valid_first_page_are_refused_untouched(db_url):
    path = _path(db_url)
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE notes (body BLOB)")
        con.executemany("INSERT INTO notes VALUES (?)", [(bytes([i]) * 800,) for i in range(60)])
    con.close()
    data = bytearray(path.read_bytes())
    data[4096:] = bytes((i * 37) % 251 for i in range(len(data) - 4096))
    path.write_bytes(bytes(data))
    error = _refused(db_url)
    assert "bị hỏng" in str(error)
    assert path.read_bytes() == bytes(data)


def test_the_deferred_whole_file_check_reports_damaged_pages(db_url):
    """The GUI opens without the whole-file check and runs it after its window is up."""
    path = _path(db_url)
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE notes (body BLOB)")
        con.executemany("INSERT INTO notes VALUES (?)", [(bytes([i]) * 800,) for i in range(60)])
    con.close()
    data = bytearray(path.read_bytes())
    data[3 * 4096:] = bytes((i * 37) % 251 for i in range(len(data) - 3 * 4096))
    path.write_bytes(bytes(data))
    try:
        db = Database(db_url, full_check=False)
    except DatabaseOpenError:
        pytest.skip("this damage is already caught by the cheap structure check")
    try:
        assert db.integrity_problem() is not None
    finally:
        db.dispose()


def _deny_write(monkeypatch, denied: Path) -> None:
    """Make `denied` look read-only the way os.access reports it (root ignores mode bits)."""
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if Path(path) == denied and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(database_module.os, "access", access)


def test_read_only_file_is_refused_untouched(db_url, monkeypatch):
    path = _path(db_url)
    Database(db_url).dispose()
    before = path.read_bytes()
    if SIMULATE_READ_ONLY:
        _deny_write(monkeypatch, path)
    else:
        path.chmod(0o444)
    try:
        error = _refused(db_url)
    finally:
        path.chmod(0o644)
    assert "chỉ cho phép đọc" in str(error) and str(path) in str(error)
    assert path.read_bytes() == before


def test_file_in_a_read_only_folder_is_refused_untouched(db_url, monkeypatch):
    path = _path(db_url)
    Database(db_url).dispose()
    before = path.read_bytes()
    if SIMULATE_READ_ONLY:
        _deny_write(monkeypatch, path.parent)
    else:
        path.parent.chmod(0o555)
    try:
        error = _refused(db_url)
    finally:
        path.parent.chmod(0o755)
    assert "chỉ cho phép đọc" in str(error)
    assert path.read_bytes() == before


def test_new_database_in_a_read_only_folder_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "readonly"
    folder.mkdir()
    target = folder / "sub" / "new.sqlite3"
    if SIMULATE_READ_ONLY:
        _deny_write(monkeypatch, folder)
    else:
        folder.chmod(0o555)
    try:
        with pytest.raises(DatabaseOpenError) as caught:
            Database(f"sqlite:///{target}")
    finally:
        folder.chmod(0o755)
    assert "không cho phép ghi" in str(caught.value) and "--db" in str(caught.value)
    assert list(folder.iterdir()) == []


def test_a_folder_given_as_database_is_refused(tmp_path):
    error = _refused(f"sqlite:///{tmp_path}")
    assert "là một thư mục" in str(error)


@pytest.fixture
def short_busy_timeout(monkeypatch):
    """Give up on a lock after 0.2 s instead of 5 s."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)


def _hold_exclusive(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    return con


def test_locked_database_is_refused_quickly_and_left_intact(db_url, short_busy_timeout):
    path = _path(db_url)
    Database(db_url).dispose()
    before = path.read_bytes()
    holder = _hold_exclusive(path)
    try:
        started = time.monotonic()
        error = _refused(db_url)
        elapsed = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert LOCKED in str(error) and str(path) in str(error)
    assert elapsed < 3
    assert path.read_bytes() == before
    Database(db_url).dispose()  # usable again once the other program lets go


def test_locked_database_in_rollback_journal_mode_is_refused(tmp_path, short_busy_timeout):
    path = tmp_path / "other.sqlite3"
    holder = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO t VALUES (1)")
    try:
        error = _refused(f"sqlite:///{path}")
    finally:
        holder.rollback()
        holder.close()
    assert LOCKED in str(error)


def test_a_lock_taken_after_start_gives_a_readable_error_on_save(short_busy_timeout, services):
    holder = _hold_exclusive(services.ctx.db.path)
    try:
        with pytest.raises(AppError) as caught:
            services.persons.save({"full_name": "Trần Văn Bình"})
    finally:
        holder.rollback()
        holder.close()
    assert LOCKED in str(caught.value)
    assert services.persons.count() == 0
    services.persons.save({"full_name": "Trần Văn Bình"})  # the same save works once freed
    assert services.persons.count() == 1


def test_wal_and_foreign_keys_are_on(services):
    with services.ctx.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == engine_module.BUSY_TIMEOUT_MS


def test_every_commit_is_synced_so_a_save_survives_a_power_cut(services):
    """synchronous=FULL (2): in WAL mode NORMAL (1) may lose the last commits when the power fails."""
    with services.ctx.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_an_import_gives_the_connection_its_own_page_cache_back(services, tmp_path):
    from desktop.sync.importer import _tune_for_import, _untune_cache

    with services.ctx.db.session() as s:
        raw = _tune_for_import(s)
        _untune_cache(raw)
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -engine_module.CACHE_KIB
        assert s.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_services_refuse_the_same_way(db_url, tmp_path):
    path = _path(db_url)
    path.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(DatabaseOpenError):
        open_services(db_url, Paths(tmp_path / "data"))


def test_a_zero_length_register_is_refused_as_data_lost_and_left_untouched(tmp_path):
    path = tmp_path / "so.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(DatabaseOpenError, match="0 byte") as err:
        open_services(f"sqlite:///{path}", Paths(tmp_path / "data"))
    assert "sao lưu" in str(err.value)
    assert path.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["data", "so.sqlite3"]


def test_a_new_register_is_made_whole_beside_its_name_then_renamed(tmp_path, monkeypatch):
    path = tmp_path / "moi.sqlite3"
    (tmp_path / "moi.sqlite3.creating").write_bytes(b"what a killed first start left")
    seen = []
    real = os.replace

    def watched(src, dst):
        seen.append((Path(src).name, Path(dst).name, Path(dst).exists()))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", watched)
    services = open_services(f"sqlite:///{path}", Paths(tmp_path / "data"))
    services.close()
    assert ("moi.sqlite3.creating", "moi.sqlite3", False) in seen  # the real name appears only whole
    assert not (tmp_path / "moi.sqlite3.creating").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
