"""Issue 5's CLI contract end to end: unit → province → ack → unit between two databases.

And a crash test: the import process is killed at every checkpoint (and at random
moments) and the province database is then either untouched or fully imported.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.config import Paths
from desktop.services import open_services
from tests.services.builders import officer
from tests.sync.engine_helpers import TODAY, craft, dump, line, person_data

ROOT = Path(__file__).resolve().parents[2]


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cli_json(capsys, *argv: str):
    code, out, err = cli(capsys, *argv)
    return code, json.loads(out)


@pytest.fixture
def two(tmp_path, capsys):
    """A unit database and a province database set up through the CLI, each trusting the other."""
    unit, prov = tmp_path / "unit.sqlite3", tmp_path / "prov.sqlite3"
    assert cli(capsys, "init", "--db", str(unit), "--unit", "DL-BMT")[0] == 0
    code, out, _err = cli(capsys, "init", "--db", str(prov), "--unit", "DL", "--province")
    assert code == 0 and "chế độ tỉnh" in out
    _c, u = cli_json(capsys, "keys", "show", "--db", str(unit), "--json")
    _c, p = cli_json(capsys, "keys", "show", "--db", str(prov), "--json")
    assert p["province_mode"] is True and p["age_recipient"].startswith("age1")
    assert u["province_mode"] is False and len(u["fingerprint"].split()) == 13
    code, out, _err = cli(capsys, "keys", "trust", "--db", str(prov), "--device-id", u["device_id"],
                          "--public-key", u["public_key"], "--unit", "DL-BMT")
    assert code == 0 and u["fingerprint"] in out
    assert cli(capsys, "keys", "trust", "--db", str(unit), "--device-id", p["device_id"],
               "--public-key", p["public_key"], "--age-recipient", p["age_recipient"])[0] == 0
    return {"unit": unit, "prov": prov, "u": u, "p": p}


def _add_people(db: Path, *names: str) -> list[str]:
    services = open_services(f"sqlite:///{db}", Paths(Path(os.environ["DOINGOAI_HOME"])), today=lambda: TODAY)
    try:
        return [officer(services, n, passport_number=f"C{i:07d}") for i, n in enumerate(names)]
    finally:
        services.close()


def _export(capsys, db: Path, out: Path, *extra: str) -> Path:
    code, stdout, _err = cli(capsys, "bundle", "export", "--db", str(db), "--out", str(out), *extra)
    assert code == 0
    path = Path(stdout.strip().splitlines()[0])
    assert path.is_file() and path.suffix == ".dnb"
    return path


def test_unit_to_province_to_ack_to_unit(two, capsys, tmp_path):
    unit, prov = two["unit"], two["prov"]
    _add_people(unit, "Nguyễn Văn Hùng", "Trần Thị Lan")
    bundle = _export(capsys, unit, tmp_path / "usb")
    _c, keys = cli_json(capsys, "keys", "show", "--db", str(prov), "--json")
    assert [t["device_id"] for t in keys["trusted"]] == [two["u"]["device_id"]]

    code, dry = cli_json(capsys, "bundle", "import", "--db", str(prov), "--dry-run", "--json", str(bundle))
    assert code == 0 and dry["outcome"] == "dry_run" and dry["counts"]["person"]["new"] == 2
    code, out, _err = cli(capsys, "bundle", "import", "--db", str(prov), "--dry-run", str(bundle))
    assert code == 0 and "  Cán bộ: 2 mới" in out.splitlines()  # the register as officers name it
    code, report = cli_json(capsys, "bundle", "import", "--db", str(prov), "--json", str(bundle))
    assert code == 0 and report["outcome"] == "applied" and report["checksum_ok"] is True
    assert report["reports"][0]["bundle_seq"] == 1
    code, again = cli_json(capsys, "bundle", "import", "--db", str(prov), "--json", str(bundle))
    assert code == 0 and again["outcome"] == "replayed"
    code, people = cli_json(capsys, "list", "person", "--db", str(prov), "--json")
    assert sorted(p["full_name"] for p in people) == ["Nguyễn Văn Hùng", "Trần Thị Lan"]

    code, out, _err = cli(capsys, "bundle", "ack", "--db", str(prov), "--device-id", two["u"]["device_id"],
                          "--out", str(tmp_path / "acks"))
    ack = Path(out.strip())
    assert code == 0 and ack.is_file()
    code, out, _err = cli(capsys, "bundle", "import", "--db", str(unit), str(ack))
    assert code == 0 and "đã nhập" in out
    code, conflicts = cli_json(capsys, "conflicts", "--db", str(prov), "--json")
    assert code == 0 and conflicts == []

    # after the ack the next bundle carries only what is new
    _add_people(unit, "Lê Văn Ba")
    second = _export(capsys, unit, tmp_path / "usb2")
    code, report = cli_json(capsys, "bundle", "import", "--db", str(prov), "--json", str(second))
    assert code == 0 and report["counts"] == {"person": {"new": 1, "updated": 0, "unchanged": 0, "deleted": 0,
                                                         "conflicts": 0, "held": 0}}


def test_exit_codes_held_and_refused(two, capsys, tmp_path):
    unit, prov = two["unit"], two["prov"]
    _add_people(unit, "Nguyễn Văn Hùng")
    first = _export(capsys, unit, tmp_path / "a")
    _add_people(unit, "Trần Thị Lan")
    second = _export(capsys, unit, tmp_path / "b")
    code, report = cli_json(capsys, "bundle", "import", "--db", str(prov), "--json", str(second))
    assert code == 3 and report["outcome"] == "held" and report["missing_seqs"] == [1]
    code, out, _err = cli(capsys, "bundle", "import", "--db", str(prov), str(first))
    assert code == 0 and out.count("đã nhập") == 2  # 1, then 2 released from the held list

    damaged = tmp_path / "damaged.dnb"
    damaged.write_bytes(first.read_bytes()[:-200])
    code, report = cli_json(capsys, "bundle", "import", "--db", str(prov), "--json", str(damaged))
    assert code == 2 and report["outcome"] == "refused" and report["message"]


def test_force_imports_a_held_bundle(two, capsys, tmp_path):
    unit, prov = two["unit"], two["prov"]
    _add_people(unit, "Nguyễn Văn Hùng")
    _export(capsys, unit, tmp_path / "a")
    _add_people(unit, "Trần Thị Lan")
    second = _export(capsys, unit, tmp_path / "b")
    code, report = cli_json(capsys, "bundle", "import", "--db", str(prov), "--force", "--json", str(second))
    assert code == 0 and report["outcome"] == "applied" and report["counts"]["person"]["new"] == 2


def test_an_invalid_record_is_refused_with_line_and_field(two, capsys, tmp_path):
    unit = open_services(f"sqlite:///{two['unit']}", Paths(Path(os.environ["DOINGOAI_HOME"])), today=lambda: TODAY)
    try:
        origin = two["u"]["device_id"]
        path = craft(unit, tmp_path / "usb", [line(1, "person", person_data(gender="nam"), origin=origin)],
                     recipient=two["p"]["age_recipient"])
    finally:
        unit.close()
    code, report = cli_json(capsys, "bundle", "import", "--db", str(two["prov"]), "--json", str(path))
    assert code == 2 and report["reports"][0]["code"] == "records.invalid"
    assert [(p["line"], p["field"]) for p in report["problems"]] == [(1, "gender")]
    code, out, _err = cli(capsys, "bundle", "import", "--db", str(two["prov"]), str(path))
    assert code == 2 and "dòng 1" in out and "gender" in out


def test_bundle_schema_prints_the_published_schema(capsys):
    code, schema = cli_json(capsys, "bundle", "schema")
    assert code == 0 and "person" in schema["$defs"] and schema["properties"]["op"]["enum"] == ["upsert", "delete"]


def test_init_refuses_an_unknown_unit_in_vietnamese(capsys, tmp_path):
    code, _out, err = cli(capsys, "init", "--db", str(tmp_path / "x.sqlite3"), "--unit", "KHONGCO")
    assert code == 2 and "KHONGCO" in err


def test_keys_trust_refuses_a_bad_key(two, capsys):
    code, _out, err = cli(capsys, "keys", "trust", "--db", str(two["prov"]), "--device-id", two["u"]["device_id"],
                          "--public-key", "không-phải-khóa")
    assert code == 2 and "Khóa công khai không hợp lệ" in err


def test_sync_commands_do_not_load_qt(two, tmp_path):
    code = ("import sys, desktop.cli as c; "
            f"c.main(['keys', 'show', '--db', {str(two['prov'])!r}]); "
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ})
    assert done.returncode == 0, done.stderr


# --- crash test --------------------------------------------------------------------------------

CHANGES = 1600  # four chunks of 500: checkpoints fall inside the transaction, before and after commit


@pytest.fixture
def crash_setup(two, tmp_path):
    """A province database (closed) and a plaintext bundle of CHANGES people for it."""
    unit = open_services(f"sqlite:///{two['unit']}", Paths(Path(os.environ["DOINGOAI_HOME"])), today=lambda: TODAY)
    try:
        origin = two["u"]["device_id"]
        lines = [line(i + 1, "person", person_data(f"Cán bộ số {i}", passport_number=f"B{i:07d}"), origin=origin)
                 for i in range(CHANGES)]
        bundle = craft(unit, tmp_path / "usb", lines)
    finally:
        unit.close()
    reference = tmp_path / "reference.sqlite3"
    shutil.copy(two["prov"], reference)
    return two["prov"], bundle, reference


def _run_import(db: Path, bundle: Path, kill_at: int | None = None) -> subprocess.Popen:
    env = {**os.environ, "DOINGOAI_HOME": os.environ["DOINGOAI_HOME"]}
    if kill_at is not None:
        env["DOINGOAI_TEST_KILL_AT"] = str(kill_at)
    return subprocess.Popen([sys.executable, "-m", "desktop", "bundle", "import", "--db", str(db), str(bundle)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _state(db: Path) -> dict:
    services = open_services(f"sqlite:///{db}", Paths(db.parent / "state-home"), today=lambda: TODAY)
    try:
        return dump(services)
    finally:
        services.close()


def test_killing_the_import_leaves_the_database_untouched_or_fully_imported(crash_setup, tmp_path):
    province, bundle, reference = crash_setup
    before = _state(reference)
    done = _run_import(reference, bundle)
    assert done.wait(timeout=300) == 0, done.stderr.read().decode()
    after = _state(reference)
    assert len(after) == len(before) + CHANGES
    outcomes = set()
    points = list(range(1, 8)) + [None] * 3  # every checkpoint, then SIGKILL at random moments
    rng = random.Random(5)
    for n, kill_at in enumerate(points):
        db = tmp_path / f"crash{n}.sqlite3"
        shutil.copy(province, db)
        proc = _run_import(db, bundle, kill_at)
        if kill_at is None:
            time.sleep(rng.uniform(0.5, 3.0))
            proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=300)
        state = _state(db)
        assert state in (before, after), f"partial import after kill at {kill_at} (exit {code})"
        outcomes.add("untouched" if state == before else "imported")
    assert outcomes == {"untouched", "imported"}
