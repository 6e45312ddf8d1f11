"""Cài đặt › Tài khoản: the accounts of the register and the idle lock (the administrator's).

The buttons are greyed for other roles, but the check that counts is the services' (a refusal says
who may); an officer still changes their own password here.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import access
from desktop.errors import AppError
from desktop.i18n import _, format_date
from desktop.ui.dialogs.login import AccountDialog, PasswordDialog
from desktop.ui.lock import LOCK_SETTING, lock_minutes
from desktop.ui.settings.device_tab import NOTICE_STYLE
from desktop.ui.settings.tables import fill_rows, read_only_table, selected_row
from desktop.ui.widgets import errors


class AccountsTab(QWidget):
    """The account list with add, reset password, role, disable; one's own password; the idle lock."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.accounts: list = []
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = read_only_table([_("Tên đăng nhập"), _("Họ tên"), _("Vai trò"), _("Trạng thái"),
                                      _("Đăng nhập lần cuối")], stretch=1)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _index: self.reset_password())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Thêm tài khoản…"))
        self.add_button.clicked.connect(self.add)
        self.reset_button = QPushButton(_("Đặt lại mật khẩu…"))
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button = QPushButton(_("Đổi vai trò…"))
        self.role_button.clicked.connect(self.change_role)
        self.disable_button = QPushButton(_("Khóa tài khoản"))
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.own_button = QPushButton(_("Đổi mật khẩu của tôi…"))
        self.own_button.clicked.connect(self.change_own)
        self.recovery_button = QPushButton(_("Khóa khôi phục mới…"))
        self.recovery_button.setToolTip(_("Làm khóa khôi phục mới khi tờ giấy cũ bị mất (khóa cũ hết tác dụng)"))
        self.recovery_button.clicked.connect(self.new_recovery_key)
        for button in (self.add_button, self.reset_button, self.role_button, self.disable_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.recovery_button)
        buttons.addWidget(self.own_button)
        layout.addLayout(buttons)
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel(_("Khóa màn hình sau")))
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(0, 240)
        self.lock_minutes.setSuffix(_(" phút không dùng"))
        self.lock_minutes.setSpecialValueText(_("không bao giờ"))
        lock_row.addWidget(self.lock_minutes)
        self.lock_save = QPushButton(_("Lưu"))
        self.lock_save.clicked.connect(self.save_lock)
        lock_row.addWidget(self.lock_save)
        lock_row.addStretch(1)
        layout.addLayout(lock_row)
        self.notice = QLabel()
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the accounts and what the person at the keyboard may do here."""
        ctx = self.services.ctx
        manage = self.services.accounts.exist() and ctx.may(access.ACCOUNTS)
        who = ctx.identity
        if not self.services.accounts.exist():
            self.intro.setText(_("Sổ chưa có tài khoản: ai mở sổ cũng xem và sửa được. Hãy tạo tài khoản Quản trị."))
        elif manage:
            self.intro.setText(_("Mỗi người dùng một tài khoản; vai trò quyết định việc được làm: Cán bộ (các sổ, in, "
                                 "gửi dữ liệu), Lãnh đạo (thêm: ký văn bản, quyết định, vượt chặn R4), Quản trị "
                                 "(tài khoản, quy tắc, đơn vị, khóa, sao lưu), Cán bộ tỉnh (nhập gói, xung đột, "
                                 "thanh tra, phản hồi, báo cáo tổng hợp)."))
        else:
            self.intro.setText(_("Chỉ Quản trị quản lý tài khoản. Bạn ({name}) có thể đổi mật khẩu của mình.").format(
                name=who.full_name if who else ""))
        self.accounts = self.services.accounts.list() if manage else []
        fill_rows(self.table, [[a.user_name, a.full_name, access.role_label(a.role), _state(a),
                                format_date(a.last_login_at.date()) if a.last_login_at else ""]
                               for a in self.accounts])
        self.add_button.setEnabled(manage or not self.services.accounts.exist())
        self.own_button.setEnabled(who is not None and who.account_id != 0)
        self.recovery_button.setVisible(self.services.is_encrypted())
        self.recovery_button.setEnabled(self.services.ctx.may(access.KEYS))
        self.lock_minutes.setValue(lock_minutes(self.services))
        self.lock_minutes.setEnabled(manage)
        self.lock_save.setEnabled(manage)
        self._enable()

    def user_changed(self) -> None:
        """Another account logged in (switch user)."""
        self.refresh()

    def _selected(self):
        row = selected_row(self.table)
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def _enable(self) -> None:
        chosen = self._selected()
        for button in (self.reset_button, self.role_button, self.disable_button):
            button.setEnabled(chosen is not None)
        if chosen is not None:
            self.disable_button.setText(_("Mở lại tài khoản") if chosen.disabled else _("Khóa tài khoản"))

    def add(self) -> None:
        """Thêm tài khoản… (the register's first is its administrator)."""
        first = not self.services.accounts.exist()
        dialog = AccountDialog(self.services, first=first, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.notice.setText(_("Đã thêm tài khoản {name}.").format(name=dialog.created.user_name))
            self.refresh()

    def reset_password(self) -> None:
        """Đặt lại mật khẩu… of the chosen account (it must be changed at its next login)."""
        chosen = self._selected()
        if chosen and PasswordDialog(self.services, chosen.user_name, reset=True, parent=self).exec():
            self.notice.setText(_("Đã đặt lại mật khẩu của {name}.").format(name=chosen.user_name))
            self.refresh()

    def change_role(self) -> None:
        """Đổi vai trò… of the chosen account."""
        chosen = self._selected()
        if chosen is None:
            return
        labels = [access.role_label(r) for r in access.ROLES]
        label, ok = QInputDialog.getItem(self, _("Đổi vai trò"), _("Vai trò của {name}:").format(name=chosen.user_name),
                                         labels, access.ROLES.index(chosen.role), False)
        if ok:
            self._act(lambda: self.services.accounts.set_role(chosen.user_name, access.ROLES[labels.index(label)]),
                      _("Đã đổi vai trò của {name}.").format(name=chosen.user_name))

    def toggle_disabled(self) -> None:
        """Khóa tài khoản / Mở lại tài khoản (after a question when locking)."""
        chosen = self._selected()
        if chosen is None:
            return
        if not chosen.disabled and not errors.confirm(self, _("Khóa tài khoản"), _(
                "Khóa tài khoản {name} ({full})? Người này sẽ không đăng nhập được nữa; các mục nhật ký của họ vẫn "
                "giữ nguyên. Có thể mở lại sau.").format(name=chosen.user_name, full=chosen.full_name)):
            return
        self._act(lambda: self.services.accounts.set_disabled(chosen.user_name, not chosen.disabled),
                  (_("Đã mở lại tài khoản {name}.") if chosen.disabled else _("Đã khóa tài khoản {name}."))
                  .format(name=chosen.user_name))

    def change_own(self) -> None:
        """Đổi mật khẩu của tôi…"""
        who = self.services.ctx.identity
        if who and PasswordDialog(self.services, who.user_name, parent=self).exec():
            self.notice.setText(_("Đã đổi mật khẩu."))

    def new_recovery_key(self) -> None:
        """Khóa khôi phục mới…: after a question, a new key shown once; the old paper no longer opens the register."""
        if not errors.confirm(self, _("Khóa khôi phục mới"), _(
                "Làm khóa khôi phục mới? Khóa cũ (tờ giấy đang cất) sẽ không mở được sổ nữa; hãy in khóa mới và "
                "cất thay tờ cũ.")):
            return
        try:
            recovery = self.services.new_recovery_key()
        except AppError as exc:
            errors.show_error(self, exc)
            return
        from desktop.ui.dialogs.recovery import RecoveryKeyDialog

        RecoveryKeyDialog(recovery, self).exec()
        self.notice.setText(_("Đã làm khóa khôi phục mới; khóa cũ không còn tác dụng."))

    def save_lock(self) -> None:
        """Store the idle minutes before the lock."""
        self._act(lambda: self.services.device.change_setting(LOCK_SETTING, str(self.lock_minutes.value())),
                  _("Đã lưu: màn hình tự khóa sau {n} phút không dùng.").format(n=self.lock_minutes.value())
                  if self.lock_minutes.value() else _("Đã lưu: màn hình không tự khóa."))

    def _act(self, call, done: str) -> None:
        try:
            call()
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.notice.setText(done)
        self.refresh()


def _state(a) -> str:
    if a.disabled:
        return _("Đã khóa")
    if a.must_change_password:
        return _("Phải đổi mật khẩu")
    return _("Đang dùng")

