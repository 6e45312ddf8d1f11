"""The `doingoai` command: demo, list, findings, errors, help — in-process and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from tests import encrypted

pytestmark = pytest.mark.usefixtures("as_demo_officer")

ROOT = Path(__file__).resolve().parents[2]
DOINGOAI = ROOT / ".venv" / "bin" / "doingoai"
# R17: the demo inspection's recommendation past due
RULES = {"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R14", "R17"}
FINDING_KEYS = {"rule", "severity", "entity", "record_id", "message", "source", "due_date", "person_id"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """One demo database for the read-only tests of this module (made by the CLI itself)."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOINGOAI_HOME", str(folder / "home"))
        assert main(["demo", "--db", str(folder / "demo.sqlite3")]) == 0
    return folder / "demo.sqlite3"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _exit_code(capsys, *argv: str) -> tuple[int, str, str]:
    """For argparse actions that exit (--version, --help, bad arguments)."""
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


# --- version and help ---------------------------------------------------------------------------


def test_version(capsys):
    code, out, _err = _exit_code(capsys, "--version")
    assert code == 0 and out.strip() == "doingoai 0.1.0"


def test_version_as_a_real_process():
    done = subprocess.run([str(DOINGOAI), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "doingoai 0.1.0"


def test_help_is_in_vietnamese(capsys):
    code, out, _err = _exit_code(capsys, "--help")
    assert code == 0
    assert "Cách dùng: doingoai" in out and "tùy chọn" in out and "hiện trợ giúp này rồi thoát" in out
    for command in ("demo", "list", "findings", "self-test"):
        assert command in out


def test_bad_arguments_are_explained_in_vietnamese(capsys):
    code, _out, err = _exit_code(capsys, "list")
    assert code == 2 and "lỗi: thiếu tham số bắt buộc" in err
    code, _out, err = _exit_code(capsys, "demo", "--delegations", "nhiều", "--db", "x.sqlite3")
    assert code == 2 and "giá trị không hợp lệ: 'nhiều'" in err


def test_without_a_command_the_window_opens_on_the_given_database(monkeypatch):
    import desktop.app

    calls = []
    monkeypatch.setattr(desktop.app, "run_gui", lambda db, lang: calls.append((db, lang)) or 0)
    assert main(["--db", "/tmp/so.sqlite3", "--lang", "en"]) == 0
    assert calls == [("/tmp/so.sqlite3", "en")]


def test_headless_commands_do_not_load_qt(demo_db):
    code = ("import sys\nfrom desktop.cli import main\n"
            f"assert main(['list', 'unit', '--json', '--db', {str(demo_db)!r}]) == 0\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DOINGOAI_HOME": str(demo_db.parent / "home")})
    assert done.returncode == 0, done.stderr


# --- demo ----------------------------------------------------------------------------------------


def test_demo_prints_a_vietnamese_summary(capsys, tmp_path):
    code, out, _err = run_cli(capsys, "demo", "--db", str(tmp_path / "d.sqlite3"), "--delegations", "30")
    assert code == 0
    assert "Đã tạo dữ liệu mẫu" in out and "Cán bộ:" in out and "đoàn ra" in out
    assert (tmp_path / "d.sqlite3").exists()


def test_demo_needs_an_explicit_database(capsys):
    code, _out, err = run_cli(capsys, "demo")
    assert code == 2 and "--db" in err


def test_demo_refuses_a_database_with_data(capsys, demo_db):
    before = _snapshot(demo_db)
    code, _out, err = run_cli(capsys, "demo", "--db", str(demo_db))
    assert code == 2 and "cơ sở dữ liệu trống" in err and "Traceback" not in err
    assert _snapshot(demo_db) == before


def _snapshot(path: Path) -> list:
    with encrypted.connect(path) as conn:
        return conn.execute("select id, version from delegation order by id").fetchall()


# --- list ----------------------------------------------------------------------------------------


def test_list_person_json(capsys, demo_db):
    code, out, _err = run_cli(capsys, "list", "person", "--db", str(demo_db), "--json")
    assert code == 0
    people = json.loads(out)
    assert len(people) > 10
    for key in ("id", "version", "base_version", "origin_device", "unit_code", "updated_at", "deleted",
                "full_name", "passport_number", "passport_expiry", "is_key_leader", "is_fa_officer"):
        assert key in people[0]
    names = {p["full_name"] for p in people}
    assert {"H'Hen Niê", "Y Thông Ktla", "Nguyễn Thị Hồng Nhung", "Trần Đức Hải"} <= names
    assert "H'Hen Niê" in out  # UTF-8, not \\u escapes


@pytest.mark.parametrize("entity", ["delegation", "delegation_member", "discipline_record", "unit", "inspection",
                                    "inspection_recommendation", "reminder", "international_agreement",
                                    "fa_budget", "budget_addition", "actual_cost"])
def test_list_every_register_as_json(capsys, demo_db, entity):
    code, out, _err = run_cli(capsys, "list", entity, "--db", str(demo_db), "--json")
    records = json.loads(out)
    assert code == 0 and records and all("id" in r and "version" in r for r in records)


def test_an_empty_register_is_an_empty_array(capsys, demo_db):
    """report_text: the demo types no part of a yearly report."""
    code, out, _err = run_cli(capsys, "list", "report_text", "--db", str(demo_db), "--json")
    assert code == 0 and json.loads(out) == []


def test_list_as_a_table(capsys, demo_db):
    code, out, _err = run_cli(capsys, "list", "delegation", "--db", str(demo_db))
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("id") and "Tên đoàn" in lines[0]
    assert "Đoàn ra" in out and "Đoàn vào" in out  # enum values shown by their labels
    assert lines[-1].endswith("bản ghi.")


def test_the_database_can_come_from_the_environment(capsys, demo_db, monkeypatch):
    monkeypatch.setenv("DOINGOAI_DB", str(demo_db))
    code, out, _err = run_cli(capsys, "list", "unit", "--json")
    assert code == 0 and "Thành phố Buôn Ma Thuột" in out


def test_unknown_register(capsys, demo_db):
    code, out, err = run_cli(capsys, "list", "khach", "--db", str(demo_db))
    assert code == 2 and out == ""
    assert "Không có sổ «khach»" in err
    for entity in ("person", "discipline_record", "delegation", "delegation_member"):
        assert entity in err


def test_a_missing_database_is_not_created(capsys, tmp_path):
    code, _out, err = run_cli(capsys, "list", "person", "--db", str(tmp_path / "khong-co.sqlite3"))
    assert code == 2 and "Không có tệp cơ sở dữ liệu" in err
    assert not (tmp_path / "khong-co.sqlite3").exists()


# --- findings ------------------------------------------------------------------------------------


def test_findings_json_has_every_rule(capsys, demo_db):
    code, out, _err = run_cli(capsys, "findings", "--db", str(demo_db), "--json")
    found = json.loads(out)
    assert code == 0
    assert RULES <= {f["rule"] for f in found}
    assert all(set(f) == FINDING_KEYS for f in found)
    assert {f["severity"] for f in found} == {"blocking", "warning", "reminder", "overdue"}
    dated = [f["due_date"] for f in found if f["due_date"]]
    assert dated and all(len(d) == 10 and d[4] == "-" for d in dated)
    assert any(f["person_id"] for f in found if f["rule"] == "R4")


def test_findings_as_text(capsys, demo_db):
    code, out, _err = run_cli(capsys, "findings", "--db", str(demo_db))
    assert code == 0
    assert "R4 — Thành viên đang chịu kỷ luật" in out and "[CHẶN] Y Thông Ktla" in out
    assert "Căn cứ: " in out and out.rstrip().splitlines()[-1].startswith("Tổng cộng:")


# --- bad databases -------------------------------------------------------------------------------


def test_a_corrupt_database_is_refused_and_left_alone(capsys, tmp_path):
    bad = tmp_path / "hong.sqlite3"
    garbage = bytes(range(256)) * 64
    bad.write_bytes(garbage)
    for command in (["list", "person"], ["findings"], ["demo"]):
        code, _out, err = run_cli(capsys, *command, "--db", str(bad))
        assert code == 2 and "bị hỏng" in err and "Traceback" not in err
    assert bad.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hong.sqlite3"]


def test_a_database_from_a_newer_version_is_refused_untouched(capsys, tmp_path):
    path = tmp_path / "moi.sqlite3"
    assert main(["demo", "--db", str(path), "--delegations", "0"]) == 0
    conn = encrypted.connect(path)
    conn.execute("update alembic_version set version_num = '9999'")
    conn.commit()
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    capsys.readouterr()
    before = path.read_bytes()
    for command in (["list", "person"], ["findings"]):
        code, _out, err = run_cli(capsys, *command, "--db", str(path))
        assert code == 2 and "phiên bản mới hơn" in err and "9999" in err
    assert path.read_bytes() == before


def test_a_reader_that_stops_early_gets_no_traceback(demo_db):
    """`doingoai list delegation_member --json | head -1`: a closed pipe is not an error to report."""
    env = {**os.environ, "DOINGOAI_HOME": str(demo_db.parent / "home")}
    child = subprocess.Popen([str(DOINGOAI), "list", "delegation_member", "--json", "--db", str(demo_db)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert child.stdout.readline().strip() == b"["
    child.stdout.close()
    _out, err = child.communicate(timeout=60)
    assert b"Traceback" not in err and child.returncode in (0, 1)


def test_report_annual_json_has_every_code_typed(demo_db, capsys, tmp_path):
    """`doingoai report annual --json`: the contract other programs read (codes, ints, dicts of ints)."""
    from datetime import date

    from desktop.reports.figures import CODES

    year = date.today().year
    code, out, _err = run_cli(capsys, "report", "annual", "--db", str(demo_db), "--year", str(year), "--json",
                              "--pdf", str(tmp_path / "bc.pdf"), "--xlsx", str(tmp_path / "bc.xlsx"))
    assert code == 0
    doc = json.loads(out)
    assert doc["year"] == year and doc["scope"] == ["DL-BMT"] and set(doc["by_unit"]) == {"DL-BMT"}
    assert set(doc["figures"]) == set(CODES)
    for name, value in doc["figures"].items():
        if ".by_" in name or name.endswith("_by_country") or name.endswith("_by_kind"):
            assert isinstance(value, dict) and all(isinstance(n, int) for n in value.values()), name
        elif name == "plan.issued_on":
            assert value is None or date.fromisoformat(value)
        else:
            assert isinstance(value, int) and not isinstance(value, bool), name
    assert doc["figures"]["outbound.count"] > 0 and doc["figures"]["outbound.by_country"]
    assert (tmp_path / "bc.pdf").read_bytes().startswith(b"%PDF") and (tmp_path / "bc.xlsx").stat().st_size


def test_report_of_an_unknown_unit_is_refused(demo_db, capsys):
    code, _out, err = run_cli(capsys, "report", "annual", "--db", str(demo_db), "--unit", "XX")
    assert code == 2 and "Không có đơn vị mã XX" in err
