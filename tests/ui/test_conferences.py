"""Hội nghị, hội thảo driven as a user drives it: type, tick, click Lưu; the R3 finding appears live."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.domain.validation import format_date
from desktop.ui.conferences.editor import ConferenceEditor
from desktop.ui.conferences.page import ConferencesPage
from desktop.ui.widgets import errors
from tests.conftest import TODAY
from tests.ui.typing import type_text

LEFT = Qt.MouseButton.LeftButton
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, error: shown.append(str(error)))
    monkeypatch.setattr(errors, "confirm", lambda *_a: True)
    return shown


def tick(qtbot, editor: ConferenceEditor, box) -> None:
    """Tab to a checkbox and press Space, as a keyboard user does (the form is taller than the screen)."""
    editor.scroll.ensureWidgetVisible(box)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def open_editor(qtbot, services) -> ConferenceEditor:
    editor = ConferenceEditor(services)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_user_creates_a_conference_and_sees_r3_live(qtbot, services):
    editor = open_editor(qtbot, services)
    fields = editor.fields
    type_text(fields.title, "Hội thảo quốc tế về cà phê Đắk Lắk")
    start = TODAY + 35 * DAY
    type_text(fields.start_date, format_date(start))
    type_text(fields.end_date, format_date(start + DAY))
    type_text(fields.place, "Khách sạn Sài Gòn – Ban Mê")
    type_text(fields.participants, "25")
    type_text(fields.countries.search, "han")
    qtbot.keyClick(fields.countries.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "còn 5 ngày" in editor.findings.text())
    assert editor.level_label.text() == "Chủ tịch UBND tỉnh cho phép"

    tick(qtbot, editor, fields.topics.boxes["religion"])
    qtbot.waitUntil(lambda: editor.level_label.text() == "Cần Thủ tướng Chính phủ cho phép")
    qtbot.waitUntil(lambda: "đã quá hạn" in editor.findings.text())  # 40 days now: the deadline has passed
    assert "R3" in editor.findings.text()

    qtbot.mouseClick(editor.save_button, LEFT)
    stored = services.conferences.page()
    assert [(r.title, r.pm_approval, r.foreign_participants, r.countries) for r in stored] == [
        ("Hội thảo quốc tế về cà phê Đắk Lắk", True, 25, ["KR"])]
    assert services.conferences.get(stored[0].id).data["sensitive_topics"] == ["religion"]


def test_ministerial_guests_checkbox_switches_the_level(qtbot, services):
    editor = open_editor(qtbot, services)
    tick(qtbot, editor, editor.fields.ministerial)
    qtbot.waitUntil(lambda: editor.level_label.text() == "Cần Thủ tướng Chính phủ cho phép")


def test_wrong_input_is_explained_and_kept(qtbot, services):
    editor = open_editor(qtbot, services)
    fields = editor.fields
    type_text(fields.title, "Hội nghị")
    type_text(fields.start_date, "10/06/2026")
    type_text(fields.end_date, "09/06/2026")
    type_text(fields.participants, "-4")
    assert editor.save() is False
    assert "Ngày kết thúc không được trước ngày bắt đầu." in editor.banner.text()
    assert "không âm" in fields.slots["foreign_participants"].problem.text()
    assert fields.title.text() == "Hội nghị" and services.conferences.count() == 0


def test_page_lists_searches_opens_deletes_and_undoes(qtbot, services):
    base = {"start_date": date(2026, 6, 10), "end_date": date(2026, 6, 11), "mode": "offline", "status": "draft"}
    services.conferences.save({**base, "title": "Hội thảo cà phê", "place": "Buôn Ma Thuột"})
    services.conferences.save({**base, "title": "Hội nghị xúc tiến đầu tư", "ministerial_guests": True})
    page = ConferencesPage(services)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 2 and page.count_label.text() == "2 hội nghị, hội thảo"
    headers = [page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(page.model.columnCount())]
    assert headers == ["Tên", "Thời gian", "Địa điểm", "Hình thức", "Đại biểu nước ngoài", "Cấp cho phép",
                       "Trạng thái", "Hạn nộp"]
    type_text(page.search, "hoi thao")
    page.search.flush()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    row = page.model.row_at(0)
    assert row.title == "Hội thảo cà phê"
    page.view.selectRow(0)
    editor = page.open_record("conference", row.id)
    assert editor.fields.title.text() == "Hội thảo cà phê"
    editor.reject()
    page.delete_current()
    assert page.model.rowCount() == 0 and services.conferences.count() == 1
    page.undo_delete()
    assert page.model.rowCount() == 1 and services.conferences.count() == 2


def test_print_button_opens_the_plan_preview(qtbot, services):
    saved = services.conferences.save({"title": "Hội thảo cồng chiêng", "start_date": date(2026, 6, 10),
                                       "end_date": date(2026, 6, 11), "mode": "offline", "status": "draft"})
    editor = ConferenceEditor(services, saved.id)
    qtbot.addWidget(editor)
    menu = editor.offer_forms()
    assert [a.data() for a in menu.actions()] == ["conference-plan"]
    dialog = editor.preview("conference-plan")
    qtbot.waitUntil(lambda: not dialog.is_busy())
    assert "Chưa nhập địa điểm tổ chức" in dialog.missing_label.text()  # nothing printed, the gaps listed
    dialog.reject()
