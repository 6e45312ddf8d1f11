"""Speed and memory of the sync engine (issue 5): export, import, against a bare sqlite3 floor.

    .venv/bin/python bench/sync.py [--export 10000] [--changes 100000]

(1) export: a unit database with `--export` changed records → a `changes` bundle
    (chunked reads, JSON lines, zip, signature); target ≤ 1 s;
(2) import: a `--changes`-change bundle into the province database (steps 3–7:
    validation, references, apply in one transaction, checksum, report), against a
    bare `sqlite3` executemany of the same rows into the same table, measured in the
    same run; target: at least 1/5 of the bare rate;
(3) peak memory (ru_maxrss) of the importing process; target ≤ 300 MiB.

Each measured phase runs in its own child process (its peak memory is its own).
Not a test: it prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_EXPORT_S = 1.0
TARGET_RATIO = 0.2
TARGET_MIB = 300.0
TODAY = date(2026, 1, 20)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _services(db: Path, home: Path):
    from desktop.config import Paths
    from desktop.services import open_services

    return open_services(f"sqlite:///{db}", Paths(home), today=lambda: TODAY)


def _person(i: int, origin: str) -> dict:
    return {"change_seq": i + 1, "entity": "person", "id": str(uuid.uuid4()), "op": "upsert", "version": 1,
            "base_version": 0, "origin_device": origin, "updated_at": "2026-01-20T03:00:00Z",
            "data": {"full_name": f"Nguyễn Văn Cán Bộ {i}", "gender": "male" if i % 2 else "female",
                     "birth_date": f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}", "position": "Chuyên viên",
                     "unit_code": "DL-BMT", "grade": None, "phone": f"0262{i:07d}", "email": None,
                     "passport_number": f"C{i:07d}", "passport_expiry": "2031-01-01",
                     "is_key_leader": False, "is_fa_officer": i % 7 == 0}}


# --- child phases --------------------------------------------------------------------------------


def phase_export(work: Path, n: int) -> dict:
    """A unit with `n` changed records (made through the ORM and the tracker), then one timed export."""
    from desktop.models import Person

    unit = _services(work / "unit.sqlite3", work / "unit-home")
    unit.device.set_up("DL-BMT", "Nguyễn Văn An")
    unit.sync.set_province_recipient(None)
    with unit.ctx.db.session() as s:
        for i in range(n):
            s.add(Person(full_name=f"Trần Thị Cán Bộ {i}", position="Chuyên viên", unit_code="DL-BMT",
                         passport_number=f"D{i:07d}", passport_expiry=date(2031, 1, 1)))
    started, cpu = time.perf_counter(), time.process_time()
    result = unit.sync.export_bundle(work / "usb", allow_plaintext=True)  # the same work as before: no age
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    unit.close()
    return {"seconds": seconds, "cpu": cpu, "records": result.records, "bytes": result.path.stat().st_size,
            "peak_mib": _peak_mib()}


def phase_prepare(work: Path, n: int) -> dict:
    """A province database trusting a unit device, and an `n`-change plaintext bundle of that unit."""
    from desktop.sync import keys
    from desktop.sync.bundle import BundleWriter

    unit = _services(work / "u.sqlite3", work / "u-home")
    unit.device.set_up("DL-BMT", "Nguyễn Văn An")
    info = unit.device.info()
    key = keys.load_private(unit.device.key_path(info.id))
    unit.close()
    province = _services(work / "province.sqlite3", work / "p-home")
    province.device.set_up("DL", "Nguyễn Văn An")
    province.sync.set_province_mode(True)
    province.sync.set_require_encrypted(False)  # a plaintext bundle, as the figures before issue 9 were taken
    province.sync.trust(info.id, info.public_key, "DL-BMT")
    province.close()
    rows = []
    manifest = {"kind": "changes", "app_version": "bench", "device_id": info.id, "unit_code": "DL-BMT",
                "epoch": 1, "bundle_seq": 1, "prev_bundle_seq": 0, "acked_bundle_seq": 0}
    from desktop.sync import state

    acc = 0
    with BundleWriter(work / "in", manifest, key) as writer:
        for i in range(n):
            change = _person(i, info.id)
            acc ^= state.record_hash(change["id"], 1)
            writer.add_change(change)
            if len(rows) < n:
                rows.append(change)
        writer.manifest["state_checksum"] = state.checksum_hex(acc)
    (work / "rows.json").write_text(json.dumps([[r["id"], r["data"]] for r in rows]), "utf-8")
    shutil.copy(work / "province.sqlite3", work / "bare.sqlite3")
    return {"bundle": str(writer.path), "device": info.id}


def phase_import(work: Path, bundle: str) -> dict:
    """The timed import of the prepared bundle into the province database."""
    province = _services(work / "province.sqlite3", work / "p-home")
    started, cpu = time.perf_counter(), time.process_time()
    (report,) = province.sync.import_paths([Path(bundle)])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    province.close()
    return {"seconds": seconds, "cpu": cpu, "outcome": report.outcome, "new": report.totals()["new"],
            "checksum_ok": report.checksum_ok, "peak_mib": _peak_mib(), "message": report.message}


def phase_bare(work: Path) -> dict:
    """A bare sqlite3 executemany of the same rows into the same (migrated) person table."""
    rows = json.loads((work / "rows.json").read_text("utf-8"))
    conn = sqlite3.connect(work / "bare.sqlite3")
    cols = ("id", "unit_code", "created_at", "updated_at", "version", "base_version", "origin_device",
            "deleted", "full_name", "gender", "birth_date", "position", "grade", "phone", "email",
            "passport_number", "passport_expiry", "is_key_leader", "is_fa_officer", "search_key")
    sql = f"INSERT INTO person ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    now = "2026-01-20 03:00:00.000000"
    started, cpu = time.perf_counter(), time.process_time()
    params = [(rid, d["unit_code"], now, now, 1, 0, "x", 0, d["full_name"], d["gender"], d["birth_date"],
               d["position"], d["grade"], d["phone"], d["email"], d["passport_number"], d["passport_expiry"],
               d["is_key_leader"], d["is_fa_officer"], d["full_name"].lower()) for rid, d in rows]
    with conn:
        conn.executemany(sql, params)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return {"seconds": seconds, "cpu": cpu, "rows": len(rows)}


PHASES = {"export": phase_export, "prepare": phase_prepare, "import": phase_import, "bare": phase_bare}


def _child(phase: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--phase", phase, *args], capture_output=True, text=True,
                          cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"bench/sync.py --phase {phase} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(export_n: int, changes: int) -> dict:
    """Every phase in its own child process; returns the figures."""
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-sync-") as tmp:
        work = Path(tmp)
        exp = _child("export", str(work), str(export_n))
        prep = _child("prepare", str(work), str(changes))
        bare = _child("bare", str(work))
        imp = _child("import", str(work), prep["bundle"])
    return {"export": exp, "import": imp, "bare": bare, "changes": changes}


def report(fig: dict) -> None:
    """Print the table of figures against their targets."""
    exp, imp, bare, n = fig["export"], fig["import"], fig["bare"], fig["changes"]
    rate, bare_rate = n / imp["seconds"], bare["rows"] / bare["seconds"]
    ratio = rate / bare_rate

    def ok(flag: bool) -> str:
        return "ok" if flag else "MISSED"

    print("sync engine (issue 5)")
    print(f"  export {exp['records']:,} changes: {exp['seconds']:.2f} s, CPU {exp['cpu']:.2f} s "
          f"(target ≤ {TARGET_EXPORT_S:.0f} s) {ok(exp['seconds'] <= TARGET_EXPORT_S)}; {exp['bytes'] / 1e6:.1f} MB")
    print(f"  import {n:,} changes: {imp['seconds']:.2f} s, CPU {imp['cpu']:.2f} s = {rate:,.0f} changes/s "
          f"[{imp['outcome']}, new {imp['new']:,}, checksum {'ok' if imp['checksum_ok'] else 'MISMATCH'}]")
    print(f"  bare sqlite3 executemany of the same rows: {bare['seconds']:.2f} s, CPU {bare['cpu']:.2f} s "
          f"= {bare_rate:,.0f} rows/s")
    cpu_ratio = (n / imp["cpu"]) / (bare["rows"] / bare["cpu"])
    print(f"  ratio import / bare: {ratio:.2f} by the clock, {cpu_ratio:.2f} by CPU time "
          f"(target ≥ {TARGET_RATIO}) {ok(min(ratio, cpu_ratio) >= TARGET_RATIO)}")
    print("  (the import runs with a 64 MB page cache; the bare executemany with SQLite's default 2 MB, "
          "which makes it wait on the disk while its indexes grow)")
    print(f"  peak memory of the import: {imp['peak_mib']:.0f} MiB (target ≤ {TARGET_MIB:.0f}) "
          f"{ok(imp['peak_mib'] <= TARGET_MIB)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("rest", nargs="*")
    args = parser.parse_args(argv)
    if args.phase:
        work, *rest = args.rest
        extra = [int(rest[0])] if args.phase in ("export", "prepare") else rest
        print(json.dumps(PHASES[args.phase](Path(work), *extra)))
        return 0
    report(run(args.export, args.changes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
