"""A PDF shown with QtPdf (page navigation, zoom) and printed page by page on a QPrinter.

The document is read from a QBuffer holding the bytes; the buffer lives as
long as the document shows it (QPdfDocument reads from it lazily).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop.errors import AppError
from desktop.i18n import N_, _

# Pages are printed as images: 300 dpi keeps 13-pt text crisp and an A4 page near 35 MB in memory.
MAX_PRINT_DPI = 300
POINTS_PER_INCH = 72.0
FIT_WIDTH, FIT_PAGE = "width", "page"
ZOOMS = [(N_("Vừa chiều rộng"), FIT_WIDTH), (N_("Cả trang"), FIT_PAGE),
         ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("125%", 1.25), ("150%", 1.5), ("200%", 2.0)]


class PdfViewer(QWidget):
    """QPdfView with "Trang trước / Trang sau", the page number and a zoom choice."""

    pagesChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._buffer: QBuffer | None = None
        self._data = b""
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(_("Bản xem trước"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._navigation())
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        self._show_page_number()

    def _navigation(self) -> QHBoxLayout:
        self.previous_button = QToolButton()
        self.previous_button.setText(_("◀ Trang trước"))
        self.previous_button.setToolTip(_("Trang trước (Page Up)"))
        self.next_button = QToolButton()
        self.next_button.setText(_("Trang sau ▶"))
        self.next_button.setToolTip(_("Trang sau (Page Down)"))
        self.previous_button.setShortcut(QKeySequence(Qt.Key.Key_PageUp))
        self.next_button.setShortcut(QKeySequence(Qt.Key.Key_PageDown))
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.page_label = QLabel()
        self.zoom = QComboBox()
        for label, value in ZOOMS:
            self.zoom.addItem(_(label), value)
        self.zoom.setAccessibleName(_("Thu phóng"))
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        row = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(QLabel(_("Thu phóng:")))
        row.addWidget(self.zoom)
        return row

    # --- content ---------------------------------------------------------------------

    def set_pdf(self, data: bytes) -> None:
        """Show the PDF `data` from page 1; the previous document is closed."""
        old = self._buffer
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self._buffer, self._data = buffer, bytes(data)
        if old is not None:
            old.close()
            old.deleteLater()
        if self.document.status() != QPdfDocument.Status.Ready:
            raise AppError(_("Không đọc được bản PDF vừa tạo."))
        self.go_to(0)
        self._show_page_number()
        self.pagesChanged.emit(self.page_count())

    def clear(self) -> None:
        """Show nothing."""
        self.document.close()
        self._data = b""
        self._show_page_number()
        self.pagesChanged.emit(0)

    def pdf_bytes(self) -> bytes:
        """The bytes of the PDF shown (empty when none)."""
        return self._data

    def page_count(self) -> int:
        """Pages of the PDF shown (0 when none)."""
        ready = self.document.status() == QPdfDocument.Status.Ready
        return self.document.pageCount() if ready else 0

    # --- navigation --------------------------------------------------------------------

    def current_page(self) -> int:
        """The page in view, from 0."""
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        """Scroll to `page` (from 0), kept within the document."""
        if self.page_count():
            page = max(0, min(page, self.page_count() - 1))
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
        self._show_page_number()

    def _show_page_number(self, *_args) -> None:
        pages = self.page_count()
        current = self.current_page() + 1 if pages else 0
        self.page_label.setText(_("Trang {page}/{pages}").format(page=current, pages=pages))
        self.previous_button.setEnabled(pages > 0 and current > 1)
        self.next_button.setEnabled(pages > 0 and current < pages)

    def _zoom_changed(self) -> None:
        value = self.zoom.currentData()
        if value == FIT_WIDTH:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif value == FIT_PAGE:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(value))


def new_printer() -> QPrinter:
    """A high-resolution A4 printer for the system print dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)  # the PDF pages carry their own margins
    return printer


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page of `document` on `printer`: A4, landscape where the page is wider.

    Each page is rendered to an image at the printer's resolution (at most
    MAX_PRINT_DPI) and drawn over the whole sheet. Returns the pages printed.
    """
    pages = document.pageCount()
    if pages <= 0:
        return 0
    printer.setFullPage(True)
    painter = QPainter()
    for page in range(pages):
        _set_layout(printer, document.pagePointSize(page))
        if page == 0 and not painter.begin(printer):
            raise AppError(_("Không mở được máy in."))
        if page > 0:
            printer.newPage()
        _draw_page(document, page, printer, painter)
    painter.end()
    return pages


def _set_layout(printer: QPrinter, size) -> None:
    landscape = size.width() > size.height()
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(orientation)


def _draw_page(document: QPdfDocument, page: int, printer: QPrinter, painter: QPainter) -> None:
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    points = document.pagePointSize(page)
    pixels = QSize(round(points.width() / POINTS_PER_INCH * dpi), round(points.height() / POINTS_PER_INCH * dpi))
    image = document.render(page, pixels)
    sheet = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
    painter.drawImage(QRectF(0, 0, sheet.width(), sheet.height()), image)
