"""Excel in from a unit's own register, not our template (issue 10, item 16): one sheet per direction
and no direction column, the unit's own headers, the purpose for a title, the head of delegation by
name, list values as units write them — every row a person reads correctly previews as new."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.errors import AppError
from desktop.models import Delegation, DelegationMember, ForeignNgo, Person
from desktop.services.imports import SPECS, ImportService
from desktop.services.imports import guess as layout
from desktop.services.imports.heads import split_head
from desktop.services.imports.periods import parse_period
from desktop.services.imports.values import parse_number
from tests.unit_registers import (
    NGO_HEADERS,
    OUTBOUND_FIRST_ROW,
    OUTBOUND_HEADERS,
    OUTBOUND_ROWS,
    ngo_register,
    outbound_register,
)


def _book(path: Path, rows: list[list], title: str = "Sheet1", above: tuple[str, ...] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for text in above:
        sheet.append([text])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _read(services, path: Path, entity: str, **given):
    imp = ImportService(services.ctx)
    sheet = imp.open(path)[0]
    guess = imp.guess(entity, sheet)
    fixed = {**guess.fixed, **given}
    preview = imp.preview(path, sheet.name, entity, guess.mapping, fixed=fixed, also=guess.also,
                          reasons=guess.reasons)
    return imp, sheet, guess, preview


def _stored(services, model, *where):
    with services.ctx.db.read() as s:
        return list(s.scalars(select(model).where(*where)))


# --- a unit's "Đoàn ra 2024" ---------------------------------------------------------------


def test_a_units_own_outbound_register_previews_every_trip_as_new(services, tmp_path):
    hung = services.persons.save({"full_name": "Nguyễn Văn Hùng", "birth_date": date(1970, 1, 2),
                                  "position": "Chủ tịch UBND huyện"}).id
    imp, sheet, guess, preview = _read(services, outbound_register(tmp_path / "so-doan-ra.xlsx"), "delegation")

    assert sheet.headers == OUTBOUND_HEADERS  # found under the unit's heading, not taken from row 1
    assert "DANH SÁCH CÁC ĐOÀN CÔNG TÁC NƯỚC NGOÀI NĂM 2024" in sheet.titles
    assert guess.mapping == {"Họ và tên trưởng đoàn": "head", "Nước đến": "countries", "Thời gian": "period",
                             "Kinh phí (đồng)": "cost_estimate_vnd", "Nội dung/Mục đích": "purpose"}
    assert guess.fixed == {"direction": "outbound"} and guess.also == {"title": "Nội dung/Mục đích"}
    assert guess.reasons["direction"] == "đoán từ tên trang tính «Đoàn ra 2024»"

    trips = [r for r in preview.rows if r.status != "empty"]
    assert [r.status for r in trips] == ["new"] * 4, [r.problems for r in trips]
    assert [r.row for r in trips] == list(range(OUTBOUND_FIRST_ROW, OUTBOUND_FIRST_ROW + 4))
    korea, japan, laos, cambodia = (r.values for r in trips)
    assert all(v["direction"] == "outbound" and v["title"] == v["purpose"] for v in (korea, japan, laos, cambodia))
    assert korea["title"] == OUTBOUND_ROWS[0][5] and korea["countries"] == ["KR"]
    assert (korea["start_date"], korea["end_date"], korea["cost_estimate_vnd"]) == (
        date(2024, 6, 15), date(2024, 6, 22), 350_000_000)
    assert japan["countries"] == ["JP", "KR"] and japan["cost_estimate_vnd"] == 1_200_000_000
    assert (japan["start_date"], japan["end_date"]) == (date(2024, 9, 2), date(2024, 9, 9))
    assert (laos["start_date"], laos["end_date"], laos["cost_estimate_vnd"]) == (
        date(2024, 10, 10), date(2024, 10, 12), 45_000_000)
    assert cambodia["start_date"] == cambodia["end_date"] == date(2024, 11, 20)

    # the head: matched by folded name in the unit, or one new officer for the two rows naming him
    assert (korea["head_match"], korea["head_person_id"]) == ("existing", hung)
    assert (laos["head_match"], laos["head_person_id"]) == ("existing", hung)  # "nguyen van hung"
    assert (japan["head_match"], japan["head"], japan["head_position"]) == ("new", "Y Thông Ktla",
                                                                              "Phó Chủ tịch UBND huyện")
    assert cambodia["head_person_id"] == japan["head_person_id"]

    # every row says what was guessed
    first = trips[0].guesses
    assert "Loại đoàn: Đoàn ra (đoán từ tên trang tính «Đoàn ra 2024»)." in first
    assert "Tên đoàn: lấy từ cột «Nội dung/Mục đích»." in first
    assert any(g.startswith("Trưởng đoàn «Nguyễn Văn Hùng»: cán bộ đã có trong sổ, Nguyễn Văn Hùng (sinh 02/01/1970")
               for g in first)
    assert "Trưởng đoàn «Y Thông Ktla»: chưa có trong sổ Cán bộ — sẽ tạo cán bộ mới thuộc đơn vị DL-BMT." in trips[1].guesses
    assert "Cột «Thời gian», ô D9: chỉ có một ngày, 20/11/2024: ngày đi và ngày về là cùng một ngày." in trips[3].guesses

    # the total row and the signature block are passed over, each saying why
    skipped = [r for r in preview.rows if r.status == "empty" and r.notes]
    assert [r.notes[0].split(",")[0] for r in skipped] == ["Dòng tổng cộng"] + ["Dòng ký tên dưới bảng"] * 3
    assert preview.counts == {"new": 4, "duplicate": 0, "invalid": 0, "empty": 4}

    assert imp.commit(preview)["created"] == 4
    stored = {d.title: d for d in _stored(services, Delegation)}
    assert len(stored) == 4 and {d.direction for d in stored.values()} == {"outbound"}
    officers = {p.full_name: p for p in _stored(services, Person)}
    assert set(officers) == {"Nguyễn Văn Hùng", "Y Thông Ktla"}  # one new officer, not two
    assert (officers["Y Thông Ktla"].unit_code, officers["Y Thông Ktla"].position) == ("DL-BMT",
                                                                                     "Phó Chủ tịch UBND huyện")
    heads = {m.delegation_id: m for m in _stored(services, DelegationMember)}
    assert len(heads) == 4 and {m.role for m in heads.values()} == {"head"}
    assert heads[stored[OUTBOUND_ROWS[0][5]].id].person_id == hung
    assert heads[stored[OUTBOUND_ROWS[3][5]].id].person_id == officers["Y Thông Ktla"].id


def test_the_direction_comes_from_a_title_row_and_an_inbound_head_is_a_guest(services, tmp_path):
    rows = [["STT", "Trưởng đoàn", "Quốc tịch", "Thời gian làm việc", "Nội dung"],
            [1, "Kim Min-jun, Thị trưởng", "Hàn Quốc", "15-18/3", "Dự Lễ hội Cà phê Buôn Ma Thuột"]]
    path = _book(tmp_path / "khach.xlsx", rows, above=("DANH SÁCH ĐOÀN VÀO NĂM 2024",))
    _imp, _sheet, guess, preview = _read(services, path, "delegation")
    assert guess.fixed == {"direction": "inbound"}
    assert guess.reasons["direction"] == "đoán từ dòng tiêu đề «DANH SÁCH ĐOÀN VÀO NĂM 2024»"
    (row,) = preview.rows
    assert row.status == "new", row.problems
    assert (row.values["start_date"], row.values["end_date"]) == (date(2024, 3, 15), date(2024, 3, 18))
    assert (row.values["head_match"], row.values["head"], row.values["head_nationality"]) == ("guest", "Kim Min-jun",
                                                                                             "KR")
    assert "Cột «Thời gian làm việc», ô D3: «15-18/3» → 15/03/2024 – 18/03/2024 (năm 2024 theo tên trang tính " \
           "hoặc dòng tiêu đề)." in row.guesses
    assert "Trưởng đoàn «Kim Min-jun», Hàn Quốc: khách nước ngoài, ghi là trưởng đoàn khách." in row.guesses


def test_with_nothing_to_guess_the_direction_from_the_officer_gives_it_for_every_row(services, tmp_path):
    rows = [OUTBOUND_HEADERS, *OUTBOUND_ROWS]
    path = _book(tmp_path / "danh-sach.xlsx", rows)  # "Sheet1", no title rows: nothing says which way
    imp = ImportService(services.ctx)
    sheet = imp.open(path)[0]
    guess = imp.guess("delegation", sheet)
    assert guess.fixed == {}
    assert imp.mapping_problems("delegation", guess.mapping, guess.fixed, guess.also) == [
        "Chưa chọn cột cho trường bắt buộc: Loại đoàn."]
    with pytest.raises(AppError, match="Chưa chọn cột cho: Loại đoàn"):
        imp.preview(path, sheet.name, "delegation", guess.mapping, also=guess.also)
    preview = imp.preview(path, sheet.name, "delegation", guess.mapping, fixed={"direction": "Đoàn ra"},
                          also=guess.also)
    assert [r.status for r in preview.rows] == ["new"] * 4
    assert preview.fixed == {"direction": "outbound"}
    assert "Loại đoàn: Đoàn ra (giá trị chung cho mọi dòng)." in preview.rows[0].guesses
    with pytest.raises(AppError, match="Giá trị chung cho trường «Loại đoàn»: «sang» không có trong danh sách"):
        imp.preview(path, sheet.name, "delegation", guess.mapping, fixed={"direction": "sang"}, also=guess.also)


def test_a_column_of_the_file_wins_over_the_value_for_every_row(services, tmp_path):
    rows = [["Loại đoàn", "Tên đoàn", "Nước đến", "Thời gian"],
            ["Đoàn vào", "Đoàn Gimhae", "Hàn Quốc", "01/03/2026 - 03/03/2026"],
            [None, "Đoàn Seoul", "Hàn Quốc", "05/03/2026 - 07/03/2026"]]
    _imp, _sheet, _guess, preview = _read(services, _book(tmp_path / "d.xlsx", rows, title="Đoàn ra 2026"),
                                          "delegation", direction="outbound")
    assert [r.values["direction"] for r in preview.rows] == ["inbound", "outbound"]
    assert preview.rows[0].guesses == [] and preview.rows[1].guesses


def test_two_namesakes_in_the_unit_leave_the_head_to_the_officer(services, tmp_path):
    for born in (date(1970, 1, 2), date(1985, 5, 5)):
        services.persons.save({"full_name": "Trần Văn Nam", "birth_date": born})
    services.persons.save({"full_name": "Lê Thị Hoa", "unit_code": "DL-KPA"})  # same name, another unit
    rows = [["Họ tên trưởng đoàn", "Nước đến", "Thời gian", "Mục đích"],
            ["Trần Văn Nam", "Lào", "01/03/2026 - 03/03/2026", "Hội đàm về hợp tác giáo dục"],
            ["Lê Thị Hoa", "Lào", "04/03/2026 - 06/03/2026", "Khảo sát cửa khẩu"]]
    imp, _sheet, _guess, preview = _read(services, _book(tmp_path / "d.xlsx", rows, title="Đoàn ra 2026"),
                                         "delegation")
    nam, hoa = preview.rows
    assert nam.status == hoa.status == "new"
    assert nam.values["head_match"] == "ambiguous" and "head_person_id" not in nam.values
    assert any("có 2 cán bộ cùng tên ở đơn vị DL-BMT (Trần Văn Nam (sinh 02/01/1970); Trần Văn Nam "
               "(sinh 05/05/1985))" in g for g in nam.guesses)
    assert hoa.values["head_match"] == "new"  # the namesake of DL-KRP is not this unit's officer
    imp.commit(preview)
    assert len(_stored(services, DelegationMember)) == 1
    assert len(_stored(services, Person, Person.full_name == "Lê Thị Hoa")) == 2


# --- a unit's NGO list: sectors as written -------------------------------------------------------


def test_ngo_sectors_are_matched_by_their_words_several_to_a_cell(services, tmp_path):
    imp, sheet, _guess, preview = _read(services, ngo_register(tmp_path / "pcpnn.xlsx"), "foreign_ngo")
    assert sheet.headers == NGO_HEADERS
    numbering, *ngos = preview.rows
    assert numbering.status == "empty" and numbering.notes[0].startswith("Dòng đánh số thứ tự các cột")
    assert [r.status for r in ngos] == ["new"] * 3, [r.problems for r in ngos]
    plan, vision, caritas = ngos
    assert plan.values["sectors"] == ["education", "social_welfare"] and plan.values["country"] == "GB"
    assert plan.guesses == ["Cột «Lĩnh vực hoạt động», ô D4: «Giáo dục» → Giáo dục, đào tạo; «Trẻ em» → An sinh "
                            "xã hội."]
    assert vision.values["sectors"] == ["water_sanitation", "health"]
    assert caritas.values["sectors"] == ["disaster_relief", "livelihoods"]
    imp.commit(preview)
    stored = {n.name_original: n for n in _stored(services, ForeignNgo)}
    assert stored["Plan International"].sectors == ["education", "social_welfare"]


def test_an_ambiguous_list_value_names_its_cell_and_the_candidates(services, tmp_path):
    rows = [["Tên tổ chức", "Quốc tịch", "Lĩnh vực hoạt động"], ["Caritas", "Đức", "Y tế; Phát triển"],
            ["Oxfam", "Anh", "Y tế, nấu ăn"]]
    _imp, _sheet, _guess, preview = _read(services, _book(tmp_path / "n.xlsx", rows), "foreign_ngo")
    caritas, oxfam = preview.rows
    assert caritas.status == "invalid" and caritas.problems == [
        "Cột «Lĩnh vực hoạt động», ô C2: «Phát triển» có thể là nhiều giá trị: Nông nghiệp, phát triển nông thôn; "
        "Sinh kế, giảm nghèo. Hãy ghi rõ một giá trị."]
    assert (caritas.problems[0].cell, caritas.problems[0].header, caritas.problems[0].field) == (
        "C2", "Lĩnh vực hoạt động", "sectors")
    assert oxfam.status == "invalid" and "«nấu ăn» không có trong danh sách" in oxfam.problems[0]


@pytest.mark.parametrize(("enum_field", "typed", "code"), [
    ("kind", "Khảo sát, học tập kinh nghiệm", "working_trip"), ("kind", "Hội thảo", "conference"),
    ("funding", "Ngân sách huyện", "state_budget"), ("funding", "Phía bạn chi trả", "partner"),
    ("direction", "ra", "outbound")])
def test_single_list_values_by_their_words_too(services, tmp_path, enum_field, typed, code):
    header = {"kind": "Hình thức", "funding": "Nguồn kinh phí", "direction": "Loại đoàn"}[enum_field]
    rows = [["Tên đoàn", "Nước đến", "Thời gian", header], ["Đoàn A", "Lào", "01/03/2026", typed]]
    _imp, _sheet, _guess, preview = _read(services, _book(tmp_path / "k.xlsx", rows, title="Đoàn ra"), "delegation")
    assert preview.rows[0].status == "new" and preview.rows[0].values[enum_field] == code


# --- the headers units use -------------------------------------------------------------------


def test_every_usual_header_names_its_field(services):
    imp = ImportService(services.ctx)
    synonyms = [(entity, field, header) for entity, spec in SPECS.items()
                for field, headers in spec.aliases.items() for header in headers]
    wrong = {(entity, header): imp.guess_mapping(entity, [header]).get(header)
             for entity, field, header in synonyms if imp.guess_mapping(entity, [header]) != {header: field}}
    assert len(synonyms) > 150 and wrong == {}


def test_headers_of_the_issue_and_a_unit_in_brackets(services):
    imp = ImportService(services.ctx)
    assert imp.guess_mapping("delegation", ["STT", "Nước đến", "Kinh phí (đồng)", "Họ và tên trưởng đoàn",
                                            "Nội dung/Mục đích", "Thời gian", "Kinh phí (triệu đồng)"]) == {
        "Nước đến": "countries", "Kinh phí (đồng)": "cost_estimate_vnd", "Họ và tên trưởng đoàn": "head",
        "Nội dung/Mục đích": "purpose", "Thời gian": "period"}
    assert imp.guess_mapping("foreign_ngo", ["Lĩnh vực hoạt động"]) == {"Lĩnh vực hoạt động": "sectors"}


# --- the pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "year", "start", "end"), [
    ("15/06/2024 - 22/06/2024", None, date(2024, 6, 15), date(2024, 6, 22)),
    ("Từ ngày 02/9 đến ngày 09/9/2024", None, date(2024, 9, 2), date(2024, 9, 9)),
    ("10-12/10/2024", None, date(2024, 10, 10), date(2024, 10, 12)),
    ("28/12 – 03/01/2025", None, date(2024, 12, 28), date(2025, 1, 3)),
    ("(15/6/24 - 20/6/24)", None, date(2024, 6, 15), date(2024, 6, 20)),
    ("15-18/3", 2024, date(2024, 3, 15), date(2024, 3, 18)),
    (date(2024, 11, 20), None, date(2024, 11, 20), date(2024, 11, 20))])
def test_a_period_in_one_cell(typed, year, start, end):
    assert parse_period(typed, year)[:2] == (start, end)


@pytest.mark.parametrize(("typed", "message"), [
    ("Tháng 6/2024", "chỉ có tháng"), ("15-18/3", "không có năm"), ("31/02/2024", "Ngày không hợp lệ"),
    ("sắp tới", "Không đọc được thời gian")])
def test_a_period_that_cannot_be_read_says_why(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_period(typed)


def test_amounts_in_words_and_heads_with_their_position():
    assert [parse_number(t) for t in ("45 triệu", "1,2 tỷ đồng", "1.500 triệu", "500 nghìn")] == [
        45_000_000, 1_200_000_000, 1_500_000_000, 500_000]
    assert split_head("Ông Y Thông Ktla - Phó Chủ tịch UBND huyện") == ("Y Thông Ktla", "Phó Chủ tịch UBND huyện")
    assert split_head("Bà H'Hen Niê (Trưởng phòng Ngoại vụ)") == ("H'Hen Niê", "Trưởng phòng Ngoại vụ")
    assert split_head("Nguyễn Văn Hùng") == ("Nguyễn Văn Hùng", None)


def test_what_is_not_a_record_and_what_still_is():
    assert layout.numbering({1: 1, 2: 2, 3: 3, 4: 4}) and layout.numbering({1: "(1)", 2: "(2)", 3: "(3)"})
    assert not layout.numbering({1: 1, 2: "Nguyễn Văn A", 3: 3}) and not layout.numbering({1: 1, 2: 2})
    assert layout.total_row({2: "Tổng cộng", 5: 1000}) and layout.total_row({1: "Cộng:", 5: 1000})
    assert not layout.total_row({1: 3, 2: "Tống Văn Cộng", 3: "Lào"})
    assert layout.signature_row({2: "Người lập biểu", 5: "THỦ TRƯỞNG ĐƠN VỊ"})
    assert layout.signature_row({5: "Krông Pắc, ngày 10 tháng 01 năm 2025"}) and layout.signature_row({5: "TM. UBND"})
    assert not layout.signature_row({3: "Chủ tịch UBND huyện"})  # a position alone may be a record's
    assert not layout.signature_row({4: "ngày 15 tháng 6 năm 2024"})
    assert layout.year_of("Đoàn ra 2024", ("DANH SÁCH NĂM 2024",)) == 2024
    assert layout.year_of("Đoàn ra", ("Từ 2023 đến 2024",)) is None
