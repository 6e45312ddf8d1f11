"""Xuất Excel… as a user does it: pick a file, wait, find the rows in the workbook."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.ui.delegations.page import DelegationPage
from desktop.ui.persons.page import PersonsPage
from tests.services.builders import guest, inbound, officer, outbound
from tests.ui.conftest import activate
from tests.ui.typing import type_text


def _export(qtbot, monkeypatch, page, target):
    told = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    page.export_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    return told[0]


def test_the_outbound_list_exports_only_what_it_shows(qtbot, monkeypatch, services, tmp_path):
    services.delegations.save({**outbound(), "title": "Đoàn xúc tiến cà phê tại Hàn Quốc"}, [])
    services.delegations.save({**outbound(), "title": "Đoàn khảo sát hồ tiêu tại Ấn Độ"}, [])
    services.delegations.save(inbound(), [])
    page = DelegationPage(services, direction="outbound")
    qtbot.addWidget(page)
    page.show()
    type_text(page.search, "ca phe")
    message = _export(qtbot, monkeypatch, page, tmp_path / "doan-ra")
    saved = tmp_path / "doan-ra.xlsx"
    assert "1 dòng" in message and str(saved) in message
    rows = [[c.value for c in r] for r in load_workbook(saved).active.iter_rows()]
    assert len(rows) == 2 and "Đoàn xúc tiến cà phê tại Hàn Quốc" in rows[1]


def test_the_persons_list_exports_with_vietnamese_headers(qtbot, monkeypatch, services, tmp_path):
    services.persons.save({"full_name": "Y Thông Ktla", "position": "Chuyên viên"})
    page = PersonsPage(services)
    qtbot.addWidget(page)
    page.show()
    _export(qtbot, monkeypatch, page, tmp_path / "can-bo.xlsx")
    header = [c.value for c in next(load_workbook(tmp_path / "can-bo.xlsx").active.iter_rows())]
    assert header[:3] == ["Đơn vị", "Họ và tên", "Giới tính"]


def test_the_lists_offer_import_from_excel(qtbot, services):
    from desktop.ui.dialogs.import_wizard import ImportWizard

    for page in (PersonsPage(services), DelegationPage(services, direction="inbound")):
        qtbot.addWidget(page)
        page.show()
        page.import_action.trigger()
        wizard = page.findChild(ImportWizard)
        assert wizard is not None and wizard.isVisible()
        wizard.reject()


# --- every list: the rows as shown (filter, search, sort, all pages), Vietnamese sheets, members ---------------

def _book(path):
    book = load_workbook(path)
    return book, {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _field(services, entity, rows, field):
    """The column of `field` (found by the register's own Vietnamese header) in a sheet's body."""
    label = next(c.label for c in services.spreadsheets.columns(entity) if c.field == field)
    return [r[rows[0].index(label)] for r in rows[1:]]


def _sort_by(qtbot, view, column, order):
    """Click a column's header, as the officer does, until the list is sorted that way."""
    header = view.horizontalHeader()
    for _attempt in range(2):
        if header.sortIndicatorSection() == column and header.sortIndicatorOrder() == order:
            return
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, order)


def _shown(page, key="title"):
    model = page.model
    return [getattr(model.row_at(i), key) for i in range(model.rowCount())]


def _shown_page(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1400, 700)
    activate(qtbot, page)
    return page


def test_conferences_export_the_year_chosen_in_the_order_clicked_with_ctrl_e(qtbot, monkeypatch, services,
                                                                             tmp_path):
    from desktop.ui.conferences.page import ConferencesPage

    base = {"end_date": None, "mode": "offline", "status": "draft"}
    for title, day in (("Hội thảo cà phê", date(2026, 6, 10)), ("Diễn đàn hồ tiêu", date(2026, 9, 1)),
                       ("Hội nghị đầu tư", date(2026, 7, 5)), ("Hội thảo năm trước", date(2025, 6, 10))):
        services.conferences.save({**base, "title": title, "start_date": day, "end_date": day})
    page = _shown_page(qtbot, ConferencesPage(services))
    page.year_filter.setCurrentIndex(page.year_filter.findData(2026))
    _sort_by(qtbot, page.view, 0, Qt.SortOrder.AscendingOrder)
    assert _shown(page) == ["Diễn đàn hồ tiêu", "Hội nghị đầu tư", "Hội thảo cà phê"]
    target = tmp_path / "hoi-nghi.xlsx"
    told = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    qtbot.keyClick(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    book, sheets = _book(target)
    assert book.sheetnames == ["Hội nghị, hội thảo"] and "3 dòng" in told[0]
    rows = sheets["Hội nghị, hội thảo"]
    assert _field(services, "conference", rows, "title") == _shown(page)
    assert _field(services, "conference", rows, "start_date") == [datetime(2026, 9, 1), datetime(2026, 7, 5),
                                                                   datetime(2026, 6, 10)]


def test_promotions_export_one_kind_sorted_by_the_header_clicked(qtbot, monkeypatch, services, tmp_path):
    from desktop.ui.promotions.page import PromotionsPage

    for kind, title in (("trade", "Hội chợ cà phê Seoul"), ("tourism", "Quảng bá du lịch Tây Nguyên"),
                        ("trade", "Triển lãm hồ tiêu Dubai"), ("trade", "Ấn phẩm sầu riêng")):
        services.promotions.save({"kind": kind, "title": title, "start_date": date(2025, 11, 3)})
    page = _shown_page(qtbot, PromotionsPage(services))
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("trade"))
    _sort_by(qtbot, page.view, 0, Qt.SortOrder.DescendingOrder)
    assert _shown(page) == ["Triển lãm hồ tiêu Dubai", "Hội chợ cà phê Seoul", "Ấn phẩm sầu riêng"]
    _export(qtbot, monkeypatch, page, tmp_path / "xuc-tien.xlsx")
    book, sheets = _book(tmp_path / "xuc-tien.xlsx")
    assert book.sheetnames == ["Xúc tiến"]
    assert _field(services, "promotion_activity", sheets["Xúc tiến"], "title") == _shown(page)


def test_ngos_export_every_matching_row_not_only_the_page_loaded(qtbot, monkeypatch, services, tmp_path):
    from desktop.ui.ngos.page import NgosPage

    for n in range(1, 131):
        services.ngos.save({"name_original": f"Helping Hands {n:03d}", "country": "US"})
    services.ngos.save({"name_original": "Ford Foundation", "country": "US"})
    page = _shown_page(qtbot, NgosPage(services))
    type_text(page.search, "helping")
    page.search.flush()
    _sort_by(qtbot, page.table, 0, Qt.SortOrder.DescendingOrder)
    assert page.model.total == 130 and page.model.rowCount() == 100  # the rest is fetched on scrolling
    _export(qtbot, monkeypatch, page, tmp_path / "pcp.xlsx")
    book, sheets = _book(tmp_path / "pcp.xlsx")
    assert book.sheetnames == ["Tổ chức PCP nước ngoài"]
    names = _field(services, "foreign_ngo", sheets["Tổ chức PCP nước ngoài"], "name_original")
    assert names == [f"Helping Hands {n:03d}" for n in range(130, 0, -1)]


def test_delegations_export_the_list_shown_and_a_sheet_of_their_members(qtbot, monkeypatch, services,
                                                                         tmp_path):
    from desktop.ui.delegations.page import DelegationPage

    hen = officer(services, "H'Hen Niê", birth_date=date(1978, 2, 3))
    hung = officer(services, "Nguyễn Văn Hùng", passport_number="C1234567")
    binh = officer(services, "Trần Văn Bình")
    services.delegations.save(outbound(title="Đoàn khảo sát sầu riêng tại Thái Lan"),
                              [{"person_id": hung, "role": "member"}, {"person_id": hen, "role": "head"}])
    services.delegations.save(outbound(title="Đoàn xúc tiến cà phê tại Hàn Quốc", decision_number="12/QĐ-UBND"),
                              [{"person_id": binh, "role": "head"}])
    services.delegations.save(outbound(title="Đoàn năm trước", start_date=date(2025, 5, 1),
                                       end_date=date(2025, 5, 3)), [{"person_id": binh, "role": "head"}])
    page = _shown_page(qtbot, DelegationPage(services, direction="outbound"))
    page.year_filter.setCurrentIndex(page.year_filter.findData(2026))
    _sort_by(qtbot, page.view, 0, Qt.SortOrder.DescendingOrder)
    assert _shown(page) == ["Đoàn xúc tiến cà phê tại Hàn Quốc", "Đoàn khảo sát sầu riêng tại Thái Lan"]
    _export(qtbot, monkeypatch, page, tmp_path / "doan-ra.xlsx")
    book, sheets = _book(tmp_path / "doan-ra.xlsx")
    assert book.sheetnames == ["Đoàn ra", "Thành viên"]
    rows = sheets["Đoàn ra"]
    assert _field(services, "delegation", rows, "title") == _shown(page)
    assert _field(services, "delegation", rows, "start_date") == [datetime(2026, 6, 15)] * 2
    assert _field(services, "delegation", rows, "cost_estimate_vnd") == [1_250_000_000] * 2
    header, *members = sheets["Thành viên"]
    assert header == ["Tên đoàn", "Số quyết định", "STT", "Họ và tên", "Vai trò", "Chức vụ, chức danh",
                      "Đơn vị, cơ quan", "Quốc tịch", "Ngày sinh", "Số hộ chiếu", "Hộ chiếu hết hạn"]
    assert [m[:5] for m in members] == [
        ["Đoàn xúc tiến cà phê tại Hàn Quốc", "12/QĐ-UBND", 1, "Trần Văn Bình", "Trưởng đoàn"],
        ["Đoàn khảo sát sầu riêng tại Thái Lan", None, 1, "H'Hen Niê", "Trưởng đoàn"],
        ["Đoàn khảo sát sầu riêng tại Thái Lan", None, 2, "Nguyễn Văn Hùng", "Thành viên"],
    ]  # the 2025 trip, filtered out of the list, is not in the members sheet either
    assert members[1][5:] == ["Phó Chủ tịch UBND", "Thành phố Buôn Ma Thuột", None, datetime(1978, 2, 3),
                              "C7654321", datetime(2031, 1, 1)]
    assert book["Thành viên"].cell(row=3, column=11).number_format == "DD/MM/YYYY"


def test_inbound_members_are_the_foreign_guests(qtbot, monkeypatch, services, tmp_path):
    from desktop.ui.delegations.page import DelegationPage

    services.delegations.save(inbound(), [guest("Kim Min-jun"), guest("Lee Ji-eun", role="head")])
    page = _shown_page(qtbot, DelegationPage(services, direction="inbound"))
    _export(qtbot, monkeypatch, page, tmp_path / "doan-vao.xlsx")
    book, sheets = _book(tmp_path / "doan-vao.xlsx")
    assert book.sheetnames == ["Đoàn vào", "Thành viên"]
    assert [m[3:10] for m in sheets["Thành viên"][1:]] == [
        ["Lee Ji-eun", "Trưởng đoàn", "Nghệ sĩ", "Đoàn nghệ thuật Andong", "Hàn Quốc", None, "M12345678"],
        ["Kim Min-jun", "Thành viên", "Nghệ sĩ", "Đoàn nghệ thuật Andong", "Hàn Quốc", None, "M12345678"],
    ]


def test_ctrl_e_exports_on_every_list_of_the_main_window(qtbot, monkeypatch, services):
    from desktop.ui.main_window import MainWindow

    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _t, start, _f: asked.append(start) or ("", ""))
    window = MainWindow(services)
    qtbot.addWidget(window)
    activate(qtbot, window)
    with_export = {}
    for spec in window.specs:
        page = window.show_page(spec.key)
        if getattr(page, "export_action", None) is None:
            continue
        before = len(asked)
        qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        assert len(asked) == before + 1, f"Ctrl+E did nothing on {spec.key}"
        with_export[spec.key] = Path(asked[-1]).name
    assert with_export == {
        "outbound": "doan-ra.xlsx", "inbound": "doan-vao.xlsx", "conferences": "hoi-nghi-hoi-thao.xlsx",
        "promotions": "xuc-tien.xlsx", "overseas": "nguoi-vn-o-nuoc-ngoai.xlsx",
        "ngos": "to-chuc-pcp-nuoc-ngoai.xlsx", "aid": "vien-tro-pcp.xlsx", "persons": "can-bo.xlsx",
        "documents": "van-ban-di.xlsx"}


@pytest.mark.parametrize("where", ["os.replace", "tempfile.mkstemp"], ids=["open-in-excel", "read-only-folder"])
def test_a_file_that_cannot_be_written_is_explained_in_vietnamese(qtbot, monkeypatch, services, tmp_path,
                                                                  shown_errors, where):
    from desktop.services import spreadsheets
    from desktop.ui.conferences.page import ConferencesPage

    services.conferences.save({"title": "Hội thảo cà phê", "start_date": date(2026, 6, 10),
                               "end_date": date(2026, 6, 10), "mode": "offline", "status": "draft"})
    module, name = where.split(".")

    def refused(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(getattr(spreadsheets, module), name, refused)
    page = _shown_page(qtbot, ConferencesPage(services))
    usb = tmp_path / "usb"
    usb.mkdir()
    target = usb / "hoi-nghi.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_action.trigger()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=10000)
    message = str(shown_errors[0])
    assert "Không ghi được tệp «hoi-nghi.xlsx»" in message and "đang mở trong chương trình khác" in message
    assert "Hãy đóng tệp rồi xuất lại, hoặc chọn thư mục khác." in message
    assert list(usb.iterdir()) == [] and page.isVisible()  # nothing half-written, and no crash
