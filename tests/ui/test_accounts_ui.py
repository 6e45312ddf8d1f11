"""Accounts in the GUI as an officer meets them: the first administrator, the login, the idle lock with
unsaved edits kept, switching user, the history tab, the account and audit tabs, a role's refusal."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.domain import access
from desktop.ui import lock as lock_module
from desktop.ui.dialogs.login import QUIT, UNLOCK, AccountDialog, LoginDialog, log_in_at_start
from desktop.ui.persons.editor import PersonEditor
from desktop.ui.settings.accounts_tab import AccountsTab
from desktop.ui.settings.audit_tab import AuditTab
from desktop.ui.widgets import errors
from tests.ui.typing import clear_and_type, type_text

LEFT = Qt.MouseButton.LeftButton
PASSWORD = "một câu dễ nhớ"


@pytest.fixture
def staffed(services):
    services.accounts.create("quantri", "Quản Trị Viên", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    services.accounts.create("canbo", "Cao Cán Bộ", access.OFFICER, PASSWORD)
    services.accounts.create("lanhdao", "Lê Lãnh Đạo", access.HEAD, PASSWORD)
    return services


def test_the_first_administrator_is_made_by_typing_and_then_logged_in(qtbot, services):
    dialog = AccountDialog(services, first=True)
    qtbot.addWidget(dialog)
    assert dialog.user_name.text() == "quantri" and dialog.role.count() == 1
    type_text(dialog.full_name, "Nguyễn Thị Hoa")
    type_text(dialog.password, "ngắn")
    type_text(dialog.again, "ngắn")
    assert not dialog.create()
    assert "8" in dialog.form.error("password") and dialog.full_name.text() == "Nguyễn Thị Hoa"  # kept
    clear_and_type(dialog.password, PASSWORD)
    clear_and_type(dialog.again, PASSWORD + "x")
    assert not dialog.create() and dialog.form.error("again")
    clear_and_type(dialog.again, PASSWORD)
    qtbot.mouseClick(dialog.ok, LEFT)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.ctx.identity.user_name == "quantri" and services.ctx.identity.full_name == "Nguyễn Thị Hoa"


def test_a_wrong_password_is_said_beside_the_field_and_the_name_stays(qtbot, staffed):
    staffed.accounts.logout()
    dialog = LoginDialog(staffed)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.user_name, "canbo")
    type_text(dialog.password, "sai mật khẩu")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "không đúng" in dialog.form.error("password") and dialog.user_name.text() == "canbo"
    assert staffed.ctx.identity is None and staffed.accounts.get("canbo").failed_logins == 1  # Enter: one try
    clear_and_type(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.ok, LEFT)
    assert dialog.result() == QDialog.DialogCode.Accepted and staffed.ctx.identity.user_name == "canbo"


def test_after_five_wrong_passwords_the_button_waits(qtbot, staffed):
    staffed.accounts.logout()
    dialog = LoginDialog(staffed)
    qtbot.addWidget(dialog)
    type_text(dialog.user_name, "canbo")
    for _ in range(access.FAILED_FREE):
        clear_and_type(dialog.password, "sai mật khẩu")
        dialog.try_login()
    assert not dialog.ok.isEnabled() and "Đợi" in dialog.ok.text()


def test_a_demo_register_says_its_accounts_on_the_login_screen(qtbot, services):
    services.accounts.create_demo(province=False)
    services.accounts.logout()
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    assert "canbo" in dialog.hint.text() and "demo" in dialog.hint.text()


def test_log_in_at_start_asks_for_the_administrator_of_a_register_without_accounts(qtbot, services, monkeypatch):
    asked = []
    monkeypatch.setattr(AccountDialog, "exec", lambda self: asked.append(self.first) or QDialog.DialogCode.Rejected)
    assert log_in_at_start(services) is False and asked == [True]


def test_esc_on_the_lock_screen_does_not_unlock(qtbot, staffed):
    dialog = LoginDialog(staffed, UNLOCK)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert dialog.isVisible() and dialog.user_name.isReadOnly() and dialog.user_name.text() == "quantri"


def test_the_idle_lock_hides_the_windows_and_unsaved_edits_survive_it(qtbot, staffed, monkeypatch):
    from desktop.ui.main_window import MainWindow

    staffed.device.change_setting(lock_module.LOCK_SETTING, "1")  # the administrator's setting
    staffed.accounts.logout()
    staffed.accounts.login("canbo", PASSWORD)
    window = MainWindow(staffed)
    qtbot.addWidget(window)
    window.show()
    editor = PersonEditor(staffed)
    qtbot.addWidget(editor)
    editor.show()
    type_text(editor.fields["full_name"], "Nguyễn Văn Chưa Lưu")
    seen = {}

    def unlock_when_shown(self):
        seen["hidden"] = not window.isVisible() and not editor.isVisible()
        seen["mode"] = self.mode
        type_text(self.password, PASSWORD)
        self.try_login()
        return self.result()

    monkeypatch.setattr(LoginDialog, "exec", unlock_when_shown)
    window.screen_lock.last_input -= 61  # a minute without a key or a click
    assert window.screen_lock.check_idle()
    assert seen == {"hidden": True, "mode": UNLOCK}
    assert window.isVisible() and editor.isVisible()
    assert editor.fields["full_name"].text() == "Nguyễn Văn Chưa Lưu" and editor.is_dirty()
    kinds = [r.kind for r in _trail(staffed)]
    assert kinds[-2:] == ["lock", "unlock"]


def test_switch_user_keeps_the_windows_and_names_the_new_account(qtbot, staffed, monkeypatch):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(staffed)
    qtbot.addWidget(window)
    window.show()

    def other_logs_in(self):
        type_text(self.user_name, "lanhdao")
        type_text(self.password, PASSWORD)
        self.try_login()
        return self.result()

    monkeypatch.setattr(LoginDialog, "exec", other_logs_in)
    window.screen_lock.switch_user()
    assert staffed.ctx.identity.user_name == "lanhdao"
    assert "Lê Lãnh Đạo" in window.officer_label.text() and "Lãnh đạo" in window.officer_label.text()
    assert staffed.ctx.db.tracker.officer == "Lê Lãnh Đạo"


def test_quitting_from_the_lock_screen_and_cancelling_locks_again(qtbot, staffed, monkeypatch):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(staffed)
    qtbot.addWidget(window)
    window.show()
    results = [QUIT]
    monkeypatch.setattr(LoginDialog, "exec", lambda self: results.pop(0) if results else QDialog.DialogCode.Accepted)
    monkeypatch.setattr(window, "close", lambda: False)  # "Hủy" at the unsaved-edits question
    locked_again = []
    monkeypatch.setattr(window.screen_lock, "lock", lambda: locked_again.append(True))
    window.screen_lock.run(UNLOCK)
    qtbot.waitUntil(lambda: locked_again == [True], timeout=2000)


def test_the_history_tab_shows_who_changed_which_field_from_what_to_what(qtbot, staffed):
    person = staffed.persons.save({"full_name": "Nguyễn Thị Hoa", "birth_date": date(1980, 5, 1)})
    staffed.persons.save({"full_name": "Nguyễn Thị Hoà", "birth_date": date(1981, 6, 2)}, person.id)
    editor = PersonEditor(staffed, person.id)
    qtbot.addWidget(editor)
    editor.show()
    editor.tabs.setCurrentWidget(editor.history)
    tree = editor.history.tree
    assert tree.topLevelItemCount() == 2
    latest = tree.topLevelItem(0)
    assert "Quản Trị Viên (quantri)" in latest.text(1) and latest.text(2) == "Sửa"
    fields = {latest.child(i).text(0): (latest.child(i).text(1), latest.child(i).text(2))
              for i in range(latest.childCount())}
    assert fields["Họ và tên"] == ("Nguyễn Thị Hoa", "Nguyễn Thị Hoà")
    assert fields["Ngày sinh"] == ("01/05/1980", "02/06/1981")


def test_a_new_record_history_says_it_has_none_yet(qtbot, staffed):
    editor = PersonEditor(staffed)
    qtbot.addWidget(editor)
    editor.show()
    editor.tabs.setCurrentWidget(editor.history)
    assert "chưa được lưu" in editor.history.note.text()


def test_the_administrator_adds_an_account_in_settings_and_an_officer_cannot(qtbot, staffed, monkeypatch):
    tab = AccountsTab(staffed)
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 3 and tab.add_button.isEnabled()

    def fill(self):
        type_text(self.user_name, "nguyenan")
        type_text(self.full_name, "Nguyễn An")
        type_text(self.password, PASSWORD)
        type_text(self.again, PASSWORD)
        self.create()
        return self.result()

    monkeypatch.setattr(AccountDialog, "exec", fill)
    qtbot.mouseClick(tab.add_button, LEFT)
    assert tab.table.rowCount() == 4 and "nguyenan" in tab.notice.text()
    assert staffed.accounts.get("nguyenan").role == access.OFFICER
    staffed.accounts.logout()
    staffed.accounts.login("canbo", PASSWORD)
    tab.user_changed()
    assert not tab.add_button.isEnabled() and tab.table.rowCount() == 0 and tab.own_button.isEnabled()
    assert "Chỉ Quản trị" in tab.intro.text()


def test_the_audit_tab_lists_filters_and_verifies(qtbot, staffed, monkeypatch):
    staffed.persons.save({"full_name": "Trần Văn Bình"})
    tab = AuditTab(staffed)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.tree.topLevelItemCount() >= 3
    tab.kind.setCurrentIndex(tab.kind.findData("create"))
    assert tab.tree.topLevelItemCount() == 1 and tab.tree.topLevelItem(0).text(3) == "Cán bộ"
    qtbot.mouseClick(tab.verify_button, LEFT)
    assert "nguyên vẹn" in tab.notice.text()
    staffed.accounts.logout()
    staffed.accounts.login("canbo", PASSWORD)
    tab.user_changed()
    assert not tab.tree.isEnabled() and "Chỉ Quản trị" in tab.intro.text()


def test_an_officer_asking_to_override_r4_in_the_editor_is_told_who_can(qtbot, staffed, monkeypatch):
    from desktop.errors import PermissionDenied
    from tests.services.builders import complete_dossier, disciplined, outbound

    staffed.accounts.logout()
    staffed.accounts.login("canbo", PASSWORD)
    person = disciplined(staffed)
    saved = staffed.delegations.save(outbound(), [{"role": "member", "person_id": person}])
    complete_dossier(staffed, saved.id)
    shown = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, error: shown.append(error))
    from desktop.ui.delegations.editor import DelegationEditor

    editor = DelegationEditor(staffed, "outbound", saved.id)
    qtbot.addWidget(editor)
    editor.show()
    status = editor.status
    status.status.setCurrentIndex(status.status.findData("submitted"))
    type_text(status.override_reason, "Chủ tịch UBND tỉnh đồng ý")
    editor.save()
    assert shown and isinstance(shown[0], PermissionDenied) and "Lãnh đạo" in str(shown[0])
    assert staffed.delegations.get(saved.id).data["status"] == "draft"


def _trail(services):
    from desktop.storage import audit

    with services.ctx.db.read() as s:
        return list(audit.entries(s))



def test_an_encrypted_register_opens_from_the_login_before_it(qtbot, tmp_path):
    from desktop.config import Paths
    from desktop.services import open_services
    from desktop.ui.dialogs.login import OpenRegisterDialog
    from tests.templates import sqlite_url

    path = tmp_path / "so.sqlite3"
    services = open_services(sqlite_url(path), Paths(tmp_path / "data"))
    services.device.set_up("DL-BMT", "Nguyễn Văn An")
    services.accounts.create("quantri", "Quản Trị", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    recovery = services.encrypt()
    services.close()
    opened = []

    def opener(login):
        opened.append(open_services(f"sqlite:///{path}", Paths(tmp_path / "data"), login=login))
        return opened[-1]

    dialog = OpenRegisterDialog(opener)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.user_name, "quantri")
    type_text(dialog.password, "sai mật khẩu")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "không đúng" in dialog.form.error("password") and not opened
    qtbot.mouseClick(dialog.forgot, LEFT)
    assert dialog.recovery.isVisible() and not dialog.password.isVisible()
    type_text(dialog.recovery, recovery.lower())
    qtbot.mouseClick(dialog.ok, LEFT)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.services.ctx.identity.role == access.ADMIN and dialog.services.is_encrypted()
    dialog.services.close()


def test_the_first_administrator_encrypts_the_register_and_sees_the_recovery_key_once(qtbot, services, monkeypatch):
    from desktop.ui.dialogs.recovery import RecoveryKeyDialog

    shown = []

    def first_admin(self):
        type_text(self.full_name, "Nguyễn Thị Hoa")
        type_text(self.password, PASSWORD)
        type_text(self.again, PASSWORD)
        self.create()
        return self.result()

    def keep(self):
        shown.append(self.recovery)
        assert not self.done_button.isEnabled()
        self.reject()
        assert self.isVisible() or not self.kept.isChecked()  # Esc does not close before it is kept
        self.kept.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AccountDialog, "exec", first_admin)
    monkeypatch.setattr(RecoveryKeyDialog, "exec", keep)
    assert log_in_at_start(services)
    assert services.is_encrypted() and len(shown) == 1 and len(shown[0].split("-")) == 13


def test_the_recovery_key_page_prints_the_key_and_its_qr_code(qtbot):
    from PySide6.QtGui import QImage

    from desktop.ui.dialogs.recovery import RecoveryKeyDialog

    dialog = RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST")
    qtbot.addWidget(dialog)
    assert "ABCD  EFGH" in dialog.key.text() and not dialog.qr.pixmap().isNull()
    page = QImage(800, 1100, QImage.Format.Format_RGB32)
    page.fill(0xFFFFFF)
    dialog.paint(page)
    dark = sum(1 for x in range(0, 800, 8) for y in range(0, 1100, 8) if page.pixelColor(x, y).lightness() < 128)
    assert dark > 100  # the warning, the QR code and the key were drawn


def test_an_officer_changing_a_rule_in_settings_is_told_who_can_and_nothing_changes(qtbot, staffed, monkeypatch):
    from desktop.ui.settings.page import SettingsPage
    from tests.ui.conftest import double_click

    staffed.accounts.logout()
    staffed.accounts.login("canbo", PASSWORD)
    shown = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, error: shown.append(str(error)))
    page = SettingsPage(staffed)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    tab = page.rules
    row = [r.code for r in tab.rules].index("R1")
    double_click(qtbot, tab.table.viewport(), tab.table.visualItemRect(tab.table.item(row, 1)).center())
    clear_and_type(tab.dialog.spins["lead_working_days"], "25")
    qtbot.mouseClick(tab.dialog.ok_button, LEFT)
    assert shown and "Quản trị" in shown[0] and "quy tắc" in shown[0]
    assert staffed.rules.config().param("R1", "lead_working_days") == 20


def test_going_back_from_the_switch_screen_takes_the_same_persons_password(qtbot, staffed):
    dialog = LoginDialog(staffed, "switch")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # Esc: the windows stay hidden
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    qtbot.mouseClick(dialog.back, LEFT)
    assert dialog.mode == UNLOCK and dialog.user_name.text() == "quantri" and dialog.user_name.isReadOnly()
    type_text(dialog.password, "sai mật khẩu")
    assert not dialog.try_login()
    clear_and_type(dialog.password, PASSWORD)
    assert dialog.try_login() and staffed.ctx.identity.user_name == "quantri"


def test_another_register_opens_in_a_new_start_after_this_one_closes_and_is_remembered(qtbot, services, tmp_path):
    from desktop.ui.main_window import MainWindow, app_settings
    from desktop.ui.registers_menu import recent

    other = tmp_path / "khac.sqlite3"
    other.write_bytes(b"")  # only needs to exist for the recent list
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    started = []
    window.registers_menu.starter = lambda program, args: started.append(args)
    assert window.registers_menu.switch_to(str(other))
    assert started and started[0][-2:] == ["--db", str(other.resolve())] and not window.isVisible()
    assert recent(app_settings())[0] == str(other.resolve())
    assert str(services.ctx.db.path.resolve()) in recent(app_settings())


def test_cancelling_the_unsaved_question_keeps_this_register_open(qtbot, services, tmp_path, monkeypatch):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    started = []
    window.registers_menu.starter = lambda program, args: started.append(args)
    monkeypatch.setattr(window, "close", lambda: False)
    assert not window.registers_menu.switch_to(str(tmp_path / "moi.sqlite3")) and started == []


def test_sao_luu_ngay_backs_up_in_the_background_and_lists_the_copy(qtbot, staffed):
    from desktop.ui.settings.backups_tab import BackupsTab

    tab = BackupsTab(staffed)
    qtbot.addWidget(tab)
    tab.show()
    before = tab.table.rowCount()
    assert tab.now_button.isEnabled()
    qtbot.mouseClick(tab.now_button, LEFT)
    qtbot.waitUntil(lambda: not tab.progress.isVisible(), timeout=20000)
    assert tab.table.rowCount() == before + 1 and "Đã sao lưu" in tab.notice.text()
    assert tab.table.item(0, 1).text() == "Sao lưu ngay"
    staffed.accounts.logout()
    staffed.accounts.login("canbo", PASSWORD)
    tab.user_changed()
    assert not tab.now_button.isEnabled()
