"""The demo's annual plans: this year's plan with hand-written and linked activities, off-plan trips,
and a commune without its officer or plan, whatever the day."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.config import Paths
from desktop.services import open_services
from desktop.services.demo import fill_demo
from tests.templates import sqlite_url


def test_the_showcase_plan_of_the_year(services):
    fill_demo(services)

    plan = services.plan.plan_for(2026)
    assert plan.data["status"] == "approved" and plan.data["approval_number"].endswith("/KH-UBND")
    rows = services.plan.activities(plan.id)
    assert 10 <= len(rows) <= 30  # six written by hand, the rest the records the unit had planned (all its own)
    assert {r.linked.entity for r in rows if r.linked} >= {"delegation", "promotion_activity"}
    assert {"done", "not_yet", "dropped"} <= {r.progress for r in rows}
    figures = services.plan.versus_actual(plan.id)
    assert figures.total.planned == len(rows) and figures.total.done >= 5
    assert "Đoàn tham gia Hội chợ sản phẩm OCOP (sầu riêng, hồ tiêu) tại Bangkok" in {
        a.title for a in figures.off_plan}
    assert figures.total.actual_cost_vnd > 0


@pytest.mark.parametrize("today", [date(2026, 1, 20), date(2026, 7, 1), date(2027, 12, 30)])
def test_r7_r15_r16_on_findings_and_dashboard_whatever_the_day(tmp_path, today):
    services = open_services(sqlite_url(tmp_path / 'demo.sqlite3'), Paths(tmp_path / "data"),
                             today=lambda: today)
    try:
        services.device.set_up("DL", "Nguyễn Văn An")  # the province owns the unit list: the demo commune is its
        fill_demo(services)
        found = services.all_findings()
        assert {"R7", "R15", "R16"} <= {f.rule for f in found}
        [r16] = [f for f in found if f.rule == "R16" and "Xã Hòa Phú" in f.message]
        assert r16.severity == ("reminder" if today.month == 1 else "warning")
        due = {i.rule for i in services.dashboard.due()}
        assert {"R15", "R16"} <= due
    finally:
        services.close()
