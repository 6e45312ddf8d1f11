"""Cell values into field values: text, dates typed as dd/mm/yyyy, booleans, amounts, enum labels,
countries and units by name, donors by NGO name — each refusal a Vietnamese message."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from desktop.domain.money import parse_amount
from desktop.domain.text import fold, nfc
from desktop.domain.validation import format_date, parse_date
from desktop.i18n import _
from desktop.models import ForeignNgo, Unit
from desktop.services.context import ServiceContext
from desktop.services.imports import matching

TRUE_WORDS = {"co", "x", "1", "true", "yes", "y", "dung", "v"}
FALSE_WORDS = {"", "khong", "0", "false", "no", "n", "sai", "-"}
LIST_SPLIT = re.compile(r"[,;\n]")
_EXCEL_DAYS = 2958466  # 31/12/9999 as an Excel day number


def shown(value: Any) -> str:
    """A parsed value as the preview table shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def text(raw: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as dd/mm/yyyy, NFC."""
    if isinstance(raw, bool):
        return _("Có") if raw else _("Không")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return format_date(raw.date())
    if isinstance(raw, date):
        return format_date(raw)
    return nfc(str(raw)) or ""


def parts(value: str) -> list[str]:
    """A list typed in one cell, separated by commas or semicolons."""
    return [p.strip() for p in LIST_SPLIT.split(value) if p.strip()]


def parse_day(raw: Any) -> date:
    """A date cell, an Excel day number, or text in dd/mm/yyyy (or yyyy-mm-dd)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 1 <= raw < _EXCEL_DAYS:  # an Excel day number in a cell not formatted as a date
            from openpyxl.utils.datetime import from_excel

            return from_excel(raw).date()
        raise ValueError(_("Ngày không hợp lệ: {value}").format(value=text(raw)))
    if isinstance(raw, time):
        raise ValueError(_("Ngày không hợp lệ: {value}").format(value=raw))
    return parse_date(text(raw))


def parse_bool(raw: Any) -> bool:
    """Có/Không, x, 1/0, yes/no … (accents ignored)."""
    if isinstance(raw, bool):
        return raw
    word = fold(text(raw))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("Giá trị «{value}» không phải Có/Không.").format(value=text(raw)))


def parse_number(raw: Any) -> int:
    """A whole number; "1.250.000 ₫" and "1,250,000 VND" are read as 1250000."""
    if isinstance(raw, bool):
        raise ValueError(_("Không phải số: {value}").format(value=text(raw)))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise ValueError(_("Phải là số nguyên: {value}").format(value=raw))
    try:  # the program's one reading of typed amounts: "1.250.000 ₫", "1,250,000", never "1.5" as 15
        number = parse_amount(text(raw))
    except ValueError:
        number = None
    if number is None:
        number = _in_words(text(raw))
    if number is None:
        raise ValueError(_("Không phải số: {value}").format(value=text(raw)))
    return number


_SCALED = re.compile(r"(\d[\d.]*(?:,\d+)?)\s*(ty|trieu|tr|nghin|ngan)\.?\s*(?:dong|d|vnd)?\.?")
_SCALES = {"ty": 10**9, "trieu": 10**6, "tr": 10**6, "nghin": 10**3, "ngan": 10**3}


def _in_words(typed: str) -> int | None:
    """"150 triệu", "1,2 tỷ đồng", "1.500 triệu", "500 nghìn" as đồng; None for anything else."""
    found = _SCALED.fullmatch(fold(typed))
    if not found:
        return None
    number = found.group(1)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", number):  # "1.500": a thousands point
        number = number.replace(".", "")
    try:
        amount = Decimal(number.replace(",", ".")) * _SCALES[found.group(2)]
    except InvalidOperation:
        return None
    return int(amount) if amount == amount.to_integral_value() else None


def parse_enum(enum: str, raw: Any, guessed: list[tuple[str, str]] | None = None) -> str:
    """An enum value by its code, its Vietnamese (or current-language) label, accents ignored, or
    its folded words (`matching`); a value found by its words is added to `guessed` as (typed, code)."""
    typed = text(raw)
    code, by_words = matching.match(enum, typed)
    if by_words and guessed is not None:
        guessed.append((typed, code))
    return code


def parse_enum_list(enum: str, raw: Any, guessed: list[tuple[str, str]] | None = None) -> list[str]:
    """Several enum values in one cell, separated by ";" or ","; a label with a comma in it ("Giáo dục,
    đào tạo") stays one value. Pieces run together only as written; one piece alone may be read by
    its words."""
    pieces = [p.strip() for p in LIST_SPLIT.split(text(raw))]
    found, i = [], 0
    while i < len(pieces):
        if not pieces[i]:
            i += 1
            continue
        for j in range(len(pieces), i, -1):  # the longest run of pieces that names a value
            alone = j == i + 1
            try:
                code, by_words = matching.match(enum, ", ".join(pieces[i:j]), by_words=alone)
            except ValueError:
                if alone:
                    raise  # naming the piece no value (or more than one) matches
                continue
            if by_words and guessed is not None:
                guessed.append((pieces[i], code))
            found.append(code)
            i = j
            break
    return list(dict.fromkeys(found))


class Countries:
    """Country by ISO code, Vietnamese name or English name, accents ignored."""

    def __init__(self) -> None:
        from babel import Locale

        vi, en = Locale.parse("vi").territories, Locale.parse("en").territories
        self.codes = {c for c in vi if len(c) == 2 and c.isalpha()}
        self.names: dict[str, str] = {}
        for names in (vi, en):
            for code in self.codes:
                if code in names:
                    self.names.setdefault(fold(names[code]), code)
        self.names.update({"han quoc": "KR", "my": "US", "hoa ky": "US", "anh": "GB", "trung quoc": "CN",
                           "usa": "US", "uk": "GB", "korea": "KR", "south korea": "KR", "uc": "AU",
                           "tan tay lan": "NZ", "ca na da": "CA", "cong hoa sec": "CZ", "hoa lan": "NL"})

    def one(self, name: str) -> str | None:
        """The code of one country name or code, or None."""
        if len(name) == 2 and name.upper() in self.codes:
            return name.upper()
        return self.names.get(fold(name))

    def parse(self, value: str) -> list[str]:
        """Every country named in a cell ("Hàn Quốc, Nhật Bản"), in order, once each."""
        pieces = [p.strip() for p in LIST_SPLIT.split(value)]
        codes, i = [], 0
        while i < len(pieces):
            if not pieces[i]:
                i += 1
                continue
            for j in range(len(pieces), i, -1):  # "Hồng Kông, Trung Quốc" is one name with a comma
                code = self.one(", ".join(pieces[i:j]))
                if code:
                    codes.append(code)
                    i = j
                    break
            else:
                raise ValueError(_("Không nhận ra quốc gia «{name}».").format(name=pieces[i]))
        if not codes:
            raise ValueError(_("Không nhận ra quốc gia «{name}».").format(name=value))
        return list(dict.fromkeys(codes))


class Units:
    """Unit by code or name, accents ignored; looked up once."""

    def __init__(self, ctx: ServiceContext):
        with ctx.db.read() as s:
            rows = s.execute(select(Unit.code, Unit.name).where(Unit.deleted.is_(False))).all()
        self.by_key = {}
        for code, name in rows:
            self.by_key[fold(code)] = code
            self.by_key.setdefault(fold(name), code)

    def parse(self, value: str) -> str:
        """The unit code a cell names."""
        code = self.by_key.get(fold(value))
        if code is None:
            raise ValueError(_("Không có đơn vị «{unit}» trong danh sách đơn vị.").format(unit=value))
        return code


class Ngos:
    """Foreign NGOs of the register by folded original or Vietnamese name; looked up once."""

    def __init__(self, ctx: ServiceContext):
        with ctx.db.read() as s:
            rows = s.execute(select(ForeignNgo.id, ForeignNgo.name_original, ForeignNgo.name_vi)
                             .where(ForeignNgo.deleted.is_(False))).all()
        self.by_name: dict[str, dict[str, tuple[str, str]]] = {}
        for ngo_id, original, vietnamese in rows:
            both = f"{original} ({vietnamese})" if vietnamese else original
            for name in (original, vietnamese):
                if name and fold(name):
                    self.by_name.setdefault(fold(name), {})[ngo_id] = (vietnamese or original, both)

    def match(self, value: str) -> tuple[str, str] | None:
        """(id, name) of the one NGO called `value` — its Vietnamese name when it has one, as the aid editor
        stores it; None when no NGO is called so; ValueError when several are."""
        found = self.by_name.get(fold(value), {})
        if len(found) > 1:
            raise ValueError(_("Có {n} tổ chức cùng tên «{name}» trong sổ ({names}): hãy sửa tên trong tệp cho "
                               "khớp đúng một tổ chức.").format(n=len(found), name=value,
                                                                names="; ".join(sorted(b for _o, b in found.values()))))
        if not found:
            return None
        ngo_id, (name, _both) = next(iter(found.items()))
        return ngo_id, name
