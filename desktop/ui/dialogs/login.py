"""Who is at the keyboard: the login at start, the lock screen, switching user, and account forms.

Every check is the services' (a wrong password, the wait after many, a disabled account, a weak new
password); these dialogs show the answer beside the field and keep what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import access
from desktop.errors import AppError, LoginRefused, ValidationError
from desktop.i18n import N_, _
from desktop.ui.dialogs.form import FieldForm

LOGIN, UNLOCK, SWITCH = "login", "unlock", "switch"
QUIT = 2  # the dialog's result when the person chose to leave the program


def password_field() -> QLineEdit:
    """A line that hides what is typed."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(access.PASSWORD_MAX)
    return field


class WaitingButton(QObject):
    """A login button that waits out the delay after many wrong passwords, counting the seconds on itself."""

    def __init__(self, button: QPushButton):
        super().__init__(button)
        self.button = button
        self.text = button.text()
        self.left = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    def hold(self, seconds: int) -> None:
        """Grey the button for `seconds`, showing how many are left."""
        self.left = seconds
        self.button.setEnabled(False)
        self._tick()
        self.timer.start()

    def _tick(self) -> None:
        if self.left <= 0:
            self.timer.stop()
            self.button.setEnabled(True)
            self.button.setText(self.text)
            return
        self.button.setText(_("Đợi {n} giây").format(n=self.left))
        self.left -= 1


DEMO_HINT = N_("Sổ mẫu: đăng nhập bằng quantri, lanhdao, canbo (hoặc tinh ở sổ tỉnh), mật khẩu “demo”.")


class _LoginForm(QDialog):
    """What both login screens share: a line of explanation, the user name and password, a hint, and a
    button box where Enter is one try, never a second one by a default button."""

    def _build(self, title: str, width: int, intro: str = "") -> QVBoxLayout:
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = FieldForm()
        layout.addLayout(self.form)
        self.user_name = self.form.add("user_name", _("Tên đăng nhập"), QLineEdit())
        self.user_name.setMaxLength(access.USER_NAME_MAX)
        self.password = self.form.add("password", _("Mật khẩu"), password_field())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #1b5e20;")
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(_("Đăng nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        return layout

    def _finish(self, layout: QVBoxLayout, submit, *fields: QLineEdit) -> None:
        """Enter in the name goes to the password; Enter in the password (or `fields`) or the button submits."""
        self.ok.clicked.connect(submit)
        self.user_name.returnPressed.connect(self.password.setFocus)
        for field in (self.password, *fields):
            field.returnPressed.connect(lambda: self.ok.isEnabled() and submit())
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.waiting = WaitingButton(self.ok)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        for button in self.buttons.buttons():  # the box makes "Đăng nhập" default when shown: Enter would
            button.setDefault(False)           # then try twice (the field's returnPressed, and the button)


class LoginDialog(_LoginForm):
    """Log in at start (LOGIN), unlock after the idle lock (UNLOCK: the same account's password, or
    "Đổi người dùng" for another), or switch user (SWITCH). The windows behind keep their unsaved work."""

    def __init__(self, services, mode: str = LOGIN, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.mode = mode
        layout = self._build({LOGIN: _("Đăng nhập — Sổ Đối ngoại"), UNLOCK: _("Màn hình đã khóa — Sổ Đối ngoại"),
                              SWITCH: _("Đổi người dùng — Sổ Đối ngoại")}[mode], 440)
        # a switch chosen from the menu is called off by the same person's password, never without one:
        # someone who walks away from the switch screen leaves nothing open
        self.back = self.buttons.addButton(_("Quay lại"), QDialogButtonBox.ButtonRole.ActionRole)
        self.back.clicked.connect(self._back)
        self.other = QPushButton(_("Đổi người dùng"))
        self.other.clicked.connect(self._other_user)
        self.buttons.addButton(self.other, QDialogButtonBox.ButtonRole.ActionRole)
        self.leave = self.buttons.addButton(_("Thoát chương trình"), QDialogButtonBox.ButtonRole.RejectRole)
        self.leave.clicked.connect(self._quit)
        self._finish(layout, self.try_login)
        self._arrange()

    def _arrange(self) -> None:
        who = self.services.ctx.identity
        unlocking = self.mode == UNLOCK and who is not None
        self.other.setVisible(unlocking)
        self.back.setVisible(self.mode == SWITCH and who is not None)
        if who is not None:
            self.back.setToolTip(_("Trở lại làm việc với tài khoản {name} (cần mật khẩu)").format(name=who.user_name))
        if unlocking:
            self.intro.setText(_("Màn hình đã khóa vì lâu không dùng. Các cửa sổ và nội dung đang nhập dở vẫn "
                                 "giữ nguyên. {name} hãy nhập mật khẩu để tiếp tục, hoặc chọn “Đổi người dùng”.")
                               .format(name=who.full_name))
            self.user_name.setText(who.user_name)
            self.user_name.setReadOnly(True)
            self.password.setFocus()
        else:
            self.intro.setText(_("Hãy đăng nhập bằng tài khoản của mình: mỗi thay đổi trong sổ được ghi kèm tên "
                                 "người đăng nhập.") if self.mode == LOGIN else
                               _("Người khác đăng nhập; các cửa sổ và nội dung đang nhập dở vẫn giữ nguyên."))
            self.user_name.setReadOnly(False)
            self.user_name.setFocus()
        if self.services.accounts.is_demo():
            self.hint.setText(_(DEMO_HINT))
        self.hint.setVisible(bool(self.hint.text()))

    def _back(self) -> None:
        """Quay lại: the person who was working goes on, with their password."""
        self.mode = UNLOCK
        self.password.clear()
        self._arrange()

    def _other_user(self) -> None:
        self.mode = SWITCH
        self.user_name.clear()
        self.password.clear()
        self._arrange()

    def try_login(self) -> bool:
        """Check what was typed through the services; accept on success."""
        self.form.set_error("user_name", "")
        self.form.set_error("password", "")
        name, password = self.user_name.text().strip(), self.password.text()
        if not name:
            self.form.set_error("user_name", _("Hãy nhập tên đăng nhập."))
            self.user_name.setFocus()
            return False
        try:
            if self.mode == UNLOCK:
                self.services.accounts.unlock(password)
            else:
                self.services.accounts.login(name, password)
        except LoginRefused as exc:
            self.form.set_error("password", str(exc))
            self.password.selectAll()
            self.password.setFocus()
            if exc.wait:
                self.waiting.hold(exc.wait)
            return False
        self.accept()
        return True

    def _quit(self) -> None:
        self.done(QUIT)

    def reject(self) -> None:
        """Esc: at start it means leaving; a locked or switching screen stays until someone logs in."""
        if self.mode == LOGIN:
            self.done(QUIT)


class AccountDialog(QDialog):
    """A new account: user name, full name, role and password typed twice. `first`: the register's
    administrator, made by whoever opens a register without accounts (first run, or an upgraded one)."""

    def __init__(self, services, first: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.first = first
        self.setWindowTitle(_("Tạo tài khoản Quản trị") if first else _("Thêm tài khoản"))
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        if first:
            intro = QLabel(_("Sổ chưa có tài khoản nào. Sổ lưu số hộ chiếu và quyết định kỷ luật của cán bộ (dữ liệu "
                             "cá nhân theo Nghị định 13/2023/NĐ-CP), nên từ nay chỉ người có tài khoản mới mở được "
                             "sổ. Hãy tạo tài khoản Quản trị; sau đó Quản trị thêm tài khoản cho từng người dùng "
                             "(Cài đặt › Tài khoản). Dữ liệu hiện có được giữ nguyên."))
            intro.setWordWrap(True)
            layout.addWidget(intro)
        self.form = FieldForm()
        layout.addLayout(self.form)
        self.user_name = self.form.add("user_name", _("Tên đăng nhập *"), QLineEdit("quantri" if first else ""))
        self.user_name.setMaxLength(access.USER_NAME_MAX)
        self.user_name.setPlaceholderText(_("chữ không dấu, ví dụ nguyenvanan"))
        self.full_name = self.form.add("full_name", _("Họ tên *"), QLineEdit())
        self.full_name.setMaxLength(200)
        self.role = self.form.add("role", _("Vai trò *"), QComboBox())
        for role in access.ROLES:
            if not first or role == access.ADMIN:
                self.role.addItem(access.role_label(role), role)
        if not first:
            self.role.setCurrentIndex(self.role.findData(access.OFFICER))
        self.password = self.form.add("password", _("Mật khẩu *"), password_field())
        self.password.setPlaceholderText(_("ít nhất {n} ký tự; một câu dễ nhớ là tốt").format(n=access.PASSWORD_MIN))
        self.again = self.form.add("again", _("Nhập lại mật khẩu *"), password_field())
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Tạo tài khoản"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.create)
        cancel = buttons.addButton(_("Thoát chương trình") if first else _("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        (self.full_name if first else self.user_name).setFocus()

    def create(self) -> bool:
        """Make the account through the services; the first one then logs in."""
        for key in self.form.errors:
            self.form.set_error(key, "")
        if self.password.text() != self.again.text():
            self.form.set_error("again", _("Hai lần nhập mật khẩu không giống nhau."))
            self.again.setFocus()
            return False
        try:
            info = self.services.accounts.create(self.user_name.text(), self.full_name.text(),
                                                 self.role.currentData(), self.password.text())
            if self.first:
                self.services.accounts.login(info.user_name, self.password.text())
        except ValidationError as exc:
            rest = [p.message for p in exc.problems if p.field not in self.form.errors]
            for key in self.form.errors:
                self.form.set_error(key, exc.for_field(key))
            if rest:
                self.form.set_error("user_name", rest)
            return False
        except AppError as exc:
            self.form.set_error("user_name", str(exc))
            return False
        self.created = info
        self.accept()
        return True


class PasswordDialog(QDialog):
    """A new password: one's own (the current one asked), or an administrator's reset of another's."""

    def __init__(self, services, user_name: str, reset: bool = False, forced: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.user_name = user_name
        self.reset = reset
        self.setWindowTitle(_("Đặt lại mật khẩu của {name}").format(name=user_name) if reset
                            else _("Đổi mật khẩu"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        text = (_("Người dùng sẽ phải đổi sang mật khẩu của riêng mình ở lần đăng nhập tới.") if reset else
                _("Mật khẩu này do Quản trị đặt: hãy đổi sang mật khẩu chỉ mình biết.") if forced else
                _("Mật khẩu cần ít nhất {n} ký tự; một câu dễ nhớ là tốt.").format(n=access.PASSWORD_MIN))
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = FieldForm()
        layout.addLayout(self.form)
        self.current = None if reset else self.form.add("current", _("Mật khẩu hiện tại"), password_field())
        self.new = self.form.add("password", _("Mật khẩu mới"), password_field())
        self.again = self.form.add("again", _("Nhập lại mật khẩu mới"), password_field())
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("Lưu mật khẩu"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        ok.clicked.connect(self.store)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        layout.addWidget(buttons)
        (self.current or self.new).setFocus()

    def store(self) -> bool:
        """Change or reset the password through the services."""
        for key in self.form.errors:
            self.form.set_error(key, "")
        if self.new.text() != self.again.text():
            self.form.set_error("again", _("Hai lần nhập mật khẩu không giống nhau."))
            return False
        try:
            if self.reset:
                self.services.accounts.reset_password(self.user_name, self.new.text())
            else:
                self.services.accounts.change_password(self.user_name, self.current.text(), self.new.text())
        except ValidationError as exc:
            self.form.set_error("password", exc.for_field("password") or str(exc))
            return False
        except LoginRefused as exc:
            self.form.set_error("current", str(exc))
            return False
        except AppError as exc:
            self.form.set_error("password", str(exc))
            return False
        self.accept()
        return True


class OpenRegisterDialog(_LoginForm):
    """The login of an encrypted register, before it opens: `opener(credentials)` returns the services or
    raises LoginRefused. "Dùng khóa khôi phục" opens with the recovery key (every password lost), as the
    administrator, to set a new password."""

    def __init__(self, opener, demo: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.opener = opener
        self.services = None
        self.recovering = False
        layout = self._build(_("Đăng nhập — Sổ Đối ngoại"), 460,
                             _("Sổ được mã hóa: chỉ mở được bằng tài khoản của sổ (hoặc khóa khôi phục)."))
        self.recovery = self.form.add("recovery", _("Khóa khôi phục"), QLineEdit())
        self.recovery.setPlaceholderText("ABCD-EFGH-…")
        self.form.labelForField(self.recovery.parentWidget()).setVisible(False)
        self.recovery.parentWidget().setVisible(False)
        self.hint.setText(_(DEMO_HINT) if demo else "")
        self.hint.setVisible(demo)
        self.forgot = self.buttons.addButton(_("Quên mật khẩu?"), QDialogButtonBox.ButtonRole.ActionRole)
        self.leave = self.buttons.addButton(_("Thoát chương trình"), QDialogButtonBox.ButtonRole.RejectRole)
        self.forgot.clicked.connect(self.use_recovery)
        self.leave.clicked.connect(self.reject)
        self._finish(layout, self.try_open, self.recovery)
        self.user_name.setFocus()

    def use_recovery(self) -> None:
        """Quên mật khẩu?: the recovery key's field instead of the account's."""
        self.recovering = True
        for field in (self.user_name, self.password):
            field.parentWidget().setVisible(False)
            self.form.labelForField(field.parentWidget()).setVisible(False)
        self.recovery.parentWidget().setVisible(True)
        self.form.labelForField(self.recovery.parentWidget()).setVisible(True)
        self.intro.setText(_("Nhập khóa khôi phục in trên tờ giấy cất trong tủ an toàn. Sổ sẽ mở với quyền Quản trị "
                             "để đặt mật khẩu mới (Cài đặt › Tài khoản › Đặt lại mật khẩu…)."))
        self.forgot.setVisible(False)
        self.recovery.setFocus()

    def try_open(self) -> bool:
        """Open the register with what was typed; accept on success."""
        from desktop.services import Credentials

        for key in self.form.errors:
            self.form.set_error(key, "")
        if self.recovering:
            login = Credentials(recovery=self.recovery.text())
        else:
            if not self.user_name.text().strip():
                self.form.set_error("user_name", _("Hãy nhập tên đăng nhập."))
                return False
            login = Credentials(self.user_name.text().strip(), self.password.text())
        try:
            self.services = self.opener(login)
        except LoginRefused as exc:
            field = "recovery" if self.recovering else "password"
            self.form.set_error(field, str(exc))
            if exc.wait:
                self.waiting.hold(exc.wait)
            return False
        self.accept()
        return True


def encrypt_now(services, parent: QWidget | None = None) -> bool:
    """Encrypt a plaintext register (its first start with accounts, by its administrator) and show the
    recovery key once; whether it is encrypted now. A failure leaves the plaintext register as it was."""
    if not services.can_encrypt():
        return services.is_encrypted()
    from PySide6.QtWidgets import QApplication

    from desktop.ui.dialogs.recovery import RecoveryKeyDialog
    from desktop.ui.widgets import errors

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        recovery = services.encrypt()
    except AppError as exc:
        QApplication.restoreOverrideCursor()
        errors.show_error(parent, exc)
        return False
    finally:
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
    RecoveryKeyDialog(recovery, parent).exec()
    return True


def log_in_at_start(services, parent: QWidget | None = None) -> bool:
    """Before the main window: make the administrator of a register without accounts, or log in; a
    password an administrator set must be changed at once. False when the person chose to leave.

    A plaintext register is encrypted at its administrator's first login (or when its first account is
    made), and the recovery key shown once."""
    if not services.accounts.exist():
        if AccountDialog(services, first=True, parent=parent).exec() != QDialog.DialogCode.Accepted:
            return False
        encrypt_now(services, parent)
        return True
    if services.ctx.identity is None and LoginDialog(services, LOGIN, parent).exec() != QDialog.DialogCode.Accepted:
        return False
    if services.ctx.identity.role == access.ADMIN and services.ctx.identity.account_id:
        encrypt_now(services, parent)
    if services.accounts.must_change_password():
        who = services.ctx.identity
        dialog = PasswordDialog(services, who.user_name, forced=True, parent=parent)
        dialog.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        return dialog.exec() == QDialog.DialogCode.Accepted
    return True
