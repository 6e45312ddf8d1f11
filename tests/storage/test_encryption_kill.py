"""Converting a plaintext register to an encrypted one, killed (SIGKILL) at random moments: every time the
register is either the untouched plaintext or the whole encrypted one, never neither (20 of 20)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.config import Paths
from desktop.domain import access
from desktop.services import Credentials, open_services
from desktop.storage import encryption
from desktop.storage.keyring import keys_path, pending_path

PASSWORD = "một câu dễ nhớ"
TRIALS = 20
CHILD = """
import sys, time
from argon2 import PasswordHasher
from pathlib import Path
from desktop.config import Paths
from desktop.services import accounts, open_services
accounts.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
services = open_services("sqlite:///" + sys.argv[1], Paths(Path(sys.argv[2])))
services.accounts.login("quantri", sys.argv[3])
print("ready", flush=True)
started = time.perf_counter()
services.encrypt()
print("done", time.perf_counter() - started, flush=True)
services.close()
"""

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


@pytest.fixture(scope="module")
def plaintext(tmp_path_factory):
    """A plaintext register with accounts and a few hundred records; its row counts."""
    from argon2 import PasswordHasher

    from desktop.services import accounts
    from desktop.services.demo import fill_demo

    folder = tmp_path_factory.mktemp("plain")
    saved, accounts.hasher = accounts.hasher, PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        services = open_services(f"sqlite:///{folder / 'so.sqlite3'}", Paths(folder / "data"))
        fill_demo(services, delegations=40, seed=7)
        services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
        services.close()
    finally:
        accounts.hasher = saved
    conn = sqlite3.connect(folder / "so.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = encryption._counts(conn)
    conn.close()
    return folder, counts


def _trial(plaintext, tmp_path, delay: float | None):
    folder, counts = plaintext
    work = tmp_path / f"t{random.random():.6f}"
    shutil.copytree(folder, work)
    db = work / "so.sqlite3"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(work / "data"), PASSWORD],
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert child.stdout.readline().strip() == "ready"
    if delay is None:
        line = child.stdout.readline()
        child.wait(30)
        return work, db, counts, float(line.split()[1])
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    return work, db, counts, None


def _check(work: Path, db: Path, counts: dict) -> str:
    from argon2 import PasswordHasher

    from desktop.services import accounts

    encrypted = encryption.settle_state(db)
    assert not pending_path(db).exists() and not encryption.work_path(db).exists()
    saved, accounts.hasher = accounts.hasher, PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        login = Credentials("quantri", PASSWORD)
        services = open_services(f"sqlite:///{db}", Paths(work / "data"), login=login)
        try:
            assert services.is_encrypted() == encrypted
            assert services.integrity_problem() is None
            with services.ctx.db.read() as s:
                from sqlalchemy import text

                for table, n in counts.items():
                    if table.startswith("audit") or table == "account":
                        continue  # the login and the conversion write to the trail
                    assert s.execute(text(f'SELECT count(*) FROM "{table}"')).scalar() == n, table
        finally:
            services.close()
    finally:
        accounts.hasher = saved
    if not encrypted:
        assert encryption.is_plaintext_file(db) and not keys_path(db).exists()
    return "encrypted" if encrypted else "plaintext"


def test_a_conversion_killed_at_any_moment_leaves_one_whole_register(plaintext, tmp_path):
    work, db, counts, took = _trial(plaintext, tmp_path, None)
    assert _check(work, db, counts) == "encrypted"
    rng = random.Random(2026)
    outcomes = []
    for _ in range(TRIALS):
        work, db, counts, _took = _trial(plaintext, tmp_path, rng.uniform(0, took * 1.3))
        outcomes.append(_check(work, db, counts))
    assert len(outcomes) == TRIALS  # every trial opened, whole; which side it landed on varies
