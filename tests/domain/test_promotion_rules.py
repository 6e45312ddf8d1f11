"""Rule R14 (follow-ups of promotion activities) and the validation of activities and follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.promotion_rules import (
    ActivityFacts,
    FollowUpFacts,
    evaluate_activity,
    follow_up_overdue,
    validate_activity,
    validate_follow_up,
)
from desktop.domain.rule_config import DEFAULT_RULES, RuleConfig

TODAY = date(2026, 1, 20)
DAY = timedelta(days=1)


def follow_up(due: date | None, status: str = "open", owner: str | None = "Chị Hoa") -> FollowUpFacts:
    return FollowUpFacts("f1", "Gửi mẫu cà phê cho nhà nhập khẩu Hàn Quốc", owner, due, status)


def activity(*follow_ups: FollowUpFacts, end: date = TODAY - 60 * DAY, mou: int = 0,
             leads: int = 0) -> ActivityFacts:
    return ActivityFacts("a1", "Hội chợ Thực phẩm Seoul", end - 3 * DAY, end, mou, leads, follow_ups)


def r14(facts: ActivityFacts, config: RuleConfig | None = None) -> list:
    return evaluate_activity(facts, config or RuleConfig.defaults(), TODAY)


def test_r14_is_registered_with_its_source_and_parameters():
    rule = DEFAULT_RULES["R14"]
    assert rule.severity == "overdue"
    assert rule.params == {"notice_days": 7, "no_follow_up_days": 30}
    assert "13/CT-UBND" in rule.source and "26/4/2023" in rule.source


def test_due_yesterday_is_overdue_and_names_action_owner_and_activity():
    [finding] = r14(activity(follow_up(TODAY - DAY)))
    assert (finding.rule, finding.severity, finding.entity, finding.record_id) == ("R14", "overdue", "follow_up_action", "f1")
    assert finding.due_date == TODAY - DAY
    for part in ("Gửi mẫu cà phê", "Chị Hoa", "Hội chợ Thực phẩm Seoul", "quá hạn 1 ngày", "19/01/2026"):
        assert part in finding.message
    assert "13/CT-UBND" in finding.source


def test_due_today_is_a_reminder_not_overdue():
    [finding] = r14(activity(follow_up(TODAY)))
    assert finding.severity == "reminder" and "hôm nay là hạn" in finding.message
    assert not follow_up_overdue(TODAY, "open", TODAY)
    assert follow_up_overdue(TODAY - DAY, "in_progress", TODAY)


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_done_or_cancelled_is_never_overdue(status):
    assert r14(activity(follow_up(TODAY - 100 * DAY, status))) == []
    assert not follow_up_overdue(TODAY - 100 * DAY, status, TODAY)


def test_notice_window_edges():
    assert r14(activity(follow_up(TODAY + 7 * DAY)))[0].severity == "reminder"
    assert r14(activity(follow_up(TODAY + 8 * DAY))) == []
    config = RuleConfig.defaults().with_overrides("R14", {"notice_days": 10})
    [finding] = r14(activity(follow_up(TODAY + 8 * DAY)), config)
    assert "còn 8 ngày" in finding.message


def test_no_due_date_no_finding_and_missing_owner_is_said():
    assert r14(activity(follow_up(None))) == []
    [finding] = r14(activity(follow_up(TODAY - DAY, owner=None)))
    assert "chưa giao người phụ trách" in finding.message


def test_results_without_any_follow_up_warn_after_the_configured_days():
    ended = TODAY - 31 * DAY
    [finding] = r14(activity(end=ended, mou=2, leads=5))
    assert (finding.severity, finding.entity, finding.record_id) == ("warning", "promotion_activity", "a1")
    assert "chưa có việc theo dõi" in finding.message and "2 biên bản ghi nhớ" in finding.message
    assert r14(activity(end=TODAY - 30 * DAY, mou=2)) == []  # exactly 30 days: not yet
    assert r14(activity(end=ended)) == []  # no results, nothing to follow up
    assert r14(activity(follow_up(TODAY + 30 * DAY), end=ended, mou=2)) == []  # has a follow-up
    off = RuleConfig.defaults().with_overrides("R14", {"no_follow_up_days": 0})
    assert r14(activity(end=TODAY - 400 * DAY, mou=2), off) == []


def test_switched_off_rule_finds_nothing():
    config = RuleConfig.defaults().with_overrides("R14", enabled=False)
    assert r14(activity(follow_up(TODAY - DAY), mou=1), config) == []


def fields(errors) -> set[str]:
    return {e.field for e in errors}


GOOD = {"kind": "trade", "title": "Hội chợ", "start_date": TODAY, "end_date": TODAY + DAY}


def test_a_good_activity_passes():
    assert validate_activity(GOOD) == []
    assert validate_activity({**GOOD, "abroad": True, "countries": ["KR"], "cost_vnd": 0, "mou_count": 0}) == []


def test_activity_problems_are_named_by_field():
    assert fields(validate_activity({"kind": "trade"})) == {"title", "start_date"}
    assert fields(validate_activity({**GOOD, "end_date": TODAY - DAY})) == {"end_date"}
    bad = {**GOOD, "mou_count": -1, "lead_count": -2, "cost_vnd": -5, "kind": "party"}
    assert fields(validate_activity(bad)) == {"mou_count", "lead_count", "cost_vnd", "kind"}
    assert fields(validate_activity({**GOOD, "abroad": True})) == {"countries"}
    assert fields(validate_activity({**GOOD, "countries": ["kr", "Korea"]})) == {"countries"}


def test_follow_up_validation():
    ok = {"action": "Gọi lại cho người mua", "status": "open"}
    assert validate_follow_up(ok, TODAY) == []
    assert fields(validate_follow_up({"status": "open"}, TODAY)) == {"action"}
    done = validate_follow_up({**ok, "status": "done"}, TODAY)
    assert fields(done) == {"result", "done_on"}
    assert validate_follow_up({**ok, "status": "done", "result": "Đã gọi", "done_on": TODAY}, TODAY) == []
    assert fields(validate_follow_up({**ok, "status": "later"}, TODAY)) == {"status"}
    assert fields(validate_follow_up({**ok, "due_date": "31/02/2026"}, TODAY)) == {"due_date"}
