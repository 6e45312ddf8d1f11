"""R17 (an inspection's recommendation past its due date) and the checks of the province's monitoring records."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.inspection_rules import (
    RecommendationFacts,
    evaluate_recommendations,
    validate_answer,
    validate_recommendation,
    validate_reminder,
)
from desktop.domain.rule_config import RuleConfig

TODAY = date(2026, 1, 20)


def _r17(due: date, status: str = "open", done_on: date | None = None, config: RuleConfig | None = None):
    facts = RecommendationFacts("r1", "Nộp bổ sung báo cáo kết quả chuyến đi", "Thành phố Buôn Ma Thuột", due,
                                status, done_on)
    return evaluate_recommendations([facts], config or RuleConfig.defaults(), TODAY)


@pytest.mark.parametrize(("due", "expected"), [
    (date(2026, 1, 28), []),  # 8 days ahead: not yet (notice 7)
    (date(2026, 1, 27), [("reminder", "còn 7 ngày")]),
    (date(2026, 1, 20), [("reminder", "hôm nay là hạn")]),  # the due day is not late
    (date(2026, 1, 19), [("overdue", "quá hạn 1 ngày")]),
])
def test_r17_reminds_within_the_notice_and_is_overdue_after_the_due_day(due, expected):
    assert [(f.severity, next(w for w in ("còn 7 ngày", "hôm nay là hạn", "quá hạn 1 ngày") if w in f.message))
            for f in _r17(due)] == expected


def test_r17_is_silent_once_answered_closed_or_switched_off():
    late = date(2026, 1, 1)
    assert _r17(late, done_on=date(2026, 1, 15)) == []  # the unit has answered
    assert _r17(late, status="done") == [] and _r17(late, status="cancelled") == []
    assert _r17(late, config=RuleConfig.defaults().with_overrides("R17", enabled=False)) == []
    assert _r17(late, config=RuleConfig.defaults().with_overrides("R17", params={"notice_days": 0}))


def test_an_answer_needs_its_result_and_a_day_not_in_the_future():
    fields = {e.field for e in validate_answer({"result": " ", "done_on": None}, TODAY)}
    assert fields == {"result", "done_on"}
    assert {e.field for e in validate_answer({"result": "Đã làm", "done_on": date(2026, 3, 1)}, TODAY)} == {"done_on"}
    assert validate_answer({"result": "Đã làm", "done_on": TODAY}, TODAY) == []


def test_a_recommendation_and_a_reminder_name_every_missing_field():
    assert {e.field for e in validate_recommendation({"status": "done"}, TODAY)} == {"content", "due_date", "result"}
    assert {e.field for e in validate_reminder({"indicator": "R99"}, TODAY)} == {
        "unit_code", "subject", "body", "sent_on", "indicator"}
