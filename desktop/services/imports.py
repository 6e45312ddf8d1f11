"""Excel in: read a worksheet, map its columns to a register's fields, preview, then write in one go.

The fields and their Vietnamese labels are the export's (`SpreadsheetService.columns`),
so a file written by "Xuất Excel…" maps itself and imports back. `preview` only
reads — every row parsed, validated with the editors' rules and checked for
duplicates against the database and the rows above it — and `commit` writes the
"new" rows through the ORM in one transaction (versions and change log as for
any edit), all or nothing.

A register plugs in with an `EntitySpec` (required fields, defaults, validation,
duplicate keys); persons and delegations are the first two.

Rows are streamed with openpyxl's own worksheet parser (read-only, cached values),
extended to tell a formula that has no cached value from an empty cell; only the
`RowResult`s are kept, so 100,000 rows stay in bounded memory.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.text import fold, nfc
from desktop.domain.validation import (
    ENUM_LABELS,
    ENUMS,
    FieldError,
    format_date,
    parse_date,
    validate_delegation,
    validate_person,
)
from desktop.errors import AppError
from desktop.i18n import N_, _, country_name
from desktop.models import SYNCED_MODELS, Unit
from desktop.services.context import ServiceContext
from desktop.services.spreadsheets import ColumnSpec, SpreadsheetService
from desktop.sync.records import apply_data

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

STEP = 500  # rows between progress reports and cancel checks
FLUSH_EVERY = 1000
HEADER_SCAN = 20  # the header is the first of these rows with two or more filled cells
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ENTRY_BYTES = 2 * 1024**3  # declared size of one part of the workbook
MAX_RATIO = 200  # a larger part compressing better than this is a zip bomb, not a worksheet

TRUE_WORDS = {"co", "x", "1", "true", "yes", "y", "dung", "v"}
FALSE_WORDS = {"", "khong", "0", "false", "no", "n", "sai", "-"}
_LIST_SPLIT = re.compile(r"[,;]")
_MONEY_NOISE = re.compile(r"(₫|vnd|vnđ|đồng|dong|đ|\s)", re.IGNORECASE)


class ImportCancelled(AppError):
    """The user stopped reading the file."""


@dataclass(frozen=True)
class SheetInfo:
    """A worksheet of the chosen file: its data rows (below the header) and headers."""

    name: str
    rows: int
    headers: list[str]


@dataclass(frozen=True)
class FieldChoice:
    """A field a column can be mapped to."""

    field: str
    label: str
    required: bool


@dataclass(frozen=True, slots=True)
class RowResult:
    """One spreadsheet row after parsing and checking.

    `duplicate_of` is the id of the stored record it repeats, or "#<row>" for an
    earlier row of the same file.
    """

    row: int
    status: str  # new | duplicate | invalid | empty
    values: dict
    problems: list[str] = field(default_factory=list)
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Preview:
    """What `commit` would write, row by row."""

    entity: str
    sheet: str
    mapping: dict[str, str]
    rows: list[RowResult]
    counts: dict[str, int]


@dataclass(frozen=True)
class EntitySpec:
    """How one register is imported."""

    entity: str
    required: tuple[str, ...]
    defaults: dict[str, Any]
    validate: Callable[[dict, date], list[FieldError]]
    key_fields: tuple[str, ...]  # columns read from the database to find duplicates
    keys: Callable[[dict], list[tuple]]  # a record is a duplicate when any of its keys is known
    describe: Callable[[dict], str]  # a stored record in a duplicate message
    note: str = ""  # said in the wizard (what is not imported)
    skip: tuple[str, ...] = ()
    finish: Callable[[dict], dict] = lambda data: data


def _person_keys(d: dict) -> list[tuple]:
    name = fold(d.get("full_name"))
    if not name:
        return []
    keys = []
    if isinstance(d.get("birth_date"), date):
        keys.append(("birth", name, d["birth_date"]))
    if d.get("passport_number"):
        keys.append(("passport", name, str(d["passport_number"]).strip().upper()))
    return keys


def _person_finish(d: dict) -> dict:
    if d.get("passport_number"):
        d["passport_number"] = d["passport_number"].upper()
    return {**d, "is_key_leader": bool(d.get("is_key_leader")), "is_fa_officer": bool(d.get("is_fa_officer"))}


def _delegation_keys(d: dict) -> list[tuple]:
    title, start = fold(d.get("title")), d.get("start_date")
    return [("title", title, start)] if title and isinstance(start, date) else []


def _delegation_finish(d: dict) -> dict:
    return {**d, "countries": d.get("countries") or [], "attachments": [],
            "in_annual_plan": bool(d.get("in_annual_plan"))}


SPECS: dict[str, EntitySpec] = {
    "person": EntitySpec(
        entity="person", required=("full_name",), defaults={},
        validate=lambda d, today: validate_person(d, today=today),
        key_fields=("full_name", "birth_date", "passport_number"), keys=_person_keys,
        describe=lambda d: " — ".join(x for x in (d.get("full_name") or "",
                                                  format_date(d.get("birth_date")),
                                                  d.get("passport_number") or "") if x),
        finish=_person_finish,
    ),
    "delegation": EntitySpec(
        entity="delegation",
        required=("direction", "title", "countries", "start_date", "end_date"),
        defaults={"kind": "other", "status": "draft"},
        validate=lambda d, today: validate_delegation(d),
        key_fields=("title", "start_date"), keys=_delegation_keys,
        describe=lambda d: f"{d.get('title') or ''} ({format_date(d.get('start_date'))})",
        note=N_("Thành viên đoàn không được nhập từ tệp này: hãy thêm thành viên trong từng đoàn sau khi nhập."),
        skip=("override_reason",),
        finish=_delegation_finish,
    ),
}


class ImportService:
    """Reads .xlsx files into a register: open → map → preview → commit."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # --- the file ----------------------------------------------------------------------

    def open(self, path: Path) -> list[SheetInfo]:
        """The worksheets of `path` that have something in them, with their headers."""
        path = Path(path)
        book = _open_book(path)
        try:
            sheets = []
            for ws in book.worksheets:
                header_row, headers, _last = _scan_header(book, ws)
                if header_row:
                    sheets.append(SheetInfo(ws.title, _data_rows(ws, header_row), headers))
        except AppError:
            raise
        except Exception as exc:  # a part of the file openpyxl cannot parse
            raise _damaged(path, exc) from exc
        finally:
            book.close()
        if not sheets:
            raise AppError(_("Tệp «{name}» không có dữ liệu: mọi trang tính đều trống.").format(name=path.name))
        return sheets

    def entities(self) -> list[str]:
        """The registers that can be imported."""
        return list(SPECS)

    def note(self, entity: str) -> str:
        """What the wizard should say about this register's import ("" for nothing)."""
        return _(_spec(entity).note) if _spec(entity).note else ""

    def fields(self, entity: str) -> list[FieldChoice]:
        """The fields a column can be mapped to, in the export's order."""
        spec = _spec(entity)
        return [FieldChoice(c.field, c.label, c.field in spec.required) for c in _columns(self.ctx, entity)]

    def guess_mapping(self, entity: str, headers: list[str]) -> dict[str, str]:
        """header → field for the headers that name a field (label or field name, accents ignored)."""
        names: dict[str, str] = {}
        table = SYNCED_MODELS[_spec(entity).entity].__table__
        for column in _columns(self.ctx, entity):
            raw = "Đơn vị" if column.field == "unit_code" else table.c[column.field].info.get("label", "")
            for name in (column.label, raw, column.field, column.field.replace("_", " ")):
                names.setdefault(fold(name), column.field)
        mapping, taken = {}, set()
        for header in headers:
            target = names.get(fold(header))
            if target and target not in taken:
                mapping[header] = target
                taken.add(target)
        return mapping

    # --- preview ----------------------------------------------------------------------

    def preview(self, path: Path, sheet: str, entity: str, mapping: dict[str, str],
                progress: Progress | None = None, cancelled: Cancelled | None = None) -> Preview:
        """Parse and check every row of `sheet`; writes nothing."""
        spec = _spec(entity)
        columns = {c.field: c for c in _columns(self.ctx, entity)}
        mapping = {h: f for h, f in mapping.items() if f}
        _check_mapping(spec, columns, mapping)
        book = _open_book(Path(path))
        try:
            ws = _sheet(book, sheet)
            header_row, headers, _last = _scan_header(book, ws)
            total = _data_rows(ws, header_row)
            by_col = {i: (h, mapping[h]) for i, h in enumerate(headers, start=1) if h in mapping}
            reader = _RowReader(self.ctx, spec, columns, by_col)
            with self.ctx.db.read() as s:
                known = _known_keys(s, spec)
            results: list[RowResult] = []
            stream = _Stream(book, ws)
            for number, cells in stream.rows():
                if number <= header_row:
                    continue
                results.append(reader.row(number, cells, known))
                if len(results) % STEP == 0:
                    if cancelled and cancelled():
                        raise ImportCancelled(_("Đã dừng đọc tệp."))
                    if progress:
                        progress(len(results), max(total, len(results)))
            results = reader.note_merged(results, stream.merged)
        except AppError:
            raise
        except Exception as exc:  # a part of the file openpyxl cannot parse
            raise _damaged(Path(path), exc) from exc
        finally:
            book.close()
        if progress:
            progress(len(results), len(results))
        counts = {k: 0 for k in ("new", "duplicate", "invalid", "empty")}
        for r in results:
            counts[r.status] += 1
        return Preview(entity, sheet, dict(mapping), results, counts)

    # --- commit -----------------------------------------------------------------------

    def commit(self, preview: Preview, progress: Progress | None = None) -> dict[str, int]:
        """Write the preview's "new" rows in one transaction; nothing is written if any fails.

        Duplicates are looked for again inside the transaction, in case the
        register changed since the preview.
        """
        spec = _spec(preview.entity)
        model = SYNCED_MODELS[preview.entity]
        new = [r for r in preview.rows if r.status == "new"]
        created = skipped = 0
        with self.ctx.db.session() as s:
            known = _known_keys(s, spec)
            for i, row in enumerate(new, start=1):
                data = spec.finish(dict(row.values))
                keys = spec.keys(data)
                if any(k in known for k in keys):
                    skipped += 1
                    continue
                obj = model(unit_code=data.get("unit_code") or self.ctx.local_unit())
                apply_data(obj, data)
                s.add(obj)
                created += 1
                for k in keys:
                    known[k] = ""
                if i % FLUSH_EVERY == 0:
                    s.flush()
                    s.expunge_all()
                if progress and i % STEP == 0:
                    progress(i, len(new))
        if progress:
            progress(len(new), len(new))
        return {"created": created, "duplicate": preview.counts.get("duplicate", 0) + skipped,
                "invalid": preview.counts.get("invalid", 0), "empty": preview.counts.get("empty", 0)}


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


def shown_field(entity: str, name: str, value: Any) -> str:
    """A parsed value of `name` in words: enum labels and country names instead of codes."""
    column = SYNCED_MODELS[entity].__table__.c.get(name) if entity in SYNCED_MODELS else None
    enum = column.info.get("enum") if column is not None else None
    if enum and isinstance(value, str):
        return _(ENUM_LABELS.get(enum, {}).get(value, value))
    if name == "countries" and isinstance(value, list):
        return ", ".join(country_name(c) for c in value)
    return shown(value)


# ---------------------------------------------------------------- reading rows


class _Uncalculated:
    """A formula cell saved without its value (written by a program, never opened in Excel)."""


UNCALCULATED = _Uncalculated()


@dataclass(frozen=True)
class _CellError:
    """An error value Excel stored in a cell (#DIV/0!, #N/A …)."""

    code: str


def _parser_class() -> type:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class CellParser(WorkSheetParser):
        """openpyxl's streaming parser, keeping a mark where a formula has no cached value."""

        def parse_cell(self, element):  # noqa: ANN001 - openpyxl's signature
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = UNCALCULATED
            elif cell["data_type"] == "e" and cell["value"] is not None:
                cell["value"] = _CellError(str(cell["value"]))
            return cell

    return CellParser


class _Stream:
    """The rows of one worksheet as {column: value}, then its merged ranges (known only at the end)."""

    def __init__(self, book: Any, ws: Any):
        self.book, self.ws = book, ws
        self.merged: list[str] = []

    def rows(self, limit: int | None = None) -> Iterator[tuple[int, dict[int, Any]]]:
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


def _filled(value: Any) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def _scan_header(book: Any, ws: Any) -> tuple[int, list[str], int]:
    """(header row number or 0, unique header names, last column)."""
    first: tuple[int, dict] | None = None
    for number, cells in _Stream(book, ws).rows(limit=HEADER_SCAN):
        filled = {c: v for c, v in cells.items() if _filled(v)}
        if not filled:
            continue
        first = first or (number, filled)
        if len(filled) >= 2:
            first = (number, filled)
            break
    if first is None:
        return 0, [], 0
    number, filled = first
    last = max(filled)
    return number, _header_names(filled, last), last


def _header_names(cells: dict[int, Any], last: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    names: list[str] = []
    for col in range(1, last + 1):
        value = cells.get(col)
        text = nfc(shown(value) if not isinstance(value, str) else value) if _filled(value) else ""
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


def _data_rows(ws: Any, header_row: int) -> int:
    return max((ws.max_row if ws.max_row else _count_rows(ws)) - header_row, 0)


class _RowReader:
    """Turns one row's cells into a RowResult."""

    def __init__(self, ctx: ServiceContext, spec: EntitySpec, columns: dict[str, ColumnSpec],
                 by_col: dict[int, tuple[str, str]]):
        from openpyxl.utils import get_column_letter

        self.spec, self.columns, self.by_col = spec, columns, by_col
        self.letters = {col: get_column_letter(col) for col in by_col}
        self.col_of = {f: col for col, (_h, f) in by_col.items()}
        self.header_of = {f: h for _c, (h, f) in by_col.items()}
        self.today = ctx.today()
        self.local_unit = ctx.local_unit()
        self.units = _Units(ctx)
        self.countries = _Countries()
        self.missing_cells: list[tuple[int, int, str]] = []  # (index in results, column, field)
        self.count = 0

    def where(self, name: str, row: int) -> str:
        col = self.col_of.get(name)
        if col is None:
            return _("Dòng {row}").format(row=row)
        return _("Cột «{header}», ô {cell}").format(header=self.header_of[name], cell=f"{self.letters[col]}{row}")

    def row(self, number: int, cells: dict[int, Any], known: dict[tuple, str]) -> RowResult:
        index = self.count
        self.count += 1
        mapped = {col: cells.get(col) for col in self.by_col}
        if not any(_filled(v) for v in mapped.values()):
            return RowResult(number, "empty", {})
        values: dict[str, Any] = dict(self.spec.defaults)
        problems: list[str] = []
        for col, (_header, name) in self.by_col.items():
            raw = mapped[col]
            if not _filled(raw):
                if name in self.spec.required:
                    self.missing_cells.append((index, col, name))
                continue
            try:
                value = self.parse(self.columns[name], raw)
            except ValueError as exc:
                problems.append(f"{self.where(name, number)}: {exc}")
                values[name] = shown(raw) if not isinstance(raw, (_Uncalculated, _CellError)) else None
                continue
            if value is not None:
                values[name] = value
        if "unit_code" not in values:
            values["unit_code"] = self.local_unit
        if not problems:
            data = self.spec.finish(dict(values))
            for error in self.spec.validate(data, self.today):
                problems.append(f"{self.where(error.field, number)}: {error.message}")
        values = {k: v for k, v in values.items() if v is not None}
        if problems:
            return RowResult(number, "invalid", values, problems)
        keys = self.spec.keys(values)
        for key in keys:
            if key in known:
                ref = known[key]
                if ref.startswith("#"):
                    message = _("Trùng với dòng {row} của tệp.").format(row=ref[1:])
                else:
                    message = _("Đã có trong sổ: {record}.").format(record=known[("describe", ref)])
                return RowResult(number, "duplicate", values, [message], ref)
        for key in keys:
            known[key] = f"#{number}"
        return RowResult(number, "new", values)

    def parse(self, column: ColumnSpec, raw: Any) -> Any:
        if isinstance(raw, _Uncalculated):
            raise ValueError(_("công thức chưa có giá trị (hãy mở và lưu tệp bằng Excel)"))
        if isinstance(raw, _CellError):
            raise ValueError(_("ô có lỗi công thức {code}").format(code=raw.code))
        kind = column.kind
        if kind == "date":
            return _parse_date(raw)
        if kind == "bool":
            return _parse_bool(raw)
        if kind in ("money", "int"):
            return _parse_number(raw)
        if kind == "enum":
            return _parse_enum(column.enum or column.field, raw)
        if kind == "enum_list":
            return [_parse_enum(column.enum or column.field, part) for part in _parts(_text(raw))]
        if kind == "country":
            codes = self.countries.parse(_text(raw))
            return codes if column.field in ("countries", "participant_countries") else codes[0]
        if kind == "unit":
            return self.units.parse(_text(raw))
        if kind == "list":
            return _parts(_text(raw))
        return _text(raw)

    def note_merged(self, results: list[RowResult], merged: list[str]) -> list[RowResult]:
        """Say so when a required cell is empty because it lies under a merged range."""
        if not merged or not self.missing_cells:
            return results
        from openpyxl.utils.cell import range_boundaries

        boxes = [(ref, range_boundaries(ref)) for ref in merged]
        for index, col, name in self.missing_cells:
            result = results[index]
            for ref, (min_col, min_row, max_col, max_row) in boxes:
                if min_col <= col <= max_col and min_row < result.row <= max_row:
                    note = _("{where}: ô nằm trong vùng gộp ô {range}, chỉ ô đầu có giá trị; "
                             "hãy bỏ gộp ô và điền giá trị vào từng dòng.").format(
                        where=self.where(name, result.row), range=ref)
                    results[index] = replace(result, problems=[*result.problems, note])
                    break
        return results


def _text(raw: Any) -> str:
    if isinstance(raw, bool):
        return _("Có") if raw else _("Không")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return format_date(raw.date())
    if isinstance(raw, date):
        return format_date(raw)
    return nfc(str(raw)) or ""


def _parts(text: str) -> list[str]:
    return [p.strip() for p in _LIST_SPLIT.split(text) if p.strip()]


def _parse_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 1 <= raw < 2958466:  # an Excel day number in a cell not formatted as a date
            from openpyxl.utils.datetime import from_excel

            return from_excel(raw).date()
        raise ValueError(_("Ngày không hợp lệ: {value}").format(value=_text(raw)))
    if isinstance(raw, time):
        raise ValueError(_("Ngày không hợp lệ: {value}").format(value=raw))
    return parse_date(_text(raw))


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = fold(_text(raw))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("Giá trị «{value}» không phải Có/Không.").format(value=_text(raw)))


def _parse_number(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError(_("Không phải số: {value}").format(value=_text(raw)))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise ValueError(_("Phải là số nguyên: {value}").format(value=raw))
    text = _MONEY_NOISE.sub("", _text(raw)).replace(".", "").replace(",", "")
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(_("Không phải số: {value}").format(value=_text(raw)))
    return int(text)


def _parse_enum(enum: str, raw: Any) -> str:
    text = _text(raw)
    wanted = fold(text)
    for code in ENUMS.get(enum, ()):
        label = ENUM_LABELS.get(enum, {}).get(code, code)
        if wanted in (fold(code), fold(label), fold(_(label))):
            return code
    allowed = ", ".join(_(ENUM_LABELS.get(enum, {}).get(c, c)) for c in ENUMS.get(enum, ()))
    raise ValueError(_("«{value}» không có trong danh sách ({allowed}).").format(value=text, allowed=allowed))


class _Countries:
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
        self.names.update({"han quoc": "KR", "my": "US", "hoa ky": "US", "anh": "GB", "trung quoc": "CN"})

    def one(self, text: str) -> str | None:
        if len(text) == 2 and text.upper() in self.codes:
            return text.upper()
        return self.names.get(fold(text))

    def parse(self, text: str) -> list[str]:
        parts = [p.strip() for p in _LIST_SPLIT.split(text)]
        codes, i = [], 0
        while i < len(parts):
            if not parts[i]:
                i += 1
                continue
            for j in range(len(parts), i, -1):  # "Hồng Kông, Trung Quốc" is one name with a comma
                code = self.one(", ".join(parts[i:j]))
                if code:
                    codes.append(code)
                    i = j
                    break
            else:
                raise ValueError(_("Không nhận ra quốc gia «{name}».").format(name=parts[i]))
        if not codes:
            raise ValueError(_("Không nhận ra quốc gia «{name}».").format(name=text))
        return list(dict.fromkeys(codes))


class _Units:
    """Unit by code or name, accents ignored; looked up once."""

    def __init__(self, ctx: ServiceContext):
        with ctx.db.read() as s:
            rows = s.execute(select(Unit.code, Unit.name).where(Unit.deleted.is_(False))).all()
        self.by_key = {}
        for code, name in rows:
            self.by_key[fold(code)] = code
            self.by_key.setdefault(fold(name), code)

    def parse(self, text: str) -> str:
        code = self.by_key.get(fold(text))
        if code is None:
            raise ValueError(_("Không có đơn vị «{unit}» trong danh sách đơn vị.").format(unit=text))
        return code


# ---------------------------------------------------------------- helpers


def _spec(entity: str) -> EntitySpec:
    spec = SPECS.get(entity)
    if spec is None:
        raise AppError(_("Chưa nhập được sổ «{entity}» từ Excel.").format(entity=entity))
    return spec


def _columns(ctx: ServiceContext, entity: str) -> list[ColumnSpec]:
    spec = _spec(entity)
    return [c for c in SpreadsheetService(ctx).columns(entity)
            if c.kind != "reference" and c.field not in spec.skip]


def _check_mapping(spec: EntitySpec, columns: dict[str, ColumnSpec], mapping: dict[str, str]) -> None:
    unknown = [f for f in mapping.values() if f not in columns]
    if unknown:
        raise AppError(_("Không nhập được vào trường «{field}».").format(field=unknown[0]))
    seen: set[str] = set()
    for f in mapping.values():
        if f in seen:
            raise AppError(_("Trường «{field}» được chọn cho hai cột.").format(field=columns[f].label))
        seen.add(f)
    missing = [columns[f].label for f in spec.required if f not in seen]
    if missing:
        raise AppError(_("Chưa chọn cột cho: {fields}.").format(fields=", ".join(missing)))


def _known_keys(s: Session, spec: EntitySpec) -> dict[tuple, str]:
    """Duplicate keys of the live records → record id (and each id → its description)."""
    model = SYNCED_MODELS[spec.entity]
    cols = [getattr(model, f) for f in spec.key_fields]
    known: dict[tuple, str] = {}
    stmt = select(model.id, *cols).where(model.deleted.is_(False)).execution_options(yield_per=5000)
    for row in s.execute(stmt):
        data = dict(zip(spec.key_fields, row[1:], strict=True))
        keys = spec.keys(data)
        for key in keys:
            known.setdefault(key, row[0])
        if keys:
            known[("describe", row[0])] = spec.describe(data)
    return known


def _sheet(book: Any, name: str) -> Any:
    if name not in book.sheetnames:
        raise AppError(_("Tệp không có trang tính «{sheet}».").format(sheet=name))
    return book[name]


def _open_book(path: Path) -> Any:
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
        raise _damaged(path, exc) from exc


def _damaged(path: Path, exc: Exception) -> AppError:
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
