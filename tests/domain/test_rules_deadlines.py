"""R1, R2 (request lead time), R7 (annual plan) and R8 (post-trip report)."""

from datetime import date, timedelta

import pytest

from desktop.domain.rules import evaluate_delegation, request_deadline

from .factories import CALENDAR, CONFIG, END, R1_DEADLINE, delegation

LONG_AGO = date(2025, 12, 1)


def findings(facts, today=LONG_AGO, config=CONFIG, rule=None):
    found = evaluate_delegation(facts, config, CALENDAR, today)
    return [f for f in found if rule is None or f.rule == rule]


def test_r1_deadline_spans_tet():
    assert request_deadline(delegation(), CONFIG, CALENDAR) == R1_DEADLINE


def test_r2_deadline_for_inbound():
    facts = delegation(direction="inbound")
    assert request_deadline(facts, CONFIG, CALENDAR) == date(2026, 2, 23)


def test_deadline_none_without_start_or_when_disabled():
    assert request_deadline(delegation(start_date=None), CONFIG, CALENDAR) is None
    off = CONFIG.with_overrides("R1", enabled=False)
    assert request_deadline(delegation(), off, CALENDAR) is None


def test_r1_submitted_on_deadline_day_is_on_time():
    facts = delegation(status="submitted", submitted_on=R1_DEADLINE)
    assert findings(facts, rule="R1") == []


def test_r1_submitted_one_day_after_deadline_is_late():
    facts = delegation(status="submitted", submitted_on=R1_DEADLINE + timedelta(days=1))
    [late] = findings(facts, rule="R1")
    assert (late.severity, late.field, late.due_date) == ("warning", "submitted_on", R1_DEADLINE)
    assert "nộp muộn" in late.message
    assert "27/01/2026" in late.message and "26/01/2026" in late.message
    assert "Xúc tiến cà phê tại Hàn Quốc" in late.message
    assert late.source == CONFIG.sources["R1"]
    assert (late.entity, late.record_id) == ("delegation", "d-1")


def test_r1_late_submission_stays_flagged_after_approval():
    facts = delegation(status="completed", submitted_on=date(2026, 2, 10))
    assert [f.severity for f in findings(facts, today=date(2026, 4, 1), rule="R1")] == ["warning"]


def test_r1_draft_on_deadline_day_is_a_reminder():
    [reminder] = findings(delegation(), today=R1_DEADLINE, rule="R1")
    assert reminder.severity == "reminder"
    assert reminder.due_date == R1_DEADLINE
    assert "hôm nay là hạn chót" in reminder.message


def test_r1_draft_one_day_after_deadline_is_late():
    [late] = findings(delegation(), today=R1_DEADLINE + timedelta(days=1), rule="R1")
    assert late.severity == "warning"
    assert late.field == "start_date"
    assert "quá hạn" in late.message


def test_r1_reminder_starts_notice_working_days_before():
    first_notice = CALENDAR.subtract_working_days(R1_DEADLINE, 10)
    [reminder] = findings(delegation(), today=first_notice, rule="R1")
    assert "còn 10 ngày làm việc" in reminder.message
    day_before = CALENDAR.subtract_working_days(first_notice, 1)
    assert findings(delegation(), today=day_before, rule="R1") == []


@pytest.mark.parametrize("status", ["cancelled", "rejected"])
def test_r1_skips_inactive_requests(status):
    facts = delegation(status=status, submitted_on=date(2026, 2, 25))
    assert findings(facts, today=date(2026, 2, 26)) == []


def test_r1_lead_time_comes_from_config():
    config = CONFIG.with_overrides("R1", params={"lead_working_days": 5})
    facts = delegation(status="submitted", submitted_on=date(2026, 2, 10))
    assert findings(facts, config=config, rule="R1") == []
    assert request_deadline(facts, config, CALENDAR) == date(2026, 2, 23)


def test_r1_disabled_gives_nothing():
    facts = delegation(status="submitted", submitted_on=date(2026, 2, 25))
    assert findings(facts, config=CONFIG.with_overrides("R1", enabled=False), rule="R1") == []


def test_r2_inbound_boundaries():
    on_time = delegation(direction="inbound", status="submitted", submitted_on=date(2026, 2, 23))
    late = delegation(direction="inbound", status="submitted", submitted_on=date(2026, 2, 24))
    assert findings(on_time, rule="R2") == []
    assert [f.rule for f in findings(late) if f.rule in ("R1", "R2")] == ["R2"]


def test_r7_off_plan_is_flagged():
    [flag] = findings(delegation(in_annual_plan=False), rule="R7")
    assert flag.severity == "warning"
    assert "ngoài kế hoạch" in flag.message
    assert findings(delegation(in_annual_plan=True), rule="R7") == []


def test_r7_directions_come_from_config():
    config = CONFIG.with_overrides("R7", params={"directions": ["outbound"]})
    facts = delegation(direction="inbound", in_annual_plan=False)
    assert findings(facts, config=config, rule="R7") == []
    assert len(findings(facts, rule="R7")) == 1


REPORT_DUE = END + timedelta(days=15)  # 23/03/2026


def test_r8_report_due_day_is_a_reminder():
    [due] = findings(delegation(status="approved"), today=REPORT_DUE, rule="R8")
    assert (due.severity, due.due_date, due.field) == ("reminder", REPORT_DUE, "report_received_on")
    assert "23/03/2026" in due.message


def test_r8_day_after_due_is_overdue():
    [late] = findings(
        delegation(status="completed"), today=REPORT_DUE + timedelta(days=1), rule="R8"
    )
    assert late.severity == "overdue"
    assert "quá hạn 1 ngày" in late.message


def test_r8_not_before_return_nor_once_received():
    assert findings(delegation(status="approved"), today=END, rule="R8") == []
    received = delegation(status="completed", report_received_on=date(2026, 3, 20))
    assert findings(received, today=date(2026, 5, 1), rule="R8") == []


@pytest.mark.parametrize(
    ("direction", "status"),
    [("outbound", "draft"), ("outbound", "cancelled"), ("inbound", "completed")],
)
def test_r8_only_for_outbound_trips_that_happened(direction, status):
    facts = delegation(direction=direction, status=status, submitted_on=LONG_AGO)
    assert findings(facts, today=date(2026, 5, 1), rule="R8") == []
