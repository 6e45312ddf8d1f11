"""GUI test fixtures: remembered window state goes to a temporary folder, modal boxes are answered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from desktop.ui.dashboard.loader import wait_for_background_work
from desktop.ui.widgets import errors


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path_factory):
    """QSettings("doingoai", "doingoai") writes under a per-test folder, never the user's config."""
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, folder)
    yield folder


@pytest.fixture(autouse=True)
def _unsaved_answered(monkeypatch):
    """A window closed with unsaved edits (a test's end closes every window) is answered "Không lưu"
    instead of waiting on a modal box; tests of the question patch `errors.ask_unsaved` themselves."""
    asked: list[list[str]] = []
    monkeypatch.setattr(errors, "ask_unsaved", lambda _parent, titles: asked.append(titles) or errors.DISCARD)
    return asked


@pytest.fixture
def shown_errors(monkeypatch):
    """Collect what `show_error` would have shown instead of opening a modal box."""
    shown: list = []
    monkeypatch.setattr(errors, "show_error", lambda parent, error: shown.append(error))
    return shown


@pytest.fixture
def answer(monkeypatch):
    """Answer `confirm` questions: `answer(True)` says "Đồng ý"; the questions asked are returned."""
    asked: list[str] = []

    def set_answer(value: bool) -> list[str]:
        def fake_confirm(parent, title, text):
            asked.append(text)
            return value

        monkeypatch.setattr(errors, "confirm", fake_confirm)
        return asked

    return set_answer


def activate(qtbot, window) -> None:
    """Make `window` the active one so its keyboard shortcuts fire (offscreen needs asking)."""
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)


def double_click(qtbot, widget, pos) -> None:
    """A real double click: press+release, then the double-click event (what Qt gets from the OS)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


@pytest.fixture
def bare_services(bare_services):
    """The shared fixture, but background service calls end before the database is closed."""
    yield bare_services
    wait_for_background_work()
