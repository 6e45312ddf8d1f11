"""Foreign NGOs: R10 (expiry alerts), R11 (activity plan notice), R12 (annual report), validation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from desktop.domain.calendar import WorkingCalendar
from desktop.domain.ngo_rules import (
    CertificateFacts,
    NgoFacts,
    check_annual_report,
    check_expiry,
    check_plan_notice,
    current_certificates,
    evaluate_ngo,
    plan_notice_deadline,
    reporting_period,
    reporting_year_of,
    validate_certificate,
    validate_contact,
    validate_ngo,
    validate_report,
)
from desktop.domain.rules import DEFAULT_RULES, RuleConfig

CONFIG = RuleConfig.defaults()
CALENDAR = WorkingCalendar()
EXPIRY = date(2026, 6, 30)


def cert(**changes) -> CertificateFacts:
    base = CertificateFacts("c-1", "activity_registration", "45/GĐK-BNG", date(2023, 7, 1), EXPIRY,
                            plan_notified_on=date(2023, 8, 1))
    return replace(base, **changes)


def ngo(*certs: CertificateFacts, years: set[int] = frozenset()) -> NgoFacts:
    return NgoFacts("n-1", "Tổ chức Tầm nhìn Thế giới", tuple(certs) or (cert(),), frozenset(years))


def expiry_on(today: date, config: RuleConfig = CONFIG):
    return check_expiry(ngo(), cert(), config, today)


# ---------------------------------------------------------------- registry


def test_rules_are_registered_with_their_source():
    assert DEFAULT_RULES["R10"].params["first_alert_days"] == 90
    assert DEFAULT_RULES["R10"].params["third_alert_days"] == 30
    assert DEFAULT_RULES["R11"].params["plan_working_days"] == 45
    assert DEFAULT_RULES["R12"].params["notice_days"] == 15
    assert "58/2022" in DEFAULT_RULES["R10"].source and "03 năm" in DEFAULT_RULES["R10"].source
    assert DEFAULT_RULES["R11"].source == "Nghị định 58/2022/NĐ-CP, Điều 21"


# ---------------------------------------------------------------- R10


@pytest.mark.parametrize(("days_before", "point"), [(90, 90), (61, 90), (60, 60), (31, 60), (30, 30), (1, 30)])
def test_r10_reminds_from_each_alert_point(days_before, point):
    [finding] = expiry_on(EXPIRY - timedelta(days=days_before))
    assert (finding.rule, finding.severity, finding.due_date) == ("R10", "reminder", EXPIRY)
    assert f"còn {days_before} ngày (mốc nhắc {point} ngày)" in finding.message
    assert finding.entity == "foreign_ngo" and finding.record_id == "n-1"
    assert "58/2022" in finding.source


def test_r10_is_quiet_91_days_before():
    assert expiry_on(EXPIRY - timedelta(days=91)) == []


def test_r10_on_the_expiry_day_is_a_reminder_and_the_day_after_overdue():
    [today] = expiry_on(EXPIRY)
    assert today.severity == "reminder" and "hết hạn hôm nay" in today.message
    [after] = expiry_on(EXPIRY + timedelta(days=1))
    assert after.severity == "overdue" and "đã hết hạn ngày 30/06/2026 (1 ngày trước)" in after.message


def test_r10_alert_points_come_from_the_settings():
    config = CONFIG.with_overrides("R10", {"first_alert_days": 120})
    assert expiry_on(EXPIRY - timedelta(days=100)) == []
    [finding] = expiry_on(EXPIRY - timedelta(days=100), config)
    assert "mốc nhắc 120 ngày" in finding.message


def test_a_renewed_certificate_replaces_the_old_one():
    old = cert(id="old", expires_on=date(2026, 2, 1))
    new = cert(id="new", number="12/GĐK-BNG", issued_on=date(2026, 1, 10), expires_on=date(2029, 1, 9),
               plan_notified_on=date(2026, 1, 15))
    assert [c.id for c in current_certificates((old, new))] == ["new"]
    assert evaluate_ngo(ngo(old, new, years={2025}), CONFIG, CALENDAR, date(2026, 1, 20)) == []


def test_switched_off_rules_say_nothing():
    config = CONFIG.with_overrides("R10", enabled=False)
    facts = ngo(cert(expires_on=date(2026, 2, 1)), years={2025})
    assert evaluate_ngo(facts, config, CALENDAR, date(2026, 1, 20)) == []


# ---------------------------------------------------------------- R11


def test_r11_deadline_is_45_working_days_across_tet():
    # 15/01/2026 + 45 working days, Tết 16–20/02/2026 skipped: 26/03/2026 (a week later than without Tết)
    issued = cert(issued_on=date(2026, 1, 15), expires_on=date(2029, 1, 14), plan_notified_on=None)
    assert plan_notice_deadline(issued, CONFIG, CALENDAR) == date(2026, 3, 26)
    [due_day] = check_plan_notice(ngo(issued), issued, CONFIG, CALENDAR, date(2026, 3, 26))
    assert due_day.severity == "reminder" and "còn 0 ngày làm việc" in due_day.message
    [day_before] = check_plan_notice(ngo(issued), issued, CONFIG, CALENDAR, date(2026, 3, 25))
    assert "còn 1 ngày làm việc" in day_before.message
    [late] = check_plan_notice(ngo(issued), issued, CONFIG, CALENDAR, date(2026, 3, 27))
    assert late.severity == "overdue" and late.due_date == date(2026, 3, 26)
    assert "Điều 21" in late.source


def test_r11_is_satisfied_by_a_notification_date():
    issued = cert(issued_on=date(2026, 1, 15), expires_on=date(2029, 1, 14), plan_notified_on=date(2026, 2, 2))
    assert check_plan_notice(ngo(issued), issued, CONFIG, CALENDAR, date(2026, 6, 1)) == []


def test_r11_ignores_expired_certificates_and_follows_the_setting():
    expired = cert(plan_notified_on=None, expires_on=date(2025, 12, 31))
    assert check_plan_notice(ngo(expired), expired, CONFIG, CALENDAR, date(2026, 1, 20)) == []
    issued = cert(issued_on=date(2026, 1, 15), expires_on=date(2029, 1, 14), plan_notified_on=None)
    config = CONFIG.with_overrides("R11", {"plan_working_days": 10})
    [late] = check_plan_notice(ngo(issued), issued, config, CALENDAR, date(2026, 2, 2))
    assert late.severity == "overdue" and "10 ngày làm việc" in late.message


# ---------------------------------------------------------------- R12


def test_reporting_year_runs_from_15_december_to_14_december():
    assert reporting_year_of(date(2025, 12, 14)) == 2025
    assert reporting_year_of(date(2025, 12, 15)) == 2026
    assert reporting_year_of(date(2026, 1, 20)) == 2026
    assert reporting_period(2026) == (date(2025, 12, 15), date(2026, 12, 14))


def test_r12_reminder_from_the_notice_day_to_18_december():
    facts = ngo(years={2024})
    assert check_annual_report(facts, CONFIG, date(2025, 12, 2)) == []
    [first] = check_annual_report(facts, CONFIG, date(2025, 12, 3))
    assert first.severity == "reminder" and first.due_date == date(2025, 12, 18)
    [last] = check_annual_report(facts, CONFIG, date(2025, 12, 18))
    assert last.severity == "reminder" and "báo cáo năm 2025 (15/12/2024–14/12/2025)" in last.message


def test_r12_overdue_from_19_december_until_received():
    [late] = check_annual_report(ngo(), CONFIG, date(2025, 12, 19))
    assert late.severity == "overdue" and "đã quá hạn nộp 18/12/2025" in late.message
    [still] = check_annual_report(ngo(), CONFIG, date(2026, 1, 20))
    assert still.severity == "overdue"
    assert check_annual_report(ngo(years={2025}), CONFIG, date(2026, 1, 20)) == []


def test_r12_only_for_ngos_with_a_certificate_valid_that_year():
    later = cert(issued_on=date(2025, 12, 15), expires_on=date(2028, 12, 14))
    assert check_annual_report(ngo(later), CONFIG, date(2026, 1, 20)) == []
    ended = cert(issued_on=date(2021, 12, 1), expires_on=date(2024, 12, 14))
    assert check_annual_report(ngo(ended), CONFIG, date(2026, 1, 20)) == []
    one_day = cert(issued_on=date(2021, 12, 20), expires_on=date(2024, 12, 15))
    assert len(check_annual_report(ngo(one_day), CONFIG, date(2026, 1, 20))) == 1


def test_r12_due_date_and_notice_come_from_the_settings():
    config = CONFIG.with_overrides("R12", {"due_day": 31, "notice_days": 5})
    assert check_annual_report(ngo(years={2024}), config, date(2025, 12, 25)) == []
    [finding] = check_annual_report(ngo(years={2024}), config, date(2025, 12, 26))
    assert finding.due_date == date(2025, 12, 31)


# ---------------------------------------------------------------- validation


def fields(errors) -> set[str]:
    return {e.field for e in errors}


def test_ngo_needs_its_original_name_and_good_contacts():
    errors = validate_ngo({"name_vi": "Tổ chức Tầm nhìn Thế giới", "email": "wv@@org", "country": "usa"})
    assert fields(errors) == {"name_original", "email", "country"}
    assert validate_ngo({"name_original": "Oxfam", "country": "GB", "sectors": ["health"],
                         "areas": ["Huyện Lắk"], "email": "info@oxfam.org.uk"}) == []
    assert fields(validate_ngo({"name_original": "Oxfam", "sectors": ["sport"]})) == {"sectors"}


def good_certificate(**changes):
    return {"kind": "activity_registration", "number": "45/GĐK-BNG", "issued_on": date(2024, 3, 1),
            "expires_on": date(2027, 3, 1), **changes}


def test_certificate_required_fields_and_expiry_after_issue():
    assert validate_certificate(good_certificate()) == []
    assert fields(validate_certificate({})) == {"kind", "number", "issued_on", "expires_on"}
    errors = validate_certificate(good_certificate(expires_on=date(2024, 2, 1)))
    assert fields(errors) == {"expires_on"} and "sau ngày cấp" in errors[0].message
    late_plan = good_certificate(plan_notified_on=date(2024, 2, 1))
    assert fields(validate_certificate(late_plan)) == {"plan_notified_on"}


def test_certificate_validity_cannot_exceed_the_legal_maximum():
    over = validate_certificate(good_certificate(expires_on=date(2027, 3, 2)))
    assert fields(over) == {"expires_on"} and "tối đa 3 năm" in over[0].message
    office = good_certificate(kind="representative_office", expires_on=date(2029, 3, 1))
    assert validate_certificate(office) == []
    assert fields(validate_certificate({**office, "expires_on": date(2029, 3, 2)})) == {"expires_on"}
    config = CONFIG.with_overrides("R10", {"max_years_activity_registration": 5})
    assert validate_certificate(good_certificate(expires_on=date(2029, 3, 1)), config) == []


def test_contact_needs_a_name_and_valid_formats():
    assert fields(validate_contact({"email": "a@b", "nationality": "Korea"})) == {"full_name", "email", "nationality"}
    assert validate_contact({"full_name": "Kim Min-jun", "nationality": "KR", "phone": "+82 10 1234 5678"}) == []


def test_report_year_must_have_begun():
    today = date(2026, 1, 20)
    assert validate_report({"reporting_year": 2025, "received_on": date(2025, 12, 17)}, today) == []
    assert validate_report({"reporting_year": 2026, "received_on": date(2026, 1, 5)}, today) == []
    assert fields(validate_report({"reporting_year": 2027, "received_on": today}, today)) == {"reporting_year"}
    assert fields(validate_report({"reporting_year": 1980, "received_on": today}, today)) == {"reporting_year"}
    assert fields(validate_report({"reporting_year": 2025, "received_on": date(2024, 12, 1)}, today)) == {"received_on"}
    assert fields(validate_report({}, today)) == {"reporting_year", "received_on"}
    assert fields(validate_report({"reporting_year": 2025, "received_on": date(2026, 6, 1)}, today)) == {"received_on"}
