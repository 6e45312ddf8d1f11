"""Long text as officers paste it: a field takes no more than its column holds, a too-long note is refused
beside its field and kept, and no line or question quoting a long title widens a window past the screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.models import Delegation
from desktop.models.base import max_length
from desktop.ui.delegations.editor import DelegationEditor
from desktop.ui.main_window import MainWindow
from desktop.ui.widgets import errors
from tests.ui.typing import type_text

LEFT = Qt.MouseButton.LeftButton
TITLE_230 = ("Đoàn công tác của Ủy ban nhân dân tỉnh Đắk Lắk đi nghiên cứu, học tập kinh nghiệm về phát triển "
             "nông nghiệp công nghệ cao, chế biến sâu cà phê và ca cao, xúc tiến thương mại, du lịch tại "
             "Cộng hòa Liên bang Đức và Vương quốc Hà Lan")


def paste(qtbot, widget, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_a_pasted_title_is_cut_to_what_the_register_holds(qtbot, services, shown_errors):
    editor = DelegationEditor(services, "outbound")
    qtbot.addWidget(editor)
    editor.show()
    limit = max_length(Delegation, "title")
    assert editor.general.title.maxLength() == limit == 500
    paste(qtbot, editor.general.title, "Đoàn " + "rất dài " * 700)
    assert len(editor.general.title.text()) == limit
    editor.general.countries.set_codes(["KR"])
    type_text(editor.general.start_date, "02/03/2026")
    type_text(editor.general.end_date, "06/03/2026")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert shown_errors == []
    assert len(services.delegations.get(editor.delegation_id).data["title"]) == limit


def test_a_too_long_purpose_is_refused_beside_its_field_and_kept(qtbot, services, shown_errors):
    editor = DelegationEditor(services, "outbound")
    qtbot.addWidget(editor)
    editor.show()
    type_text(editor.general.title, "Đoàn xúc tiến cà phê")
    editor.general.countries.set_codes(["KR"])
    type_text(editor.general.start_date, "02/03/2026")
    type_text(editor.general.end_date, "06/03/2026")
    long_purpose = "Tìm hiểu thị trường. " * 250  # 5,250 characters; the field holds 4,000
    editor.general.purpose.setPlainText(long_purpose)
    qtbot.mouseClick(editor.save_button, LEFT)

    assert editor.delegation_id is None and services.delegations.count() == 0
    slot = editor.general.slots["purpose"]
    assert not slot.problem.isHidden() and "tối đa 4000 ký tự" in slot.problem.text()
    assert editor.general.purpose.toPlainText() == long_purpose


def test_deleting_a_long_title_keeps_the_window_and_the_question_on_the_screen(qtbot, services):
    services.delegations.save({"direction": "outbound", "kind": "working_trip", "title": TITLE_230,
                               "countries": ["DE", "NL"], "start_date": date(2026, 5, 4),
                               "end_date": date(2026, 5, 12), "status": "draft"}, [])
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    page = window.show_page("outbound")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.view.selectRow(0)

    seen: list[tuple[int, int, bool]] = []

    def answer_the_question() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.width(), box.height(), TITLE_230[:40] in box.text().replace("\n", " ")))
        next(b for b in box.buttons() if b.text() == "Đồng ý").click()

    QTimer.singleShot(100, answer_the_question)
    qtbot.mouseClick(page.toolbar.widgetForAction(page.delete_action), LEFT)
    qtbot.waitUntil(lambda: bool(seen))
    width, height, quoted = seen[0]
    assert quoted and width <= screen.width() and height <= screen.height()

    qtbot.waitUntil(lambda: not page.undo_button.isHidden())
    assert services.delegations.count() == 0
    assert TITLE_230 in (page.undo_label.toolTip() or page.undo_label.text())  # whole in the tooltip
    qtbot.wait(50)
    shown = getattr(page.undo_label, "shown_text", page.undo_label.text)()
    assert "…" in shown and page.undo_label.fontMetrics().horizontalAdvance(shown) <= page.undo_label.width()
    assert window.width() <= screen.width() and window.minimumSizeHint().width() <= screen.width()
    assert page.undo_label.width() <= window.width()


def test_a_message_box_wraps_a_word_longer_than_the_screen():
    text = errors.readable("Không đọc được tệp " + "x" * 600)
    assert max(len(line) for line in text.split("\n")) <= errors.MESSAGE_WIDTH
    assert text.replace("\n", "").endswith("x" * 10)
