"""`doingoai list annual_plan` / `planned_activity` and the plan rules in `doingoai findings` on a demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main

pytestmark = pytest.mark.usefixtures("as_demo_officer")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-plan")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOINGOAI_HOME", str(folder / "home"))
        assert main(["demo", "--db", str(folder / "demo.sqlite3")]) == 0
    return folder / "demo.sqlite3"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_annual_plan_json(capsys, demo_db):
    code, out, _err = run_cli(capsys, "list", "annual_plan", "--db", str(demo_db), "--json")
    plans = json.loads(out)
    assert code == 0 and plans
    for key in ("id", "version", "unit_code", "deleted", "year", "title", "status", "approval_number",
                "approval_date"):
        assert key in plans[0]
    bmt = [p for p in plans if p["unit_code"] == "DL-BMT"]
    assert {p["status"] for p in bmt} == {"approved"} and all(p["title"].startswith("Kế hoạch") for p in bmt)
    assert len({(p["unit_code"], p["year"]) for p in plans}) == len(plans)  # one per unit and year


def test_list_planned_activity_json_links_records(capsys, demo_db):
    code, out, _err = run_cli(capsys, "list", "planned_activity", "--db", str(demo_db), "--json")
    rows = json.loads(out)
    assert code == 0
    assert any(r["delegation_id"] for r in rows) and any(r["promotion_id"] for r in rows)
    assert {"postponed", "done", "planned"} <= {r["status"] for r in rows}
    assert "Gặp mặt, thông tin tình hình địa phương cho kiều bào về quê đón Tết" in out  # UTF-8 as typed


def test_list_annual_plan_as_a_table(capsys, demo_db):
    code, out, _err = run_cli(capsys, "list", "annual_plan", "--db", str(demo_db))
    assert code == 0 and "Tên kế hoạch" in out.splitlines()[0] and "Đã ban hành" in out


@pytest.fixture(scope="module")
def province_demo_db(tmp_path_factory) -> Path:
    """The province's demo: it owns the unit list, so its demo has a commune without an officer or a plan."""
    folder = tmp_path_factory.mktemp("demo-plan-province")
    db = str(folder / "demo.sqlite3")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOINGOAI_HOME", str(folder / "home"))
        assert main(["init", "--db", db, "--unit", "DL", "--officer", "Nguyễn Văn An"]) == 0
        assert main(["demo", "--db", db]) == 0
    return folder / "demo.sqlite3"


def test_findings_list_r7_on_a_units_demo(capsys, demo_db):
    code, out, _err = run_cli(capsys, "findings", "--db", str(demo_db), "--json")
    found = json.loads(out)
    assert code == 0
    r7 = [f["message"] for f in found if f["rule"] == "R7"]
    assert any("Bangkok" in m and "không có hoạt động nào của “Kế hoạch hoạt động đối ngoại năm" in m for m in r7)


def test_findings_list_r15_and_r16_at_the_province(capsys, province_demo_db):
    code, out, _err = run_cli(capsys, "findings", "--db", str(province_demo_db), "--json")
    found = json.loads(out)
    assert code == 0
    assert "Xã Hòa Phú" in [f["message"].split(" chưa")[0] for f in found if f["rule"] == "R15"]
    [r16] = [f for f in found if f["rule"] == "R16" and f["message"].startswith("Xã Hòa Phú")]
    assert r16["entity"] == "annual_plan" and r16["message"].startswith("Xã Hòa Phú chưa có kế hoạch đối ngoại năm")
