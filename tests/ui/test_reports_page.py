"""Báo cáo: the officer picks a year, reads a figure, opens the records it counts, saves the files."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app import build_main_window
from desktop.ui.reports.monitoring import COLUMNS
from desktop.ui.reports.page import FigureRecords
from tests.services.builders import officer, outbound
from tests.ui.conftest import activate
from tests.ui.typing import type_text


def _page(qtbot, services):
    window = build_main_window(services)
    qtbot.addWidget(window)
    activate(qtbot, window)
    page = window.show_page("reports")
    qtbot.waitUntil(lambda: not page.busy(), timeout=20000)
    return window, page


def _trips(services):
    an = officer(services, "Nguyễn Văn An")
    ids = [services.delegations.save(outbound(title=f"Đoàn {n}", start_date=date(2025, month, 3),
                                              end_date=date(2025, month, 6)), [{"role": "head", "person_id": an}]).id
           for n, month in (("Hàn Quốc tháng Ba", 3), ("Hàn Quốc tháng Tám", 8))]
    services.delegations.save(outbound(title="Đoàn năm nay", start_date=date(2026, 5, 3),
                                       end_date=date(2026, 5, 6)), [])
    return ids


def test_a_figure_opens_the_records_it_counts_and_a_record_its_editor(qtbot, services):
    ids = _trips(services)
    window, page = _page(qtbot, services)
    assert page.year.value() == 2026 and page.figure_item("outbound.count").text(1) == "1"
    page.year.setFocus()
    qtbot.keyClick(page.year, Qt.Key.Key_Down)  # 2025: the count follows
    qtbot.waitUntil(lambda: page.report is not None and page.report.year == 2025 and not page.busy(), timeout=20000)
    item = page.figure_item("outbound.count")
    assert item.text(1) == "2"
    page.tree.setFocus()
    page.tree.setCurrentItem(item)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    dialog = page.findChild(FigureRecords)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Số đoàn ra"
    assert sorted(line.id for line in dialog.lines) == sorted(ids)
    assert {dialog.table.item(r, 1).text() for r in range(2)} == {"Đoàn Hàn Quốc tháng Ba", "Đoàn Hàn Quốc tháng Tám"}
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    outbound_page = window.page("outbound")
    qtbot.waitUntil(lambda: any(e.isVisible() for e in outbound_page.editors()), timeout=5000)
    assert window.current_key() == "outbound"


def test_the_preview_shows_the_report_and_the_files_are_saved(qtbot, services, tmp_path):
    _trips(services)
    _window, page = _page(qtbot, services)
    page.year.setValue(2025)
    qtbot.waitUntil(lambda: page.report is not None and page.report.year == 2025 and not page.busy(), timeout=20000)
    assert page.viewer.page_count() >= 1 and page.save_buttons["pdf"].isEnabled()
    page.save_to("xlsx", tmp_path / "phu luc")  # the extension is added
    qtbot.waitUntil(lambda: not page.busy(), timeout=20000)
    assert "Đã lưu" in page.status.text()
    book = load_workbook(tmp_path / "phu luc.xlsx")
    figures = {row[0]: row[2] for row in book["Số liệu"].iter_rows(min_row=2, values_only=True)}
    assert figures["outbound.count"] == 2


def test_stop_drops_the_count_in_progress(qtbot, services, shown_errors):
    from PySide6.QtCore import QThreadPool

    _trips(services)
    _window, page = _page(qtbot, services)
    shown = page.report
    page.year.setValue(2025)
    page.build_report()
    assert page.progress.isVisible()
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    assert not page.busy() and "Đã dừng" in page.status.text()
    QThreadPool.globalInstance().waitForDone(10000)  # the count ends at the next register it reads
    qtbot.wait(300)
    QApplication.processEvents()
    assert page.report is shown  # the dropped answer never replaced what was on screen
    assert shown_errors == [] and not page.progress.isVisible()  # a stop is not an error


def test_typed_sections_are_kept_without_a_save_button_and_printed(qtbot, services):
    _trips(services)
    window, page = _page(qtbot, services)
    page.tabs.setCurrentIndex(2)
    box = page.text_edits["directions"]
    box.setFocus()
    type_text(box, "Ban hành kế hoạch năm 2027 trước ngày 15/12.")
    qtbot.waitUntil(lambda: services.reports.texts(2026).directions == "Ban hành kế hoạch năm 2027 trước ngày 15/12.",
                    timeout=5000)
    qtbot.waitUntil(lambda: not page.busy(), timeout=20000)
    assert "Đã lưu phần viết" in page.status.text()
    type_text(page.text_edits["recommendations"], "Đề nghị mở lớp")
    window.show_page("outbound")  # leaving the page at once keeps it too
    assert services.reports.texts(2026).recommendations == "Đề nghị mở lớp"
    window.show_page("reports")
    page.year.setValue(2025)
    qtbot.waitUntil(lambda: page.report is not None and page.report.year == 2025 and not page.busy(), timeout=20000)
    assert page.text_edits["directions"].toPlainText() == ""  # 2025 has its own
    page.year.setValue(2026)
    qtbot.waitUntil(lambda: page.report.year == 2026 and not page.busy(), timeout=20000)
    assert page.text_edits["recommendations"].toPlainText() == "Đề nghị mở lớp"


def test_the_province_scorecard_lists_the_worst_unit_first_and_opens_its_records(qtbot, services):
    from desktop.models import Delegation
    from desktop.sync.state import PROVINCE_MODE
    from tests.services.test_reports import _move

    ids = _trips(services)
    _move(services, Delegation, ids[0], "DL-CMG")
    services.device.put_setting(PROVINCE_MODE, "1")
    window = build_main_window(services)
    qtbot.addWidget(window)
    activate(qtbot, window)
    assert "monitoring" in [s.key for s in window.specs]
    page = window.show_page("monitoring")
    page.year.setValue(2025)
    qtbot.waitUntil(lambda: not page.busy() and page.rows and page._year == 2025, timeout=20000)
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert {"Thành phố Buôn Ma Thuột", "Huyện Cư M'gar"} <= set(names)
    row = names.index("Huyện Cư M'gar")
    assert page.table.item(row, 1).text() == "Chưa ban hành"
    headers = [h for h, _code in COLUMNS]
    assert page.table.item(row, headers.index("Việc quá hạn (R14)")).text() == "0"
    received = page.table.item(row, headers.index("Dữ liệu đã nhận"))
    assert received.text() == "chưa nhận" and received.foreground().color().name() == "#c62828"
    page.table.setFocus()
    page.table.setCurrentCell(row, 1)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # the plan cell of a unit without a plan: an empty list
    dialog = page.findChild(FigureRecords)
    assert dialog is not None and dialog.lines == []
    dialog.close()


def test_signing_the_report_gives_it_a_number_that_the_preview_prints(qtbot, services):
    _trips(services)
    window, page = _page(qtbot, services)
    assert page.number_label.text() == "Chưa ký, chưa có số" and page.sign_button.isEnabled()
    dialog = page.sign()
    dialog.signer.setText("Trần Văn Bình")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not page.busy() and page.document is not None, timeout=20000)
    symbol = services.reports.registered(2026).symbol
    assert page.number_label.text() == f"Số {symbol}, ký ngày 20/01/2026" and not page.sign_button.isEnabled()
    assert [d.symbol for d in services.documents.page()] == [symbol]  # in the outgoing-document register
