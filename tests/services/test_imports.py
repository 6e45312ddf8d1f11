"""Excel in: exported files import back, every cell problem is named, nothing is half-written."""

from __future__ import annotations

import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.config import Paths
from desktop.errors import AppError
from desktop.models import ChangeLog, Delegation, Person
from desktop.services import imports as imports_module
from desktop.services import open_services
from desktop.services.imports import ImportCancelled, ImportService
from desktop.services.imports import service as import_service
from tests.conftest import TODAY
from tests.services.builders import inbound, outbound
from tests.templates import sqlite_url

PERSON_HEADERS = ["Họ và tên", "Giới tính", "Ngày sinh", "Điện thoại", "Số hộ chiếu", "Lãnh đạo chủ chốt"]


def workbook(path: Path, rows: list[list], title: str = "Cán bộ", build=None) -> Path:
    """Write `rows` (the first is the header) to a one-sheet workbook."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if build:
        build(sheet)
    book.save(path)
    return path


def preview_persons(services, path: Path, mapping: dict | None = None):
    imp = ImportService(services.ctx)
    sheet = imp.open(path)[0]
    mapping = mapping or imp.guess_mapping("person", sheet.headers)
    return imp, imp.preview(path, sheet.name, "person", mapping)


def count(services, model) -> int:
    with services.ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.fixture
def fresh(tmp_path):
    """A second, empty installation of the same unit to import into."""
    other = open_services(sqlite_url(tmp_path / 'other.sqlite3'), Paths(tmp_path / "other"), today=lambda: TODAY)
    other.device.set_up("DL-BMT", "Trần Thị Lan")
    yield other
    other.close()


# --- round trips -------------------------------------------------------------------------


def test_exported_persons_import_into_a_fresh_database(services, fresh, tmp_path):
    services.persons.save({"full_name": "Nguyễn Thị Hoa", "birth_date": date(1980, 3, 4), "gender": "female",
                           "passport_number": "C1234567", "passport_expiry": date(2030, 5, 6),
                           "phone": "0912 345 678", "is_key_leader": True, "position": "Phó Chủ tịch UBND"})
    services.persons.save({"full_name": "Y Thông Ktla", "birth_date": date(1975, 12, 31), "is_fa_officer": True})
    out = tmp_path / "can-bo.xlsx"
    services.spreadsheets.export("person", out)

    imp = ImportService(fresh.ctx)
    sheet = imp.open(out)[0]
    assert sheet.rows == 2
    mapping = imp.guess_mapping("person", sheet.headers)
    assert set(mapping.values()) == {f.field for f in imp.fields("person")}
    preview = imp.preview(out, sheet.name, "person", mapping)
    assert preview.counts == {"new": 2, "duplicate": 0, "invalid": 0, "empty": 0}
    assert count(fresh, Person) == 0  # the preview wrote nothing
    assert imp.commit(preview)["created"] == 2

    rows = {r.full_name: r for r in fresh.persons.page()}
    hoa = fresh.persons.get(rows["Nguyễn Thị Hoa"].id).data
    assert hoa["birth_date"] == date(1980, 3, 4) and hoa["passport_expiry"] == date(2030, 5, 6)
    assert hoa["gender"] == "female" and hoa["is_key_leader"] is True and hoa["unit_code"] == "DL-BMT"
    assert fresh.persons.get(rows["Y Thông Ktla"].id).data["is_fa_officer"] is True


def test_exported_delegations_import_back_and_change_log_rows_are_written(services, fresh, tmp_path):
    services.delegations.save(outbound(), [])
    services.delegations.save(inbound(countries=["KR", "JP"]), [])
    out = tmp_path / "doan.xlsx"
    services.spreadsheets.export("delegation", out)

    imp = ImportService(fresh.ctx)
    sheet = imp.open(out)[0]
    preview = imp.preview(out, sheet.name, "delegation", imp.guess_mapping("delegation", sheet.headers))
    assert preview.counts["new"] == 2, [r.problems for r in preview.rows]
    logged = count(fresh, ChangeLog)
    imp.commit(preview)
    with fresh.ctx.db.read() as s:
        stored = {d.title: d for d in s.scalars(select(Delegation))}
        entries = s.scalars(select(ChangeLog).where(ChangeLog.entity == "delegation")).all()
    korea = stored[outbound()["title"]]
    assert korea.direction == "outbound" and korea.countries == ["KR"]
    assert korea.start_date == date(2026, 6, 15) and korea.cost_estimate_vnd == 1_250_000_000
    assert stored[inbound()["title"]].countries == ["KR", "JP"]
    assert count(fresh, ChangeLog) == logged + 2
    assert {e.record_id for e in entries} == {d.id for d in stored.values()}
    assert all(e.op == "insert" or e.version == 1 for e in entries)


def test_a_file_imports_once_the_second_time_everything_is_a_duplicate(services, tmp_path):
    path = workbook(tmp_path / "a.xlsx", [PERSON_HEADERS, ["Lê Văn Tám", "Nam", "05/06/1970", None, None, None]])
    imp, preview = preview_persons(services, path)
    imp.commit(preview)
    _imp, again = preview_persons(services, path)
    assert again.counts["duplicate"] == 1 and again.rows[0].duplicate_of


# --- cells -------------------------------------------------------------------------------


def test_text_dates_in_every_accepted_form(services, tmp_path):
    rows = [["Họ và tên", "Ngày sinh"], ["A Một", "05/06/1970"], ["B Hai", "5/6/1971"], ["C Ba", "1972-06-05"],
            ["D Bốn", datetime(1973, 6, 5, 0, 0)], ["E Năm", date(1974, 6, 5)]]
    _imp, preview = preview_persons(services, workbook(tmp_path / "d.xlsx", rows))
    assert [r.values["birth_date"] for r in preview.rows] == [
        date(1970, 6, 5), date(1971, 6, 5), date(1972, 6, 5), date(1973, 6, 5), date(1974, 6, 5)]


def test_an_impossible_date_names_the_column_and_the_cell(services, tmp_path):
    rows = [["Họ và tên", "Giới tính", "Ngày sinh"], ["Phạm Văn Đồng", "Nam", "01/01/1980"],
            ["Hoàng Thị Mai", "Nữ", "31/02/1980"]]
    _imp, preview = preview_persons(services, workbook(tmp_path / "d.xlsx", rows))
    bad = preview.rows[1]
    assert bad.status == "invalid" and bad.row == 3
    assert bad.problems[0].startswith("Cột «Ngày sinh», ô C3: Ngày không hợp lệ: 31/02/1980")
    assert bad.values["birth_date"] == "31/02/1980"  # what the file has, for the preview


def test_a_wrong_enum_value_is_invalid_and_lists_the_choices(services, tmp_path):
    rows = [["Họ và tên", "Giới tính"], ["Nguyễn Văn Ba", "đàn ông"], ["Trần Thị Tư", "nu"], ["Lê Năm", "male"]]
    _imp, preview = preview_persons(services, workbook(tmp_path / "e.xlsx", rows))
    assert [r.status for r in preview.rows] == ["invalid", "new", "new"]
    assert "Cột «Giới tính», ô B2" in preview.rows[0].problems[0] and "Nam, Nữ, Khác" in preview.rows[0].problems[0]
    assert preview.rows[1].values["gender"] == "female" and preview.rows[2].values["gender"] == "male"


def test_validation_problems_of_the_editor_apply(services, tmp_path):
    rows = [PERSON_HEADERS, ["Đỗ Văn Sáu", "Nam", "01/01/1990", "12ab", "X12", "Có"]]
    _imp, preview = preview_persons(services, workbook(tmp_path / "v.xlsx", rows))
    problems = " | ".join(preview.rows[0].problems)
    assert "Cột «Điện thoại», ô D2: Số điện thoại không hợp lệ" in problems
    assert "Cột «Số hộ chiếu», ô E2: Số hộ chiếu không hợp lệ" in problems


def test_booleans_numbers_money_countries_and_units(services, tmp_path):
    rows = [["Họ và tên", "Điện thoại", "Số hộ chiếu", "Lãnh đạo chủ chốt", "Đơn vị"],
            ["H’Hen Niê", 912345678.0, "c7654321", "x", "Thành phố Buôn Ma Thuột"],
            ["Y Moan", "0905 111 222", None, "Không", "dl-bmt"],
            ["Ama Khang", None, None, "có lẽ", "Huyện Không Có"]]
    _imp, preview = preview_persons(services, workbook(tmp_path / "b.xlsx", rows))
    first, second, third = preview.rows
    assert first.values["phone"] == "912345678" and first.values["is_key_leader"] is True
    assert first.values["unit_code"] == "DL-BMT" and second.values["unit_code"] == "DL-BMT"
    assert second.values["is_key_leader"] is False
    assert third.status == "invalid" and any("Có/Không" in p for p in third.problems)
    assert any("Không có đơn vị «Huyện Không Có»" in p for p in third.problems)

    headers = ["Loại đoàn", "Tên đoàn", "Quốc gia", "Ngày đi / đến", "Ngày về / rời", "Dự toán (VND)"]
    trips = [headers,
             ["Đoàn ra", "Đoàn khảo sát cà phê", "Hàn Quốc; Nhật Bản", "01/06/2026", "05/06/2026", "1.250.000 ₫"],
             ["inbound", "Đoàn nghệ sĩ", "kr, Japan", "02/06/2026", "04/06/2026", 300000],
             ["Đoàn vào", "Đoàn Hồng Kông", "Đặc khu Hành chính Hồng Kông, Trung Quốc, Lào", "02/06/2026",
              "04/06/2026", "khoảng 12 triệu"],
             ["Đoàn vào", "Đoàn Lào", "Lào", "02/06/2026", "04/06/2026", "12,5 triệu"]]
    imp = ImportService(services.ctx)
    path = workbook(tmp_path / "t.xlsx", trips, title="Đoàn")
    preview = imp.preview(path, "Đoàn", "delegation", imp.guess_mapping("delegation", headers))
    one, two, three, four = preview.rows
    assert one.values["countries"] == ["KR", "JP"] and one.values["cost_estimate_vnd"] == 1_250_000
    assert one.values["kind"] == "other" and one.values["status"] == "draft"  # defaults
    assert two.values["direction"] == "inbound" and two.values["countries"] == ["KR", "JP"]
    assert three.status == "invalid" and three.values.get("countries") == ["HK", "LA"]
    assert any("Cột «Dự toán (VND)», ô F4: Không phải số" in p for p in three.problems)
    assert four.status == "new" and four.values["cost_estimate_vnd"] == 12_500_000  # as a person reads it


def test_headers_are_guessed_without_accents_or_by_field_name(services):
    imp = ImportService(services.ctx)
    assert imp.guess_mapping("person", ["ho va ten", "NGÀY SINH", "passport_number", "Khác"]) == {
        "ho va ten": "full_name", "NGÀY SINH": "birth_date", "passport_number": "passport_number"}
    assert [f.field for f in imp.fields("person") if f.required] == ["full_name"]
    required = {f.field for f in imp.fields("delegation") if f.required}
    assert {"direction", "title", "start_date", "end_date"} <= required


def test_a_title_row_above_the_header_is_passed_over(services, tmp_path):
    def build(sheet):
        sheet.insert_rows(1, 2)
        sheet["A1"] = "DANH SÁCH CÁN BỘ NĂM 2026"
    path = workbook(tmp_path / "t.xlsx", [["Họ và tên", "Ngày sinh"], ["Mai Văn Bảy", "01/02/1985"]], build=build)
    imp = ImportService(services.ctx)
    sheet = imp.open(path)[0]
    assert sheet.headers == ["Họ và tên", "Ngày sinh"] and sheet.rows == 1
    preview = imp.preview(path, sheet.name, "person", imp.guess_mapping("person", sheet.headers))
    assert preview.rows[0].row == 4 and preview.rows[0].status == "new"


def test_required_columns_must_be_mapped(services, tmp_path):
    path = workbook(tmp_path / "m.xlsx", [["Tên", "Ngày sinh"], ["Ai đó", "01/01/1990"]])
    with pytest.raises(AppError, match="Chưa chọn cột cho: Họ và tên"):
        ImportService(services.ctx).preview(path, "Cán bộ", "person", {"Ngày sinh": "birth_date"})


# --- duplicates, empty rows, formulas, merged cells ----------------------------------------


def test_duplicates_in_the_database_and_inside_the_file(services, tmp_path):
    services.persons.save({"full_name": "Nguyễn Văn Hùng", "birth_date": date(1970, 1, 2)})
    rows = [PERSON_HEADERS,
            ["NGUYEN VAN HUNG", "Nam", "02/01/1970", None, None, None],     # in the database
            ["Trần Thị Bích", "Nữ", None, None, "C1112223", None],
            ["Trần Thị Bích", "Nữ", "03/03/1983", None, "c1112223", None],  # row 3 by passport
            ["Trần Thị Bích", "Nữ", "04/04/1984", None, None, None]]        # a namesake
    _imp, preview = preview_persons(services, workbook(tmp_path / "dup.xlsx", rows))
    assert [r.status for r in preview.rows] == ["duplicate", "new", "duplicate", "new"]
    assert "Đã có trong sổ: Nguyễn Văn Hùng — 02/01/1970" in preview.rows[0].problems[0]
    assert preview.rows[2].problems == ["Trùng với dòng 3 của tệp."] and preview.rows[2].duplicate_of == "#3"
    assert preview.counts == {"new": 2, "duplicate": 2, "invalid": 0, "empty": 0}


def test_delegation_duplicates_are_same_title_and_start(services, tmp_path):
    services.delegations.save(outbound(), [])
    headers = ["Loại đoàn", "Tên đoàn", "Quốc gia", "Ngày đi / đến", "Ngày về / rời"]
    title = outbound()["title"].upper()
    rows = [headers, ["Đoàn ra", title, "KR", "15/06/2026", "20/06/2026"],
            ["Đoàn ra", title, "KR", "15/07/2026", "20/07/2026"]]
    imp = ImportService(services.ctx)
    path = workbook(tmp_path / "d.xlsx", rows, title="Đoàn")
    preview = imp.preview(path, "Đoàn", "delegation", imp.guess_mapping("delegation", headers))
    assert [r.status for r in preview.rows] == ["duplicate", "new"]


def test_empty_rows_are_skipped_and_counted(services, tmp_path):
    rows = [PERSON_HEADERS, ["Lò Văn Pọm", None, None, None, None, None], [None] * 6, ["", "  ", None, None, None, None],
            ["Vi Thị Đào", None, None, None, None, None]]
    imp, preview = preview_persons(services, workbook(tmp_path / "e.xlsx", rows))
    assert preview.counts == {"new": 2, "duplicate": 0, "invalid": 0, "empty": 2}
    assert [r.status for r in preview.rows] == ["new", "empty", "empty", "new"] and not preview.rows[1].problems
    assert imp.commit(preview)["created"] == 2


def test_formulas_without_a_cached_value_are_reported(services, tmp_path):
    rows = [["Họ và tên", "Ngày sinh"], ["Bùi Văn Chín", "=DATE(1980,1,1)"], ["=A2&\" con\"", "01/01/2000"]]
    _imp, preview = preview_persons(services, workbook(tmp_path / "f.xlsx", rows))
    first, second = preview.rows
    assert first.status == "invalid" and second.status == "invalid"
    assert first.problems == ["Cột «Ngày sinh», ô B2: công thức chưa có giá trị (hãy mở và lưu tệp bằng Excel)"]
    assert second.problems[0].startswith("Cột «Họ và tên», ô A3: công thức chưa có giá trị")


def test_merged_cells_give_the_first_row_only_and_are_explained(services, tmp_path):
    headers = ["Loại đoàn", "Tên đoàn", "Quốc gia", "Ngày đi / đến", "Ngày về / rời"]
    rows = [headers, ["Đoàn ra", "Đoàn A", "KR", "01/06/2026", "05/06/2026"],
            [None, "Đoàn B", "JP", "02/06/2026", "06/06/2026"], [None, "Đoàn C", "LA", "03/06/2026", "07/06/2026"]]
    path = workbook(tmp_path / "m.xlsx", rows, title="Đoàn", build=lambda sheet: sheet.merge_cells("A2:A4"))
    imp = ImportService(services.ctx)
    preview = imp.preview(path, "Đoàn", "delegation", imp.guess_mapping("delegation", headers))
    assert [r.status for r in preview.rows] == ["new", "invalid", "invalid"]
    assert any("vùng gộp ô A2:A4" in p and "ô A3" in p for p in preview.rows[1].problems)


def test_an_excel_error_value_is_reported(services, tmp_path):
    path = workbook(tmp_path / "e.xlsx", [["Họ và tên", "Ngày sinh"], ["Ninh Văn Mười", "x"]])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index('<c r="B2"')
    end = sheet.index("</c>", start) + 4
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + '<c r="B2" t="e"><v>#DIV/0!</v></c>' + sheet[end:]).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    _imp, preview = preview_persons(services, path)
    assert preview.rows[0].problems == ["Cột «Ngày sinh», ô B2: ô có lỗi công thức #DIV/0!"]


# --- bad files ---------------------------------------------------------------------------


def test_a_text_file_renamed_xlsx_is_refused_plainly(services, tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_text("Họ và tên;Ngày sinh\nA;01/01/1990\n", encoding="utf-8")
    with pytest.raises(AppError, match="không phải bảng tính Excel \\(.xlsx\\)"):
        ImportService(services.ctx).open(path)


def test_a_password_protected_workbook_is_refused_plainly(services, tmp_path):
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(imports_module.OLE2_MAGIC + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100)
    with pytest.raises(AppError, match="đang được đặt mật khẩu: hãy bỏ mật khẩu rồi nhập lại"):
        ImportService(services.ctx).open(path)
    old = tmp_path / "cu.xls"
    old.write_bytes(imports_module.OLE2_MAGIC + b"\0" * 2000)
    with pytest.raises(AppError, match="Excel cũ \\(.xls\\)"):
        ImportService(services.ctx).open(old)


def test_zips_that_are_not_workbooks_and_broken_or_empty_files(services, tmp_path):
    imp = ImportService(services.ctx)
    other = tmp_path / "van-ban.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(AppError, match="không phải bảng tính Excel"):
        imp.open(other)
    broken = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("xl/workbook.xml", "<không phải xml")
    with pytest.raises(AppError, match="bị hỏng hoặc không đọc được"):
        imp.open(broken)
    empty = workbook(tmp_path / "trong.xlsx", [])
    with pytest.raises(AppError, match="không có dữ liệu"):
        imp.open(empty)
    zero = tmp_path / "zero.xlsx"
    zero.write_bytes(b"")
    with pytest.raises(AppError, match="trống"):
        imp.open(zero)
    with pytest.raises(AppError, match="Không tìm thấy tệp"):
        imp.open(tmp_path / "khong-co.xlsx")


# --- scale, progress, cancel, atomicity --------------------------------------------------


def _many(path: Path, n: int) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cán bộ")
    sheet.append(PERSON_HEADERS)
    for i in range(n):
        sheet.append([f"Cán bộ Số {i}", "Nam" if i % 2 else "Nữ", date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                      f"0905{i:06d}", f"C{i:07d}", "x" if i % 10 == 0 else ""])
    book.save(path)
    return path


def test_ten_thousand_rows_preview_and_commit(services, tmp_path):
    path = _many(tmp_path / "10k.xlsx", 10_000)
    imp = ImportService(services.ctx)
    seen = []
    started = time.perf_counter()
    sheet = imp.open(path)[0]
    preview = imp.preview(path, sheet.name, "person", imp.guess_mapping("person", sheet.headers),
                          progress=lambda done, total: seen.append((done, total)))
    previewed = time.perf_counter()
    written = imp.commit(preview)
    done = time.perf_counter()
    print(f"\n10,000 persons: open+preview {previewed - started:.2f} s, commit {done - previewed:.2f} s")
    assert preview.counts["new"] == 10_000 and written["created"] == 10_000
    assert seen[0] == (500, 10_000) and seen[-1] == (10_000, 10_000)
    assert count(services, Person) == 10_000


def test_cancel_stops_the_preview(services, tmp_path):
    path = _many(tmp_path / "2k.xlsx", 2_000)
    imp = ImportService(services.ctx)
    asked = []
    with pytest.raises(ImportCancelled):
        imp.preview(path, "Cán bộ", "person", imp.guess_mapping("person", PERSON_HEADERS),
                    cancelled=lambda: asked.append(1) or len(asked) >= 2)
    assert len(asked) == 2


def test_commit_is_all_or_nothing(services, tmp_path, monkeypatch):
    path = _many(tmp_path / "3k.xlsx", 3_000)
    imp = ImportService(services.ctx)
    preview = imp.preview(path, "Cán bộ", "person", imp.guess_mapping("person", PERSON_HEADERS))
    logged, real = count(services, ChangeLog), import_service.apply_data
    calls = []

    def failing(obj, data):
        calls.append(1)
        if len(calls) == 2_500:
            raise RuntimeError("đĩa đầy")
        real(obj, data)

    monkeypatch.setattr(import_service, "apply_data", failing)
    with pytest.raises(RuntimeError):
        imp.commit(preview)
    assert count(services, Person) == 0 and count(services, ChangeLog) == logged


def test_commit_looks_for_duplicates_again(services, tmp_path):
    path = workbook(tmp_path / "a.xlsx", [PERSON_HEADERS, ["Lê Văn Tám", "Nam", "05/06/1970", None, None, None]])
    imp, preview = preview_persons(services, path)
    services.persons.save({"full_name": "Lê Văn Tám", "birth_date": date(1970, 6, 5)})  # meanwhile
    assert imp.commit(preview) == {"created": 0, "duplicate": 1, "invalid": 0, "empty": 0}
