"""Cài đặt: tabs for rules, the working calendar, units, printing, templates, this computer, the language,
the accounts and the audit trail."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import LANGUAGES, _, current_language
from desktop.ui.settings.accounts_tab import AccountsTab
from desktop.ui.settings.audit_tab import AuditTab
from desktop.ui.settings.backups_tab import BackupsTab
from desktop.ui.settings.calendar_tab import CalendarTab
from desktop.ui.settings.device_tab import NOTICE_STYLE, DeviceTab
from desktop.ui.settings.printing_tab import PrintingTab
from desktop.ui.settings.rules_tab import RulesTab
from desktop.ui.settings.templates_tab import TemplatesTab
from desktop.ui.settings.units_tab import UnitsTab


class LanguageTab(QWidget):
    """Ngôn ngữ: the preference, applied at the next start."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Ngôn ngữ giao diện")))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        stored = services.device.get_setting("language", current_language())
        self.language.setCurrentIndex(max(self.language.findData(stored), 0))
        row.addWidget(self.language)
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.notice = QLabel()
        self.notice.setStyleSheet(NOTICE_STYLE)
        layout.addWidget(self.notice)
        layout.addStretch(1)

    def save(self) -> None:
        """Store the choice and say when it applies."""
        self.services.device.put_setting("language", self.language.currentData())
        self.notice.setText(_("Đã lưu. Ngôn ngữ mới có hiệu lực khi khởi động lại chương trình."))


class SettingsPage(QWidget):
    """The settings tabs."""

    officerChanged = Signal()
    rulesChanged = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.rules = RulesTab(services)
        self.calendar = CalendarTab(services)
        self.units = UnitsTab(services)
        self.printing = PrintingTab(services)
        self.templates = TemplatesTab(services)
        self.device = DeviceTab(services)
        self.language = LanguageTab(services)
        self.accounts = AccountsTab(services)
        self.audit = AuditTab(services)
        self.backups = BackupsTab(services)
        self.tabs.addTab(self.rules, _("Quy tắc"))
        self.tabs.addTab(self.calendar, _("Lịch làm việc"))
        self.tabs.addTab(self.units, _("Đơn vị"))
        self.tabs.addTab(self.printing, _("In ấn"))
        self.tabs.addTab(self.templates, _("Mẫu văn bản"))
        self.tabs.addTab(self.device, _("Máy này"))
        self.tabs.addTab(self.language, _("Ngôn ngữ"))
        self.tabs.addTab(self.accounts, _("Tài khoản"))
        self.tabs.addTab(self.audit, _("Nhật ký"))
        self.tabs.addTab(self.backups, _("Sao lưu"))
        layout.addWidget(self.tabs)
        self.rules.changed.connect(self.rulesChanged)
        self.calendar.changed.connect(self.rulesChanged)
        self.device.officerChanged.connect(self.officerChanged)

    def user_changed(self) -> None:
        """Another account logged in: the tabs that depend on who it is."""
        self.accounts.user_changed()
        self.audit.user_changed()
        self.backups.user_changed()
