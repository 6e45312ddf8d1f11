from datetime import date

import pytest

from desktop.domain.validation import (
    ENUM_LABELS,
    ENUMS,
    STATUS_TRANSITIONS,
    FieldError,
    check_transition,
    format_date,
    parse_date,
    validate_delegation,
    validate_discipline,
    validate_email,
    validate_member,
    validate_passport,
    validate_person,
    validate_phone,
)

TODAY = date(2026, 1, 20)


def fields(errors: list[FieldError]) -> set[str]:
    return {e.field for e in errors}


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("text", ["05/02/2026", "5/2/2026", "2026-02-05", " 05.02.2026 "])
def test_parse_date_accepted_forms(text):
    assert parse_date(text) == date(2026, 2, 5)


def test_parse_date_leap_day():
    assert parse_date("29/02/2028") == date(2028, 2, 29)


def test_parse_date_impossible_day_names_the_month():
    with pytest.raises(ValueError) as err:
        parse_date("31/02/2026")
    assert str(err.value) == "Ngày không hợp lệ: 31/02/2026 (tháng 2 năm 2026 không có ngày 31)"


def test_parse_date_non_leap_year():
    with pytest.raises(ValueError, match="tháng 2 năm 2027 không có ngày 29"):
        parse_date("29/02/2027")


def test_parse_date_bad_month():
    with pytest.raises(ValueError, match=r"không có tháng 13"):
        parse_date("01/13/2026")


@pytest.mark.parametrize("text", ["", "abc", "05/02/26", "2026/02/05", "05022026"])
def test_parse_date_wrong_shape(text):
    with pytest.raises(ValueError) as err:
        parse_date(text)
    assert str(err.value) == "Ngày phải có dạng dd/mm/yyyy"


def test_format_date():
    assert format_date(date(2026, 2, 5)) == "05/02/2026"
    assert format_date(None) == ""


# ---------------------------------------------------------------- single values


@pytest.mark.parametrize("number", ["B1234567", "C12345678", " c12345678 "])
def test_vietnamese_passport_ok(number):
    assert validate_passport(number) is None


@pytest.mark.parametrize("number", ["B123456", "B123456789", "12345678", "BC1234567"])
def test_vietnamese_passport_bad(number):
    message = validate_passport(number)
    assert message.startswith("Số hộ chiếu không hợp lệ")
    assert "1 chữ cái và 7 hoặc 8 chữ số" in message


@pytest.mark.parametrize("number", ["M1234567", "ab123456", "123456", "X12345678"])
def test_foreign_passport_ok(number):
    assert validate_passport(number, vietnamese=False) is None


@pytest.mark.parametrize("number", ["AB123", "M-123456", "1234567890", "M 123456"])
def test_foreign_passport_bad(number):
    assert "6 đến 9" in validate_passport(number, vietnamese=False)


def test_email():
    assert validate_email("nguyen.an@daklak.gov.vn") is None
    assert validate_email("") is None
    assert validate_email("an@daklak") == "Địa chỉ e-mail không hợp lệ: an@daklak"
    assert validate_email("an @daklak.gov.vn") is not None


@pytest.mark.parametrize("phone", ["0262 3852 123", "+84 262.385.2123", "0905-123-456", "02623852"])
def test_phone_ok(phone):
    assert validate_phone(phone) is None


def test_phone_bad():
    assert "8 đến 15 chữ số" in validate_phone("1234567")
    assert "8 đến 15 chữ số" in validate_phone("+84 1234 5678 9012 34")
    assert "chỉ gồm chữ số" in validate_phone("0905 123 abc")
    assert "chỉ gồm chữ số" in validate_phone("0905+123456")


# ---------------------------------------------------------------- records


def test_person_valid():
    data = {
        "full_name": "H'Hen Niê",
        "gender": "female",
        "birth_date": date(1985, 4, 2),
        "email": "hhen@daklak.gov.vn",
        "phone": "0905 123 456",
        "passport_number": "C1234567",
        "passport_expiry": None,
    }
    assert validate_person(data, today=TODAY) == []


def test_person_errors():
    data = {
        "full_name": "  ",
        "gender": "x",
        "birth_date": date(2026, 1, 21),
        "email": "khong-hop-le",
        "phone": "12",
        "passport_number": "123",
    }
    errors = validate_person(data, today=TODAY)
    assert fields(errors) == {
        "full_name",
        "gender",
        "birth_date",
        "email",
        "phone",
        "passport_number",
    }
    assert FieldError("full_name", "Chưa nhập họ và tên.") in errors
    assert FieldError("birth_date", "Ngày sinh không được sau ngày hôm nay.") in errors


def test_person_birth_date_today_is_allowed():
    assert validate_person({"full_name": "Y Thông Ktla", "birth_date": TODAY}, today=TODAY) == []


def test_discipline_valid():
    data = {"form": "reprimand", "effective_from": date(2025, 3, 1), "effective_until": None}
    assert validate_discipline(data, today=TODAY) == []


def test_discipline_errors():
    data = {
        "form": "fine",
        "effective_from": date(2025, 3, 1),
        "effective_until": date(2025, 2, 28),
        "decision_date": date(2027, 1, 1),
    }
    assert fields(validate_discipline(data, today=TODAY)) == {
        "form",
        "effective_until",
        "decision_date",
    }
    assert fields(validate_discipline({}, today=TODAY)) == {"form", "effective_from"}


def test_discipline_same_day_and_near_future_decision_pass():
    data = {
        "form": "under_consideration",
        "effective_from": TODAY,
        "effective_until": TODAY,
        "decision_date": date(2026, 1, 25),
    }
    assert validate_discipline(data, today=TODAY) == []


def good_delegation(**changes):
    data = {
        "direction": "outbound",
        "kind": "promotion",
        "title": "Xúc tiến cà phê Buôn Ma Thuột tại Hàn Quốc",
        "countries": ["KR"],
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 3, 8),
        "funding": "state_budget",
        "cost_estimate_vnd": 250_000_000,
        "in_annual_plan": True,
        "status": "draft",
        "submitted_on": None,
    }
    return {**data, **changes}


def test_delegation_valid():
    assert validate_delegation(good_delegation()) == []
    assert validate_delegation(good_delegation(end_date=date(2026, 3, 2))) == []
    assert validate_delegation(good_delegation(cost_estimate_vnd=0, funding=None)) == []


def test_delegation_required_fields():
    errors = validate_delegation({})
    assert fields(errors) == {
        "direction",
        "kind",
        "status",
        "title",
        "start_date",
        "end_date",
        "countries",
    }


def test_delegation_end_before_start():
    errors = validate_delegation(good_delegation(end_date=date(2026, 3, 1)))
    assert errors == [FieldError("end_date", "Ngày kết thúc không được trước ngày bắt đầu.")]


@pytest.mark.parametrize("countries", [[], ["kr"], ["KOR"], ["KR", 5]])
def test_delegation_countries(countries):
    assert fields(validate_delegation(good_delegation(countries=countries))) == {"countries"}


@pytest.mark.parametrize("cost", [-1, True, 1.5, "100"])
def test_delegation_cost(cost):
    assert fields(validate_delegation(good_delegation(cost_estimate_vnd=cost))) == {
        "cost_estimate_vnd"
    }


def test_delegation_enums():
    bad = good_delegation(direction="sideways", kind="holiday", status="done", funding="loan")
    assert fields(validate_delegation(bad)) == {"direction", "kind", "status", "funding"}


@pytest.mark.parametrize("status", ["submitted", "approved", "rejected", "completed"])
def test_delegation_submitted_on_required_beyond_draft(status):
    assert fields(validate_delegation(good_delegation(status=status))) == {"submitted_on"}
    ok = good_delegation(status=status, submitted_on=date(2026, 1, 20))
    assert validate_delegation(ok) == []


def test_delegation_cancelled_draft_needs_no_submission_date():
    assert validate_delegation(good_delegation(status="cancelled")) == []


def test_member_outbound():
    assert validate_member({"role": "head", "person_id": "p-1"}, "outbound") == []
    assert fields(validate_member({"role": "boss"}, "outbound")) == {"role", "person_id"}


def test_member_inbound():
    guest = {
        "role": "member",
        "guest_name": "Kim Min-jun",
        "guest_nationality": "KR",
        "guest_passport": "M12345678",
    }
    assert validate_member(guest, "inbound") == []
    bad = {**guest, "guest_name": "", "guest_nationality": "Korea", "guest_passport": "M-1"}
    assert fields(validate_member(bad, "inbound")) == {
        "guest_name",
        "guest_nationality",
        "guest_passport",
    }


def test_member_unknown_direction():
    assert fields(validate_member({"role": "member"}, "sideways")) == {"direction"}


# ---------------------------------------------------------------- enums and transitions


def test_enums_match_the_interchange_contract():
    assert ENUMS["status"] == (
        "draft",
        "submitted",
        "approved",
        "rejected",
        "cancelled",
        "completed",
    )
    assert ENUMS["discipline_form"][-1] == "under_consideration"
    assert ENUMS["recommendation_status"] == ("open", "done", "cancelled")  # SYNC.md
    assert set(ENUMS) == {
        "direction",
        "kind",
        "status",
        "funding",
        "role",
        "gender",
        "discipline_form",
        "unit_level",
        "conference_mode",
        "sensitive_topic",
        "ngo_certificate_kind",
        "ngo_sector",
        "promotion_kind",
        "follow_up_status",
        "aid_form",
        "aid_type",
        "aid_status",
        "overseas_contact_kind",
        "overseas_activity_kind",
        "plan_status",
        "planned_kind",
        "planned_status",
        "report_section",
        "recommendation_status",
        "partner_kind",
        "agreement_kind",
        "agreement_status",
    }
    assert all(set(ENUM_LABELS[name]) == set(values) for name, values in ENUMS.items())
    assert set(STATUS_TRANSITIONS) == set(ENUMS["status"])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("submitted", "draft"),
        ("approved", "completed"),
        ("rejected", "draft"),
        ("draft", "draft"),
    ],
)
def test_allowed_transitions(old, new):
    assert check_transition(old, new) is None


def test_refused_transition_message():
    assert check_transition("completed", "draft") == (
        "Không thể chuyển trạng thái từ “Đã thực hiện” sang “Đang soạn”."
    )
    assert check_transition("draft", "approved") is not None
    assert check_transition("cancelled", "submitted") is not None


def test_unknown_status():
    assert check_transition("draft", "lost") == "Trạng thái không hợp lệ: lost"
