"""Rule R3 (Decision 06/2020/QĐ-TTg): who approves, the 30/40-day lead time in calendar days, validation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.conference_rules import (
    ConferenceFacts,
    conference_deadline,
    evaluate_conference,
    needs_pm_approval,
    validate_conference,
)
from desktop.domain.rule_config import DEFAULT_RULES, RuleConfig
from desktop.domain.validation import ENUMS

TODAY = date(2026, 1, 20)
DAY = timedelta(days=1)


def facts(start: date, **kw) -> ConferenceFacts:
    return ConferenceFacts(id="c1", title="Hội thảo cà phê", start_date=start, **kw)


@pytest.fixture
def config() -> RuleConfig:
    return RuleConfig.defaults()


def test_r3_is_registered_with_its_source_and_calendar_days():
    rule = DEFAULT_RULES["R3"]
    assert rule.params == {"lead_days": 30, "lead_days_pm": 40, "notice_days": 10}
    assert rule.severity == "warning"
    assert "Quyết định 06/2020/QĐ-TTg của Thủ tướng Chính phủ" in rule.source
    assert "ngày lịch" in rule.source


def test_no_topic_and_no_minister_is_the_provincial_chair():
    assert not needs_pm_approval(False, [])
    assert not needs_pm_approval(False, None)


@pytest.mark.parametrize("topic", ENUMS["sensitive_topic"])
def test_each_sensitive_topic_needs_the_prime_minister(topic):
    assert needs_pm_approval(False, [topic])


def test_ministerial_guests_need_the_prime_minister():
    assert needs_pm_approval(True, [])


def test_deadline_is_30_calendar_days_or_40_for_the_prime_minister(config):
    start = date(2026, 3, 10)
    assert conference_deadline(facts(start), config) == date(2026, 2, 8)  # a Sunday: calendar days
    assert conference_deadline(facts(start, ministerial_guests=True), config) == date(2026, 1, 29)
    assert conference_deadline(facts(start, sensitive_topics=("religion",)), config) == date(2026, 1, 29)


def test_submitted_on_the_deadline_day_is_in_time_the_day_after_is_late(config):
    start = TODAY + 60 * DAY
    deadline = start - 30 * DAY
    assert evaluate_conference(facts(start, status="submitted", submitted_on=deadline), config, TODAY) == []
    found = evaluate_conference(facts(start, status="submitted", submitted_on=deadline + DAY), config, TODAY)
    assert [(f.rule, f.severity, f.field) for f in found] == [("R3", "warning", "submitted_on")]
    assert "gửi muộn" in found[0].message and found[0].due_date == deadline


def test_the_same_day_is_late_at_40_days_and_in_time_at_30(config):
    start = TODAY + 60 * DAY
    filed = start - 35 * DAY
    assert evaluate_conference(facts(start, status="submitted", submitted_on=filed), config, TODAY) == []
    pm = facts(start, status="submitted", submitted_on=filed, sensitive_topics=("security",))
    found = evaluate_conference(pm, config, TODAY)
    assert found[0].severity == "warning" and "Thủ tướng Chính phủ" in found[0].message


def test_draft_on_the_deadline_day_is_reminded_and_the_day_after_warned(config):
    on_deadline = evaluate_conference(facts(TODAY + 30 * DAY), config, TODAY)
    assert [f.severity for f in on_deadline] == ["reminder"]
    assert "hôm nay là hạn chót" in on_deadline[0].message
    past = evaluate_conference(facts(TODAY + 29 * DAY), config, TODAY)
    assert [f.severity for f in past] == ["warning"]
    assert "đã quá hạn" in past[0].message


def test_reminder_starts_notice_days_before_the_deadline(config):
    assert evaluate_conference(facts(TODAY + 41 * DAY), config, TODAY) == []
    found = evaluate_conference(facts(TODAY + 40 * DAY), config, TODAY)
    assert [f.severity for f in found] == ["reminder"]
    assert "còn 10 ngày" in found[0].message


def test_cancelled_rejected_and_switched_off_say_nothing(config):
    assert evaluate_conference(facts(TODAY + DAY, status="cancelled"), config, TODAY) == []
    assert evaluate_conference(facts(TODAY + DAY, status="rejected"), config, TODAY) == []
    off = config.with_overrides("R3", enabled=False)
    assert evaluate_conference(facts(TODAY + DAY), off, TODAY) == []


def test_parameters_come_from_the_settings(config):
    changed = config.with_overrides("R3", {"lead_days": 45})
    assert conference_deadline(facts(date(2026, 3, 10)), changed) == date(2026, 1, 24)


# --- validation --------------------------------------------------------------------------


def valid(**kw) -> dict:
    data = {"title": "Hội thảo", "start_date": date(2026, 3, 10), "end_date": date(2026, 3, 11),
            "mode": "offline", "status": "draft"}
    return {**data, **kw}


def messages(data: dict) -> dict[str, str]:
    return {e.field: e.message for e in validate_conference(data)}


def test_a_complete_conference_is_valid():
    assert validate_conference(valid(foreign_participants=0, participant_countries=["KR"],
                                     sensitive_topics=["religion"], cost_estimate_vnd=0)) == []


def test_end_before_start_is_refused():
    assert messages(valid(end_date=date(2026, 3, 9)))["end_date"] == "Ngày kết thúc không được trước ngày bắt đầu."


def test_missing_title_and_dates_are_named():
    found = messages(valid(title=None, start_date=None, end_date=None))
    assert found["title"] == "Chưa nhập tên hội nghị, hội thảo."
    assert found["start_date"] == "Chưa nhập ngày bắt đầu."
    assert found["end_date"] == "Chưa nhập ngày kết thúc."


def test_negative_participants_are_refused():
    assert messages(valid(foreign_participants=-3))["foreign_participants"] == (
        "Số đại biểu nước ngoài phải là số nguyên không âm: -3")


def test_bad_country_topic_mode_and_missing_submission_date():
    found = messages(valid(participant_countries=["kr"], sensitive_topics=["weather"], mode="radio",
                           status="submitted"))
    assert "kr" in found["participant_countries"]
    assert "weather" in found["sensitive_topics"]
    assert "radio" in found["mode"]
    assert found["submitted_on"] == "Chưa nhập ngày gửi hồ sơ xin phép."
