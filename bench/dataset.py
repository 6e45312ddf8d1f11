"""The benchmark databases in bench/out/, made once with the demo's bulk path and reused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
HOME = OUT / "home"  # data folder (device key, backups) of the benchmark databases


def database_path(delegations: int) -> Path:
    """Where the database with `delegations` delegations lives."""
    return OUT / f"bench-{delegations}.sqlite3"


def ensure(delegations: int, fresh: bool = False) -> tuple[Path, float | None]:
    """The database with `delegations` delegations and, if it was made now, how long it took."""
    path = database_path(delegations)
    if not fresh and live_delegations(path) >= delegations:
        return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path, generate(path, delegations)


def live_delegations(path: Path) -> int:
    """How many live delegations a finished benchmark database holds (0 if none or broken)."""
    if not path.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM delegation WHERE deleted = 0").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def generate(path: Path, delegations: int) -> float:
    """Fill a new database through `fill_demo` (bulk path from 1,000 delegations); seconds taken."""
    from desktop.config import Paths
    from desktop.services import open_services
    from desktop.services.demo import fill_demo

    OUT.mkdir(parents=True, exist_ok=True)
    services = open_services(f"sqlite:///{path}", Paths(HOME))
    try:
        return fill_demo(services, delegations=delegations).seconds
    finally:
        services.close()
