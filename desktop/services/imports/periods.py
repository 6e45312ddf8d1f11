"""A trip's dates written in one cell ("Thời gian"), as unit registers write them.

"15/06/2024 - 22/06/2024", "Từ ngày 15/6 đến ngày 22/6/2024", "15-22/6/2024", "15/6 – 2/7/2024",
one day ("15/06/2024", or a date cell) — and, when the sheet's name or title rows give one year
("Đoàn ra 2024"), the same without the year. A month alone ("Tháng 6/2024") is refused: it has no
days to read.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from desktop.domain.text import fold
from desktop.domain.validation import format_date, in_date_range
from desktop.i18n import _

_DAY = r"(\d{1,2})"
_MONTH = r"(\d{1,2})"
_YEAR = r"(\d{4}|\d{2})"
_SEP = r"\s*(?:-|–|—|~|den|->|→)\s*"
_NOISE = re.compile(r"\b(tu|ngay|nam|thang)\b|[()]")
_FULL = rf"{_DAY}[/.]{_MONTH}(?:[/.]{_YEAR})?"
_FORMS = (  # (pattern, which groups are day/month/year of start and end; None: from the end)
    (re.compile(rf"{_FULL}{_SEP}{_FULL}"), (0, 1, 2, 3, 4, 5)),
    (re.compile(rf"{_DAY}{_SEP}{_FULL}"), (0, None, None, 1, 2, 3)),
    (re.compile(_FULL), (0, 1, 2, 0, 1, 2)),
)


def parse_period(raw: object, year: int | None = None) -> tuple[date, date, bool]:
    """(start, end, year_guessed) of a period cell; ValueError saying why it cannot be read."""
    if isinstance(raw, datetime):
        return raw.date(), raw.date(), False
    if isinstance(raw, date):
        return raw, raw, False
    text = str(raw).strip()
    cleaned = " ".join(_NOISE.sub(" ", fold(text)).split())
    for pattern, groups in _FORMS:
        found = pattern.fullmatch(cleaned)
        if found:
            return _dates(found.groups(), groups, year, text)
    if re.fullmatch(rf"{_MONTH}[/.]{_YEAR}", cleaned):
        raise ValueError(_("«{value}» chỉ có tháng, không có ngày đi và ngày về.").format(value=text))
    raise ValueError(_("Không đọc được thời gian «{value}» (ví dụ: 15/06/2024 - 22/06/2024).").format(value=text))


def _dates(parts: tuple, groups: tuple, year: int | None, text: str) -> tuple[date, date, bool]:
    d1, m1, y1, d2, m2, y2 = (parts[g] if g is not None else None for g in groups)
    first_year_typed, first_month_typed = y1 is not None, m1 is not None
    m1, y1 = m1 or m2, y1 or y2
    guessed = y2 is None
    if guessed and year is None:
        raise ValueError(_("«{value}» không có năm; hãy ghi năm (ví dụ 15/06/2024).").format(value=text))
    y1, y2 = (_year(y, year) for y in (y1, y2))
    try:
        start, end = date(y1, int(m1), int(d1)), date(y2, int(m2), int(d2))
        if start > end and first_month_typed and not first_year_typed:  # "28/12 - 03/01/2025"
            start = start.replace(year=y1 - 1)
    except ValueError:
        raise ValueError(_("Ngày không hợp lệ: {value}").format(value=text)) from None
    if not (in_date_range(start) and in_date_range(end)):
        raise ValueError(_("Ngày không hợp lệ: {value}").format(value=text))
    return start, end, guessed


def _year(typed: str | None, year: int | None) -> int:
    if typed is None:
        return year or 0
    number = int(typed)
    return number + 2000 if number < 100 else number  # noqa: PLR2004 - "24" is 2024


def period_text(start: date, end: date) -> str:
    """"15/06/2024 – 22/06/2024" (one date for one day)."""
    return format_date(start) if start == end else f"{format_date(start)} – {format_date(end)}"
