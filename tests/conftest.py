"""Fixtures shared by every test: a fresh data folder and services on a temporary database."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

# Every GUI test runs on the units' most common screen: 1366×768 less a taskbar, 1366×728 usable.
OFFICE_SCREEN = Path(__file__).with_name("office_screen.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={OFFICE_SCREEN}"

from desktop.config import Paths  # noqa: E402
from desktop.i18n import set_language  # noqa: E402
from desktop.services import Services, accounts, open_services  # noqa: E402
from tests import pgdb, templates  # noqa: E402

TODAY = date(2026, 1, 20)
LIGHT_HASHER = accounts.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test touches the real user data folder or inherits a database choice or an account; passwords
    hash with light Argon2id parameters (the real ones take 0.4 s a hash: tests/services/test_accounts.py
    checks those once)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DOINGOAI_HOME", str(home))
    monkeypatch.delenv("DOINGOAI_DB", raising=False)
    monkeypatch.delenv("DOINGOAI_USER", raising=False)
    monkeypatch.delenv("DOINGOAI_PASSWORD", raising=False)
    monkeypatch.setattr(accounts, "hasher", LIGHT_HASHER)
    set_language("vi")
    yield home
    set_language("vi")


def pytest_configure(config):
    pgdb.configure(config)


def pytest_generate_tests(metafunc):
    """tests/storage, services and sync run on SQLite and on PostgreSQL (tests/pgdb.py)."""
    pgdb.parametrize(metafunc)


def pytest_report_header(config):
    return pgdb.report_header()


def pytest_terminal_summary(terminalreporter):
    pgdb.terminal_summary(terminalreporter)


def pytest_sessionfinish(session):
    pgdb.drop_leftovers()
    templates.cleanup()


@pytest.fixture
def db_url(request, tmp_path: Path) -> str:
    """URL of a fresh database: a SQLite file (a copy of the run's migrated template, except under
    tests/storage, where migrating is what is tested, so the file does not exist yet), or for `[pg]`
    runs an empty PostgreSQL schema (dropped after the test)."""
    if getattr(request, "param", "sqlite") == "postgresql":
        yield from pgdb.fresh_schema(request)
        return
    path = tmp_path / "test.sqlite3"
    if "storage" in request.path.parts:
        yield f"sqlite:///{path}"
        return
    yield templates.sqlite_url(path)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    """Data folders (attachments, keys, backups) for one test."""
    return Paths(tmp_path / "data")


@pytest.fixture
def bare_services(db_url: str, paths: Paths) -> Services:
    """Services on a migrated, seeded database before first-run set-up; today is 20/01/2026."""
    services = open_services(db_url, paths, today=lambda: TODAY)
    yield services
    services.close()


@pytest.fixture
def services(bare_services: Services) -> Services:
    """Services after first run: unit DL-BMT, officer "Nguyễn Văn An"."""
    bare_services.device.set_up("DL-BMT", "Nguyễn Văn An")
    return bare_services
