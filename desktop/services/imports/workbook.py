"""Reading an .xlsx file safely: what the file really is, its worksheets, header rows and cells.

Rows are streamed with openpyxl's own worksheet parser (read-only, cached values),
extended to tell a formula that has no cached value from an empty cell, so
100,000 rows never sit in memory at once.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.text import nfc
from desktop.errors import AppError
from desktop.i18n import _

HEADER_SCAN = 20  # the header is one of these rows (`scan_header`)
HEADER_SHARE = 0.6
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ENTRY_BYTES = 2 * 1024**3  # declared size of one part of the workbook
MAX_RATIO = 200  # a larger part compressing better than this is a zip bomb, not a worksheet


class _Uncalculated:
    """A formula cell saved without its value (written by a program, never opened in Excel)."""


UNCALCULATED = _Uncalculated()


@dataclass(frozen=True)
class CellError:
    """An error value Excel stored in a cell (#DIV/0!, #N/A …)."""

    code: str


def is_marker(value: Any) -> bool:
    """True for a formula without a value or an Excel error: nothing a field can take."""
    return isinstance(value, (_Uncalculated, CellError))


def _parser_class() -> type:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class CellParser(WorkSheetParser):
        """openpyxl's streaming parser, keeping a mark where a formula has no cached value."""

        def parse_cell(self, element):  # noqa: ANN001 - openpyxl's signature
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = UNCALCULATED
            elif cell["data_type"] == "e" and cell["value"] is not None:
                cell["value"] = CellError(str(cell["value"]))
            return cell

    return CellParser


class Stream:
    """The rows of one worksheet as {column: value}, then its merged ranges (known only at the end)."""

    def __init__(self, book: Any, ws: Any):
        self.book, self.ws = book, ws
        self.merged: list[str] = []

    def rows(self, limit: int | None = None) -> Iterator[tuple[int, dict[int, Any]]]:
        """(row number, {column: value}) for each row that has a value, in order."""
        book, ws = self.book, self.ws
        with ws._get_source() as src:
            parser = _parser_class()(src, ws._shared_strings, data_only=True, epoch=book.epoch,
                                     date_formats=book._date_formats,
                                     timedelta_formats=book._timedelta_formats)
            for number, cells in parser.parse():
                yield number, {c["column"]: c["value"] for c in cells if c["value"] is not None}
                if limit is not None and number >= limit:
                    return
            if parser.merged_cells:
                self.merged = [m.ref for m in parser.merged_cells.mergeCell]


def filled(value: Any) -> bool:
    """False for an empty cell or one holding only spaces."""
    return not (value is None or (isinstance(value, str) and not value.strip()))


def scan_header(book: Any, ws: Any, shown) -> tuple[int, list[str], int, tuple[str, ...]]:
    """(header row number or 0, unique header names, last column, the texts of the rows above it).

    The header is the first of the top rows with two or more cells and at least `HEADER_SHARE` as
    many as the fullest row of text: title rows above it ("UBND HUYỆN …" beside "CỘNG HÒA XÃ HỘI …")
    have fewer."""
    rows = [(n, {c: v for c, v in cells.items() if filled(v)}) for n, cells in Stream(book, ws).rows(limit=HEADER_SCAN)]
    rows = [(n, found) for n, found in rows if found]
    if not rows:
        return 0, [], 0, ()
    texts = [len(f) for _n, f in rows if all(isinstance(v, str) for v in f.values())]  # headers are text
    widest = max(texts or [len(found) for _n, found in rows])
    number, found = next(((n, f) for n, f in rows if len(f) >= max(2, HEADER_SHARE * widest)), rows[0])
    titles = tuple(" ".join(nfc(str(v)) or "" for _c, v in sorted(f.items())) for n, f in rows if n < number)
    last = max(found)
    return number, _header_names(found, last, shown), last, titles


def _header_names(cells: dict[int, Any], last: int, shown) -> list[str]:
    from openpyxl.utils import get_column_letter

    names: list[str] = []
    for col in range(1, last + 1):
        value = cells.get(col)
        text = nfc(shown(value) if not isinstance(value, str) else value) if filled(value) else ""
        letter = get_column_letter(col)
        name = text or _("Cột {letter}").format(letter=letter)
        if name in names:
            name = f"{name} ({letter})"
        names.append(name)
    return names


def _count_rows(ws: Any) -> int:
    """Rows in the sheet's XML, counted on the raw bytes (files without a dimension tag)."""
    count, tail = 0, b""
    with ws._get_source() as src:
        while chunk := src.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<row ") + data.count(b"<row>")
            tail = data[-5:]
            count -= tail.count(b"<row ") + tail.count(b"<row>")  # counted again with the next chunk
    return count + tail.count(b"<row ") + tail.count(b"<row>")


def data_rows(ws: Any, header_row: int) -> int:
    """How many rows lie below the header (for the progress bar)."""
    return max((ws.max_row if ws.max_row else _count_rows(ws)) - header_row, 0)


def sheet(book: Any, name: str) -> Any:
    """The worksheet called `name`, or a readable AppError."""
    if name not in book.sheetnames:
        raise AppError(_("Tệp không có trang tính «{sheet}».").format(sheet=name))
    return book[name]


def open_book(path: Path) -> Any:
    """The workbook in read-only mode, or an AppError saying plainly what the file is."""
    from openpyxl import load_workbook

    name = path.name
    if not path.is_file():
        raise AppError(_("Không tìm thấy tệp «{name}».").format(name=name))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise AppError(_("Không đọc được tệp «{name}»: {error}").format(name=name, error=exc.strerror or exc)) from exc
    if not head:
        raise AppError(_("Tệp «{name}» trống (0 byte).").format(name=name))
    if head == OLE2_MAGIC:
        if _encrypted(path):
            raise AppError(_("Tệp «{name}» đang được đặt mật khẩu: hãy bỏ mật khẩu rồi nhập lại "
                             "(trong Excel: Tệp → Thông tin → Bảo vệ sổ làm việc).").format(name=name))
        raise AppError(_("Tệp «{name}» là bảng tính Excel cũ (.xls): hãy mở bằng Excel và lưu lại "
                         "dạng .xlsx rồi nhập lại.").format(name=name))
    not_excel = _("Tệp «{name}» không phải bảng tính Excel (.xlsx): hãy chọn tệp .xlsx "
                  "(trong Excel: Lưu thành → Sổ làm việc Excel).").format(name=name)
    if not zipfile.is_zipfile(path):
        raise AppError(not_excel)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = {i.filename: i for i in archive.infolist()}
            if "xl/workbook.xml" not in infos:
                raise AppError(not_excel)
            for info in infos.values():
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > MAX_ENTRY_BYTES or (info.file_size > 50 * 1024**2 and ratio > MAX_RATIO):
                    raise AppError(_("Tệp «{name}» có phần nén bất thường, không mở được.").format(name=name))
        return load_workbook(path, read_only=True, data_only=True)
    except AppError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, BadZipFile, XML errors)
        raise damaged(path, exc) from exc


def damaged(path: Path, exc: Exception) -> AppError:
    """The message for a file openpyxl could not parse."""
    return AppError(_("Tệp «{name}» bị hỏng hoặc không đọc được: {error}").format(
        name=path.name, error=f"{type(exc).__name__}: {exc}"))


def _encrypted(path: Path) -> bool:
    """An OLE2 file holding an encrypted Office Open XML package (a password-protected .xlsx)."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            if marker in tail + chunk:
                return True
            tail = chunk[-len(marker):]
    return False
