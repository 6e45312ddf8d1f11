"""The contact editor: who the person or association is (Thông tin), and what they did (Hoạt động).

Saving keeps the window open so activities can be added at once; each activity
is stored when its own dialog closes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import _
from desktop.services.overseas import ContactDetail
from desktop.ui.delegations.countries import CountryCombo
from desktop.ui.delegations.fields import enum_combo, select_data
from desktop.ui.dialogs.form import ERROR_STYLE, FieldForm
from desktop.ui.overseas.activities import ActivityTable
from desktop.ui.widgets import errors, unsaved
from desktop.ui.widgets.history import add_history_tab
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.text_limits import limit_text

TEXT_FIELDS = ("name", "city", "hometown", "occupation", "association", "phone", "email", "notes")
OK_STYLE = "background: #e8f5e9; color: #1b5e20; border: 1px solid #81c784; padding: 6px;"


class ContactEditor(QDialog):
    """Create or edit one overseas-Vietnamese contact or association; `saved(id)` after each change."""

    saved = Signal(str)

    def __init__(self, services, contact_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.contact_id: str | None = None
        self.version: int | None = None
        self._snapshot: dict[str, Any] = {}
        self.setWindowTitle(_("Người Việt Nam ở nước ngoài"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 980, 680)
        self._build()
        limit_text(self.fields, services.records.text_limits("overseas_contact"))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._load(services.overseas.get_contact(contact_id) if contact_id else None)

    # --- building ------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.activities = ActivityTable(self.services, self._activities_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._main_tab(), _("Thông tin"))
        self.tabs.addTab(self.activities, _("Hoạt động"))
        self.history = add_history_tab(self, self.services, "overseas_contact", "contact_id")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._buttons())

    def _main_tab(self) -> QWidget:
        tab = QWidget()
        self.form = FieldForm(tab)
        f = self.form
        name = QLineEdit()
        name.setPlaceholderText(_("ví dụ: Hội người Việt Nam tại Busan, hoặc Nguyễn Thị Lan"))
        self.fields: dict[str, Any] = {
            "kind": f.add("kind", _("Loại"), enum_combo("overseas_contact_kind")),
            "name": f.add("name", _("Họ tên / tên hội *"), name),
            "country": f.add("country", _("Quốc gia *"), CountryCombo()),
            "city": f.add("city", _("Thành phố"), QLineEdit()),
            "hometown": f.add("hometown", _("Quê quán"), QLineEdit()),
            "occupation": f.add("occupation", _("Nghề nghiệp, lĩnh vực"), QLineEdit()),
            "association": f.add("association", _("Hội, đoàn thể tham gia"), QLineEdit()),
            "phone": f.add("phone", _("Điện thoại"), QLineEdit()),
            "email": f.add("email", _("Thư điện tử"), QLineEdit()),
            "notes": f.add("notes", _("Ghi chú"), QLineEdit()),
        }
        name.textChanged.connect(self._show_heading)
        return tab

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.setToolTip(_("Lưu thông tin (Ctrl+S)"))
        self.close_button = QPushButton(_("Đóng"))
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)  # Enter in a field must not save or close
            button.setMinimumWidth(110)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # --- content -------------------------------------------------------------------

    def _load(self, detail: ContactDetail | None) -> None:
        data = detail.data if detail else {"kind": "person"}
        self.contact_id = detail.id if detail else None
        self.version = detail.version if detail else None
        for key in TEXT_FIELDS:
            self.fields[key].setText(data.get(key) or "")
        select_data(self.fields["kind"], data.get("kind") or "person")
        self.fields["country"].set_code(data.get("country"))
        self.activities.show_records(self.contact_id, detail.activities if detail else [])
        self._snapshot = self.collect()
        self._show_heading()

    def collect(self) -> dict[str, Any]:
        """The contact as typed, in the service's terms."""
        data: dict[str, Any] = {key: self.fields[key].text() for key in TEXT_FIELDS}
        data["kind"] = self.fields["kind"].currentData()
        country = self.fields["country"]
        data["country"] = country.code() if country.code() else (country.currentText().strip() or None)
        return data

    def is_dirty(self) -> bool:
        """True when something was typed since the last load or save."""
        return self.collect() != self._snapshot

    def _show_heading(self) -> None:
        name = self.fields["name"].text().strip() or _("Kiều bào, hội mới")
        self.heading.setText(name)
        self.setWindowTitle(f"{name} — {_('Người Việt Nam ở nước ngoài')}")

    # --- saving --------------------------------------------------------------------

    def save(self) -> bool:
        """Store the contact; on problems show them beside the fields and stay open."""
        country_problem = self.fields["country"].error()
        try:
            if country_problem:
                problems = [p for p in self.services.overseas.validate_contact(self.collect())
                            if p.field != "country"]
                raise ValidationError([*problems, FieldProblem("country", country_problem)])
            detail = self.services.overseas.save_contact(self.collect(), self.contact_id, self.version)
        except ValidationError as exc:
            self.tabs.setCurrentIndex(0)
            elsewhere = self.form.show_problems(exc)
            self._banner(ERROR_STYLE, errors.refusal([*self.form.shown_problems(), *elsewhere]))
            return False
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self.form.clear_errors()
        self._load(detail)
        self._banner(OK_STYLE, _("Đã lưu — phiên bản {v}.").format(v=detail.version))
        self.saved.emit(detail.id)
        return True

    def _banner(self, style: str, text: str) -> None:
        self.banner.setStyleSheet(f"QLabel {{ {style} }}")
        self.banner.setText(text)
        self.banner.show()

    def _activities_changed(self) -> None:
        """An activity was stored or deleted: show the list again and tell the page."""
        try:
            detail = self.services.overseas.get_contact(self.contact_id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.activities.show_records(detail.id, detail.activities)
        self.saved.emit(detail.id)

    def forget_changes(self) -> None:
        """What is typed now counts as saved: closing asks nothing (after Lưu or Không lưu)."""
        self._snapshot = self.collect()

    def reject(self) -> None:
        """Esc, Đóng or the window's close button: Lưu / Không lưu / Hủy before unsaved edits go."""
        if not unsaved.may_close(self):
            return
        self.forget_changes()
        super().reject()
