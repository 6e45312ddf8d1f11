"""Mẫu văn bản: the body template of each form, its placeholders, a preview, restore default.

An unknown placeholder is named beside the editor and the text stays as typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, ValidationError
from desktop.i18n import _, format_date
from desktop.services.common import ListQuery
from desktop.services.delegations import Filter
from desktop.services.printing import FORMS, PrintError
from desktop.ui.dashboard.loader import BackgroundCall
from desktop.ui.dialogs.form import error_label
from desktop.ui.printing.preview import missing_text
from desktop.ui.printing.viewer import PdfViewer
from desktop.ui.widgets import errors
from desktop.ui.widgets.screen import fit_to_screen

RECENT = 30
NOTICE_STYLE = "color: #1b5e20;"


def capture(call):
    """Run `call`; an AppError comes back as the result, to be shown beside the editor."""
    try:
        return call()
    except AppError as exc:
        return exc


class TemplatePreview(QDialog):
    """A PDF made from a template being edited, in the preview's viewer."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 900, 820)
        self.viewer = PdfViewer()
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.viewer, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)


class TemplatesTab(QWidget):
    """Pick a form, edit its body, insert placeholders, preview with a delegation, save or restore."""

    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.form_code: str | None = None
        self._stored_text = ""
        self.preview_dialog: TemplatePreview | None = None
        self.previewer = BackgroundCall(self._preview_call, self)
        self.previewer.finished.connect(self._previewed)
        self.previewer.failed.connect(self._show_error)
        layout = QVBoxLayout(self)
        layout.addLayout(self._choices())
        layout.addWidget(self._editing(), 1)
        layout.addLayout(self._buttons())
        self.forms.currentIndexChanged.connect(self._form_chosen)
        self.load(self.forms.currentData())

    # --- building ---------------------------------------------------------------------------

    def _choices(self) -> QHBoxLayout:
        self.forms = QComboBox()
        for code, info in FORMS.items():
            self.forms.addItem(_(info.title), code)
        self.forms.setAccessibleName(_("Mẫu văn bản"))
        self.records = QComboBox()
        self.records.setMinimumWidth(320)
        self.records.setAccessibleName(_("Đoàn dùng để xem trước"))
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Mẫu:")))
        row.addWidget(self.forms)
        row.addSpacing(16)
        row.addWidget(QLabel(_("Xem trước với đoàn:")))
        row.addWidget(self.records, 1)
        return row

    def _editing(self) -> QSplitter:
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setAccessibleName(_("Nội dung mẫu"))
        self.editor.textChanged.connect(self._typed)
        self.state_label = QLabel()
        self.state_label.setStyleSheet("color: #555;")
        self.error = error_label()
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.state_label)
        column.addWidget(self.editor, 1)
        column.addWidget(self.error)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self._placeholder_list())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 380])
        return splitter

    def _placeholder_list(self) -> QWidget:
        self.placeholders = QListWidget()
        self.placeholders.setAccessibleName(_("Trường dữ liệu"))
        self.placeholders.setWordWrap(True)
        self.placeholders.itemClicked.connect(self.insert_placeholder)
        self.placeholders.itemActivated.connect(self.insert_placeholder)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(_("Trường dữ liệu (nhấp để chèn vào chỗ con trỏ):"))
        caption.setWordWrap(True)
        column.addWidget(caption)
        column.addWidget(self.placeholders, 1)
        return box

    def _buttons(self) -> QHBoxLayout:
        self.preview_button = QPushButton(_("Xem trước"))
        self.save_button = QPushButton(_("Lưu"))
        self.restore_button = QPushButton(_("Khôi phục mặc định"))
        self.notice = QLabel()
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.save)
        self.restore_button.clicked.connect(self.restore_default)
        row = QHBoxLayout()
        for button in (self.preview_button, self.save_button, self.restore_button):
            row.addWidget(button)
        row.addWidget(self.notice, 1)
        return row

    # --- content -------------------------------------------------------------------------------

    def load(self, form: str) -> None:
        """Show form `form`'s template, placeholders and delegations to preview with."""
        self.form_code = form
        try:
            text = self.services.printing.template(form)
            names = self.services.printing.placeholders(form)
            records = self._recent_records(form)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self._stored_text = text
        self.editor.setPlainText(text)
        self._fill_placeholders(names)
        self._fill_records(records)
        self._set_error("")
        self.notice.setText("")
        self._show_state()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        """Offer the delegations as they are now (the text being edited stays)."""
        super().showEvent(event)
        if self.form_code is None:
            return
        chosen = self.records.currentData()
        try:
            self._fill_records(self._recent_records(self.form_code))
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.records.setCurrentIndex(max(self.records.findData(chosen), 0))

    def _recent_records(self, form: str) -> list:
        """Recent records to preview `form` with: conferences for the conference plan, else delegations."""
        query = ListQuery(sort="start_date", descending=True, limit=RECENT)
        if FORMS[form].entity == "conference":
            return self.services.conferences.page(query)
        return self.services.delegations.page(query, Filter(direction=FORMS[form].direction))

    def _fill_placeholders(self, names: list[tuple[str, str]]) -> None:
        self.placeholders.clear()
        for name, description in names:
            item = QListWidgetItem(f"{{{name}}} — {description}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(description)
            self.placeholders.addItem(item)

    def _fill_records(self, rows: list) -> None:
        self.records.clear()
        for row in rows:
            self.records.addItem(f"{row.title} ({format_date(row.start_date)})", row.id)
        if not rows:
            self.records.addItem(_("(chưa có đoàn phù hợp để xem trước)"), None)
        self.preview_button.setEnabled(bool(rows))

    def is_modified(self) -> bool:
        """True when the text differs from the stored template."""
        return self.editor.toPlainText() != self._stored_text

    def _typed(self) -> None:
        self.notice.setText("")
        self._show_state()

    def _show_state(self) -> None:
        if self.form_code is None:
            return
        if self.is_modified():
            text = _("Đang sửa (chưa lưu).")
        elif self._stored_text == self.services.printing.default_template(self.form_code):
            text = _("Mẫu mặc định.")
        else:
            text = _("Mẫu đã được đơn vị sửa.")
        self.state_label.setText(text)

    def _form_chosen(self) -> None:
        code = self.forms.currentData()
        if code == self.form_code:
            return
        if self.is_modified() and not errors.confirm(
                self, _("Bỏ thay đổi?"), _("Mẫu đang sửa chưa được lưu. Chuyển sang mẫu khác và bỏ các thay đổi?")):
            self.forms.blockSignals(True)
            self.forms.setCurrentIndex(self.forms.findData(self.form_code))
            self.forms.blockSignals(False)
            return
        self.load(code)

    def insert_placeholder(self, item: QListWidgetItem) -> None:
        """Put "{name}" where the cursor is in the template."""
        self.editor.insertPlainText("{" + item.data(Qt.ItemDataRole.UserRole) + "}")
        self.editor.setFocus()

    # --- actions ---------------------------------------------------------------------------------

    def save(self) -> None:
        """Store the template; an unknown placeholder is named beside the editor."""
        text = self.editor.toPlainText()
        try:
            self.services.printing.save_template(self.form_code, text)
        except AppError as exc:
            self._show_error(exc)
            return
        self._stored_text = text
        self._set_error("")
        self.notice.setText(_("Đã lưu mẫu. Các bản in sau sẽ dùng mẫu này."))
        self._show_state()
        self.changed.emit()

    def restore_default(self) -> None:
        """Go back to the built-in template after asking."""
        title = self.forms.currentText()
        if not errors.confirm(self, _("Khôi phục mặc định"),
                              _("Đưa mẫu «{form}» về nội dung mặc định? Nội dung đơn vị đã sửa sẽ mất.")
                              .format(form=title)):
            return
        try:
            self.services.printing.restore_template(self.form_code)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.load(self.form_code)
        self.notice.setText(_("Đã khôi phục mẫu mặc định."))
        self.changed.emit()

    def preview(self) -> None:
        """Make a PDF from the text as typed with the chosen delegation (in the background)."""
        if self.records.currentData() is None:
            return
        self._set_error("")
        self.notice.setText(_("Đang tạo bản xem trước…"))
        self.preview_button.setEnabled(False)
        self._request = (self.form_code, self.editor.toPlainText(), self.records.currentData())
        self.previewer.start()

    def _preview_call(self):
        form, text, record = self._request
        return capture(lambda: self.services.printing.preview_template(form, text, record))

    def _previewed(self, result) -> None:
        self.preview_button.setEnabled(True)
        self.notice.setText("")
        if isinstance(result, AppError):
            self._show_error(result)
            return
        dialog = TemplatePreview(_("Xem trước mẫu — {form}").format(form=self.forms.currentText()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.viewer.set_pdf(result)
        dialog.show()
        self.preview_dialog = dialog

    def _show_error(self, error: AppError | str) -> None:
        self.preview_button.setEnabled(self.records.currentData() is not None)
        self.notice.setText("")
        if isinstance(error, ValidationError):
            text = "\n".join(p.message for p in error.problems) or str(error)
        elif isinstance(error, PrintError):
            text = missing_text(error)
        else:
            text = str(error)
        self._set_error(text)

    def _set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
