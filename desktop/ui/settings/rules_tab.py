"""Quy tắc: every rule with its parameters and legal source, editable."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.i18n import N_, _, format_date
from desktop.services.rules import is_date_param
from desktop.ui.dialogs.form import FieldForm, open_modal
from desktop.ui.settings.tables import fill_rows, read_only_table, selected_row
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField

SEVERITY_LABELS = {"blocking": N_("Chặn"), "warning": N_("Cảnh báo"), "reminder": N_("Nhắc việc"),
                   "overdue": N_("Quá hạn")}
MAX_PARAM = 3650
# list parameters whose items are values of an enum: edited as one checkbox per value
LIST_ENUMS = {"directions": "direction"}


def is_number(value) -> bool:
    """Whether a rule parameter is a whole number the dialog edits with a spin box."""
    return isinstance(value, int) and not isinstance(value, bool)


def value_text(key: str, value) -> str:
    """A parameter's value as the table shows it ("Đoàn ra, Đoàn vào" for a list of directions)."""
    if isinstance(value, list):
        labels = ENUM_LABELS.get(LIST_ENUMS.get(key, ""), {})
        return ", ".join(_(labels.get(v, str(v))) for v in value) or _("(không)")
    if is_date_param(value):
        return format_date(date.fromisoformat(value))
    return str(value)


def params_text(rule) -> str:
    """One "label: value" line per parameter, for the table."""
    return "\n".join(f"{_(rule.param_labels.get(k, k))}: {value_text(k, v)}" for k, v in rule.params.items())


class RuleDialog(QDialog):
    """One rule: a spin box per numeric parameter, the source, enabled, restore default."""

    def __init__(self, services, rule, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.rule = services, rule
        self.setWindowTitle(_("Quy tắc {code}").format(code=rule.code))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{rule.code}</b> — {_(rule.title)}")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.form = FieldForm()
        self.spins = {key: self.form.add(key, _(rule.param_labels.get(key, key)), self._spin(value))
                      for key, value in rule.params.items() if is_number(value)}
        self.choices = {key: self._checks(key, value) for key, value in rule.params.items() if key in LIST_ENUMS}
        self.dates = {key: self.form.add(key, _(rule.param_labels.get(key, key)), self._day(value))
                      for key, value in rule.params.items() if is_date_param(value)}
        self.source = self.form.add("source", _("Căn cứ"), QPlainTextEdit(rule.source))
        self.source.setMinimumHeight(80)
        self.enabled = self.form.add("enabled", "", QCheckBox(_("Áp dụng quy tắc này")))
        self.enabled.setChecked(rule.enabled)
        layout.addLayout(self.form)
        layout.addLayout(self._buttons())

    def _spin(self, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, MAX_PARAM)
        spin.setValue(value)
        return spin

    def _day(self, value: str) -> DateField:
        field = DateField()
        field.setDate(date.fromisoformat(value))
        return field

    def _checks(self, key: str, chosen: list) -> dict[str, QCheckBox]:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        checks = {}
        for value, label in ENUM_LABELS[LIST_ENUMS[key]].items():
            checks[value] = QCheckBox(_(label))
            checks[value].setChecked(value in chosen)
            row.addWidget(checks[value])
        row.addStretch(1)
        self.form.add(key, _(self.rule.param_labels.get(key, key)), box)
        return checks

    def params(self) -> dict:
        """The parameters as edited."""
        params = {**self.rule.params, **{k: s.value() for k, s in self.spins.items()}}
        for key, checks in self.choices.items():
            params[key] = [value for value, check in checks.items() if check.isChecked()]
        for key, field in self.dates.items():  # an unreadable day goes as typed: the service names it
            params[key] = field.date().isoformat() if field.date() else field.text()
        return params

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.restore_button = QPushButton(_("Khôi phục mặc định"))
        self.restore_button.clicked.connect(self.restore_default)
        box = QDialogButtonBox()
        self.ok_button = box.addButton(_("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(box)
        return row

    def save(self) -> None:
        """Store the parameters, source and switch."""
        if self.form.attempt(self, lambda: self.services.rules.update(
                self.rule.code, self.params(), self.source.toPlainText(), self.enabled.isChecked())):
            self.accept()

    def restore_default(self) -> None:
        """Forget this rule's edits after confirmation."""
        if errors.confirm(self, _("Khôi phục mặc định"),
                          _("Đưa quy tắc {code} về giá trị và căn cứ mặc định?").format(code=self.rule.code)):
            self.services.rules.restore_default(self.rule.code)
            self.accept()


class RulesTab(QWidget):
    """The rules table with "Sửa…"."""

    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        layout = QVBoxLayout(self)
        note = QLabel(_("Mỗi con số là giá trị mặc định có thể sửa; hãy ghi rõ căn cứ khi thay đổi."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = read_only_table([_("Mã"), _("Quy tắc"), _("Mức"), _("Tham số"), _("Căn cứ"), _("Áp dụng")],
                                     stretch=4)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column, width in ((1, 260), (3, 330)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.edit_button = QPushButton(_("Sửa…"))
        self.edit_button.clicked.connect(self.edit_selected)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        """Re-read the rules."""
        self.rules = self.services.rules.list()
        rows = [[r.code + (" *" if r.edited else ""), _(r.title), _(SEVERITY_LABELS.get(r.severity, r.severity)),
                 params_text(r), _(r.source), _("Có") if r.enabled else _("Không")] for r in self.rules]
        fill_rows(self.table, rows, [_(r.source) for r in self.rules])
        self.table.resizeRowsToContents()

    def edit_selected(self) -> None:
        """Open the selected rule."""
        row = selected_row(self.table)
        if row >= 0:
            self.edit(self.rules[row].code)

    def edit(self, code: str) -> None:
        """Open rule `code`'s dialog; reload and announce after a change."""
        rule = next(r for r in self.rules if r.code == code)
        self.dialog = open_modal(RuleDialog(self.services, rule, self), self._rule_changed)

    def _rule_changed(self) -> None:
        self.reload()
        self.changed.emit()
