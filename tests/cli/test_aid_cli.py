"""`doingoai list aid_project` / `aid_disbursement` and `doingoai findings` on a demo database show the aid
register and rule R13."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main

pytestmark = pytest.mark.usefixtures("as_demo_officer")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """A small demo database made by the CLI itself."""
    folder = tmp_path_factory.mktemp("demo-aid")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOINGOAI_HOME", str(folder / "home"))
        assert main(["demo", "--db", str(folder / "demo.sqlite3"), "--delegations", "1"]) == 0
    return folder / "demo.sqlite3"


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, _err = capsys.readouterr()
    return code, out


def test_list_aid_projects_as_json(capsys, demo_db):
    code, out = run_cli(capsys, "list", "aid_project", "--db", str(demo_db), "--json")
    projects = json.loads(out)
    assert code == 0 and 4 <= len(projects) <= 6
    titles = {p["title"] for p in projects}
    assert "Cấp nước sạch sinh hoạt cho các buôn đồng bào Ê Đê xã Ea Tu" in titles
    water = next(p for p in projects if "Ê Đê xã Ea Tu" in p["title"])
    assert water["donor_ngo_id"] and water["currency"] == "USD" and water["value_vnd"] == 4_625_000_000
    assert water["approval_date"] < "2025-12-08" and water["status"] == "in_progress"
    assert {p["status"] for p in projects} >= {"approved", "in_progress", "completed", "proposed"}


def test_list_disbursements_as_json_and_projects_as_a_table(capsys, demo_db):
    code, out = run_cli(capsys, "list", "aid_disbursement", "--db", str(demo_db), "--json")
    paid = json.loads(out)
    assert code == 0 and paid and all(d["amount_vnd"] > 0 and d["project_id"] for d in paid)
    code, out = run_cli(capsys, "list", "aid_project", "--db", str(demo_db))
    assert code == 0 and "Tên chương trình, dự án" in out and "Sinh kế bền vững từ cà phê" in out


def test_findings_list_r13_both_ways(capsys, demo_db):
    code, out = run_cli(capsys, "findings", "--db", str(demo_db), "--json")
    r13 = [f for f in json.loads(out) if f["rule"] == "R13"]
    assert code == 0 and sorted(f["severity"] for f in r13) == ["overdue", "reminder"]
    assert all(f["entity"] == "aid_project" and "Điều 4" in f["source"] for f in r13)
