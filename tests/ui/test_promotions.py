"""Xúc tiến, driven as a user: create an activity, add a late follow-up, see R14, close it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.services.common import ListQuery
from desktop.ui.promotions.follow_ups import DoneDialog, FollowUpDialog
from desktop.ui.promotions.page import PromotionsPage
from tests.ui.typing import type_text

LEFT = Qt.MouseButton.LeftButton


def open_page(qtbot, services) -> PromotionsPage:
    page = PromotionsPage(services)
    qtbot.addWidget(page)
    page.show()
    return page


def test_activity_follow_up_overdue_then_done(qtbot, services, shown_errors):
    page = open_page(qtbot, services)
    editor = page.new_record()
    type_text(editor.info.title, "Giới thiệu cà phê OCOP tại Hội chợ Seoul")
    type_text(editor.info.start_date, "03/11/2025")
    type_text(editor.info.end_date, "06/11/2025")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert shown_errors == []
    [row] = services.promotions.page(ListQuery(search="ca phe seoul"))
    assert row.title == "Giới thiệu cà phê OCOP tại Hội chợ Seoul" and row.start_date == date(2025, 11, 3)
    assert "Không có cảnh báo" in editor.findings.text()

    editor.tabs.setCurrentIndex(2)
    qtbot.mouseClick(editor.follow_ups.add_button, LEFT)
    dialog = editor.follow_ups.open_dialog
    assert isinstance(dialog, FollowUpDialog)
    type_text(dialog.fields["action"], "Gửi mẫu cà phê cho nhà nhập khẩu Hàn Quốc")
    type_text(dialog.fields["owner"], "Chị Hoa")
    type_text(dialog.fields["due_date"], "10/01/2026")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "Quá hạn" in editor.findings.text() and "Gửi mẫu cà phê" in editor.findings.text()
    assert editor.follow_ups.table.rowCount() == 1
    assert page.model.row_at(0).overdue_follow_ups == 1  # the list followed the change

    editor.follow_ups.table.selectRow(0)
    qtbot.mouseClick(editor.follow_ups.done_button, LEFT)
    done = editor.follow_ups.open_dialog
    assert isinstance(done, DoneDialog)
    qtbot.mouseClick(done.ok_button, LEFT)  # no result yet: refused beside the field
    assert done.form.error("result") and done.isVisible()
    type_text(done.fields["result"], "Đã gửi 2 kg mẫu")
    qtbot.mouseClick(done.ok_button, LEFT)
    assert "Không có cảnh báo" in editor.findings.text()
    assert services.promotions.all_findings() == []
    assert shown_errors == []


def test_editor_refuses_end_before_start_and_keeps_what_was_typed(qtbot, services, shown_errors):
    page = open_page(qtbot, services)
    editor = page.new_record()
    type_text(editor.info.title, "Hội nghị xúc tiến đầu tư")
    type_text(editor.info.start_date, "10/03/2026")
    type_text(editor.info.end_date, "09/03/2026")
    assert editor.save() is False
    assert "trước ngày bắt đầu" in editor.info.slots["end_date"].problem.text()
    assert editor.info.title.text() == "Hội nghị xúc tiến đầu tư"
    assert services.promotions.count() == 0


def test_list_search_filter_open_and_delete_with_undo(qtbot, services, answer):
    answer(True)
    services.promotions.save({"kind": "trade", "title": "Hội chợ cà phê Seoul", "start_date": date(2025, 11, 3)})
    services.promotions.save({"kind": "tourism", "title": "Quảng bá du lịch Tây Nguyên",
                              "start_date": date(2024, 5, 1)})
    page = open_page(qtbot, services)
    assert page.model.rowCount() == 2
    page.search.setText("du lich")
    page.search.flush()
    assert [r.title for r in page.model.loaded_rows()] == ["Quảng bá du lịch Tây Nguyên"]
    page.search.setText("")
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("trade"))
    assert [r.title for r in page.model.loaded_rows()] == ["Hội chợ cà phê Seoul"]
    page.view.selectRow(0)
    editor = page.open_record("promotion_activity", page.current_row().id)
    assert editor.info.title.text() == "Hội chợ cà phê Seoul"
    page.delete_current()
    assert page.model.rowCount() == 0 and services.promotions.count() == 1
    page.undo_delete()
    assert services.promotions.count() == 2 and page.model.rowCount() == 1
