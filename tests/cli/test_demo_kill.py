"""`doingoai demo` killed (SIGKILL) part-way leaves no half-filled register: the file is either not there
(and `demo` then makes it) or the whole demo register — never one that `demo` refuses to finish."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from desktop.config import Paths
from desktop.services import Credentials, open_services
from desktop.storage.keyring import keys_path

TRIALS = 4
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


def _demo(db, home, kill_after: float | None):
    env = {**os.environ, "DOINGOAI_HOME": str(home), "PYTHONPATH": os.getcwd()}
    env.pop("DOINGOAI_USER", None)
    env.pop("DOINGOAI_PASSWORD", None)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "desktop", "demo", "--db", str(db), "--delegations", "3"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    if kill_after is None:
        assert child.wait(120) == 0
        return time.perf_counter() - started
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    return None


def test_a_demo_killed_at_any_moment_leaves_nothing_half_made(tmp_path):
    took = _demo(tmp_path / "first.sqlite3", tmp_path / "home", None)
    rng = random.Random(13)
    missing = []
    for trial in range(TRIALS):
        db = tmp_path / f"t{trial}.sqlite3"
        _demo(db, tmp_path / "home", rng.uniform(0.2, took))
        if not db.exists():
            assert not keys_path(db).exists()
            missing.append(db)
            continue
        services = open_services(f"sqlite:///{db}", Paths(tmp_path / "home"), login=Credentials("canbo", "demo"))
        try:
            assert services.delegations.count() >= 3 and len(services.accounts.hashes()) == 3
        finally:
            services.close()
    if missing:  # what a killed demo left (nothing under the name, maybe leftovers beside it): demo finishes it
        _demo(missing[0], tmp_path / "home", None)
        assert missing[0].exists() and keys_path(missing[0]).exists()
