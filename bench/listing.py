"""(b) The delegation list's first page and a diacritic-free search, against a bare sqlite3 floor."""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEARCH = "ca phe han quoc"
FLOOR_SQL = ("SELECT * FROM delegation WHERE direction = 'outbound' AND deleted = 0 "
             "ORDER BY start_date DESC LIMIT 100")


@dataclass(frozen=True)
class Timing:
    """First call and median of the following calls, in milliseconds."""

    first_ms: float
    median_ms: float
    detail: str = ""


def timed(call: Callable[[], object], runs: int) -> Timing:
    """Time `call` once cold and `runs` more times."""
    samples = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(samples[0], statistics.median(samples[1:]), str(result))


def measure(db: Path, home: Path, runs: int = 7) -> dict[str, Timing]:
    """Open the list the way the Đoàn ra page does, search, and time the floor query."""
    from desktop.config import Paths
    from desktop.services import open_services
    from desktop.services.common import ListQuery
    from desktop.services.delegations import Filter

    services = open_services(f"sqlite:///{db}", Paths(home))
    outbound = Filter(direction="outbound")
    first_page = ListQuery(sort="start_date", descending=True, limit=100)
    searched = ListQuery(search=SEARCH, sort="start_date", descending=True, limit=100)

    def open_list(q: ListQuery) -> Callable[[], str]:
        def call() -> str:
            total = services.delegations.count(q, outbound)
            rows = services.delegations.page(q, outbound)
            return f"{total} matches, {len(rows)} rows"
        return call

    try:
        out = {
            "list": timed(open_list(first_page), runs),
            "search": timed(open_list(searched), runs),
            "years": timed(lambda: f"{len(services.delegations.years())} years", runs),
        }
    finally:
        services.close()
    out["floor"] = _floor(db, runs)
    return out


def _floor(db: Path, runs: int) -> Timing:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return timed(lambda: f"{len(conn.execute(FLOOR_SQL).fetchall())} rows", runs)
    finally:
        conn.close()
