"""The idle lock and switching user on a shared office PC.

After the set number of idle minutes (Cài đặt › Tài khoản; 0 = never) every window of the program is
hidden — never closed, so unsaved edits stay — and the lock screen asks the same person's password, or
lets another log in. Hiding rather than covering: behind a dialog, a register's names and passport
numbers would still be on the screen.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.dialogs.login import QUIT, SWITCH, UNLOCK, LoginDialog

LOCK_SETTING = "lock_minutes"
DEFAULT_LOCK_MINUTES = 10
CHECK_MS = 15_000
ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
            QEvent.Type.TouchBegin}


def lock_minutes(services) -> int:
    """The idle minutes before the lock (0: never)."""
    try:
        return max(0, int(services.device.get_setting(LOCK_SETTING, str(DEFAULT_LOCK_MINUTES)) or 0))
    except ValueError:
        return DEFAULT_LOCK_MINUTES


class ScreenLock(QObject):
    """Watches for input; locks after the idle minutes; runs the lock and switch-user screens.

    `userChanged` is emitted after another account logged in (the main window shows the new name)."""

    userChanged = Signal()
    quitRequested = Signal()

    def __init__(self, services, window: QWidget):
        super().__init__(window)
        self.services = services
        self.window = window
        self.last_input = time.monotonic()
        self.locked = False
        self.hidden: list[QWidget] = []  # the windows hidden behind the lock screen, until someone logs in
        QApplication.instance().installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() in ACTIVITY:
            self.last_input = time.monotonic()
        return False

    def check_idle(self) -> bool:
        """Lock when the idle minutes have passed (and the register has accounts); whether it locked."""
        minutes = lock_minutes(self.services)
        if self.locked or not minutes or not self.services.accounts.exist():
            return False
        if time.monotonic() - self.last_input < minutes * 60:
            return False
        self.lock()
        return True

    def lock(self) -> None:
        """Hide every window and ask for the password (or another account)."""
        self.run(UNLOCK)

    def switch_user(self) -> None:
        """Tệp › Đổi người dùng: the same screen, for another account at once."""
        self.run(SWITCH)

    def run(self, mode: str) -> None:
        """Hide every window (kept, with its unsaved edits), ask who goes on; show them again after."""
        if self.locked:
            return
        self.locked = True
        before = self.services.ctx.identity
        if mode == UNLOCK:
            self.services.accounts.lock()
        self.hidden += [w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in self.hidden]
        for widget in self.hidden:
            widget.hide()
        try:
            dialog = LoginDialog(self.services, mode)
            self.dialog = dialog
            result = dialog.exec()
        finally:
            self.dialog = None
            self.locked = False
            self.last_input = time.monotonic()
        if result == QUIT:  # the windows stay hidden while the program asks about unsaved edits and closes
            self.quitRequested.emit()
            return
        for widget in self.hidden:
            widget.show()
        self.hidden = []
        if self.services.ctx.identity != before:
            self.userChanged.emit()
            _change_if_reset(self.services, self.window)


def _change_if_reset(services, parent) -> None:
    """A password the administrator reset is changed at this login too, not only at start."""
    if services.accounts.must_change_password():
        from desktop.ui.dialogs.login import PasswordDialog

        PasswordDialog(services, services.ctx.identity.user_name, forced=True, parent=parent).exec()
