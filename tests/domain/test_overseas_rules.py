"""Overseas-Vietnamese validation: every field named, with the reason."""

from __future__ import annotations

from datetime import date

from desktop.domain.overseas_rules import (
    default_status,
    is_open_case,
    validate_activity,
    validate_contact,
)

CONTACT = {"kind": "association", "name": "Hội người Việt Nam tại Busan", "country": "KR"}
VISIT = {"kind": "home_visit", "title": "Về quê ăn Tết", "date": date(2026, 2, 14), "status": "done"}


def fields(errors) -> list[str]:
    return [e.field for e in errors]


def test_a_complete_contact_passes():
    assert validate_contact(CONTACT) == []
    assert validate_contact({**CONTACT, "email": "busan@example.org", "phone": "+82 51 555 0199"}) == []


def test_name_country_and_kind_are_required():
    assert sorted(fields(validate_contact({"kind": "", "name": "  ", "country": None}))) == [
        "country", "kind", "name"]


def test_country_must_be_an_iso_code_and_known_when_a_list_is_given():
    [error] = validate_contact({**CONTACT, "country": "Korea"})
    assert error.field == "country" and "Korea" in error.message and "ISO 3166" in error.message
    assert fields(validate_contact({**CONTACT, "country": "kr"})) == ["country"]
    assert fields(validate_contact({**CONTACT, "country": "QQ"}, countries={"KR", "FR"})) == ["country"]
    assert validate_contact({**CONTACT, "country": "FR"}, countries={"KR", "FR"}) == []


def test_email_and_phone_formats():
    errors = validate_contact({**CONTACT, "email": "busan@", "phone": "12ab"})
    assert sorted(fields(errors)) == ["email", "phone"]
    assert any("busan@" in e.message for e in errors)


def test_unknown_kinds_are_named():
    [error] = validate_contact({**CONTACT, "kind": "company"})
    assert error.field == "kind" and "company" in error.message
    [error] = validate_activity({**VISIT, "kind": "tourism"})
    assert error.field == "kind" and "tourism" in error.message


def test_a_complete_activity_passes():
    assert validate_activity(VISIT) == []
    assert validate_activity({**VISIT, "value_vnd": 0, "closed_on": date(2026, 2, 14)}) == []


def test_activity_requires_title_date_and_a_valid_status():
    assert sorted(fields(validate_activity({"kind": "donation", "title": "", "status": "late"}))) == [
        "date", "status", "title"]


def test_amount_must_be_whole_and_not_negative():
    for bad in (-1, 1.5, "1.000", True):
        assert fields(validate_activity({**VISIT, "value_vnd": bad})) == ["value_vnd"]


def test_closed_on_not_before_the_activity():
    [error] = validate_activity({**VISIT, "closed_on": date(2026, 2, 13)})
    assert error.field == "closed_on" and "trước" in error.message


def test_a_settled_protection_case_needs_its_result():
    case = {"kind": "citizen_protection", "title": "Lao động bị tai nạn", "date": date(2026, 1, 2),
            "status": "done", "closed_on": date(2026, 1, 15)}
    assert fields(validate_activity(case)) == ["result"]
    assert validate_activity({**case, "result": "Đã được bồi thường"}) == []


def test_open_cases_and_default_status():
    assert is_open_case("citizen_protection", "open") and is_open_case("citizen_protection", "in_progress")
    assert not is_open_case("citizen_protection", "done") and not is_open_case("donation", "open")
    assert default_status("citizen_protection", None) == "open"
    assert default_status("citizen_protection", date(2026, 1, 1)) == "done"
    assert default_status("home_visit", None) == "done"
