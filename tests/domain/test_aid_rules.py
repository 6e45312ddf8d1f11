"""Aid projects: R13 (approved but not started) at its boundaries, the decree by approval date,
disbursement totals, and the validation of projects and disbursements."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.aid_rules import (
    DECREE_80,
    DECREE_313,
    AidFacts,
    applicable_decree,
    decree_switch_date,
    disbursement_totals,
    evaluate_aid,
    not_started,
    ratio_text,
    validate_disbursement,
    validate_project,
)
from desktop.domain.rule_config import DEFAULT_RULES, RuleConfig

TODAY = date(2026, 1, 20)
DAY = timedelta(days=1)
DEFAULTS = RuleConfig.defaults()


def project(approved: date | None, status: str = "approved", start: date | None = None) -> AidFacts:
    return AidFacts("p1", "Nước sạch cho buôn Ê Đê", status, approved, start)


def r13(facts: AidFacts, today: date = TODAY, config: RuleConfig = DEFAULTS) -> list:
    return evaluate_aid(facts, config, today)


def severities(facts: AidFacts, today: date) -> list[str]:
    return [f.severity for f in r13(facts, today)]


def test_r13_is_registered_with_editable_months_switch_day_and_source():
    rule = DEFAULT_RULES["R13"]
    assert rule.severity == "overdue"
    assert rule.params == {"alert_months": 5, "lapse_months": 6, "decree_313_from": "2025-12-08"}
    assert "80/2020/NĐ-CP" in rule.source and "Điều 4" in rule.source and "313/2025" in rule.source


def test_r13_boundaries_at_exactly_five_and_six_months():
    approved = date(2025, 7, 20)
    facts = project(approved)
    assert severities(facts, date(2025, 12, 19)) == []              # the day before five months
    assert severities(facts, date(2025, 12, 20)) == ["reminder"]    # exactly five months
    [last_day] = r13(facts, date(2026, 1, 20))                      # exactly six months: the last day
    assert last_day.severity == "reminder" and "hôm nay (20/01/2026) là ngày cuối cùng" in last_day.message
    [lapsed] = r13(facts, date(2026, 1, 21))                        # the day after: lapsed
    assert lapsed.severity == "overdue" and lapsed.due_date == date(2026, 1, 20)
    assert "hết hiệu lực" in lapsed.message and lapsed.entity == "aid_project" and lapsed.field == "start_date"
    assert "Nghị định 80/2020/NĐ-CP" in lapsed.message and "Điều 4" in lapsed.source


def test_r13_counts_months_to_month_ends():
    # 31/08 + 5 months has no 31st: 31/01; + 6 months → 28/02 (29/02 in a leap year)
    facts = project(date(2025, 8, 31))
    assert severities(facts, date(2026, 1, 30)) == []
    assert severities(facts, date(2026, 1, 31)) == ["reminder"]
    assert severities(facts, date(2026, 2, 28)) == ["reminder"]
    assert severities(facts, date(2026, 3, 1)) == ["overdue"]
    leap = project(date(2027, 8, 31))
    assert severities(leap, date(2028, 2, 29)) == ["reminder"]
    assert severities(leap, date(2028, 3, 1)) == ["overdue"]
    # 30/09 + 5 months → 28/02: the reminder starts on the month's last day
    assert severities(project(date(2025, 9, 30)), date(2026, 2, 28)) == ["reminder"]
    assert severities(project(date(2025, 9, 30)), date(2026, 2, 27)) == []


def test_not_started_means_approved_without_a_start_day_or_with_one_still_to_come():
    approved = TODAY - 200 * DAY
    assert not_started(project(approved), TODAY)
    assert not_started(project(approved, start=TODAY + DAY), TODAY)
    assert not not_started(project(approved, start=TODAY), TODAY)     # started today
    assert not not_started(project(approved, start=TODAY - DAY), TODAY)
    for status in ("proposed", "in_progress", "completed", "suspended", "lapsed"):
        assert r13(project(approved, status=status)) == []
    assert r13(project(None)) == []  # no approval day: nothing to count from
    [future_start] = r13(project(approved, start=TODAY + 10 * DAY))
    assert future_start.severity == "overdue"


def test_r13_follows_its_settings_and_can_be_switched_off():
    approved = TODAY - 100 * DAY  # a little over three months
    assert r13(project(approved)) == []
    sooner = DEFAULTS.with_overrides("R13", {"alert_months": 3, "lapse_months": 4})
    assert [f.severity for f in r13(project(approved), config=sooner)] == ["reminder"]
    off = DEFAULTS.with_overrides("R13", enabled=False)
    assert r13(project(TODAY - 400 * DAY), config=off) == []
    cited = DEFAULTS.with_overrides("R13", source="Quyết định của UBND tỉnh")
    assert r13(project(TODAY - 400 * DAY), config=cited)[0].source == "Quyết định của UBND tỉnh"


def test_the_decree_changes_on_the_switch_day():
    assert applicable_decree(date(2025, 12, 7)) is DECREE_80
    assert applicable_decree(date(2025, 12, 8)) is DECREE_313
    assert applicable_decree(date(2020, 7, 8)) is DECREE_80
    assert applicable_decree(None) is None
    moved = DEFAULTS.with_overrides("R13", {"decree_313_from": "2026-01-01"})
    assert decree_switch_date(moved) == date(2026, 1, 1)
    assert applicable_decree(date(2025, 12, 8), moved) is DECREE_80
    broken = DEFAULTS.with_overrides("R13", {"decree_313_from": "sáu tháng"})
    assert decree_switch_date(broken) == date(2025, 12, 8)
    # the message names the decree that applies
    [after] = r13(project(date(2025, 12, 8)), today=date(2026, 6, 10))
    assert "313/2025/NĐ-CP" in after.message


def test_disbursement_totals_and_ratio():
    totals = disbursement_totals(1_000_000_000, [(250_000_000, 10_000), (200_000_000, None), (None, 5)])
    assert totals.disbursed_vnd == 450_000_000 and totals.disbursed_original == 10_005
    assert totals.ratio == pytest.approx(0.45) and totals.remaining_vnd == 550_000_000
    assert ratio_text(totals.ratio) == "45%"
    assert ratio_text(0.025) == "2,5%" and ratio_text(None) == ""
    assert disbursement_totals(None, []).ratio is None
    assert disbursement_totals(0, [(5, None)]).ratio is None
    over = disbursement_totals(100, [(150, None)])
    assert over.ratio == 1.5 and over.remaining_vnd == -50


def valid(**changes) -> dict:
    data = {"title": "Cấp nước sạch cho buôn Ko Tam", "donor_name": "Tổ chức Water Aid", "form": "project",
            "aid_type": "investment", "sector": "water_sanitation", "status": "approved",
            "currency": "USD", "value_original": 120_000, "value_vnd": 3_000_000_000,
            "counterpart_vnd": 300_000_000, "approval_date": date(2025, 10, 1),
            "start_date": date(2025, 11, 1), "end_date": date(2026, 10, 31)}
    return {**data, **changes}


def fields(errors) -> list[str]:
    return [e.field for e in errors]


def test_a_complete_project_is_valid():
    assert validate_project(valid(), TODAY) == []
    assert validate_project(valid(donor_name=None, donor_ngo_id="ngo-1"), TODAY) == []
    assert validate_project(valid(currency=None, value_original=None, status="proposed",
                                  approval_date=None), TODAY) == []


def test_project_problems_are_named_by_field():
    assert fields(validate_project(valid(title="  "), TODAY)) == ["title"]
    assert fields(validate_project(valid(donor_name=" "), TODAY)) == ["donor_name"]
    assert fields(validate_project(valid(form="loan"), TODAY)) == ["form"]
    assert fields(validate_project(valid(status=None), TODAY)) == ["status"]
    assert fields(validate_project(valid(sector="mining"), TODAY)) == ["sector"]
    assert fields(validate_project(valid(value_vnd=-1), TODAY)) == ["value_vnd"]
    assert fields(validate_project(valid(counterpart_vnd=1.5), TODAY)) == ["counterpart_vnd"]
    assert fields(validate_project(valid(value_original="nhiều"), TODAY)) == ["value_original"]
    assert fields(validate_project(valid(currency="US$"), TODAY)) == ["currency"]
    assert fields(validate_project(valid(currency="usd"), TODAY)) == ["currency"]
    assert fields(validate_project(valid(currency=None), TODAY)) == ["currency"]  # a value needs its currency


def test_project_dates():
    assert fields(validate_project(valid(end_date=date(2025, 10, 31)), TODAY)) == ["end_date"]
    future = validate_project(valid(approval_date=TODAY + DAY, start_date=None, end_date=None), TODAY)
    assert fields(future) == ["approval_date"] and "21/01/2026" in future[0].message
    assert validate_project(valid(approval_date=TODAY, start_date=None, end_date=None), TODAY) == []
    assert fields(validate_project(valid(start_date=date(2025, 9, 30)), TODAY)) == ["start_date"]
    assert fields(validate_project(valid(approval_date=None), TODAY)) == ["approval_date"]  # approved: needs it
    assert fields(validate_project(valid(approval_date="31/02/2025"), TODAY)) == ["approval_date"]


def test_disbursement_validation():
    approved = date(2025, 10, 1)
    good = {"period_start": date(2025, 12, 1), "period_end": date(2025, 12, 31), "amount_vnd": 500_000_000,
            "amount_original": 20_000}
    assert validate_disbursement(good, approved, TODAY) == []
    assert fields(validate_disbursement({**good, "period_start": None}, approved, TODAY)) == ["period_start"]
    assert fields(validate_disbursement({**good, "period_end": date(2025, 11, 30)}, approved, TODAY)) == ["period_end"]
    assert fields(validate_disbursement({**good, "period_start": date(2025, 9, 1), "period_end": None},
                                        approved, TODAY)) == ["period_start"]
    future = validate_disbursement({**good, "period_start": TODAY + DAY, "period_end": None}, approved, TODAY)
    assert fields(future) == ["period_start"] and "tương lai" in future[0].message
    assert fields(validate_disbursement({**good, "amount_vnd": None}, approved, TODAY)) == ["amount_vnd"]
    assert fields(validate_disbursement({**good, "amount_vnd": -5}, approved, TODAY)) == ["amount_vnd"]
    assert fields(validate_disbursement({**good, "amount_original": -5}, None, TODAY)) == ["amount_original"]
