"""What a person reads from a sheet beyond its header: pure functions, no database.

- a value for every row, from the sheet's name or title rows ("Đoàn ra 2024" → outbound);
- a column standing in for a required field no column is named for (the purpose as the title);
- the year the sheet is about, for dates written without one;
- the rows that are not records: a row numbering the columns "(1) (2) (3)", a "Tổng cộng" row,
  and the signature block under the table ("Người lập biểu", "THỦ TRƯỞNG ĐƠN VỊ", the names).
"""

from __future__ import annotations

import re
from typing import Any

from desktop.domain.text import fold
from desktop.domain.validation import ENUMS
from desktop.i18n import _
from desktop.services.imports.base import EntitySpec, SheetInfo
from desktop.services.imports.matching import names, spaced, words
from desktop.services.spreadsheets import ColumnSpec

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_TOTAL = re.compile(r"(tong cong|tong so|tong|cong)\s*:?|(tong cong|tong so)\b.*")
_FOOTER = re.compile(  # the lines of a signature block, folded; the names under them follow it
    r"nguoi lap( bieu| bang| danh sach)?|nguoi tong hop|thu truong( don vi| co quan)?|noi nhan:?|"
    r"xac nhan( cua .*)?|(tm|kt|tl|q)\. .*|\(?ky,? (ghi ro )?(ho ten|ho va ten)?.*\)?|"
    r"[^,]+, ngay\b.*\bthang\b.*\bnam\b.*")
_NUMBER = re.compile(r"[(\[]?(\d{1,2})[)\]]?")


def _phrase(text: str) -> str:
    return f" {spaced(text)} "


def fixed_values(spec: EntitySpec, columns: dict[str, ColumnSpec], sheet: SheetInfo,
                 mapped: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(field → code, field → why) for the spec's guessable enum fields no column fills, when the
    sheet's name or one title row names exactly one of the field's values."""
    fixed, reasons = {}, {}
    sources = [(_("tên trang tính «{name}»").format(name=sheet.name), sheet.name)]
    sources += [(_("dòng tiêu đề «{text}»").format(text=t), t) for t in sheet.titles]
    for name in spec.guess_fixed:
        if name in mapped or name not in columns:
            continue
        enum = columns[name].enum or name
        for where, text in sources:
            said = _phrase(text)
            found = [code for code in ENUMS.get(enum, ())
                     if any(len(words(n)) >= 2 and _phrase(n) in said for n in names(enum, code))]  # noqa: PLR2004
            if len(found) == 1:
                fixed[name] = found[0]
                reasons[name] = _("đoán từ {where}").format(where=where)
                break
    return fixed, reasons


def stand_ins(spec: EntitySpec, columns: dict[str, ColumnSpec],
              mapping: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(field → header, field → why): a required field no column is named for, filled by the column of
    the first of its stand-ins that one is named for."""
    header_of = {f: h for h, f in mapping.items()}
    also, reasons = {}, {}
    for name, candidates in spec.stand_ins.items():
        if name in header_of:
            continue
        for candidate in candidates:
            if candidate in header_of:
                also[name] = header_of[candidate]
                reasons[name] = _("tệp không có cột «{field}»: lấy từ cột «{header}»").format(
                    field=columns[name].label, header=header_of[candidate])
                break
    return also, reasons


def year_of(sheet_name: str, titles: tuple[str, ...]) -> int | None:
    """The one year the sheet's name and title rows speak of ("Đoàn ra 2024"), or None."""
    years = {int(y) for text in (sheet_name, *titles) for y in _YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def _texts(cells: dict[int, Any]) -> list[str]:
    return [fold(str(cells[c])) for c in sorted(cells) if cells[c] is not None and str(cells[c]).strip()]


def numbering(cells: dict[int, Any]) -> bool:
    """A row numbering the columns: 1 2 3 … or (1) (2) (3) …, three or more."""
    numbers = []
    for text in _texts(cells):
        found = _NUMBER.fullmatch(text.removesuffix(".0"))
        if not found:
            return False
        numbers.append(int(found.group(1)))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # noqa: PLR2004


def total_row(cells: dict[int, Any]) -> bool:
    """A "Tổng cộng" (or "Cộng") row: its first text says so."""
    texts = [t for t in _texts(cells) if not _NUMBER.fullmatch(t.removesuffix(".0"))]
    return bool(texts) and bool(_TOTAL.fullmatch(texts[0]))


def signature_row(cells: dict[int, Any]) -> bool:
    """A row of the signature block under a table: every cell a signer's line or the place and date."""
    texts = _texts(cells)
    return bool(texts) and all(_FOOTER.fullmatch(t) for t in texts)
