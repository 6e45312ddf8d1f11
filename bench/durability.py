"""The cost of saves that survive a power cut: SQLite's synchronous=FULL against NORMAL, in the same run.

    .venv/bin/python bench/durability.py [--delegations 500] [--saves 200] [--rows 10000] [--rounds 3]

In WAL mode NORMAL syncs only at checkpoints, so a power cut may lose the last commits the officer saw
succeed; FULL syncs the WAL at every commit (storage/engine.py uses FULL). On copies of the same demo
register (bench/dataset.py), alternating the two settings round by round:

(a) one save: the median of `--saves` officers saved one by one through the service, each its own
    transaction (what Lưu does), in milliseconds;
(b) a `--rows` persons spreadsheet imported (preview and commit: one transaction), in seconds.

Prints each figure under both settings and FULL / NORMAL. Not a test: it prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import dataset
import registers


def _services(path: Path, home: Path):
    from desktop.config import Paths
    from desktop.services import build_services
    from desktop.storage.database import Database

    return build_services(Database(f"sqlite:///{path}", backup_dir=home / "backups", full_check=False), Paths(home))


def one_round(source: Path, work: Path, mode: str, saves: int, sheet: Path) -> tuple[float, float]:
    """(median ms of one save, seconds of the import) on a fresh copy under `mode`."""
    from desktop.storage import engine

    engine.SYNCHRONOUS = mode
    copy = work / f"{mode}.sqlite3"
    shutil.copyfile(source, copy)
    services = _services(copy, work / "home")
    try:
        times = []
        for i in range(saves):
            started = time.perf_counter()
            services.persons.save({"full_name": f"Cán bộ thử {i}", "position": "Chuyên viên"})
            times.append(time.perf_counter() - started)
        imported = registers.import_persons(services, sheet)
    finally:
        services.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return statistics.median(times) * 1000, imported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--delegations", type=int, default=500)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    source, _made = dataset.ensure(args.delegations)
    work = Path(tempfile.mkdtemp(prefix="doingoai-bench-sync-"))
    results: dict[str, list[tuple[float, float]]] = {"NORMAL": [], "FULL": []}
    try:
        sheet = work / "persons.xlsx"
        registers.write_sheet(sheet, args.rows)
        for _ in range(args.rounds):
            for mode in ("NORMAL", "FULL"):
                results[mode].append(one_round(source, work, mode, args.saves, sheet))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    save = {m: statistics.median(r[0] for r in rs) for m, rs in results.items()}
    imported = {m: statistics.median(r[1] for r in rs) for m, rs in results.items()}
    print(f"Sổ Đối ngoại — synchronous=FULL against NORMAL ({args.delegations:,} delegations; "
          f"{registers.load_average()}, {os.cpu_count()} cores; {args.rounds} rounds, medians)")
    print(f"{'figure':<32}{'NORMAL':>12}{'FULL':>12}{'FULL/NORMAL':>13}")
    print(f"{'(a) one save (Lưu)':<32}{save['NORMAL']:>10.2f}ms{save['FULL']:>10.2f}ms"
          f"{save['FULL'] / save['NORMAL']:>12.2f}×")
    print(f"{f'(b) import {args.rows:,} persons':<32}{imported['NORMAL']:>11.2f}s{imported['FULL']:>11.2f}s"
          f"{imported['FULL'] / imported['NORMAL']:>12.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
