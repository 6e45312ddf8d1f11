"""The recovery key, shown once when the register is encrypted: to print and keep in the office safe.

It opens the register when every password is lost (`doingoai user passwd NAME --recovery`, or "Quên mật
khẩu?" on the login screen). The window does not close until the person says it is written down or
printed: nobody can show it again.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontDatabase, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _

WARNING = N_("Đây là khóa khôi phục của sổ. Khi mọi mật khẩu đều bị quên, chỉ khóa này mở được sổ; không ai, kể cả "
           "người làm ra chương trình, lấy lại được dữ liệu nếu mất cả mật khẩu lẫn khóa này. Hãy in (hoặc chép tay) "
           "rồi cất vào tủ an toàn của cơ quan; đừng lưu nó trên chính máy này. Khóa chỉ hiện một lần.")


def qr_image(text: str, scale: int = 6) -> QImage:
    """A QR code of `text` (segno), as an image."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    image = QImage()
    image.loadFromData(buffer.getvalue(), "PNG")
    return image


class RecoveryKeyDialog(QDialog):
    """The recovery key in groups of four and as a QR code, with a printout."""

    def __init__(self, recovery: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.recovery = recovery
        self.setWindowTitle(_("Khóa khôi phục của sổ — hãy in và cất giữ"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        warning = QLabel(_(WARNING))
        warning.setWordWrap(True)
        warning.setStyleSheet("QLabel { background: #fff8e1; color: #6d4c00; border: 1px solid #ffb300; padding: 8px; }")
        layout.addWidget(warning)
        row = QHBoxLayout()
        self.qr = QLabel()
        self.qr.setPixmap(QPixmap.fromImage(qr_image(recovery, 4)))
        row.addWidget(self.qr)
        self.key = QLabel(self._lines())
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(14)
        font.setBold(True)
        self.key.setFont(font)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAccessibleName(recovery)
        row.addWidget(self.key, 1)
        layout.addLayout(row)
        self.kept = QCheckBox(_("Tôi đã in hoặc chép lại khóa khôi phục và sẽ cất vào tủ an toàn"))
        layout.addWidget(self.kept)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("In…"))
        self.print_button.clicked.connect(self.print_key)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.done_button = buttons.addButton(_("Tiếp tục"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setEnabled(False)
        self.done_button.clicked.connect(self.accept)
        self.kept.toggled.connect(self.done_button.setEnabled)
        layout.addWidget(buttons)

    def _lines(self) -> str:
        groups = self.recovery.split("-")
        return "\n".join("  ".join(groups[i:i + 5]) for i in range(0, len(groups), 5))

    def reject(self) -> None:
        """Esc or the close button: only once the key is kept."""
        if self.kept.isChecked():
            super().reject()

    def print_key(self) -> None:
        """In…: the key, its QR code and the warning on one page."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        self.paint(printer)
        self.kept.setChecked(True)

    def paint(self, device) -> None:
        """Draw the page on `device` (a printer, or an image in tests)."""
        painter = QPainter(device)
        try:
            page = painter.viewport()
            margin = page.width() // 12
            width = page.width() - 2 * margin
            title = QFont(self.font())
            title.setPointSize(16)
            title.setBold(True)
            painter.setFont(title)
            painter.drawText(QRect(margin, margin, width, page.height() // 10), Qt.TextFlag.TextWordWrap,
                             _("Sổ Đối ngoại — khóa khôi phục của sổ"))
            body = QFont(self.font())
            body.setPointSize(11)
            painter.setFont(body)
            top = margin + page.height() // 10
            painter.drawText(QRect(margin, top, width, page.height() // 6), Qt.TextFlag.TextWordWrap, _(WARNING))
            top += page.height() // 6
            side = min(width // 2, page.height() // 3)
            painter.drawImage(QRect(margin, top, side, side), qr_image(self.recovery, 10))
            key_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            key_font.setPointSize(14)
            key_font.setBold(True)
            painter.setFont(key_font)
            painter.drawText(QRect(margin + side + margin // 2, top, width - side - margin // 2, side),
                             Qt.AlignmentFlag.AlignVCenter, self._lines())
        finally:
            painter.end()
