"""Excel in for foreign NGOs (with certificate and contact) and aid projects (donor matched by name),
and the bad input of issue 4 on these registers: merged cells, wrong types, text dates, formulas,
empty rows, 100,000 rows, files that are not workbooks — a message per row or per file, all or nothing."""

from __future__ import annotations

import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.errors import AppError
from desktop.models import AidProject, ChangeLog, ForeignNgo, NgoCertificate, NgoContact
from desktop.services.imports import ImportService, shown_field
from desktop.services.imports import ngos as ngo_import

NGO_HEADERS = ["Tên tổ chức", "Vietnamese name", "Country", "Lĩnh vực", "Địa bàn", "Đối tác Việt Nam",
               "Loại giấy", "Số giấy", "Ngày cấp", "Ngày hết hạn", "Người liên hệ", "Contact phone",
               "Contact email"]
SAVE = ["Save the Children", "Tổ chức Cứu trợ Trẻ em", "Anh", "Giáo dục, đào tạo; Y tế",
        "Huyện Krông Pắc; Huyện Lắk", "Sở Ngoại vụ Đắk Lắk", "Giấy đăng ký hoạt động", "123/bng-gđk",
        "15/03/2024", date(2027, 3, 14), "Nguyễn Thị Lan", "0912 345 678", "lan@example.org"]
AID_HEADERS = ["Tên dự án", "Donor", "Xã", "Số QĐ phê duyệt", "Ngày phê duyệt", "Giá trị (VND)"]


def workbook(path: Path, rows: list[list], title: str = "Dữ liệu", build=None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if build:
        build(sheet)
    book.save(path)
    return path


def preview(services, path: Path, entity: str, mapping: dict | None = None):
    imp = ImportService(services.ctx)
    sheet = imp.open(path)[0]
    return imp, imp.preview(path, sheet.name, entity, mapping or imp.guess_mapping(entity, sheet.headers))


def count(services, model, *where) -> int:
    with services.ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def ngo(services, name: str, country: str, name_vi: str | None = None) -> str:
    return services.ngos.save({"name_original": name, "name_vi": name_vi, "country": country}).id


# --- foreign NGOs ------------------------------------------------------------------------


def test_ngo_headers_in_vietnamese_or_english_are_guessed(services):
    imp = ImportService(services.ctx)
    mapping = imp.guess_mapping("foreign_ngo", NGO_HEADERS)
    assert mapping == {
        "Tên tổ chức": "name_original", "Vietnamese name": "name_vi", "Country": "country",
        "Lĩnh vực": "sectors", "Địa bàn": "areas", "Đối tác Việt Nam": "vn_counterpart",
        "Loại giấy": "certificate_kind", "Số giấy": "certificate_number", "Ngày cấp": "certificate_issued_on",
        "Ngày hết hạn": "certificate_expires_on", "Người liên hệ": "contact_name",
        "Contact phone": "contact_phone", "Contact email": "contact_email"}
    assert {f.field for f in imp.fields("foreign_ngo") if f.required} == {"name_original"}


def test_ngos_with_certificate_and_contact_are_written_in_one_go(services, tmp_path):
    path = workbook(tmp_path / "pcp.xlsx", [NGO_HEADERS, SAVE,
                                            ["Plan International", None, "United Kingdom", None, None, None, None,
                                             None, None, None, None, None, None]])
    imp, result = preview(services, path, "foreign_ngo")
    assert result.counts == {"new": 2, "duplicate": 0, "invalid": 0, "empty": 0}, [r.problems for r in result.rows]
    assert count(services, ForeignNgo) == 0
    assert shown_field("foreign_ngo", "certificate_kind", result.rows[0].values["certificate_kind"]) == \
        "Giấy đăng ký hoạt động"
    assert shown_field("foreign_ngo", "country", "GB") == "Vương quốc Anh"
    logged = count(services, ChangeLog)
    assert imp.commit(result)["created"] == 2
    with services.ctx.db.read() as s:
        save = s.scalars(select(ForeignNgo).where(ForeignNgo.name_original == "Save the Children")).one()
        cert = s.scalars(select(NgoCertificate).where(NgoCertificate.ngo_id == save.id)).one()
        contact = s.scalars(select(NgoContact).where(NgoContact.ngo_id == save.id)).one()
        plan = s.scalars(select(ForeignNgo).where(ForeignNgo.name_original == "Plan International")).one()
        assert (save.name_vi, save.country, save.sectors) == ("Tổ chức Cứu trợ Trẻ em", "GB", ["education", "health"])
        assert save.areas == ["Huyện Krông Pắc", "Huyện Lắk"] and save.unit_code == "DL-BMT"
        assert (cert.kind, cert.number, cert.issued_on, cert.expires_on) == (
            "activity_registration", "123/BNG-GĐK", date(2024, 3, 15), date(2027, 3, 14))
        assert (contact.full_name, contact.phone, contact.email) == ("Nguyễn Thị Lan", "0912 345 678",
                                                                     "lan@example.org")
        assert plan.country == "GB" and s.scalar(select(func.count()).select_from(NgoCertificate)
                                                 .where(NgoCertificate.ngo_id == plan.id)) == 0
    assert count(services, ChangeLog) == logged + 4  # two NGOs, one certificate, one contact
    assert services.ngos.get(save.id).current_certificate is not None  # the register sees it


def test_ngo_duplicates_are_the_same_folded_name_in_the_same_country(services, tmp_path):
    ngo(services, "World Vision International", "US", "Tổ chức Tầm nhìn Thế giới")
    blank = [None] * 10
    rows = [NGO_HEADERS[:3] + NGO_HEADERS[3:],
            ["WORLD VISION INTERNATIONAL", None, "Hoa Kỳ", *blank],
            ["Cứu trợ khác", "To chuc Tam nhin The gioi", "US", *blank],
            ["World Vision International", None, "Úc", *blank],
            ["World Vision International", None, "AU", *blank]]
    _imp, result = preview(services, workbook(tmp_path / "d.xlsx", rows), "foreign_ngo")
    assert [r.status for r in result.rows] == ["duplicate", "duplicate", "new", "duplicate"]
    assert "Đã có trong sổ: World Vision International (Tổ chức Tầm nhìn Thế giới) — Hoa Kỳ" in \
        result.rows[0].problems[0]
    assert result.rows[3].problems == ["Trùng với dòng 4 của tệp."]


def test_ngo_rows_name_the_cell_of_each_problem(services, tmp_path):
    rows = [NGO_HEADERS,
            ["Oxfam", None, "Narnia", *[None] * 10],
            ["CARE", None, "US", None, None, None, "Giấy phép bay", "9/GĐK", "01/01/2024", "01/06/2026",
             None, None, None],
            ["ChildFund", None, "AU", None, None, None, "Giấy đăng ký hoạt động", "10/GĐK", "01/01/2025",
             "31/12/2024", "Bà Lan", "abc", "lan@"],
            ["Caritas", None, "DE", "Y tế, nấu ăn", *[None] * 9]]
    _imp, result = preview(services, workbook(tmp_path / "x.xlsx", rows), "foreign_ngo")
    assert [r.status for r in result.rows] == ["invalid"] * 4
    assert result.rows[0].problems == ["Cột «Country», ô C2: Không nhận ra quốc gia «Narnia»."]
    assert result.rows[1].problems[0].startswith("Cột «Loại giấy», ô G3: «Giấy phép bay» không có trong danh sách")
    childfund = "\n".join(result.rows[2].problems)
    assert "Cột «Ngày hết hạn», ô J4: Ngày hết hạn phải sau ngày cấp." in childfund
    assert "Cột «Contact phone», ô L4" in childfund and "Cột «Contact email», ô M4" in childfund
    assert set(result.rows[2].bad) == {"certificate_expires_on", "contact_phone", "contact_email"}
    assert result.rows[0].bad == ("country",)
    assert result.rows[3].problems[0].startswith("Cột «Lĩnh vực», ô D5: «nấu ăn» không có trong danh sách")


def test_ngo_commit_is_all_or_nothing(services, tmp_path, monkeypatch):
    rows = [NGO_HEADERS] + [[f"Tổ chức số {i}", None, "JP", None, None, None, "Giấy đăng ký hoạt động",
                             f"{i}/GĐK", "01/01/2025", "31/12/2027", f"Người {i}", None, None] for i in range(30)]
    imp, result = preview(services, workbook(tmp_path / "n.xlsx", rows), "foreign_ngo")
    logged, real, calls = count(services, ChangeLog), ngo_import.apply_data, []

    def failing(obj, data):
        calls.append(1)
        if len(calls) == 80:  # in the middle of the 27th NGO
            raise RuntimeError("mất điện")
        real(obj, data)

    monkeypatch.setattr(ngo_import, "apply_data", failing)
    with pytest.raises(RuntimeError):
        imp.commit(result)
    assert count(services, ForeignNgo) == count(services, NgoCertificate) == count(services, NgoContact) == 0
    assert count(services, ChangeLog) == logged


# --- aid projects ------------------------------------------------------------------------


def test_donors_are_matched_by_name_kept_as_text_or_refused_when_ambiguous(services, tmp_path):
    save = ngo(services, "Save the Children", "GB", "Tổ chức Cứu trợ Trẻ em")
    ngo(services, "Hope Foundation", "US")
    ngo(services, "Hope Foundation", "AU")
    rows = [AID_HEADERS,
            ["Trường mẫu giáo xã Ea Yông", "to chuc cuu tro tre em", "Xã Ea Yông, huyện Krông Pắc",
             "1234/QĐ-UBND", "15/05/2025", "1.500.000.000 đ"],
            ["Nước sạch buôn Ko Êmông", "JICA", "Xã Ea Tu", None, None, 800000000],
            ["Phòng khám lưu động", "Hope Foundation", "Xã Cư Êbur", "77/QĐ-UBND", "02/02/2025", None]]
    imp, result = preview(services, workbook(tmp_path / "a.xlsx", rows), "aid_project")
    assert [r.status for r in result.rows] == ["new", "new", "invalid"], [r.problems for r in result.rows]
    assert result.rows[0].values["donor_ngo_id"] == save and result.rows[0].values["value_vnd"] == 1_500_000_000
    assert result.rows[1].notes == ["Cột «Donor», ô B3: «JICA» chưa có trong sổ Tổ chức PCP nước ngoài — ghi là "
                                    "tên nhà tài trợ, không liên kết với tổ chức nào."]
    assert result.rows[2].problems[0].startswith("Cột «Donor», ô B4: Có 2 tổ chức cùng tên «Hope Foundation»")
    assert imp.commit(result)["created"] == 2
    with services.ctx.db.read() as s:
        stored = {p.title: p for p in s.scalars(select(AidProject))}
    school = stored["Trường mẫu giáo xã Ea Yông"]
    assert (school.donor_ngo_id, school.donor_name, school.status) == (save, "Tổ chức Cứu trợ Trẻ em", "approved")
    assert (school.approval_number, school.approval_date) == ("1234/QĐ-UBND", date(2025, 5, 15))
    assert school.location == "Xã Ea Yông, huyện Krông Pắc" and school.form == "project"
    water = stored["Nước sạch buôn Ko Êmông"]
    assert (water.donor_ngo_id, water.donor_name, water.status, water.value_vnd) == (None, "JICA", "proposed",
                                                                                     800_000_000)
    assert [r.title for r in services.aid.page()] != []  # the aid register lists what was imported


def test_aid_duplicates_by_approval_number_else_title_and_donor(services, tmp_path):
    ngo(services, "Save the Children", "GB", "Tổ chức Cứu trợ Trẻ em")
    first = [AID_HEADERS, ["Trường mẫu giáo Ea Yông", "Save the Children", None, "1234/QĐ-UBND", "15/05/2025", None],
             ["Bếp ăn bán trú", "JICA", None, None, None, None]]
    imp, result = preview(services, workbook(tmp_path / "1.xlsx", first), "aid_project")
    imp.commit(result)
    again = [AID_HEADERS,
             ["Tên khác, cùng quyết định", "Oxfam", None, "1234/qđ-ubnd", "15/05/2025", None],
             ["BẾP ĂN BÁN TRÚ", "jica", None, None, None, None],
             ["Trường mẫu giáo Ea Yông", "Tổ chức Cứu trợ Trẻ em", None, None, None, None],
             ["Dự án mới", "JICA", None, "55/QĐ-UBND", "01/06/2025", None],
             ["Dự án mới nhập hai lần", "JICA", None, "55/QĐ-UBND", "01/06/2025", None]]
    _imp, result = preview(services, workbook(tmp_path / "2.xlsx", again), "aid_project")
    assert [r.status for r in result.rows] == ["duplicate", "duplicate", "duplicate", "new", "duplicate"]
    assert "1234/QĐ-UBND" in result.rows[0].problems[0]
    assert result.rows[4].problems == ["Trùng với dòng 5 của tệp."]


def test_aid_rows_with_wrong_types_text_dates_and_the_editor_rules(services, tmp_path):
    rows = [AID_HEADERS + ["Ngày bắt đầu"],
            ["A", "JICA", None, "1/QĐ", "31/02/2025", None, None],
            ["B", "JICA", None, None, None, "nhiều tiền", None],
            ["C", "JICA", None, "2/QĐ", "01/03/2025", -5, "01/01/2025"],
            ["D", "JICA", None, "3/QĐ", "2025-03-01", 1.5, None],
            ["E", None, None, "4/QĐ", "01/03/2099", None, None]]
    _imp, result = preview(services, workbook(tmp_path / "t.xlsx", rows), "aid_project")
    problems = ["\n".join(r.problems) for r in result.rows]
    assert [r.status for r in result.rows] == ["invalid"] * 5
    assert problems[0].startswith("Cột «Ngày phê duyệt», ô E2: Ngày không hợp lệ: 31/02/2025")
    assert problems[1] == "Cột «Giá trị (VND)», ô F3: Không phải số: nhiều tiền"
    assert "ô F4: Giá trị quy đổi phải là số tiền nguyên, không âm: -5" in problems[2]
    assert "ô G4: Ngày bắt đầu thực hiện không được trước ngày phê duyệt." in problems[2]
    assert problems[3] == "Cột «Giá trị (VND)», ô F5: Phải là số nguyên: 1.5"
    assert "Cột «Donor», ô B6: Chưa chọn tổ chức tài trợ hoặc nhập tên nhà tài trợ." in problems[4]
    assert "Ngày phê duyệt không được ở tương lai" in problems[4]


def test_aid_donor_column_must_be_mapped(services, tmp_path):
    path = workbook(tmp_path / "m.xlsx", [["Tên dự án", "Xã"], ["A", "Ea Tu"]])
    imp = ImportService(services.ctx)
    with pytest.raises(AppError, match="Chưa chọn cột cho: Nhà tài trợ"):
        imp.preview(path, "Dữ liệu", "aid_project", {"Tên dự án": "title", "Xã": "location"})


# --- bad input ---------------------------------------------------------------------------


def test_a_donor_merged_over_its_projects_is_explained_on_each_row(services, tmp_path):
    rows = [AID_HEADERS, ["Dự án A", "JICA", None, None, None, None], ["Dự án B", None, None, None, None, None],
            ["Dự án C", None, None, None, None, None]]
    path = workbook(tmp_path / "g.xlsx", rows, build=lambda sheet: sheet.merge_cells("B2:B4"))
    _imp, result = preview(services, path, "aid_project")
    assert [r.status for r in result.rows] == ["new", "invalid", "invalid"]
    assert any("vùng gộp ô B2:B4" in p and "ô B3" in p for p in result.rows[1].problems)


def _with_formulas(path: Path) -> Path:
    """F2 a formula Excel saved with its value, F3 one saved without (written by a program)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for cell, xml in (("F2", '<c r="F2"><f>1000*5000</f><v>5000000</v></c>'), ("F3", '<c r="F3"><f>F2*2</f></c>')):
        start = sheet.index(f'<c r="{cell}"')
        end = sheet.index("</c>", start) + 4
        sheet = sheet[:start] + xml + sheet[end:]
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def test_formulas_give_their_cached_value_or_a_clear_message(services, tmp_path):
    rows = [AID_HEADERS, ["Dự án A", "JICA", None, None, None, 1], ["Dự án B", "JICA", None, None, None, 1],
            [None] * 6, ["", " ", None, None, None, None], ["Dự án C", "JICA", None, None, None, None]]
    path = _with_formulas(workbook(tmp_path / "f.xlsx", rows))
    _imp, result = preview(services, path, "aid_project")
    assert [r.status for r in result.rows] == ["new", "invalid", "empty", "empty", "new"]
    assert result.rows[0].values["value_vnd"] == 5_000_000
    assert result.rows[1].problems == ["Cột «Giá trị (VND)», ô F3: công thức chưa có giá trị (hãy mở và lưu tệp "
                                       "bằng Excel)"]
    assert result.counts == {"new": 2, "duplicate": 0, "invalid": 1, "empty": 2}


@pytest.mark.parametrize("entity", ["foreign_ngo", "aid_project"])
def test_files_that_are_not_workbooks_are_refused_before_anything(services, tmp_path, entity):
    imp = ImportService(services.ctx)
    renamed = tmp_path / "danh-sach.xlsx"
    renamed.write_text("Tên tổ chức;Quốc gia\nOxfam;GB\n", encoding="utf-8")
    locked = tmp_path / "mat-khau.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"))
    for path, message in ((renamed, "không phải bảng tính Excel"), (locked, "đang được đặt mật khẩu")):
        with pytest.raises(AppError, match=message):
            imp.preview(path, "Dữ liệu", entity, {"Tên tổ chức": "name_original"} if entity == "foreign_ngo"
                        else {"a": "title", "b": "donor"})
    assert count(services, ForeignNgo) == count(services, AidProject) == 0


@pytest.mark.sqlite_only  # 20 s of spreadsheet reading that writes nothing: once is enough
def test_one_hundred_thousand_aid_rows_preview_in_bounded_time(services, tmp_path):
    ngo(services, "Save the Children", "GB", "Tổ chức Cứu trợ Trẻ em")
    path = tmp_path / "100k.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dự án")
    sheet.append(AID_HEADERS)
    for i in range(100_000):
        sheet.append([f"Dự án số {i}", "Save the Children" if i % 2 else "JICA", "Xã Ea Tu", f"{i}/QĐ-UBND",
                      f"{1 + i % 28:02d}/{1 + i % 12:02d}/2024", 1_000_000 + i])
    book.save(path)
    imp = ImportService(services.ctx)
    reports = []
    started = time.perf_counter()
    result = imp.preview(path, "Dự án", "aid_project", imp.guess_mapping("aid_project", AID_HEADERS),
                         progress=lambda done, total: reports.append((done, total)))
    seconds = time.perf_counter() - started
    print(f"\n100,000 aid rows: preview {seconds:.1f} s")
    assert result.counts["new"] == 100_000 and reports[-1] == (100_000, 100_000)
    assert len(reports) > 100  # the progress bar moved all along
    assert seconds < 120
    assert count(services, AidProject) == 0  # a preview writes nothing


def test_certificate_validity_follows_the_rule_settings(services, tmp_path):
    rows = [NGO_HEADERS, ["Oxfam", None, "GB", None, None, None, "Giấy đăng ký hoạt động", "7/GĐK", "01/01/2024",
                          "31/12/2027", None, None, None]]
    path = workbook(tmp_path / "v.xlsx", rows)
    _imp, result = preview(services, path, "foreign_ngo")
    assert result.rows[0].status == "invalid"
    assert "Cột «Ngày hết hạn», ô J2: Giấy đăng ký hoạt động có thời hạn tối đa 3 năm" in result.rows[0].problems[0]
    view = next(r for r in services.rules.list() if r.code == "R10")
    services.rules.update("R10", {**view.params, "max_years_activity_registration": 4}, view.source)
    _imp, result = preview(services, path, "foreign_ngo")
    assert result.rows[0].status == "new"
