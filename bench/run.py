"""Benchmark of issue 2's performance targets, as ratios against floors measured in the same run.

    .venv/bin/python bench/run.py [--delegations 50000] [--runs 5] [--fresh]

(a) start-up: process start → main window shown and first event-loop turn
    (bench/startup.py in a child process), against a bare PySide6 window with a
    table; on the big database and on a 500-delegation one (it must not grow);
(b) the Đoàn ra list's first page and a diacritic-free search, against a bare
    sqlite3 SELECT of 100 rows of the same table;
(c) peak memory (ru_maxrss) of a child that shows the window, lets Tổng quan
    fill in and opens the Đoàn ra list;
(d) printing (bench/printing.py, also runnable alone): one form record → PDF against a
    bare reportlab page in the same embedded font, and a 100-member list;
(e) the other registers (bench/registers.py, also runnable alone): global search, Tổng quan
    and a 10,000-row persons import on ~200,000 records across registers;
(f) sync (bench/sync.py, also runnable alone): bundle export of 10,000 changes, import of a
    100,000-change bundle against a bare sqlite3 executemany of the same rows, peak memory;
(g) the encrypted register against the plaintext one (bench/encryption.py), and the Argon2id hash;
(h) synchronous=FULL against NORMAL on a save and a 10,000-row import (bench/durability.py).

The databases are made once in bench/out/ by the demo's bulk path and reused.
Not a test: it prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import dataset
import durability
import encryption as encryption_bench
import listing
import printing
import registers
import sync as sync_bench

BENCH = Path(__file__).resolve().parent
STARTUP = BENCH / "startup.py"
SMALL = 500
TARGET_STARTUP = 3.0
TARGET_GROWTH = 1.25
TARGET_MS = 100.0
TARGET_MIB = 300.0


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, peak memory, the milestones it printed."""

    seconds: float
    max_rss_mib: float
    milestones: dict
    loaded: list


def spawn(*args: str) -> Run:
    """Run bench/startup.py with `args`; wall time from spawn to exit, and the child's ru_maxrss."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DOINGOAI_HOME": str(dataset.HOME)}
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, str(STARTUP), *args], stdout=subprocess.PIPE,
                                 stderr=err, env=env)
        out = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        child.stdout.close()
        if child.returncode != 0:
            err.seek(0)
            raise SystemExit(f"bench/startup.py {' '.join(args)} failed:\n{err.read().decode(errors='replace')}")
    report = json.loads(out.decode().strip().splitlines()[-1])
    return Run(seconds, usage.ru_maxrss / 1024, report["milestones"], report["loaded"])


def startup_runs(big: Path, small: Path, runs: int) -> dict[str, list[Run]]:
    """Interleaved runs (one warm-up each, not counted): bare window, app on big and small DB."""
    variants = {"bare": ("bare",), "big": ("app", str(big)), "small": ("app", str(small))}
    for args in variants.values():
        spawn(*args)
    results: dict[str, list[Run]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, args in variants.items():
            results[name].append(spawn(*args))
    return results


def median_seconds(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def median_milestones(runs: list[Run]) -> dict[str, float]:
    keys = runs[0].milestones
    return {k: statistics.median(r.milestones[k] for r in runs) for k in keys}


# --- the table ------------------------------------------------------------------------------


def row(label: str, value: str, floor: str = "", ratio: str = "", target: str = "", ok: bool | None = None) -> str:
    mark = "" if ok is None else ("✓" if ok else "✗")
    return f"{label:<46}{value:>12}{floor:>12}{ratio:>9}   {target:<10}{mark}"


def report(args, big: Path, generated: dict, starts: dict, full: Run, lists: dict) -> None:
    bare, app, app_small = (median_seconds(starts[k]) for k in ("bare", "big", "small"))
    ms = 1000
    print(f"Sổ Đối ngoại benchmark — {args.delegations:,} delegations "
          f"({big.relative_to(BENCH.parent)}, {big.stat().st_size / 2**20:.0f} MiB); "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs, median of {args.runs} runs")
    for n, seconds in generated.items():
        made = f"generated now by fill_demo in {seconds:.1f} s" if seconds else "reused from bench/out"
        print(f"  database with {n:,} delegations: {made}")
    print()
    print(row("measurement", "result", "floor", "ratio", "target"))
    print("-" * 92)
    print("(a) start-up: process start → window shown → first event-loop turn")
    print(row(f"    {args.delegations:,} delegations", f"{app * ms:.0f} ms", f"{bare * ms:.0f} ms",
              f"{app / bare:.2f}×", f"≤ {TARGET_STARTUP}×", app / bare <= TARGET_STARTUP))
    print(row(f"    {SMALL:,} delegations", f"{app_small * ms:.0f} ms", f"{bare * ms:.0f} ms",
              f"{app_small / bare:.2f}×", f"≤ {TARGET_STARTUP}×", app_small / bare <= TARGET_STARTUP))
    print(row(f"    growth {SMALL:,} → {args.delegations:,}", "", "", f"{app / app_small:.2f}×",
              f"≤ {TARGET_GROWTH}×", app / app_small <= TARGET_GROWTH))
    _print_lists(lists)
    peak = max([full.max_rss_mib] + [r.max_rss_mib for r in starts["big"]])
    print("(c) peak memory (ru_maxrss): window + Tổng quan + first page of Đoàn ra")
    print(row(f"    {args.delegations:,} delegations", f"{peak:.0f} MiB", "", "", f"≤ {TARGET_MIB:.0f} MiB",
              peak <= TARGET_MIB))
    print()
    _print_breakdown(starts, full)


def _print_lists(lists: dict) -> None:
    floor = lists["floor"].median_ms
    print("(b) Đoàn ra list, first page of 100 (count + page), warm median; floor = bare sqlite3 "
          "SELECT of 100 rows")
    for key, label in (("list", "    open the list"), ("search", f"    search “{listing.SEARCH}”")):
        t = lists[key]
        print(row(label, f"{t.median_ms:.1f} ms", f"{floor:.2f} ms", f"{t.median_ms / floor:.0f}×",
                  f"≤ {TARGET_MS:.0f} ms", t.median_ms <= TARGET_MS))
        print(row("      first call after opening the database", f"{t.first_ms:.1f} ms", "", "", "", None)
              + f"  ({t.detail})")
    years = lists["years"]
    print(row("    year filter values (page also asks)", f"{years.median_ms:.1f} ms", "", "", "", None))


def _print_breakdown(starts: dict, full: Run) -> None:
    print("start-up milestones (median, seconds since the child's first line ran):")
    for name in ("bare", "big", "small"):
        steps = ", ".join(f"{k} {v:.3f}" for k, v in median_milestones(starts[name]).items())
        loaded = ", ".join(starts[name][0].loaded) or "none"
        print(f"  {name:<6} {steps}  (loaded of alembic/reportlab/holidays: {loaded})")
    steps = ", ".join(f"{k} {v:.3f}" for k, v in full.milestones.items())
    print(f"  full   {steps}  (wall {full.seconds:.2f} s, {full.max_rss_mib:.0f} MiB)")


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of Sổ Đối ngoại's performance targets")
    parser.add_argument("--delegations", type=int, default=50_000, help="size of the big database")
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each start-up")
    parser.add_argument("--fresh", action="store_true", help="regenerate the databases")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    generated = {}
    big, generated[args.delegations] = dataset.ensure(args.delegations, args.fresh)
    small, generated[SMALL] = dataset.ensure(SMALL, args.fresh)
    starts = startup_runs(big, small, args.runs)
    full = spawn("full", str(big))
    lists = listing.measure(big, dataset.HOME)
    report(args, big, generated, starts, full, lists)
    print()
    printing.report(printing.measure(max(args.runs, 15)))  # (d) issue 3: forms → PDF
    print()
    registers.main(["--fresh"] if args.fresh else [])  # (e) issue 4: search, dashboard, import
    print()
    sync_bench.main([])  # (f) issue 5: bundle export and import against a bare executemany
    print()
    encryption_bench.main([])  # (g) issue 12: the encrypted register against the plaintext one
    print()
    durability.main([])  # (h) issue 13: synchronous=FULL against NORMAL on a save and an import
    return 0


if __name__ == "__main__":
    sys.exit(main())
