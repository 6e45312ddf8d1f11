"""The province's key file, plaintext only by choice, and commands that keep working while an import runs."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.test_sync_cli import ROOT, _add_people, cli, cli_json, crash_setup, two  # noqa: F401 - fixtures


@pytest.fixture
def fresh(tmp_path, capsys):
    """A unit and a province set up through the CLI, nothing exchanged yet."""
    unit, prov = tmp_path / "unit.sqlite3", tmp_path / "prov.sqlite3"
    assert cli(capsys, "init", "--db", str(unit), "--unit", "DL-BMT")[0] == 0
    assert cli(capsys, "init", "--db", str(prov), "--unit", "DL", "--province")[0] == 0
    return unit, prov


def test_the_unit_loads_the_provinces_key_file_and_sends_encrypted_bundles(fresh, capsys, tmp_path):
    unit, prov = fresh
    code, out, err = cli(capsys, "keys", "export", "--db", str(prov), "--out", str(tmp_path / "usb"))
    key_file = Path(out.strip())
    assert code == 0 and key_file.name == "khoa-tinh-DL.dnk"
    _c, p = cli_json(capsys, "keys", "show", "--db", str(prov), "--json")
    assert p["fingerprint"] in err  # the province reads it out when the unit calls
    code, out, _err = cli(capsys, "keys", "load", "--db", str(unit), str(key_file))
    assert code == 0 and p["fingerprint"] in out and "Tỉnh Đắk Lắk" in out
    _add_people(unit, "Nguyễn Văn Hùng")
    code, out, err = cli(capsys, "bundle", "export", "--db", str(unit), "--out", str(tmp_path / "out"))
    assert code == 0 and "KHÔNG được mã hóa" not in err
    bundle = Path(out.strip().splitlines()[0])
    _c, u = cli_json(capsys, "keys", "show", "--db", str(unit), "--json")
    assert cli(capsys, "keys", "trust", "--db", str(prov), "--device-id", u["device_id"], "--public-key",
               u["public_key"], "--unit", "DL-BMT")[0] == 0
    code, report = cli_json(capsys, "bundle", "import", "--db", str(prov), "--json", str(bundle))
    assert code == 0 and report["outcome"] == "applied"


def test_without_the_key_file_export_refuses_unless_plaintext_is_chosen(fresh, capsys, tmp_path):
    unit, _prov = fresh
    _add_people(unit, "Nguyễn Văn Hùng")
    code, out, err = cli(capsys, "bundle", "export", "--db", str(unit), "--out", str(tmp_path / "usb"))
    assert code == 2 and out == "" and "keys load" in err and "--allow-plaintext" in err
    code, out, err = cli(capsys, "bundle", "export", "--db", str(unit), "--out", str(tmp_path / "usb"),
                         "--allow-plaintext")
    assert code == 0 and Path(out.strip().splitlines()[0]).is_file()
    assert "KHÔNG được mã hóa" in err and "số hộ chiếu" in err


def test_the_province_refuses_a_key_for_a_unit_it_does_not_know(fresh, capsys):
    unit, prov = fresh
    _c, u = cli_json(capsys, "keys", "show", "--db", str(unit), "--json")
    code, _out, err = cli(capsys, "keys", "trust", "--db", str(prov), "--device-id", u["device_id"],
                          "--public-key", u["public_key"], "--unit", "DL-XYZ")
    assert code == 2 and "DL-XYZ" in err
    code, _out, err = cli(capsys, "keys", "trust", "--db", str(prov), "--device-id", u["device_id"],
                          "--public-key", u["public_key"])
    assert code == 2 and "--unit" in err


def test_a_folder_without_bundles_says_so_and_exits_2(fresh, capsys, tmp_path):
    _unit, prov = fresh
    (tmp_path / "empty").mkdir()
    code, out, _err = cli(capsys, "bundle", "import", "--db", str(prov), str(tmp_path / "empty"))
    assert code == 2 and "Không có gói .dnb nào" in out


@pytest.mark.skipif(sys.platform == "win32", reason="a second process holds the lock")
def test_reading_commands_work_while_an_import_holds_the_write_lock(fresh, capsys):
    _unit, prov = fresh
    writer = sqlite3.connect(prov, timeout=0.1, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # as a long import does, for minutes
    writer.execute("UPDATE app_setting SET value = value")
    try:
        for argv in (["list", "person"], ["findings"], ["conflicts"], ["keys", "show"]):
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "desktop", *argv, "--db", str(prov)], cwd=ROOT,
                                  capture_output=True, text=True, timeout=120, env={**os.environ})
            assert done.returncode == 0, f"{argv}: {done.stderr}"
            assert time.monotonic() - started < 30
    finally:
        writer.rollback()
        writer.close()


def test_a_killed_import_leaves_no_decrypted_data_behind(crash_setup, tmp_path):  # noqa: F811 - the fixture
    from desktop.config import Paths
    from desktop.services import open_services
    from tests.cli.test_sync_cli import _run_import
    from tests.sync.engine_helpers import TODAY

    province, bundle, _reference = crash_setup
    home = Path(os.environ["DOINGOAI_HOME"])
    work = home / "tmp"
    proc = _run_import(province, bundle, kill_at=2)  # inside the apply: the bundle is open and decrypted
    proc.wait(timeout=300)
    system_temp = Path(os.environ.get("TMPDIR", "/tmp"))
    assert not [p for p in system_temp.glob(f"{proc.pid}-*")]  # never in the system temp folder
    left = [p for p in work.iterdir()] if work.exists() else []
    assert left and all(p.name.startswith(f"{proc.pid}-") for p in left)  # only in the private folder…
    if os.name == "posix":
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in left)
    services = open_services(f"sqlite:///{province}", Paths(home), today=lambda: TODAY)  # the next start
    services.close()
    assert list(work.iterdir()) == []  # …and swept away
