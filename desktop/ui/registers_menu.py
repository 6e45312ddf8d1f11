"""Tệp › Mở sổ khác… / Tạo sổ mới… and the recently opened registers (province staff and trainers switch
registers). Another register opens in a new start of the program — its own login, migrations and checks —
once this one has closed (the usual question about unsaved edits first), so nothing of the two mixes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from desktop.i18n import _

RECENT_KEY = "registers/recent"
RECENT_MAX = 6
SUFFIX = ".sqlite3"


def recent(settings: QSettings) -> list[str]:
    """The registers opened lately, newest first (those still on the disk)."""
    value = settings.value(RECENT_KEY, []) or []
    items = [value] if isinstance(value, str) else list(value)
    return [p for p in items if p and Path(p).exists()][:RECENT_MAX]


def remember(settings: QSettings, path: str) -> None:
    """Put `path` first in the recent list."""
    path = str(Path(path).resolve())
    items = [path] + [p for p in recent(settings) if p != path]
    settings.setValue(RECENT_KEY, items[:RECENT_MAX])


def command_for(path: str) -> tuple[str, list[str]]:
    """The program and arguments that start Sổ Đối ngoại on `path` (the frozen build, or Python)."""
    if getattr(sys, "frozen", False):
        return sys.executable, ["--db", path]
    return sys.executable, ["-m", "desktop", "--db", path]


class RegistersMenu:
    """The file menu's register entries for `window` (a MainWindow: `close()`, its settings, its register)."""

    def __init__(self, window: QWidget, menu: QMenu, current: str | None, settings: QSettings):
        self.window = window
        self.settings = settings
        self.current = current
        if current:
            remember(settings, current)
        self.open_action = QAction(_("Mở sổ khác…"), window)
        self.open_action.triggered.connect(self.open_other)
        self.new_action = QAction(_("Tạo sổ mới…"), window)
        self.new_action.triggered.connect(self.create_new)
        self.recent_menu = QMenu(_("Sổ mở gần đây"), window)
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        for action in (self.open_action, self.new_action):
            menu.addAction(action)
        menu.addMenu(self.recent_menu)
        self.fill_recent()
        self.starter = QProcess.startDetached  # what starts the program again (tests replace it)

    def fill_recent(self) -> None:
        """The recent list, this register excepted."""
        self.recent_menu.clear()
        others = [p for p in recent(self.settings) if p != self.current]
        for path in others:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, path=path: self.switch_to(path))
        self.recent_menu.setEnabled(bool(others))

    def open_other(self) -> None:
        """Mở sổ khác…: an existing register file."""
        path, _chosen = QFileDialog.getOpenFileName(self.window, _("Mở sổ khác"), self._folder(),
                                                    _("Sổ Đối ngoại (*.sqlite3);;Mọi tệp (*)"))
        if path:
            self.switch_to(path)

    def create_new(self) -> None:
        """Tạo sổ mới…: a new register file (the first run then asks its unit and its administrator)."""
        path, _chosen = QFileDialog.getSaveFileName(self.window, _("Tạo sổ mới"), self._folder(),
                                                    _("Sổ Đối ngoại (*.sqlite3)"))
        if not path:
            return
        if not path.endswith(SUFFIX):
            path += SUFFIX
        self.switch_to(path)  # an existing file chosen here is opened as it is, never overwritten

    def switch_to(self, path: str) -> bool:
        """Close this register (asking about unsaved edits) and start the program on `path`."""
        if self.current and Path(path).resolve() == Path(self.current).resolve():
            return False
        remember(self.settings, path)
        self.settings.sync()
        if not self.window.close():  # Hủy at the unsaved-edits question: stay here
            return False
        program, args = command_for(str(Path(path).resolve()))
        self.starter(program, args)
        return True

    def _folder(self) -> str:
        return str(Path(self.current).parent) if self.current else str(Path.home())
