"""R4 (discipline), R5 (trips per year), R6 (key leaders), R9 (passports)."""

from datetime import date, timedelta

import pytest

from desktop.domain.rules import (
    SEVERITIES,
    DisciplinePeriod,
    blocks_submission,
    discipline_until,
    evaluate_delegation,
)

from .factories import CALENDAR, CONFIG, END, START, delegation, member

TODAY = date(2025, 12, 1)


def findings(facts, rule, config=CONFIG):
    return [f for f in evaluate_delegation(facts, config, CALENDAR, TODAY) if f.rule == rule]


def disciplined(*periods, **changes):
    return delegation(members=(member(discipline=periods),), **changes)


def period(form="reprimand", start=date(2025, 1, 1), until=None, number=None):
    return DisciplinePeriod(form, start, until, number)


# ---------------------------------------------------------------- R4


def test_r4_penalty_ending_the_day_before_the_trip_passes():
    assert findings(disciplined(period(until=START - timedelta(days=1))), "R4") == []


def test_r4_penalty_ending_on_the_first_day_blocks():
    [block] = findings(disciplined(period(until=START, number="12/QĐ-UBND")), "R4")
    assert block.severity == "blocking"
    assert (block.field, block.person_id) == ("members", "p-1")
    assert (block.entity, block.record_id) == ("delegation_member", "m-1")
    assert block.due_date == START
    assert "Nguyễn Văn An" in block.message and "khiển trách" in block.message
    assert "12/QĐ-UBND" in block.message and "02/03/2026" in block.message


def test_r4_penalty_starting_on_the_last_day_blocks_and_after_passes():
    assert len(findings(disciplined(period(start=END, until=date(2027, 1, 1))), "R4")) == 1
    after = period(start=END + timedelta(days=1), until=date(2027, 1, 1))
    assert findings(disciplined(after), "R4") == []


def test_r4_default_length_twelve_months_boundary():
    # From 02/03/2025 a 12-month reprimand ends 01/03/2026, the day before the trip.
    assert findings(disciplined(period(start=date(2025, 3, 2))), "R4") == []
    assert len(findings(disciplined(period(start=date(2025, 3, 3))), "R4")) == 1


def test_r4_default_length_by_form():
    assert discipline_until(period("warning", date(2025, 3, 3)), CONFIG) == date(2026, 3, 2)
    assert discipline_until(period("demotion", date(2025, 3, 3)), CONFIG) == date(2027, 3, 2)
    assert discipline_until(period("dismissal", date(2024, 1, 1)), CONFIG) == date(2025, 12, 31)
    assert discipline_until(period("removal"), CONFIG) is None
    assert discipline_until(period("under_consideration"), CONFIG) is None


def test_r4_default_length_from_config():
    config = CONFIG.with_overrides("R4", params={"months_reprimand": 6})
    assert discipline_until(period(start=date(2025, 3, 3)), config) == date(2025, 9, 2)
    assert findings(disciplined(period(start=date(2025, 3, 3))), "R4", config) == []


def test_r4_under_consideration_blocks_open_ended():
    [block] = findings(disciplined(period("under_consideration", date(2026, 1, 10))), "R4")
    assert block.severity == "blocking"
    assert block.due_date is None
    assert "xem xét kỷ luật" in block.message and "chưa có ngày kết thúc" in block.message


def test_r4_blocks_submission():
    found = evaluate_delegation(disciplined(period(until=END)), CONFIG, CALENDAR, TODAY)
    assert blocks_submission(found)
    assert not blocks_submission(evaluate_delegation(delegation(), CONFIG, CALENDAR, TODAY))


def test_r4_override_reason_turns_block_into_warning():
    facts = disciplined(period(until=END), override_reason="  Chủ tịch UBND tỉnh đồng ý  ")
    found = findings(facts, "R4")
    assert [f.severity for f in found] == ["warning"]
    assert "vượt quy định" in found[0].message
    assert "Chủ tịch UBND tỉnh đồng ý" in found[0].message
    assert not blocks_submission(found)


def test_r4_blank_override_reason_still_blocks():
    facts = disciplined(period(until=END), override_reason="   ")
    assert [f.severity for f in findings(facts, "R4")] == ["blocking"]


@pytest.mark.parametrize(("direction", "status"), [("inbound", "draft"), ("outbound", "cancelled")])
def test_r4_not_for_inbound_or_cancelled(direction, status):
    facts = disciplined(period(until=END), direction=direction, status=status)
    assert findings(facts, "R4") == []


def test_r4_unsaved_member_is_reported_on_the_delegation():
    facts = delegation(members=(member(member_id=None, discipline=(period(until=END),)),))
    [block] = findings(facts, "R4")
    assert (block.entity, block.record_id, block.person_id) == ("delegation", "d-1", "p-1")


# ---------------------------------------------------------------- R5, R6


def test_r5_second_trip_of_the_year_passes():
    assert findings(delegation(members=(member(other_trips_same_year=1),)), "R5") == []


def test_r5_third_trip_of_the_year_warns():
    [warn] = findings(delegation(members=(member(other_trips_same_year=2),)), "R5")
    assert warn.severity == "warning" and warn.person_id == "p-1"
    assert "3 chuyến" in warn.message and "năm 2026" in warn.message


def test_r6_two_key_leaders_of_one_unit():
    leaders = (
        member(member_id="m-1", name="Y Thông Ktla", is_key_leader=True),
        member(member_id="m-2", person_id="p-2", name="H'Hen Niê", is_key_leader=True),
    )
    [warn] = findings(delegation(members=leaders), "R6")
    assert warn.severity == "warning"
    assert "Y Thông Ktla" in warn.message and "H'Hen Niê" in warn.message


def test_r6_key_leaders_of_different_units_pass():
    leaders = (
        member(member_id="m-1", is_key_leader=True),
        member(member_id="m-2", person_id="p-2", unit_code="DL-EAKAR", is_key_leader=True),
        member(member_id="m-3", person_id="p-3"),
    )
    assert findings(delegation(members=leaders), "R6") == []


# ---------------------------------------------------------------- R9


def test_r9_passport_valid_exactly_six_months_after_return_passes():
    ok = member(passport_expiry=date(2026, 9, 8))
    assert findings(delegation(members=(ok,)), "R9") == []


def test_r9_passport_one_day_short_warns():
    short = member(passport_expiry=date(2026, 9, 7))
    [warn] = findings(delegation(members=(short,)), "R9")
    assert (warn.severity, warn.due_date, warn.person_id) == ("warning", date(2026, 9, 7), "p-1")
    assert "07/09/2026" in warn.message and "08/09/2026" in warn.message


def test_r9_six_months_clamps_to_month_end():
    facts = delegation(
        start_date=date(2026, 8, 25),
        end_date=date(2026, 8, 31),
        members=(member(passport_expiry=date(2027, 2, 28)),),
    )
    assert findings(facts, "R9") == []


def test_r9_missing_passport():
    [warn] = findings(delegation(members=(member(passport_number=None),)), "R9")
    assert "chưa có hộ chiếu" in warn.message
    [warn] = findings(delegation(members=(member(passport_expiry=None),)), "R9")
    assert "ngày hết hạn" in warn.message


def test_r9_months_from_config():
    config = CONFIG.with_overrides("R9", params={"valid_months_after_return": 3})
    facts = delegation(members=(member(passport_expiry=date(2026, 6, 8)),))
    assert findings(facts, "R9", config) == []


def test_r9_ignores_members_without_a_person_and_completed_trips():
    guest = member(person_id=None, passport_number=None)
    assert findings(delegation(members=(guest,)), "R9") == []
    done = delegation(status="completed", members=(member(passport_number=None),))
    assert findings(done, "R9") == []


def test_every_finding_is_well_formed():
    messy = delegation(
        in_annual_plan=False,
        members=(
            member(discipline=(period(until=END),), other_trips_same_year=5, is_key_leader=True),
            member(member_id="m-2", person_id="p-2", is_key_leader=True, passport_number=None),
        ),
    )
    found = evaluate_delegation(messy, CONFIG, CALENDAR, date(2026, 2, 1))
    assert {f.rule for f in found} == {"R1", "R4", "R5", "R6", "R7", "R9"}
    for f in found:
        assert f.severity in SEVERITIES
        assert f.source == CONFIG.sources[f.rule]
        assert f.message.endswith(".")
