"""Benchmark of the yearly report (issue "The yearly report"), against a floor measured in the same run.

    .venv/bin/python bench/report.py [--records 250000] [--runs 5] [--fresh]

On the registers benchmark database (bench/registers.py: about `--records` records across the
registers, made once in bench/out/ and reused):

(a) the figures of one year over every unit (`ReportService.report_of`: the rows read and counted, warm median)
    against the floor: bare sqlite3 GROUP BY counts and sums over the same tables and year —
    the least any report must read; target ≤ 5× the floor;
(b) the PDF of a consolidated report of 100 units (the year's rows spread over 100 unit codes,
    so the per-unit table has 100 rows): CPU time of one build; target ≤ 2 s.

Not a test: it prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import dataset  # noqa: E402
import registers  # noqa: E402

TARGET_RATIO = 5.0
TARGET_PDF_S = 2.0
UNITS = 100

# what any report must read at least: one grouped pass over each register's rows of the year
FLOOR_SQL = (
    "SELECT direction, kind, count(*), sum(cost_estimate_vnd) FROM delegation WHERE deleted = 0 "
    "AND status NOT IN ('cancelled', 'rejected') AND start_date BETWEEN :first AND :last GROUP BY direction, kind",
    "SELECT d.direction, count(*) FROM delegation_member m JOIN delegation d ON d.id = m.delegation_id "
    "WHERE m.deleted = 0 AND d.deleted = 0 AND d.start_date BETWEEN :first AND :last GROUP BY d.direction",
    "SELECT count(*) FROM conference WHERE deleted = 0 AND start_date BETWEEN :first AND :last",
    "SELECT sector, count(*), sum(value_vnd) FROM aid_project WHERE deleted = 0 "
    "AND approval_date BETWEEN :first AND :last GROUP BY sector",
    "SELECT sum(amount_vnd) FROM aid_disbursement WHERE deleted = 0 AND period_start BETWEEN :first AND :last",
    "SELECT kind, count(*), sum(mou_count) FROM promotion_activity WHERE deleted = 0 "
    "AND start_date BETWEEN :first AND :last GROUP BY kind",
    "SELECT status, count(*) FROM follow_up_action WHERE deleted = 0 AND due_date BETWEEN :first AND :last "
    "GROUP BY status",
    "SELECT country, count(*) FROM overseas_contact WHERE deleted = 0 GROUP BY country",
    "SELECT kind, count(*), sum(value_vnd) FROM overseas_activity WHERE deleted = 0 "
    "AND date BETWEEN :first AND :last GROUP BY kind",
    "SELECT p.unit_code, count(*), sum(a.budget_vnd) FROM planned_activity a JOIN annual_plan p ON p.id = a.plan_id "
    "WHERE a.deleted = 0 AND p.deleted = 0 AND p.year = :year GROUP BY p.unit_code",
)


def floor(db: Path, year: int) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        params = {"first": date(year, 1, 1).isoformat(), "last": date(year, 12, 31).isoformat(), "year": year}
        rows = sum(len(conn.execute(sql, params).fetchall()) for sql in FLOOR_SQL)
        return f"{rows} grouped rows"
    finally:
        conn.close()


def interleaved(first, second, runs: int):
    """Time two calls taking turns, one cold run of each and then `runs` warm ones: a noisy neighbour on a
    shared machine slows both alike, so their ratio holds where two separate series drift apart."""
    walls: list[list[float]] = [[], []]
    cpus: list[list[float]] = [[], []]
    results = ["", ""]
    for _ in range(runs + 1):
        for i, call in enumerate((first, second)):
            started, cpu = time.perf_counter(), time.process_time()
            results[i] = str(call())
            walls[i].append((time.perf_counter() - started) * 1000)
            cpus[i].append((time.process_time() - cpu) * 1000)
    return tuple(registers.CpuTiming(w[0], statistics.median(w[1:]), r, statistics.median(c[1:]))
                 for w, c, r in zip(walls, cpus, results, strict=True))


def busiest_year(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT substr(start_date, 1, 4) y FROM delegation WHERE deleted = 0 "
                                "GROUP BY y ORDER BY count(*) DESC LIMIT 1").fetchone()[0])
    finally:
        conn.close()


def spread(facts, units: int):
    """The same rows over `units` unit codes, round-robin: a consolidated report of that many units."""
    from desktop.reports.facts import UnitRow

    codes = tuple(f"DL-X{i:03d}" for i in range(units))
    changes = {}
    for spec in fields(facts):
        rows = getattr(facts, spec.name)
        if isinstance(rows, tuple) and rows and hasattr(rows[0], "unit_code"):
            changes[spec.name] = tuple(replace(r, unit_code=codes[i % units]) for i, r in enumerate(rows))
    changes["units"] = tuple(UnitRow(c, f"Xã thử nghiệm số {i + 1}", i % 3 != 0, i % 4 != 0)
                             for i, c in enumerate(codes))
    names = {c: f"Xã thử nghiệm số {i + 1}" for i, c in enumerate(codes)}
    return replace(facts, scope=("DL", *codes), unit_names={"DL": "Tỉnh Đắk Lắk", **names}, **changes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args(argv)

    from desktop.config import Paths
    from desktop.models import Unit
    from desktop.reports import files
    from desktop.reports.document import build
    from desktop.reports.figures import compute
    from desktop.services import open_services

    db, made = registers.ensure(args.records, args.fresh)
    year = busiest_year(db)
    services = open_services(f"sqlite:///{db}", Paths(dataset.HOME))
    try:
        with services.ctx.db.read() as s:
            scope = tuple(sorted(s.scalars(Unit.__table__.select().with_only_columns(Unit.code)), key=lambda c: c != "DL"))
        report_timing, floor_timing = interleaved(lambda: _figures(services, year, scope), lambda: floor(db, year),
                                                  args.runs)
        facts = services.reports.facts(year, scope)
        settings = services.printing.settings()
        wide = compute(spread(facts, UNITS))
        cpu = time.process_time()
        pdf = files.pdf(build(wide), settings, services.ctx.today())
        pdf_cpu = time.process_time() - cpu
    finally:
        services.close()
    ratio = report_timing.median_ms / floor_timing.median_ms if floor_timing.median_ms else float("inf")
    counts = registers.row_counts(db)
    print(f"Yearly report benchmark — {db.name}, {sum(counts.values()):,} records, year {year}"
          + (f" (database made in {made:.0f} s)" if made else "") + f"; {registers.load_average()}")
    print(f"{'measure':<44}{'value':>14}{'floor':>14}{'ratio':>9}{'target':>10}")
    print(f"{'(a) figures, every unit (warm median)':<44}{report_timing.median_ms:>11.0f} ms"
          f"{floor_timing.median_ms:>11.1f} ms{ratio:>8.1f}×{'≤ 5×':>10}  {'ok' if ratio <= TARGET_RATIO else 'MISSED'}")
    print(f"{'    cold first run':<44}{report_timing.first_ms:>11.0f} ms   {report_timing.detail}")
    print(f"{'(b) PDF, consolidated report of 100 units':<44}{pdf_cpu:>12.2f} s{'':>14}{'':>9}{'≤ 2 s':>10}  "
          f"{'ok' if pdf_cpu <= TARGET_PDF_S else 'MISSED'}   {len(pdf) // 1024} KiB")
    return 0


def _figures(services, year: int, scope: tuple[str, ...]) -> str:
    report = services.reports.report_of(year, scope)  # what Báo cáo and `doingoai report` run
    return f"{report.figures['outbound.count'].value} outbound, {len(report.by_unit)} units"


if __name__ == "__main__":
    raise SystemExit(main())
