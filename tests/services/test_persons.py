"""The persons register: validation, diacritic-free search, sorting, paging, delete, concurrency."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.domain.validation import parse_date
from desktop.errors import AppError, NotFoundError, ValidationError
from desktop.models import ChangeLog
from desktop.services.common import ListQuery

MAI = {"full_name": "Lê Thị Mai", "gender": "female", "birth_date": date(1985, 3, 2),
       "position": "Chuyên viên Phòng Nội vụ", "email": "mai.lt@daklak.gov.vn",
       "phone": "0262 3852 123", "passport_number": "c1234567",
       "passport_expiry": date(2030, 5, 1), "is_fa_officer": True}


def _log_count(services) -> int:
    with services.ctx.db.read() as s:
        return s.scalar(select(func.count(ChangeLog.id)))


def _problems(services, data) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        services.persons.save(data)
    assert services.persons.count() == 0
    return caught.value


def test_save_and_get_round_trip(services):
    saved = services.persons.save(MAI)
    got = services.persons.get(saved.id)
    assert got.version == 1
    assert got.data["full_name"] == "Lê Thị Mai"
    assert got.data["passport_number"] == "C1234567"  # typed in lower case, stored upper
    assert got.data["unit_code"] == "DL-BMT"  # the device's unit by default
    assert got.data["birth_date"] == date(1985, 3, 2)
    assert got.data["is_fa_officer"] is True and got.data["is_key_leader"] is False


def test_missing_name_is_refused_on_its_field(services):
    error = _problems(services, {**MAI, "full_name": "   "})
    assert error.for_field("full_name") == ["Chưa nhập họ và tên."]


def test_every_bad_field_is_named_at_once(services):
    error = _problems(services, {**MAI, "email": "mai@@daklak", "passport_number": "12AB"})
    assert "không hợp lệ" in error.for_field("email")[0]
    assert "12AB" in error.for_field("passport_number")[0]
    assert {p.field for p in error.problems} == {"email", "passport_number"}


def test_an_impossible_date_never_reaches_storage(services):
    # the editor parses what was typed; an impossible day is named there …
    with pytest.raises(ValueError, match="không có ngày 31"):
        parse_date("31/02/2026")
    # … and text slipping past it is refused by the service on its field
    error = _problems(services, {**MAI, "birth_date": "31/02/2026"})
    assert error.for_field("birth_date")


def test_birth_date_after_today_uses_the_services_clock(services):
    # today is 20/01/2026 for these services, whatever the machine's clock says
    error = _problems(services, {**MAI, "birth_date": date(2026, 1, 25)})
    assert error.for_field("birth_date") == ["Ngày sinh không được sau ngày hôm nay."]


def test_discipline_end_before_start_is_refused(services):
    person = services.persons.save(MAI)
    with pytest.raises(ValidationError) as caught:
        services.persons.save_discipline(person.id, {
            "form": "reprimand", "effective_from": date(2025, 6, 1), "effective_until": date(2025, 5, 1)})
    assert caught.value.for_field("effective_until")
    assert services.persons.get(person.id).discipline == []


def test_discipline_records_are_listed_newest_first(services):
    person = services.persons.save(MAI)
    services.persons.save_discipline(person.id, {"form": "reprimand", "effective_from": date(2023, 1, 5),
                                                 "decision_number": "12/QĐ-UBND"})
    services.persons.save_discipline(person.id, {"form": "warning", "effective_from": date(2025, 9, 1)})
    forms = [d.data["form"] for d in services.persons.get(person.id).discipline]
    assert forms == ["warning", "reprimand"]
    assert services.persons.page()[0].discipline_count == 2


@pytest.fixture
def people(services):
    """A small register with ethnic-minority names, diacritics and đ."""
    rows = [
        ("Nguyễn Văn Hùng", "Phó Chủ tịch UBND", "DL-BMT"),
        ("H'Hen Niê", "Chuyên viên Sở Ngoại vụ Đắk Lắk", "DL-BMT"),
        ("Y Thông Ktla", "Trưởng phòng Văn hóa", "DL-KBU"),
        ("Đặng Thị Bích", "Kế toán", "DL-BMT"),
        ("Bùi Quang Đức", "Chánh Văn phòng", "DL-LAK"),
    ]
    return {name: services.persons.save({"full_name": name, "position": pos, "unit_code": unit}).id
            for name, pos, unit in rows}


def _names(services, **query) -> list[str]:
    return [r.full_name for r in services.persons.page(ListQuery(**query))]


def test_search_ignores_diacritics_and_d_stroke(services, people):
    assert _names(services, search="dak lak") == ["H'Hen Niê"]
    assert _names(services, search="nie") == ["H'Hen Niê"]
    assert _names(services, search="DUC") == ["Bùi Quang Đức"]
    assert _names(services, search="đặng bích") == ["Đặng Thị Bích"]
    assert _names(services, search="h’hen") == ["H'Hen Niê"]  # a pasted curly apostrophe
    assert services.persons.count(ListQuery(search="van")) == 3
    assert _names(services, search="không có ai") == []


def test_search_treats_like_wildcards_as_text(services, people):
    assert _names(services, search="%") == []
    assert _names(services, search="_") == []


def test_sorting_follows_the_letters_not_the_accents(services, people):
    assert _names(services, sort="full_name") == [
        "Bùi Quang Đức", "Đặng Thị Bích", "H'Hen Niê", "Nguyễn Văn Hùng", "Y Thông Ktla"]
    assert _names(services, sort="full_name", descending=True)[0] == "Y Thông Ktla"


def test_officers_sort_in_the_vietnamese_alphabet_on_every_store(services):
    for name in ("Được Văn Tư", "Đỗ Thị Hoa", "Ân Văn Lộc", "Điểu Minh", "Ăn Thị Ba", "Đặng Văn Hải",
                 "Dương Thị Lan", "An Văn Bình", unicodedata.normalize("NFD", "Dương Văn Ánh")):
        services.persons.save({"full_name": name, "position": "Chuyên viên"})
    expected = ["An Văn Bình", "Ăn Thị Ba", "Ân Văn Lộc", "Dương Thị Lan", "Dương Văn Ánh", "Đặng Văn Hải",
                "Điểu Minh", "Đỗ Thị Hoa", "Được Văn Tư"]
    assert _names(services, sort="full_name") == expected
    assert _names(services, sort="full_name", descending=True) == expected[::-1]
    pages = [_names(services, sort="full_name", offset=o, limit=4) for o in (0, 4, 8)]
    assert sum(pages, []) == expected
    assert [r.full_name for r in services.persons.choices()] == expected  # the delegation's person picker


def test_sorting_by_another_column_and_unknown_columns(services, people):
    assert _names(services, sort="unit_code")[-1] == "Bùi Quang Đức"  # DL-LAK
    assert _names(services, sort="no_such_column; DROP TABLE person") == _names(services)


def test_paging_cuts_the_sorted_list(services, people):
    everyone = _names(services, sort="full_name")
    pages = [_names(services, sort="full_name", offset=o, limit=2) for o in (0, 2, 4)]
    assert pages == [everyone[0:2], everyone[2:4], everyone[4:]]
    assert _names(services, offset=10, limit=2) == []


def test_unit_filter(services, people):
    assert services.persons.count(ListQuery(unit_code="DL-BMT")) == 3
    assert [r.unit_name for r in services.persons.page(ListQuery(unit_code="DL-KBU"))] == ["Huyện Krông Búk"]


def test_delete_and_restore_carry_the_discipline_records(services):
    person = services.persons.save(MAI)
    record = services.persons.save_discipline(
        person.id, {"form": "warning", "effective_from": date(2025, 9, 1)})
    services.persons.delete(person.id)
    assert services.persons.count() == 0
    with pytest.raises(NotFoundError):
        services.persons.get(person.id)
    assert [f for f in services.records.iter_json("discipline_record")] == []
    services.persons.restore(person.id)
    restored = services.persons.get(person.id)
    assert [d.id for d in restored.discipline] == [record.id]


def test_restore_does_not_bring_back_a_record_deleted_on_its_own(services):
    person = services.persons.save(MAI)
    kept = services.persons.save_discipline(person.id, {"form": "warning", "effective_from": date(2025, 9, 1)})
    mistaken = services.persons.save_discipline(person.id, {"form": "reprimand", "effective_from": date(2024, 1, 1)})
    services.persons.delete_sub("discipline_record", mistaken.id)
    services.persons.delete(person.id)
    services.persons.restore(person.id)
    assert [d.id for d in services.persons.get(person.id).discipline] == [kept.id]


def test_stale_version_is_refused_and_nothing_is_written(services):
    saved = services.persons.save(MAI)
    services.persons.save({**saved.data, "phone": "0905 111 222"}, saved.id, expected_version=1)
    before = _log_count(services)
    with pytest.raises(AppError) as caught:
        services.persons.save({**saved.data, "position": "Giám đốc"}, saved.id, expected_version=1)
    assert "phiên bản 2" in str(caught.value)
    current = services.persons.get(saved.id)
    assert (current.version, current.data["position"]) == (2, "Chuyên viên Phòng Nội vụ")
    assert _log_count(services) == before


def test_training_courses(services):
    person = services.persons.save(MAI)
    services.persons.save_training(person.id, {"course": "Bồi dưỡng kiến thức đối ngoại",
                                               "start_date": date(2025, 4, 1), "end_date": date(2025, 4, 5)})
    with pytest.raises(ValidationError) as caught:
        services.persons.save_training(person.id, {"course": "", "start_date": date(2025, 4, 5),
                                                   "end_date": date(2025, 4, 1)})
    assert caught.value.for_field("course") and caught.value.for_field("end_date")
    assert [t.data["course"] for t in services.persons.get(person.id).training] == [
        "Bồi dưỡng kiến thức đối ngoại"]


def test_choices_find_people_to_pick(services, people):
    assert [r.full_name for r in services.persons.choices("hung")] == ["Nguyễn Văn Hùng"]


def test_missing_person_is_not_found(services):
    with pytest.raises(NotFoundError):
        services.persons.get("00000000-0000-4000-8000-000000000000")
    with pytest.raises(NotFoundError):
        services.persons.delete("00000000-0000-4000-8000-000000000000")


def test_a_blank_unit_means_this_device_s_unit(services):
    saved = services.persons.save({"full_name": "Lê Thị Mai", "unit_code": "  "})
    assert saved.data["unit_code"] == "DL-BMT"


def test_an_edit_without_a_unit_keeps_the_stored_unit(services):
    saved = services.persons.save({"full_name": "Y Thông Ktla", "unit_code": "DL-KBU"})
    edited = services.persons.save({"full_name": "Y Thông Ktla", "phone": "0905 111 222"}, saved.id)
    assert edited.data["unit_code"] == "DL-KBU"
