"""The NGO editor: tabs on the left (information, certificates, contacts, reports), findings on the right.

Saving keeps the window open so certificates, contacts and reports can be added
at once; each of those is stored when its own dialog closes, and the findings
panel then shows R10–R12 for what is stored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError, ValidationError
from desktop.i18n import _, format_date
from desktop.services.ngos import NgoDetail
from desktop.ui.dialogs.form import ERROR_STYLE, FieldForm
from desktop.ui.ngos.records import CertificateTable, ContactTable, ReportTable, country_combo
from desktop.ui.widgets import errors, unsaved
from desktop.ui.widgets.findings_panel import FindingsPanel
from desktop.ui.widgets.history import add_history_tab
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.text_limits import limit_text

TEXT_FIELDS = ("name_original", "name_vi", "vn_counterpart", "address", "phone", "email", "notes")
OK_STYLE = "background: #e8f5e9; color: #1b5e20; border: 1px solid #81c784; padding: 6px;"


class SectorChecks(QWidget):
    """One checkbox per sector, in two columns."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (value, label) in enumerate(ENUM_LABELS["ngo_sector"].items()):
            self.boxes[value] = QCheckBox(_(label))
            grid.addWidget(self.boxes[value], i // 2, i % 2)

    def values(self) -> list[str]:
        """The sectors ticked, in the enum's order."""
        return [value for value, box in self.boxes.items() if box.isChecked()]

    def set_values(self, values: list[str]) -> None:
        """Tick exactly `values`."""
        for value, box in self.boxes.items():
            box.setChecked(value in values)


class AreaPicker(QWidget):
    """Districts and communes ticked from the unit list, plus other places typed freely."""

    def __init__(self, unit_names: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setMaximumHeight(150)
        for name in unit_names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.other = QLineEdit()
        self.other.setPlaceholderText(_("Địa bàn khác, cách nhau bởi dấu chấm phẩy (;)"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.other)

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def values(self) -> list[str]:
        """Ticked units first, then the places typed."""
        ticked = [i.text() for i in self._items() if i.checkState() == Qt.CheckState.Checked]
        return ticked + [p.strip() for p in self.other.text().split(";") if p.strip()]

    def set_values(self, values: list[str]) -> None:
        """Tick the known units among `values`; the rest goes to the free-text field."""
        known = {i.text() for i in self._items()}
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.text() in values else Qt.CheckState.Unchecked)
        self.other.setText("; ".join(v for v in values if v not in known))

    def tick(self, name: str) -> None:
        """Tick one unit by name (keyboard users and tests)."""
        for item in self.list.findItems(name, Qt.MatchFlag.MatchExactly):
            item.setCheckState(Qt.CheckState.Checked)


class NgoEditor(QDialog):
    """Create or edit one foreign NGO."""

    def __init__(self, services, ngo_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.ngo_id: str | None = None
        self.version: int | None = None
        self.changed = False
        self.setWindowTitle(_("Tổ chức phi chính phủ nước ngoài"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 1100, 720)
        self._build()
        limit_text(self.fields, services.records.text_limits("foreign_ngo"))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._load(services.ngos.get(ngo_id) if ngo_id else None)

    # --- construction ------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._tabs())
        splitter.addWidget(self._side())
        splitter.setSizes([700, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons())

    def _tabs(self) -> QTabWidget:
        self.certificates = CertificateTable(self.services, self._sub_changed)
        self.contacts = ContactTable(self.services, self._sub_changed)
        self.reports = ReportTable(self.services, self._sub_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._main_tab(), _("Thông tin"))
        self.tabs.addTab(self.certificates, _("Giấy đăng ký"))
        self.tabs.addTab(self.contacts, _("Liên hệ"))
        self.tabs.addTab(self.reports, _("Báo cáo hằng năm"))
        self.history = add_history_tab(self, self.services, "foreign_ngo", "ngo_id")
        return self.tabs

    def _main_tab(self) -> QWidget:
        tab = QWidget()
        self.form = FieldForm(tab)
        f = self.form
        units = [u.name for u in self.services.units.list(include_retired=True) if u.level != "province"]
        self.fields: dict[str, Any] = {
            "name_original": f.add("name_original", _("Tên gốc (tên giao dịch) *"), QLineEdit()),
            "name_vi": f.add("name_vi", _("Tên tiếng Việt"), QLineEdit()),
            "country": f.add("country", _("Quốc gia"), country_combo(_("(chưa chọn)"))),
            "sectors": f.add("sectors", _("Lĩnh vực hoạt động"), SectorChecks()),
            "areas": f.add("areas", _("Địa bàn hoạt động"), AreaPicker(units)),
            "vn_counterpart": f.add("vn_counterpart", _("Đối tác Việt Nam"), QLineEdit()),
            "address": f.add("address", _("Địa chỉ"), QLineEdit()),
            "phone": f.add("phone", _("Điện thoại"), QLineEdit()),
            "email": f.add("email", _("Thư điện tử"), QLineEdit()),
            "notes": f.add("notes", _("Ghi chú"), QLineEdit()),
        }
        self.fields["name_original"].textChanged.connect(self._show_heading)
        self.fields["name_vi"].textChanged.connect(self._show_heading)
        return tab

    def _side(self) -> QWidget:
        side = QWidget()
        self.current_label = QLabel()
        self.current_label.setWordWrap(True)
        self.current_label.setStyleSheet("font-weight: 600;")
        title = QLabel(_("Kiểm tra theo quy định"))
        title.setStyleSheet("font-weight: 600;")
        self.findings = FindingsPanel()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.current_label)
        layout.addWidget(title)
        layout.addWidget(self.findings, 1)
        return side

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.setToolTip(_("Lưu thông tin tổ chức (Ctrl+S)"))
        self.close_button = QPushButton(_("Đóng"))
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)  # Enter in a field must not save or close
            button.setMinimumWidth(110)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # --- data ------------------------------------------------------------------

    def _load(self, detail: NgoDetail | None) -> None:
        data = detail.data if detail else {}
        self.ngo_id = detail.id if detail else None
        self.version = detail.version if detail else None
        for key in TEXT_FIELDS:
            self.fields[key].setText(data.get(key) or "")
        country = self.fields["country"]
        country.setCurrentIndex(max(country.findData(data.get("country")), 0))
        self.fields["sectors"].set_values(data.get("sectors") or [])
        self.fields["areas"].set_values(data.get("areas") or [])
        self._show_subs(detail)
        self._show_heading()
        self.forget_changes()

    def is_dirty(self) -> bool:
        """True when something was typed since the form was filled or saved."""
        return self.collect() != self._snapshot

    def forget_changes(self) -> None:
        """What is typed now counts as saved: closing asks nothing (after Lưu or Không lưu)."""
        self._snapshot = self.collect()

    def reject(self) -> None:
        """Esc, Đóng or the window's close button: Lưu / Không lưu / Hủy before unsaved edits go."""
        if not unsaved.may_close(self):
            return
        self.forget_changes()
        super().reject()

    def _show_subs(self, detail: NgoDetail | None) -> None:
        ngo_id = detail.id if detail else None
        self.certificates.show_records(ngo_id, detail.certificates if detail else [])
        self.contacts.show_records(ngo_id, detail.contacts if detail else [])
        self.reports.show_records(ngo_id, detail.reports if detail else [])
        self.findings.set_findings(detail.findings if detail else [])
        current = detail.current_certificate if detail else None
        if current is None:
            self.current_label.setText(_("Chưa có giấy đăng ký."))
        else:
            self.current_label.setText(_("Giấy đăng ký hiện hành: số {number}, hết hạn {date}").format(
                number=current.data["number"], date=format_date(current.data["expires_on"])))

    def collect(self) -> dict[str, Any]:
        """The NGO's fields as typed, in the service's terms."""
        data: dict[str, Any] = {key: self.fields[key].text() for key in TEXT_FIELDS}
        data["country"] = self.fields["country"].currentData()
        data["sectors"] = self.fields["sectors"].values()
        data["areas"] = self.fields["areas"].values()
        return data

    def _show_heading(self) -> None:
        name = self.fields["name_vi"].text().strip() or self.fields["name_original"].text().strip()
        self.heading.setText(name or _("Tổ chức mới"))
        self.setWindowTitle(f"{name or _('Tổ chức mới')} — {_('Tổ chức PCP nước ngoài')}")

    # --- saving ----------------------------------------------------------------

    def save(self) -> bool:
        """Store the NGO; on problems show them beside the fields and stay open."""
        try:
            detail = self.services.ngos.save(self.collect(), self.ngo_id, self.version)
        except ValidationError as exc:
            self.tabs.setCurrentIndex(0)
            elsewhere = self.form.show_problems(exc)
            self._banner(ERROR_STYLE, errors.refusal([*self.form.shown_problems(), *elsewhere]))
            return False
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self.form.clear_errors()
        self.changed = True
        self._load(detail)
        self._banner(OK_STYLE, _("Đã lưu — phiên bản {v}.").format(v=detail.version))
        return True

    def _banner(self, style: str, text: str) -> None:
        self.banner.setStyleSheet(f"QLabel {{ {style} }}")
        self.banner.setText(text)
        self.banner.show()

    def _sub_changed(self) -> None:
        """A certificate, contact or report was stored: show the lists and findings again."""
        self.changed = True
        try:
            detail = self.services.ngos.get(self.ngo_id)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.version = detail.version
        self._show_subs(detail)
