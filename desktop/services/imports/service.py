"""The import use case: open → map → preview (writes nothing) → commit (one transaction)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import access
from desktop.domain.text import fold
from desktop.domain.validation import ENUM_LABELS, ENUMS
from desktop.errors import AppError
from desktop.i18n import _, country_name
from desktop.models import SYNCED_MODELS
from desktop.services.context import ServiceContext
from desktop.services.delegations import DECIDED
from desktop.services.imports import aid, delegations, ngos, persons
from desktop.services.imports import guess as guessing
from desktop.services.imports import workbook as wb
from desktop.services.imports.base import (
    Cancelled,
    EntitySpec,
    FieldChoice,
    Guess,
    ImportCancelled,
    Preview,
    Progress,
    RowResult,
    SheetInfo,
)
from desktop.services.imports.matching import spaced
from desktop.services.imports.rows import RowReader
from desktop.services.imports.values import shown
from desktop.services.spreadsheets import ColumnSpec, SpreadsheetService
from desktop.sync.records import apply_data

STEP = 500  # rows between progress reports and cancel checks
FLUSH_EVERY = 1000

SPECS: dict[str, EntitySpec] = {spec.entity: spec for spec in (persons.SPEC, ngos.SPEC, aid.SPEC, delegations.SPEC)}


@dataclass(frozen=True)
class ImportRun:
    """What `import_file` did: the preview, why its guesses were made, "previewed" / "written" /
    "refused", and what was written (None unless written)."""

    preview: Preview
    reasons: dict[str, str]
    result: str
    written: dict[str, int] | None


class ImportService:
    """Reads .xlsx files into a register: open → map → preview → commit."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # --- the file ----------------------------------------------------------------------

    def open(self, path: Path) -> list[SheetInfo]:
        """The worksheets of `path` that have something in them, with their headers."""
        path = Path(path)
        book = wb.open_book(path)
        try:
            sheets = []
            for ws in book.worksheets:
                header_row, headers, _last, titles = wb.scan_header(book, ws, shown)
                if header_row:
                    sheets.append(SheetInfo(ws.title, wb.data_rows(ws, header_row), headers, titles))
        except AppError:
            raise
        except Exception as exc:  # a part of the file openpyxl cannot parse
            raise wb.damaged(path, exc) from exc
        finally:
            book.close()
        if not sheets:
            raise AppError(_("Tệp «{name}» không có dữ liệu: mọi trang tính đều trống.").format(name=path.name))
        return sheets

    def entities(self) -> list[str]:
        """The registers that can be imported."""
        return list(SPECS)

    def title(self, entity: str) -> str:
        """The wizard's title for this register ("Nhập cán bộ từ Excel")."""
        return _(_spec(entity).title) if _spec(entity).title else _("Nhập từ Excel")

    def note(self, entity: str) -> str:
        """What the wizard should say about this register's import ("" for nothing)."""
        return _(_spec(entity).note) if _spec(entity).note else ""

    def fields(self, entity: str) -> list[FieldChoice]:
        """The fields a column can be mapped to, in the export's order."""
        spec = _spec(entity)
        return [FieldChoice(c.field, c.label, c.field in spec.required) for c in columns(self.ctx, entity)]

    def choices(self, entity: str, name: str) -> list[tuple[str, str]]:
        """(code, label) of the values a list field takes ("outbound", "Đoàn ra"); [] for a free field."""
        column = next((c for c in columns(self.ctx, entity) if c.field == name), None)
        if column is None or column.kind not in ("enum", "enum_list"):
            return []
        enum = column.enum or column.field
        return [(code, _(ENUM_LABELS.get(enum, {}).get(code, code))) for code in ENUMS.get(enum, ())]

    def guess_mapping(self, entity: str, headers: list[str]) -> dict[str, str]:
        """header → field for the headers that name a field: its label, the model's label, the field's
        name, or a usual Vietnamese or English header for it — accents, case and spacing ignored."""
        spec = _spec(entity)
        names: dict[str, str] = {}
        table = SYNCED_MODELS[spec.entity].__table__
        for column in columns(self.ctx, entity):
            raw = table.c[column.field].info.get("label", "") if column.field in table.c else column.label
            raw = "Đơn vị" if column.field == "unit_code" else raw
            for name in (column.label, raw, column.field, column.field.replace("_", " ")):
                names.setdefault(_header_key(name), column.field)
        for column in columns(self.ctx, entity):  # usual headers only where no label claimed the name
            for name in spec.aliases.get(column.field, ()):
                names.setdefault(_header_key(name), column.field)
        mapping, taken = {}, set()
        for header in headers:  # as written, else without what it says in brackets ("Kinh phí (đồng)")
            target = names.get(_header_key(header)) or names.get(_header_key(_BRACKETS.sub(" ", header)))
            if target and target not in taken:
                mapping[header] = target
                taken.add(target)
        return mapping

    def guess(self, entity: str, sheet: SheetInfo) -> Guess:
        """How `sheet` is read before the officer changes anything: the columns (`guess_mapping`), a value
        for every row named by the sheet's name or title rows ("Đoàn ra 2024" → outbound), and a column
        serving a required field no column is named for (the purpose as the title), each with why."""
        spec = _spec(entity)
        by_field = {c.field: c for c in columns(self.ctx, entity)}
        mapping = self.guess_mapping(entity, sheet.headers)
        fixed, why = guessing.fixed_values(spec, by_field, sheet, set(mapping.values()))
        also, why_also = guessing.stand_ins(spec, by_field, mapping)
        return Guess(mapping, fixed, also, {**why, **why_also})

    def mapping_problems(self, entity: str, mapping: dict[str, str], fixed: dict[str, Any] | None = None,
                         also: dict[str, str] | None = None) -> list[str]:
        """What keeps a mapping from being previewed, in words: required fields nothing fills, fields
        given two columns."""
        spec = _spec(entity)
        labels = {c.field: c.label for c in columns(self.ctx, entity)}
        missing, twice = _unfilled(spec, mapping, fixed or {}, also or {})
        out = []
        if missing:
            out.append(_("Chưa chọn cột cho trường bắt buộc: {fields}.").format(
                fields=", ".join(labels[f] for f in missing)))
        if twice:
            out.append(_("Mỗi trường chỉ nhận một cột: {fields}.").format(
                fields=", ".join(sorted(labels[f] for f in twice))))
        return out

    # --- preview ----------------------------------------------------------------------

    def preview(self, path: Path, sheet: str, entity: str, mapping: dict[str, str],
                progress: Progress | None = None, cancelled: Cancelled | None = None, *,
                fixed: dict[str, Any] | None = None, also: dict[str, str] | None = None,
                reasons: dict[str, str] | None = None) -> Preview:
        """Parse and check every row of `sheet`; writes nothing.

        `fixed` gives fields one value for every row (field → value as typed, or a code), used where a
        row's own cell is empty; `also` lets a column fill one more field (field → header); `reasons`
        say how those were guessed (`guess`), repeated on each row."""
        spec = _spec(entity)
        by_field = {c.field: c for c in columns(self.ctx, entity)}
        mapping = {h: f for h, f in mapping.items() if f}
        fixed = {f: val for f, val in (fixed or {}).items() if val not in (None, "")}
        also = {f: h for f, h in (also or {}).items() if h}
        _check_mapping(spec, by_field, mapping, fixed, also)
        book = wb.open_book(Path(path))
        try:
            ws = wb.sheet(book, sheet)
            header_row, headers, _last, titles = wb.scan_header(book, ws, shown)
            total = wb.data_rows(ws, header_row)
            by_col = {i: (h, mapping[h]) for i, h in enumerate(headers, start=1) if h in mapping}
            missing = [h for h in [*mapping, *also.values()] if h not in headers]
            if missing:
                raise AppError(_("Trang tính «{sheet}» không có cột «{header}».").format(sheet=sheet,
                                                                                     header=missing[0]))
            also_cols = {f: (headers.index(h) + 1, h) for f, h in also.items()}
            reader = RowReader(self.ctx, spec, by_field, by_col, also_cols, fixed,
                               {f: r for f, r in (reasons or {}).items() if f in fixed or f in also},
                               guessing.year_of(sheet, titles))
            with self.ctx.db.read() as s:
                known = _known_keys(s, spec)
            results: list[RowResult] = []
            stream = wb.Stream(book, ws)
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
            raise wb.damaged(Path(path), exc) from exc
        finally:
            book.close()
        if progress:
            progress(len(results), len(results))
        counts = {k: 0 for k in ("new", "duplicate", "invalid", "empty")}
        for r in results:
            counts[r.status] += 1
        return Preview(entity, sheet, dict(mapping), results, counts,
                       {f: value for f, (value, _more) in reader.fixed.items()}, also)

    # --- headless: `doingoai import` -----------------------------------------------------

    def field_named(self, entity: str, name: str) -> str:
        """The field called `name` by its key or its label ("direction", "Loại đoàn"), accents ignored."""
        choices = columns(self.ctx, entity)
        for column in choices:
            if _header_key(name) in (_header_key(column.field), _header_key(column.label)):
                return column.field
        raise AppError(_("Sổ này không có trường «{field}». Các trường: {fields}.").format(
            field=name, fields=", ".join(f"{c.field} ({c.label})" for c in choices)))

    def import_file(self, path: Path, entity: str, sheet: str | None = None, fixed: dict[str, str] | None = None,
                    dry_run: bool = False) -> ImportRun:
        """Read `path` as the wizard would with its guesses (the `fixed` values given replacing guessed
        ones), then write the new rows in one transaction — unless `dry_run`, or unless a row is invalid:
        then the file is refused and nothing is written."""
        sheets = self.open(Path(path))
        chosen = _sheet_named(sheets, sheet) if sheet else sheets[0]
        guessed = self.guess(entity, chosen)
        given = {self.field_named(entity, f): value for f, value in (fixed or {}).items()}
        reasons = {f: why for f, why in guessed.reasons.items() if f not in given}
        preview = self.preview(Path(path), chosen.name, entity, guessed.mapping, fixed={**guessed.fixed, **given},
                               also=guessed.also, reasons=reasons)
        if preview.counts["invalid"]:
            return ImportRun(preview, reasons, "refused", None)
        if dry_run:
            return ImportRun(preview, reasons, "previewed", None)
        return ImportRun(preview, reasons, "written", self.commit(preview))

    # --- commit -----------------------------------------------------------------------

    def commit(self, preview: Preview, progress: Progress | None = None) -> dict[str, int]:
        """Write the preview's "new" rows in one transaction; nothing is written if any fails.

        Duplicates are looked for again inside the transaction, in case the
        register changed since the preview.
        """
        spec = _spec(preview.entity)
        model = SYNCED_MODELS[preview.entity]
        new = [r for r in preview.rows if r.status == "new"]
        if any(r.values.get("status") in DECIDED for r in new):  # rows already decided: a unit head's to enter
            self.ctx.require(access.DECIDE)
        created = skipped = 0
        local = self.ctx.local_unit()
        with self.ctx.db.session() as s:
            known = _known_keys(s, spec)
            for i, row in enumerate(new, start=1):
                data = spec.finish(dict(row.values))
                keys = spec.keys(data)
                if any(k in known for k in keys):
                    skipped += 1
                    continue
                if spec.write is not None:
                    spec.write(s, data, data.get("unit_code") or local)
                else:
                    obj = model(unit_code=data.get("unit_code") or local)
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


def shown_field(entity: str, name: str, value: Any) -> str:
    """A parsed value of `name` in words: enum labels and country names instead of codes."""
    column = SYNCED_MODELS[entity].__table__.c.get(name) if entity in SYNCED_MODELS else None
    enum = column.info.get("enum") if column is not None else None
    if enum is None and entity in SPECS:
        enum = next((c.enum for c in SPECS[entity].extra() if c.field == name), None)
    if enum and isinstance(value, str):
        return _(ENUM_LABELS.get(enum, {}).get(value, value))
    if enum and isinstance(value, list):
        return ", ".join(_(ENUM_LABELS.get(enum, {}).get(v, v)) for v in value)
    if name in ("countries", "participant_countries") and isinstance(value, list):
        return ", ".join(country_name(c) for c in value)
    if name == "country" and isinstance(value, str) and len(value) == 2:  # noqa: PLR2004
        return country_name(value)
    return shown(value)


def columns(ctx: ServiceContext, entity: str) -> list[ColumnSpec]:
    """The columns of an import: the export's (no references, nothing skipped), then the spec's own."""
    spec = _spec(entity)
    model_columns = [c for c in SpreadsheetService(ctx).columns(spec.entity)
                     if c.kind != "reference" and c.field not in spec.skip]
    return model_columns + list(spec.extra())


_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _header_key(name: str) -> str:
    """A header as compared: folded, punctuation and runs of spaces made one space."""
    return spaced(name)


def _sheet_named(sheets: list[SheetInfo], name: str) -> SheetInfo:
    for sheet in sheets:
        if sheet.name == name or fold(sheet.name) == fold(name):
            return sheet
    raise AppError(_("Tệp không có trang tính «{sheet}». Các trang tính có dữ liệu: {names}.").format(
        sheet=name, names=", ".join(f"«{s.name}»" for s in sheets)))


def _spec(entity: str) -> EntitySpec:
    spec = SPECS.get(entity)
    if spec is None:
        raise AppError(_("Chưa nhập được sổ «{entity}» từ Excel.").format(entity=entity))
    return spec


def _unfilled(spec: EntitySpec, mapping: dict[str, str], fixed: dict[str, Any],
              also: dict[str, str]) -> tuple[list[str], list[str]]:
    """(required fields nothing fills, fields filled by two columns)."""
    chosen = [*mapping.values(), *also]
    filled = set(chosen) | set(fixed)
    for extra, fields in spec.provides.items():
        if extra in filled:
            filled |= set(fields)
    twice = sorted({f for f in chosen if chosen.count(f) > 1})
    return [f for f in spec.required if f not in filled], twice


def _check_mapping(spec: EntitySpec, by_field: dict[str, ColumnSpec], mapping: dict[str, str],
                   fixed: dict[str, Any], also: dict[str, str]) -> None:
    unknown = [f for f in [*mapping.values(), *fixed, *also] if f not in by_field]
    if unknown:
        raise AppError(_("Không nhập được vào trường «{field}».").format(field=unknown[0]))
    missing, twice = _unfilled(spec, mapping, fixed, also)
    if twice:
        raise AppError(_("Trường «{field}» được chọn cho hai cột.").format(field=by_field[twice[0]].label))
    if missing:
        raise AppError(_("Chưa chọn cột cho: {fields}.").format(fields=", ".join(by_field[f].label for f in missing)))


def _known_keys(s: Session, spec: EntitySpec) -> dict[tuple, str]:
    """Duplicate keys of the live records → record id (and each id → its description)."""
    model = SYNCED_MODELS[spec.entity]
    cols = [getattr(model, f) for f in spec.key_fields]
    keys_of = spec.stored_keys or spec.keys
    known: dict[tuple, str] = {}
    stmt = select(model.id, *cols).where(model.deleted.is_(False)).execution_options(yield_per=5000)
    for row in s.execute(stmt):
        data = dict(zip(spec.key_fields, row[1:], strict=True))
        keys = keys_of(data)
        for key in keys:
            known.setdefault(key, row[0])
        if keys:
            known[("describe", row[0])] = spec.describe(data)
    return known
