"""Cài đặt: tabs for rules, the working calendar, units, printing, templates, this computer and the language."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import LANGUAGES, _, current_language
from desktop.ui.dialogs.form import error_label
from desktop.ui.settings.calendar_tab import CalendarTab
from desktop.ui.settings.printing_tab import PrintingTab
from desktop.ui.settings.rules_tab import RulesTab
from desktop.ui.settings.templates_tab import TemplatesTab
from desktop.ui.settings.units_tab import UnitsTab

NOTICE_STYLE = "color: #1565c0;"


def selectable(text: str, monospace: bool = False) -> QLabel:
    """A label the user can select and copy."""
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if monospace:
        label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return label


class DeviceTab(QWidget):
    """Máy này: identity of the installation; the officer's name is editable."""

    officerChanged = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        info = services.device.info()
        form = QFormLayout(self)
        form.addRow(_("Mã máy"), selectable(info.id, monospace=True))
        form.addRow(_("Đơn vị"), selectable(f"{info.unit_name} ({info.unit_code})"))
        form.addRow(_("Thế hệ khóa"), selectable(str(info.epoch)))
        form.addRow(_("Dấu vân tay khóa"), selectable(info.fingerprint, monospace=True))
        form.addRow(_("Cán bộ sử dụng máy"), self._officer_row(info.officer))
        form.addRow(_("Tệp khóa riêng"), selectable(info.key_file, monospace=True))
        db = services.ctx.db
        form.addRow(_("Cơ sở dữ liệu"), selectable(str(db.path or db.url), monospace=True))

    def _officer_row(self, officer: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.officer = QLineEdit(officer)
        self.save_officer_button = QPushButton(_("Lưu tên"))
        self.save_officer_button.clicked.connect(self.save_officer)
        self.officer.setMaximumWidth(420)
        row.addWidget(self.officer, 1)
        row.addWidget(self.save_officer_button)
        row.addStretch(1)
        column.addLayout(row)
        self.officer_error = error_label()
        self.officer_notice = QLabel()
        self.officer_notice.setStyleSheet(NOTICE_STYLE)
        self.officer_notice.setVisible(False)
        column.addWidget(self.officer_error)
        column.addWidget(self.officer_notice)
        return box

    def save_officer(self) -> None:
        """Store the officer's name; later changes are recorded under it."""
        self.officer_notice.setVisible(False)
        try:
            self.services.device.set_officer(self.officer.text())
        except AppError as exc:
            self.officer_error.setText(str(exc))
            self.officer_error.setVisible(True)
            return
        self.officer_error.setVisible(False)
        self.officer_notice.setText(_("Đã lưu."))
        self.officer_notice.setVisible(True)
        self.officerChanged.emit()


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
        self.tabs.addTab(self.rules, _("Quy tắc"))
        self.tabs.addTab(self.calendar, _("Lịch làm việc"))
        self.tabs.addTab(self.units, _("Đơn vị"))
        self.tabs.addTab(self.printing, _("In ấn"))
        self.tabs.addTab(self.templates, _("Mẫu văn bản"))
        self.tabs.addTab(self.device, _("Máy này"))
        self.tabs.addTab(self.language, _("Ngôn ngữ"))
        layout.addWidget(self.tabs)
        self.rules.changed.connect(self.rulesChanged)
        self.calendar.changed.connect(self.rulesChanged)
        self.device.officerChanged.connect(self.officerChanged)
