"""In ấn: the unit's header names, place, signer and recipients printed on every form."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.services.printing import PrintSettings
from desktop.ui.dialogs.form import FieldForm

AUTHORITIES = [("TM.", N_("TM. — thay mặt tập thể")), ("KT.", N_("KT. — ký thay người đứng đầu")),
               ("TL.", N_("TL. — thừa lệnh")), ("", N_("(không) — người đứng đầu ký"))]
NOTICE_STYLE = "color: #1b5e20;"
LINE_FIELDS = (
    ("managing_body", N_("Cơ quan chủ quản"), N_("ví dụ: UBND TỈNH ĐẮK LẮK")),
    ("issuing_unit", N_("Cơ quan ban hành"), N_("ví dụ: ỦY BAN NHÂN DÂN PHƯỜNG BUÔN MA THUỘT")),
    ("unit_abbrev", N_("Viết tắt trong số ký hiệu"), N_("ví dụ: UBND (số 05/TTr-UBND)")),
    ("place", N_("Địa danh"), N_("ví dụ: Buôn Ma Thuột")),
)
SIGNER_FIELDS = (
    ("signer_body", N_("Tập thể (sau TM.)"), N_("ví dụ: ỦY BAN NHÂN DÂN")),
    ("signer_title", N_("Chức vụ người ký"), N_("ví dụ: CHỦ TỊCH")),
    ("signer_name", N_("Họ tên người ký"), N_("ví dụ: Nguyễn Văn Bình")),
)


class PrintingTab(QWidget):
    """Edit PrintSettings; problems appear beside their fields and what was typed stays."""

    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.form = FieldForm()
        self.lines: dict[str, QLineEdit] = {}
        note = QLabel(_("Những thông tin này in ở phần đầu, phần ký và «Nơi nhận» của mọi văn bản "
                        "(Nghị định 30/2020/NĐ-CP)."))
        note.setWordWrap(True)
        self._add_lines(LINE_FIELDS)
        self.authority = self.form.add("signer_authority", _("Thẩm quyền ký"), self._authorities())
        self._add_lines(SIGNER_FIELDS)
        self.recipients = self.form.add("recipients", _("Nơi nhận (mỗi dòng một nơi)"), QPlainTextEdit())
        self.recipients.setTabChangesFocus(True)
        self.recipients.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 14)
        self.recipients.setMaximumWidth(560)
        self.recipients.setToolTip(_("Nơi đầu tiên cũng là nơi «Kính gửi» của tờ trình, công văn."))
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.clicked.connect(self.save)
        self.notice = QLabel()
        self.notice.setStyleSheet(NOTICE_STYLE)
        self._layout(note)
        self.load()

    def _add_lines(self, fields) -> None:
        for key, label, example in fields:
            edit = QLineEdit()
            edit.setPlaceholderText(_(example))
            edit.setMaximumWidth(560)
            self.lines[key] = self.form.add(key, _(label), edit)

    def _authorities(self) -> QComboBox:
        combo = QComboBox()
        for value, label in AUTHORITIES:
            combo.addItem(_(label), value)
        combo.setMaximumWidth(320)
        return combo

    def _layout(self, note: QLabel) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(note)
        column.addLayout(self.form)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.notice, 1)
        column.addLayout(row)
        column.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        """Show what is stored now, unless the user is in the middle of editing."""
        super().showEvent(event)
        if self.edited() == self._loaded:
            self.load()

    def load(self) -> None:
        """Show the stored settings."""
        current = self.services.printing.settings()
        self._loaded = current
        for key, edit in self.lines.items():
            edit.setText(getattr(current, key))
        if self.authority.findData(current.signer_authority) < 0:  # TUQ., Q.: kept as stored
            self.authority.addItem(current.signer_authority, current.signer_authority)
        self.authority.setCurrentIndex(self.authority.findData(current.signer_authority))
        self.recipients.setPlainText("\n".join(current.recipients))

    def edited(self) -> PrintSettings:
        """The settings as typed (recipients: one per non-empty line)."""
        recipients = tuple(line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip())
        values = {key: edit.text().strip() for key, edit in self.lines.items()}
        return PrintSettings(signer_authority=self.authority.currentData(), recipients=recipients, **values)

    def save(self) -> None:
        """Store the settings; the next PDF uses them."""
        self.notice.setText("")
        self.form.clear_errors()
        settings = self.edited()
        if self.form.attempt(self, lambda: self.services.printing.save_settings(settings)):
            self._loaded = self.services.printing.settings()
            self.notice.setText(_("Đã lưu. Các bản in sau sẽ dùng thông tin này."))
            self.changed.emit()
