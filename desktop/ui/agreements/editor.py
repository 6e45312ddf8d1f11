"""An agreement with a foreign locality or organisation: the partner, the text signed, its validity,
and the delegations, conferences and promotion activities carried out under it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import N_, _, format_date
from desktop.ui.delegations.countries import CountryCombo
from desktop.ui.delegations.fields import enum_combo, select_data
from desktop.ui.dialogs.form import FieldForm, read_date
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.history import history_button
from desktop.ui.widgets.record_editor import EditorBasics
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.text_limits import limit_text

LINES = ("partner", "title", "signing_authority", "notes")
COMBOS = ("partner_kind", "kind", "status")
DATES = ("signed_on", "valid_until")
LIST_FIELD = {"delegation": "delegation_ids", "conference": "conference_ids", "promotion_activity": "promotion_ids"}
ENTITY_WORDS = {"delegation": N_("Đoàn"), "conference": N_("Hội nghị"), "promotion_activity": N_("Xúc tiến")}
LINK_ROLE = Qt.ItemDataRole.UserRole


def _link_text(link) -> str:
    return f"{_(ENTITY_WORDS[link.entity])} · {format_date(link.on)} · {link.title}"


class ActivityPicker(QDialog):
    """Tick the unit's delegations, conferences and promotion activities carried out under the agreement."""

    def __init__(self, services, taken: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Chọn hoạt động thực hiện thỏa thuận"))
        self.setMinimumSize(640, 420)
        self.services, self.taken = services, taken
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Tìm theo tên đoàn, hội nghị, hoạt động (không cần dấu)"))
        self.search.textChanged.connect(self._fill)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Các hoạt động của đơn vị"))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Thêm các mục đã chọn"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        try:
            links = self.services.agreements.candidates(self.search.text())
        except AppError as exc:
            errors.show_error(self, exc)
            return
        for link in links:
            if link.id in self.taken:
                continue
            item = QListWidgetItem(_link_text(link))
            item.setData(LINK_ROLE, link)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)

    def chosen(self) -> list:
        """The activities ticked."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [i.data(LINK_ROLE) for i in items if i.checkState() == Qt.CheckState.Checked]


class AgreementEditor(EditorBasics, QDialog):
    """Create or edit one agreement; `saved(id)` after each save."""

    saved = Signal(str)

    def __init__(self, services, agreement_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.agreement_id: str | None = None
        self.version: int | None = None
        self.links: list = []
        self.picker: ActivityPicker | None = None
        self._snapshot: tuple = ()
        self.setWindowTitle(_("Thỏa thuận quốc tế"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 900, 640)
        self._build()
        limit_text(self.fields, services.records.text_limits("international_agreement"))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._load(services.agreements.get(agreement_id) if agreement_id else None)

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.form = f = FieldForm()
        partner = QLineEdit()
        partner.setPlaceholderText(_("ví dụ: Thành phố Gimhae, tỉnh Gyeongsangnam-do"))
        title = QLineEdit()
        title.setPlaceholderText(_("ví dụ: Thỏa thuận thiết lập quan hệ hữu nghị và hợp tác"))
        self.fields: dict[str, Any] = {
            "partner": f.add("partner", _("Đối tác nước ngoài *"), partner),
            "partner_kind": f.add("partner_kind", _("Loại đối tác"), enum_combo("partner_kind")),
            "country": f.add("country", _("Quốc gia *"), CountryCombo()),
            "kind": f.add("kind", _("Loại thỏa thuận *"), enum_combo("agreement_kind")),
            "title": f.add("title", _("Tên văn bản *"), title),
            "signed_on": f.add("signed_on", _("Ngày ký"), DateField()),
            "valid_until": f.add("valid_until", _("Hiệu lực đến"), DateField()),
            "signing_authority": f.add("signing_authority", _("Cơ quan, người ký"), QLineEdit()),
            "status": f.add("status", _("Tình trạng"), enum_combo("agreement_status")),
            "notes": f.add("notes", _("Ghi chú"), QLineEdit()),
        }
        self.activity_list = QListWidget()
        self.activity_list.setAccessibleName(_("Hoạt động thực hiện thỏa thuận"))
        self.activity_list.setMaximumHeight(130)
        f.add("activities", _("Hoạt động thực hiện"), self.activity_list)
        row = QHBoxLayout()
        self.add_activity_button = QPushButton(_("Thêm hoạt động…"))
        self.add_activity_button.clicked.connect(self.pick_activities)
        self.remove_activity_button = QPushButton(_("Bỏ khỏi danh sách"))
        self.remove_activity_button.clicked.connect(self.remove_activity)
        row.addWidget(self.add_activity_button)
        row.addWidget(self.remove_activity_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addLayout(f)
        layout.addLayout(row)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.setToolTip(_("Lưu thỏa thuận (Ctrl+S)"))
        self.close_button = QPushButton(_("Đóng"))
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
            button.setMinimumWidth(110)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(history_button(self, self.services, "international_agreement", "agreement_id"))
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    # --- content -------------------------------------------------------------------

    def _load(self, detail) -> None:
        data = detail.data if detail else {"partner_kind": "locality", "kind": "cooperation", "status": "in_force"}
        self.agreement_id = detail.id if detail else None
        self.version = detail.version if detail else None
        for key in LINES:
            self.fields[key].setText(data.get(key) or "")
        for key in COMBOS:
            select_data(self.fields[key], data.get(key))
        for key in DATES:
            self.fields[key].setDate(data.get(key))
        self.fields["country"].set_code(data.get("country"))
        self.links = list(detail.linked) if detail else []
        self._show_links()
        self._snapshot = self._state()
        partner = data.get("partner") or _("Thỏa thuận mới")
        self.heading.setText(partner)
        self.setWindowTitle(f"{partner} — {_('Thỏa thuận quốc tế')}")

    def _show_links(self) -> None:
        self.activity_list.clear()
        for link in self.links:
            item = QListWidgetItem(_link_text(link))
            item.setData(LINK_ROLE, link)
            self.activity_list.addItem(item)

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The agreement as typed, and the messages of unreadable dates."""
        data: dict[str, Any] = {key: self.fields[key].text() for key in LINES}
        data.update({key: self.fields[key].currentData() for key in COMBOS})
        country = self.fields["country"]
        data["country"] = country.code() if country.code() else (country.currentText().strip() or None)
        for entity, key in LIST_FIELD.items():
            data[key] = [link.id for link in self.links if link.entity == entity]
        bad: dict[str, str] = {}
        for key in DATES:
            data[key], problem = read_date(self.fields[key])
            if problem:
                bad[key] = problem
        if country.error():
            bad["country"] = country.error()
        return data, bad

    def _state(self) -> tuple:
        data, bad = self.collect()
        return tuple(sorted((k, str(v)) for k, v in data.items())), tuple(sorted(bad.items()))

    # --- activities ------------------------------------------------------------------

    def pick_activities(self) -> None:
        self.picker = ActivityPicker(self.services, {link.id for link in self.links}, self)
        self.picker.accepted.connect(self._picked)
        self.picker.open()

    def _picked(self) -> None:
        self.links += self.picker.chosen()
        self._show_links()

    def remove_activity(self) -> None:
        row = self.activity_list.currentRow()
        if 0 <= row < len(self.links):
            del self.links[row]
            self._show_links()

    # --- saving --------------------------------------------------------------------

    def save(self) -> bool:
        """Store the agreement; on problems show them beside the fields and stay open."""
        data, bad = self.collect()
        self.form.clear_errors()
        try:
            if bad:
                problems = [p for p in self.services.agreements.validate(data) if p.field not in bad]
                raise ValidationError([*problems, *(FieldProblem(k, m) for k, m in bad.items())])
            detail = self.services.agreements.save(data, self.agreement_id, self.version)
        except ValidationError as exc:
            elsewhere = self.form.show_problems(exc)
            self._banner("error", errors.refusal([*self.form.shown_problems(), *elsewhere]))
            return False
        except AppError as exc:
            errors.show_error(self, exc)
            return False
        self._load(detail)
        self._banner("ok", _("Đã lưu — phiên bản {v}.").format(v=detail.version))
        self.saved.emit(detail.id)
        return True
