"""Rule settings and the working-day calendar change deadlines; bad values are refused by field."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import ValidationError
from desktop.services.common import ListQuery
from tests.services.builders import outbound

SOURCE = "Quyết định 99/QĐ-UBND ngày 02/01/2026 của UBND tỉnh"


def _deadline(services) -> date:
    [row] = services.delegations.page(ListQuery())
    return row.deadline


@pytest.fixture
def june_trip(services):
    """An outbound trip starting Monday 15/06/2026: default deadline 18/05/2026."""
    return services.delegations.save(outbound(), [])


def test_rules_list_shows_defaults_with_sources(services):
    rules = {r.code: r for r in services.rules.list()}
    assert set(rules) == {"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15", "R16", "R17", "D1"}
    assert rules["R1"].params["lead_working_days"] == 20
    assert rules["R4"].severity == "blocking"
    assert all(r.source and not r.edited and r.enabled for r in rules.values())
    assert rules["R1"].param_labels["lead_working_days"]


def test_changing_r1_lead_time_moves_the_deadline(services, june_trip):
    assert _deadline(services) == date(2026, 5, 18)
    view = services.rules.update("R1", {"lead_working_days": 25, "notice_working_days": 10}, SOURCE)
    assert view.edited and view.params["lead_working_days"] == 25 and view.source == SOURCE
    assert _deadline(services) == date(2026, 5, 11)
    services.rules.restore_default("R1")
    view = next(r for r in services.rules.list() if r.code == "R1")
    assert not view.edited and view.params["lead_working_days"] == 20
    assert _deadline(services) == date(2026, 5, 18)


@pytest.mark.parametrize("value", [-1, "25", 2.5, None, True, 100_000])
def test_invalid_parameters_are_refused_on_their_field(services, value):
    with pytest.raises(ValidationError) as caught:
        services.rules.update("R1", {"lead_working_days": value}, SOURCE)
    assert caught.value.for_field("lead_working_days")
    assert not next(r for r in services.rules.list() if r.code == "R1").edited


def test_unknown_parameter_or_rule_is_refused(services):
    with pytest.raises(ValidationError) as caught:
        services.rules.update("R1", {"lead_days": 25}, SOURCE)
    assert caught.value.for_field("lead_days")
    with pytest.raises(ValidationError) as caught:
        services.rules.update("R99", {}, SOURCE)
    assert caught.value.for_field("code")


def test_list_parameters_take_only_known_values(services):
    services.rules.update("R7", {"directions": ["outbound"]}, SOURCE)
    assert services.rules.config().param("R7", "directions") == ["outbound"]
    for bad in ("outbound", ["outbound", "sideways"]):
        with pytest.raises(ValidationError) as caught:
            services.rules.update("R7", {"directions": bad}, SOURCE)
        assert caught.value.for_field("directions")


def test_a_rule_needs_its_legal_source(services):
    with pytest.raises(ValidationError) as caught:
        services.rules.update("R1", {"lead_working_days": 25}, "  ")
    assert caught.value.for_field("source")


def test_switching_a_rule_off_removes_its_deadline(services, june_trip):
    services.rules.update("R1", {}, SOURCE, enabled=False)
    assert _deadline(services) is None
    assert "R1" not in {f.rule for f in services.findings.all()}


def test_an_extra_day_off_shifts_the_deadline_by_one_working_day(services, june_trip):
    services.rules.set_calendar_day(date(2026, 5, 20), "off", "Nghỉ bù theo thông báo của tỉnh")
    assert _deadline(services) == date(2026, 5, 15)
    assert [(d.day, d.kind) for d in services.rules.calendar_days()] == [(date(2026, 5, 20), "off")]
    services.rules.remove_calendar_day(date(2026, 5, 20))
    assert _deadline(services) == date(2026, 5, 18)


def test_a_make_up_saturday_counts_as_a_working_day(services, june_trip):
    services.rules.set_calendar_day(date(2026, 5, 30), "work", "Làm bù")
    assert services.rules.calendar().is_working_day(date(2026, 5, 30))
    assert _deadline(services) == date(2026, 5, 19)


def test_make_up_day_on_a_weekday_is_refused(services):
    with pytest.raises(ValidationError) as caught:
        services.rules.set_calendar_day(date(2026, 5, 27), "work")
    assert caught.value.for_field("day")
    with pytest.raises(ValidationError) as caught:
        services.rules.set_calendar_day(date(2026, 5, 30), "holiday")
    assert caught.value.for_field("kind")
    assert services.rules.calendar_days() == []


def test_parameters_not_given_keep_their_current_value(services, june_trip):
    services.rules.update("R1", {"lead_working_days": 25, "notice_working_days": 5}, SOURCE)
    services.rules.update("R1", {"notice_working_days": 3}, SOURCE)
    assert services.rules.config().param("R1", "lead_working_days") == 25
    services.rules.update("R7", {"directions": ["outbound"]}, SOURCE)
    services.rules.update("R7", {"directions": ["outbound", "inbound"]}, SOURCE)  # choices stay the defaults
    assert services.rules.config().param("R7", "directions") == ["outbound", "inbound"]
