"""Speed and memory of the pure bundle format (desktop/sync/bundle.py, schema.py) — no database.

    .venv/bin/python bench/bundle_format.py [--changes 100000] [--encrypt]

Writes a bundle of `--changes` delegation changes (a realistic, long line each),
then opens it (archive checks, signature, hashes, decryption with --encrypt),
streams every change and validates it against the schema. Each phase runs in a
child process so its peak memory (ru_maxrss) is its own; SYNC.md asks for
≤ 300 MiB at any bundle size, which only streaming can give. Not a test: it
prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEVICE = "8c1f0a2b-1111-4222-8333-444455556666"


def _change(seq: int) -> dict:
    return {
        "change_seq": seq, "entity": "delegation", "id": str(uuid.uuid4()), "op": "upsert",
        "version": 3, "base_version": 2, "origin_device": DEVICE, "updated_at": "2026-11-20T03:12:00Z",
        "data": {
            "direction": "outbound", "kind": "working_trip", "title": f"Đoàn công tác số {seq} tại Hàn Quốc",
            "purpose": "Trao đổi kinh nghiệm quản lý đô thị và xúc tiến đầu tư", "countries": ["KR", "JP"],
            "partner": "Tỉnh Gyeonggi", "start_date": "2026-03-01", "end_date": "2026-03-07",
            "funding": "state_budget", "cost_estimate_vnd": 150_000_000 + seq, "in_annual_plan": True,
            "status": "approved", "submitted_on": "2026-01-10", "decision_number": f"{seq}/QĐ-UBND",
            "decision_date": "2026-02-01", "decision_authority": "UBND tỉnh Đắk Lắk",
            "report_received_on": None, "override_reason": None, "notes": None, "attachments": [],
        },
    }


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write(out: Path, n: int, key_file: Path, recipient: str | None) -> dict:
    from desktop.sync import keys
    from desktop.sync.bundle import BundleWriter

    key = keys.load_private(key_file)
    manifest = {"kind": "full", "device_id": DEVICE, "unit_code": "DL-BMT", "epoch": 1, "bundle_seq": 1,
                "prev_bundle_seq": 0, "app_version": "bench"}
    base = _peak_mib()
    t, cpu = time.perf_counter(), time.process_time()
    with BundleWriter(out, manifest, key, recipient=recipient) as w:
        for seq in range(1, n + 1):
            w.add_change(_change(seq))
    return {"seconds": time.perf_counter() - t, "cpu": time.process_time() - cpu,
            "peak_mib": _peak_mib(), "base_mib": base,
            "path": str(w.path), "bytes": w.path.stat().st_size}


def read(path: Path, key_file: Path, identity_file: Path | None) -> dict:
    from desktop.sync import crypto, keys
    from desktop.sync.bundle import open_bundle
    from desktop.sync.schema import validate_change

    raw = keys.public_raw(keys.load_private(key_file))
    identities = [crypto.load_identity(identity_file)] if identity_file else []
    validate_change(0, _change(1))  # compile the validator outside the timing
    base = _peak_mib()
    clock = time.process_time  # CPU seconds: the machine is shared, wall time says more about the others
    t = clock()
    lines = problems = 0
    t_validate = 0.0
    with open_bundle(path, is_trusted=lambda d, k: k == raw, identities=identities) as b:
        t_open = clock() - t
        t2 = clock()
        for _line in b.changes():
            lines += 1
        t_stream = clock() - t2
        stream_peak = _peak_mib()  # before the batches below, which hold 10,000 changes on purpose
        batch: list[tuple[int, dict]] = []
        for item in b.changes():  # validation alone: parse a batch, then time validating it
            batch.append(item)
            if len(batch) == 10_000:
                t3 = clock()
                problems += sum(len(validate_change(n, c)) for n, c in batch)
                t_validate += clock() - t3
                batch = []
        t3 = clock()
        problems += sum(len(validate_change(n, c)) for n, c in batch)
        t_validate += clock() - t3
    return {"open_s": t_open, "stream_s": t_stream, "validate_s": t_validate, "lines": lines,
            "problems": problems, "peak_mib": stream_peak, "base_mib": base}


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--changes", type=int, default=100_000)
    ap.add_argument("--encrypt", action="store_true")
    ap.add_argument("--phase", choices=["write", "read"], help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    ap.add_argument("--bundle", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        d = Path(args.dir)
        ident = d / "age.txt" if args.encrypt else None
        if args.phase == "write":
            recipient = None
            if args.encrypt:
                from desktop.sync import crypto
                recipient = crypto.recipient_of(crypto.load_identity(ident))
            print(json.dumps(write(d / "out", args.changes, d / "key.pem", recipient)))
        else:
            print(json.dumps(read(Path(args.bundle), d / "key.pem", ident)))
        return

    from desktop.sync import crypto, keys

    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        d = Path(tmp)
        keys.save_private(keys.generate(), d / "key.pem")
        extra = ["--encrypt"] if args.encrypt else []
        if args.encrypt:
            crypto.save_identity(crypto.generate_identity(), d / "age.txt")
        w = _child(["--phase", "write", "--dir", tmp, "--changes", str(args.changes), *extra])
        r = _child(["--phase", "read", "--dir", tmp, "--bundle", w["path"], *extra])
    n = args.changes
    print(f"bundle format, {n:,} delegation changes{' (age-encrypted)' if args.encrypt else ''}")
    print(f"  bundle file          {w['bytes'] / 2**20:8.1f} MiB")
    print(f"  write + sign + zip   {w['seconds']:8.2f} s   (CPU {w['cpu']:.2f} s, {n / w['cpu']:,.0f} changes/s)   "
          f"peak {w['peak_mib']:.0f} MiB (imports {w['base_mib']:.0f} MiB)")
    print("  reading, in CPU seconds:")
    print(f"  open (steps 1–2)     {r['open_s']:8.2f} s")
    print(f"  stream changes()     {r['stream_s']:8.2f} s   ({r['lines']:,} lines)")
    print(f"  validate_change      {r['validate_s']:8.2f} s   ({n / r['validate_s']:,.0f} changes/s, "
          f"{r['problems']} problems)")
    print(f"  open + stream peak   {r['peak_mib']:8.0f} MiB (imports {r['base_mib']:.0f} MiB; target ≤ 300)")


if __name__ == "__main__":
    main()
