"""Benchmark of issue 12's targets: the encrypted register against the plaintext one, in the same run.

    .venv/bin/python bench/encryption.py [--delegations 5000] [--runs 5] [--import-rows 10000]

The same demo register (bench/dataset.py, the demo's bulk path) is copied twice: as it is, and
encrypted with SQLCipher under a random key (storage/encryption.py, as a conversion makes it). Each
figure is measured on both, interleaved (plain, encrypted, plain, …) so the machine's load falls on
both alike, and printed as the ratio encrypted / plaintext; the target is ≤ 1.3× for each:

(a) opening the register: checks, migrations due, the services wired (what start-up spends in the
    database before the window; the window itself is the same for both);
(b) Tổng quan: every register's due items;
(c) Ctrl+K "ca phe" over every register;
(d) Đoàn ra's first page (100 rows, sorted, with each row's deadline);
(e) importing an `--import-rows` persons spreadsheet (preview and commit) into each copy;
(f) the real start-up in a child process (bench/startup.py: process start → window shown → Tổng quan
    filled → Đoàn ra's first page), wall time.

And the Argon2id parameters of the accounts (services/accounts.py): the time of one hash here, whose
target is 0.3–0.5 s (a login costs one). Not a test: it prints a table and exits 0.
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

TARGET_RATIO = 1.3
ARGON2_RANGE = (0.3, 0.5)


def _open(path: Path, key: bytes | None, home: Path):
    from desktop.config import Paths
    from desktop.services import build_services
    from desktop.storage.database import Database

    db = Database(f"sqlite:///{path}", backup_dir=home / "backups", full_check=False, key=key)
    return build_services(db, Paths(home))


def _median_ms(calls: list[float]) -> float:
    return statistics.median(calls) * 1000


def measure(plain: Path, encrypted: Path, key: bytes, home: Path, runs: int) -> dict[str, tuple[float, float]]:
    """{figure: (plaintext ms, encrypted ms)} — warm medians, the two interleaved."""
    from desktop.services.common import ListQuery

    figures: dict[str, list[list[float]]] = {}

    def time_it(name: str, side: int, call) -> None:
        started = time.perf_counter()
        call()
        figures.setdefault(name, [[], []])[side].append(time.perf_counter() - started)

    opened = [_open(plain, None, home), _open(encrypted, key, home)]
    try:
        for run in range(runs + 1):
            for side, (path, k) in enumerate(((plain, None), (encrypted, key))):
                time_it("open", side, lambda path=path, k=k: _open(path, k, home).close())
                services = opened[side]
                time_it("dashboard", side, services.dashboard.due)
                time_it("search", side, lambda s=services: s.search.search("ca phe"))
                time_it("outbound", side, lambda s=services: s.delegations.page(ListQuery(limit=100)))
            if run == 0:  # the first, cold round is not counted
                figures = {name: [[], []] for name in figures}
    finally:
        for services in opened:
            services.close()
    return {name: (_median_ms(sides[0]), _median_ms(sides[1])) for name, sides in figures.items()}


def measure_import(plain: Path, encrypted: Path, key: bytes, home: Path, rows: int) -> tuple[float, float]:
    """Seconds to preview and commit a `rows` persons sheet into a copy of each register."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "persons.xlsx"
        registers.write_sheet(sheet, rows)
        for name, source, k in (("plain", plain, None), ("encrypted", encrypted, key)):
            copy = Path(tmp) / f"{name}.sqlite3"
            shutil.copyfile(source, copy)
            services = _open(copy, k, home)
            try:
                out.append(registers.import_persons(services, sheet))
            finally:
                services.close()
    return out[0], out[1]


def startup_seconds(plain: Path, encrypted: Path, key: bytes, home: Path, runs: int) -> tuple[float, float]:
    """Median wall seconds of bench/startup.py `full` on each register, interleaved."""
    import subprocess

    script = Path(__file__).resolve().parent / "startup.py"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DOINGOAI_HOME": str(home)}
    times: list[list[float]] = [[], []]
    for _ in range(runs):
        for side, extra in enumerate(([], ["--key", key.hex()])):
            db = plain if side == 0 else encrypted
            started = time.perf_counter()
            subprocess.run([sys.executable, str(script), "full", str(db), *extra], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[side].append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def argon2_seconds(runs: int = 5) -> float:
    """The median time of one Argon2id hash with the accounts' parameters."""
    from argon2 import PasswordHasher

    from desktop.services.accounts import ARGON2

    hasher = PasswordHasher(**ARGON2)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        hasher.hash("một câu dễ nhớ của cán bộ")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--delegations", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from desktop.storage import encryption
    from desktop.storage.keyring import new_key

    source, _made = dataset.ensure(args.delegations)
    work = Path(tempfile.mkdtemp(prefix="doingoai-bench-enc-"))
    try:
        plain, encrypted, home = work / "plain.sqlite3", work / "encrypted.sqlite3", work / "home"
        shutil.copyfile(source, plain)
        key = new_key()
        started = time.perf_counter()
        encryption.export_encrypted(plain, encrypted, key)
        converted = time.perf_counter() - started
        figures = measure(plain, encrypted, key, home, args.runs)
        imported = measure_import(plain, encrypted, key, home, args.import_rows)
        started_up = startup_seconds(plain, encrypted, key, home, max(3, args.runs // 2))
        argon = argon2_seconds()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = source.stat().st_size / 2**20
    print(f"Sổ Đối ngoại — the encrypted register against the plaintext one ({args.delegations:,} delegations, "
          f"{size:.0f} MiB; {registers.load_average()}, {os.cpu_count()} cores)")
    print(f"conversion (encrypted copy written and verified): {converted:.1f} s")
    print(f"{'figure':<34}{'plaintext':>12}{'encrypted':>12}{'ratio':>8}{'target':>9}")
    labels = {"open": "(a) open the register", "dashboard": "(b) Tổng quan", "search": "(c) Ctrl+K “ca phe”",
              "outbound": "(d) Đoàn ra, first page"}
    for name, label in labels.items():
        p, e = figures[name]
        ratio = e / p if p else float("inf")
        print(f"{label:<34}{p:>10.1f}ms{e:>10.1f}ms{ratio:>7.2f}×{'≤ 1.3×':>9} {'✓' if ratio <= TARGET_RATIO else '✗'}")
    p, e = imported
    ratio = e / p
    print(f"{f'(e) import {args.import_rows:,} persons':<34}{p:>11.1f}s{e:>11.1f}s{ratio:>7.2f}×{'≤ 1.3×':>9} "
          f"{'✓' if ratio <= TARGET_RATIO else '✗'}")
    p, e = started_up
    ratio = e / p
    print(f"{'(f) start-up to Đoàn ra (process)':<34}{p:>11.2f}s{e:>11.2f}s{ratio:>7.2f}×{'≤ 1.3×':>9} "
          f"{'✓' if ratio <= TARGET_RATIO else '✗'}")
    low, high = ARGON2_RANGE
    print(f"Argon2id (accounts.ARGON2): one hash {argon:.2f} s; target {low}–{high} s "
          f"{'✓' if low <= argon <= high else '✗'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
