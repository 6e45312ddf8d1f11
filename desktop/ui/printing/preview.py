"""Xem trước: a form of a record rendered off the UI thread, then printed, saved or registered.

Nothing is written when the record lacks what the form needs: the dialog
lists what to fill in ("Cần bổ sung trước khi in:") and offers to go back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import _, format_date
from desktop.services.printing import FORMS, PrintError
from desktop.ui.dashboard.loader import BackgroundCall
from desktop.ui.dialogs.form import open_modal
from desktop.ui.printing.print_menu import pdf_file_name, register_summary
from desktop.ui.printing.sign_dialog import SignDialog
from desktop.ui.printing.viewer import PdfViewer, new_printer, print_document
from desktop.ui.widgets import errors
from desktop.ui.widgets.screen import fit_to_screen

LAST_FOLDER = "print/last_folder"
MISSING_STYLE = "QLabel { background: #fdecea; color: #8e1b1b; border: 1px solid #e57373; padding: 10px; }"
NOTICE_STYLE = "color: #1b5e20;"


def attempt(call):
    """Run `call`; a PrintError comes back as the result (the dialog shows its list)."""
    try:
        return call()
    except PrintError as exc:
        return exc


def missing_text(error: PrintError) -> str:
    """'Cần bổ sung trước khi in:' and one bullet per thing to fill in."""
    items = list(getattr(error, "missing", None) or []) or [str(error)]
    return _("Cần bổ sung trước khi in:") + "\n" + "\n".join(f"• {item}" for item in items)


class PreviewDialog(QDialog):
    """The PDF of `form` for the record `record_id` (a delegation or a conference), with In…, Lưu PDF…, register and sign."""

    documentsChanged = Signal()

    def __init__(self, services, form: str, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.form, self.record_id = services, form, record_id
        self.info = FORMS[form]
        self.entity = self.info.entity  # the register of the record: "delegation" or "conference"
        self.title = services.printing.record_title(form, record_id)
        self.entry = self._registered()
        self.saved_path: Path | None = None
        self._target: Path | None = None
        self._printable = False
        self._build()
        self.renderer = BackgroundCall(self._render_call, self)
        self.renderer.finished.connect(self._rendered)
        self.renderer.failed.connect(self._failed)
        self.writer = BackgroundCall(self._write_call, self)
        self.writer.finished.connect(self._written)
        self.writer.failed.connect(self._write_failed)
        self.render()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(_("Xem trước — {form}").format(form=_(self.info.title)))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 980, 860)
        heading = QLabel(f"<b>{_(self.info.title)}</b> — {self.title}")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.register_label = QLabel()
        self.register_label.setStyleSheet("color: #555;")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.register_label)
        layout.addWidget(self._pages(), 1)
        layout.addWidget(self.notice)
        layout.addLayout(self._buttons())
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_pdf)
        self._show_register()

    def _pages(self) -> QStackedWidget:
        self.viewer = PdfViewer()
        self.pages = QStackedWidget()
        self.pages.addWidget(self._busy_page())
        self.pages.addWidget(self.viewer)
        self.pages.addWidget(self._missing_page())
        return self.pages

    def _busy_page(self) -> QWidget:
        page = QWidget()
        self.busy_label = QLabel(_("Đang tạo bản in…"))
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QProgressBar()
        bar.setRange(0, 0)  # moving, no percentage: the length of the work is unknown
        bar.setMaximumWidth(320)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.busy_label)
        column.addWidget(bar, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        return page

    def _missing_page(self) -> QWidget:
        page = QWidget()
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_label.setStyleSheet(MISSING_STYLE)
        self.missing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.back_button = QPushButton(_("Quay lại để bổ sung"))
        self.back_button.clicked.connect(self.reject)
        column = QVBoxLayout(page)
        column.addWidget(self.missing_label)
        column.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        return page

    def _buttons(self) -> QHBoxLayout:
        self.print_button = QPushButton(_("In…"))
        self.print_button.setToolTip(_("In bằng máy in của hệ thống (Ctrl+P)"))
        self.save_button = QPushButton(_("Lưu PDF…"))
        self.register_button = QPushButton(_("Ghi vào sổ văn bản đi"))
        self.sign_button = QPushButton(_("Đánh dấu đã ký…"))
        self.close_button = QPushButton(_("Đóng"))
        self.close_button.setToolTip(_("Đóng (Esc)"))
        slots = ((self.print_button, self.print_pdf), (self.save_button, self.save_pdf),
                 (self.register_button, self.register), (self.sign_button, self.mark_signed),
                 (self.close_button, self.reject))
        row = QHBoxLayout()
        for button, slot in slots:
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            if button is self.save_button:
                row.addStretch(1)
        return row

    # --- rendering -----------------------------------------------------------------------

    def render(self) -> None:
        """Make the PDF again in the background (after registering or signing, with the number)."""
        self.pages.setCurrentIndex(0)
        self._printable = False
        self._update_buttons()
        self.renderer.start()

    def _render_call(self):
        entry = self.entry
        return attempt(lambda: self.services.printing.render(self.form, self.record_id,
                                                             entry.id if entry else None))

    def _rendered(self, result) -> None:
        if isinstance(result, PrintError):
            self.show_missing(result)
            return
        try:
            self.viewer.set_pdf(result)
        except AppError as exc:
            self._failed(str(exc))
            return
        self.pages.setCurrentWidget(self.viewer)
        self._printable = True
        self._update_buttons()

    def show_missing(self, error: PrintError) -> None:
        """Say what the record lacks; nothing can be printed, saved or registered."""
        self.missing_label.setText(missing_text(error))
        self.missing_label.setAccessibleName(self.missing_label.text())
        self.pages.setCurrentWidget(self.missing_label.parentWidget())
        self._printable = False
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self.missing_label.setText(message)
        self.pages.setCurrentWidget(self.missing_label.parentWidget())
        self._update_buttons()

    def done(self, result: int) -> None:
        """Close (Esc, Đóng); the dialog is deleted once no background work still reports to it."""
        super().done(result)
        self._dispose_when_idle()

    def _dispose_when_idle(self) -> None:
        if self.is_busy():
            QTimer.singleShot(100, self._dispose_when_idle)
        else:
            self.deleteLater()

    def is_busy(self) -> bool:
        """True while the PDF is being made or written."""
        return self.renderer.busy() or self.writer.busy()

    # --- printing and saving ---------------------------------------------------------------

    def print_pdf(self) -> None:
        """Choose a printer in the system dialog and print every page."""
        if not self._printable:
            return
        printer = new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("In {form}").format(form=_(self.info.title)))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer) -> int:
        """Send the pages shown to `printer`; returns how many were printed."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = print_document(self.viewer.document, printer)
        except AppError as exc:
            errors.show_error(self, exc)
            return 0
        finally:
            QApplication.restoreOverrideCursor()
        self.notice.setText(_("Đã gửi {n} trang tới máy in.").format(n=pages))
        return pages

    def save_pdf(self) -> None:
        """Ask where, then write the PDF there (whole or not at all)."""
        if not self._printable:
            return
        folder = Path(self.services.device.get_setting(LAST_FOLDER, str(Path.home())))
        name = pdf_file_name(self.info.doc_type, self.form, self.title)
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Lưu bản PDF"), str(folder / name),
                                                      _("Tệp PDF (*.pdf)"))
        if not chosen:
            return
        target = Path(chosen)
        self._target = target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")
        self.notice.setText(_("Đang lưu…"))
        self.save_button.setEnabled(False)
        self.writer.start()

    def _write_call(self) -> Path:
        entry = self.entry
        return self.services.printing.write(self.form, self.record_id, self._target, entry.id if entry else None)

    def _written(self, path) -> None:
        self.saved_path = Path(path)
        self.services.device.put_setting(LAST_FOLDER, str(self.saved_path.parent))
        self.notice.setText(_("Đã lưu: {path}").format(path=self.saved_path))
        self._update_buttons()

    def _write_failed(self, message: str) -> None:
        self.notice.setText("")
        self._update_buttons()
        errors.show_error(self, message)

    # --- the outgoing-document register -------------------------------------------------------

    def _registered(self):
        """This form's register entry for the record: the signed one, else the newest draft."""
        entries = [d for d in self.services.documents.for_record(self.entity, self.record_id) if d.form == self.form]
        signed = [d for d in entries if d.status == "signed"]
        return (signed or entries or [None])[-1]

    def register(self) -> None:
        """Enter the document in the outgoing register as a draft (once per form and record)."""
        if self.entry is not None or not self._printable:
            return
        try:
            self.entry = self._create_entry()
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self._register_changed(_("Đã ghi vào sổ văn bản đi (dự thảo, chưa có số)."))

    def _create_entry(self):
        summary = register_summary(self.form, _(self.info.title), self.title)
        return self.services.documents.create(self.info.doc_type, summary, self.form, self.entity, self.record_id)

    def mark_signed(self) -> None:
        """Ask the signing date and signer; the register assigns the number."""
        if not self._printable or (self.entry is not None and self.entry.status == "signed"):
            return
        summary = self.entry.summary if self.entry else _(self.info.title)
        dialog = SignDialog(summary, self.services.ctx.today(), self.services.printing.settings().signer_name,
                            self._sign, self)
        self.sign_dialog = open_modal(dialog, lambda: self._register_changed(
            _("Đã ký — số {symbol}.").format(symbol=self.entry.symbol)))

    def _sign(self, signed_on, signer: str):
        if self.entry is None:
            self.entry = self._create_entry()
        self.entry = self.services.documents.mark_signed(self.entry.id, signed_on, signer)
        return self.entry

    def _register_changed(self, message: str) -> None:
        self._show_register()
        self.notice.setText(message)
        self.documentsChanged.emit()
        self.render()

    def _show_register(self) -> None:
        if self.entry is None:
            text = _("Chưa ghi vào sổ văn bản đi.")
        elif self.entry.status == "signed":
            text = _("Sổ văn bản đi: số {symbol}, ký ngày {day}.").format(
                symbol=self.entry.symbol, day=format_date(self.entry.issued_on))
        else:
            text = _("Sổ văn bản đi: dự thảo, số được cấp khi đánh dấu đã ký.")
        self.register_label.setText(text)

    def _update_buttons(self) -> None:
        ready = self._printable and not self.writer.busy()
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.register_button.setEnabled(ready and self.entry is None)
        self.sign_button.setEnabled(ready and (self.entry is None or self.entry.status != "signed"))


def show_preview(services, form: str, record_id: str, parent: QWidget | None = None) -> PreviewDialog:
    """Open the preview of `form` for `record_id` over `parent` (window-modal, no nested event loop)."""
    dialog = PreviewDialog(services, form, record_id, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog
