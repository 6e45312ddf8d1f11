"""Quitting never loses unsaved edits behind the officer's back, and the mouse wheel scrolls forms.

Before: Ctrl+Q with an editor open and changed closed the main window, the editor then asked
"Đóng mà không lưu?", and even "Hủy" ended the program; the wheel over a drop-down changed its value
while the officer was only scrolling the form.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox

from desktop.app import build_main_window
from desktop.services.common import ListQuery
from desktop.ui.widgets import errors
from tests.ui.test_delegation_editor import fill_trip
from tests.ui.typing import type_text

LEFT = Qt.MouseButton.LeftButton


def _window(qtbot, services):
    window = build_main_window(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _editor(qtbot, window, title: str):
    page = window.show_page("outbound")
    editor = page.new_record()
    qtbot.addWidget(editor)
    type_text(editor.general.title, title)
    return editor


def _titles(services) -> list[str]:
    return sorted(r.title for r in services.delegations.page(ListQuery(limit=10)))


def test_quitting_asks_once_for_every_editor_with_changes_and_cancel_keeps_everything(
        qtbot, services, monkeypatch):
    window = _window(qtbot, services)
    first, second = _editor(qtbot, window, "Đoàn thứ nhất"), _editor(qtbot, window, "Đoàn thứ hai")
    asked: list[list[str]] = []
    monkeypatch.setattr(errors, "ask_unsaved", lambda _p, titles: asked.append(titles) or errors.CANCEL)
    monkeypatch.setattr(errors, "confirm", lambda *_a: (_ for _ in ()).throw(AssertionError("asked twice")))
    window.close()  # what Ctrl+Q and the window's close button do
    assert len(asked) == 1 and len(asked[0]) == 2  # once, naming both windows
    assert window.isVisible() and first.isVisible() and second.isVisible()
    assert first.general.title.text() == "Đoàn thứ nhất" and second.general.title.text() == "Đoàn thứ hai"
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.DISCARD)  # the test's end closes them


def test_ctrl_q_then_save_stores_every_editor_and_quits(qtbot, services, monkeypatch):
    window = _window(qtbot, services)
    editor = _editor(qtbot, window, "")
    fill_trip(qtbot, editor, "Đoàn lưu khi thoát", "02/03/2026", "08/03/2026")
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.SAVE)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    window.close()  # offscreen delivers the shortcut only to an active window: close as Ctrl+Q would
    assert not window.isVisible() and not editor.isVisible()
    assert _titles(services) == ["Đoàn lưu khi thoát"]


def test_save_that_fails_cancels_the_quit_and_shows_the_editor(qtbot, services, monkeypatch):
    window = _window(qtbot, services)
    editor = _editor(qtbot, window, "Đoàn thiếu ngày")
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.SAVE)
    window.close()
    assert window.isVisible() and editor.isVisible() and "Chưa lưu" in editor.banner.text()
    assert _titles(services) == []
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.DISCARD)


def test_quitting_without_saving_drops_the_edits_as_chosen(qtbot, services, monkeypatch):
    window = _window(qtbot, services)
    editor = _editor(qtbot, window, "Đoàn bỏ đi")
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.DISCARD)
    window.close()
    assert not window.isVisible() and not editor.isVisible() and _titles(services) == []


def test_the_end_of_the_os_session_asks_the_same_question(qtbot, services, monkeypatch):
    window = _window(qtbot, services)
    _editor(qtbot, window, "Đoàn lúc tắt máy")

    class Manager:
        cancelled = released = False

        def allowsInteraction(self):  # noqa: N802 - Qt's name
            return True

        def cancel(self):
            self.cancelled = True

        def release(self):
            self.released = True

    manager = Manager()
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.CANCEL)
    window.commit_session(manager)
    assert manager.cancelled and manager.released and window.isVisible()
    monkeypatch.setattr(errors, "ask_unsaved", lambda *_a: errors.DISCARD)


def test_the_wheel_scrolls_the_form_and_leaves_an_unfocused_drop_down_alone(qtbot, services):
    window = _window(qtbot, services)
    editor = _editor(qtbot, window, "Đoàn cuộn chuột")
    editor.resize(900, 420)  # short: the form scrolls
    combo = editor.general.funding if hasattr(editor.general, "funding") else editor.findChildren(QComboBox)[0]
    before = combo.currentIndex()
    window.setFocus()
    assert not combo.hasFocus()
    _wheel(combo)
    assert combo.currentIndex() == before  # scrolling past it changed nothing
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives it no focus either
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=2000) if QApplication.focusWidget() is not combo else None
    if combo.hasFocus():  # a field the officer chose still turns with the wheel
        _wheel(combo)
        assert combo.currentIndex() != before


def _wheel(widget, notches: int = -1) -> None:
    event = QWheelEvent(QPointF(5, 5), QPointF(widget.mapToGlobal(QPoint(5, 5))), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
