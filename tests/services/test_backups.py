"""Sao lưu: a backup made now is verified, described and listed; once a day by itself; kept by the
retention rule; the administrator's to make by hand; encrypted like the register."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from desktop.domain import access
from desktop.errors import PermissionDenied
from desktop.storage import backups as store

PASSWORD = "một câu dễ nhớ"


def test_a_backup_now_is_verified_and_says_what_it_holds(services):
    services.persons.save({"full_name": "Trần Văn Bình"})
    row = services.backups.make_now()
    assert row.path.exists() and row.label == "manual" and row.app_version
    listed = services.backups.list()
    assert listed[0].path == row.path
    if services.ctx.db.is_sqlite:
        assert row.counts["person"] == 1 and row.schema
        conn = sqlite3.connect(row.path)
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 1
        conn.close()
        assert not list(row.path.parent.glob(".*.part"))  # no half file left beside it


def test_a_backup_by_hand_is_the_administrators(services):
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    services.accounts.create("canbo", "Cán Bộ", access.OFFICER, PASSWORD)
    services.accounts.logout()
    services.accounts.login("canbo", PASSWORD)
    with pytest.raises(PermissionDenied) as err:
        services.backups.make_now()
    assert "Quản trị" in str(err.value)
    assert services.backups.make_daily() is not None  # the automatic one is nobody's permission


def test_the_daily_backup_is_made_once_a_day(services):
    assert services.backups.make_daily() is not None
    assert services.backups.make_daily() is None


@pytest.mark.sqlite_only  # pg_dump writes its own file
def test_a_folder_that_cannot_be_written_is_said_and_leaves_nothing(services, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(Exception) as err:
        services.backups.make_now(blocked / "inside")
    assert "Không ghi được bản sao lưu" in str(err.value)


def _fake(folder: Path, stem: str, when: datetime, label: str = "daily") -> Path:
    path = folder / f"{stem}-{when.astimezone():%Y%m%d-%H%M%S}-{label}.sqlite3"
    path.write_bytes(b"x")
    store.write_description(path.with_name(path.name + ".json"), {"made_at": when.isoformat(), "label": label})
    return path


@pytest.mark.sqlite_only  # the province store's pg_dump copies are not pruned (yet)
def test_retention_keeps_the_newest_of_each_of_the_last_days_weeks_and_months(services, tmp_path):
    folder = services.backups.folder()
    stem = services.ctx.db.path.stem
    now = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)
    made = [_fake(folder, stem, now - timedelta(days=d, hours=h)) for d in range(0, 400, 1) for h in (0, 5)]
    safety = _fake(folder, stem, now - timedelta(days=500), "before-0013")
    services.backups.prune()
    kept = {b.path for b in store.listed(folder, stem)}
    assert safety in kept  # safety copies keep by their own rule
    days = {b.made_at.astimezone().date() for b in store.listed(folder, stem) if b.label == "daily"}
    assert len(days) <= 7 + 4 + 12 and len(days) >= 12
    assert made[0] in kept and made[1] not in kept  # the newest of today, not its older one
    assert date(2025, 11, 7) < min(days)  # nothing older than a year is kept


@pytest.mark.sqlite_only  # SQLCipher
def test_an_encrypted_registers_backup_is_encrypted_and_carries_its_key_file(services):
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    services.encrypt()
    row = services.backups.make_now()
    assert row.encrypted and row.path.with_name(row.path.name + ".keys").exists()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(row.path).execute("SELECT count(*) FROM sqlite_master").fetchone()
