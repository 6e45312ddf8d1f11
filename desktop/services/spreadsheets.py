"""Excel out: any register as .xlsx with Vietnamese headers, from the model's own field labels.

The columns are the model's `__sync_fields__` with the labels in each column's
`info` — the same single source of truth as the bundle schema — so a new field
appears in the export without being written again here.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, func, select
from sqlalchemy.orm import Session

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import _, country_name
from desktop.models import SYNCED_MODELS, Unit
from desktop.services.common import search_filter
from desktop.services.context import ServiceContext

BATCH = 2000
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"
COUNTRY_FIELDS = {"countries", "country", "participant_countries", "guest_nationality", "nationality"}
# a reference is shown by the referenced record's name, not its UUID
REFERENCE_NAMES = {"person": "full_name", "delegation": "title", "foreign_ngo": "name_original",
                   "promotion_activity": "title", "overseas_contact": "name"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ColumnSpec:
    """One exported column: the field, its Vietnamese header and how its values are shown."""

    field: str
    label: str
    kind: str  # text | date | bool | int | money | enum | list | country | reference
    enum: str | None = None
    target: str | None = None


class SpreadsheetService:
    """Writes registers to .xlsx files."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def columns(self, entity: str) -> list[ColumnSpec]:
        """The columns an export of `entity` has, in the model's field order."""
        model = _model(entity)
        table = model.__table__
        specs = [ColumnSpec("unit_code", _("Đơn vị"), "unit")]
        specs += [_spec(table.c[name]) for name in model.__sync_fields__
                  if name not in ("attachments", "unit_code")]
        return specs

    def export(self, entity: str, out: Path, search: str = "", progress: Progress | None = None,
               filters: dict[str, Any] | None = None) -> int:
        """Write every live record of `entity` matching `search` and `filters` (field → value)
        to `out`; returns the row count. The file appears only when complete.
        """
        from openpyxl import Workbook

        columns = self.columns(entity)
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_sheet_title(entity))
        _header(sheet, columns)
        query = _query(entity, search, filters or {})
        with self.ctx.db.read() as s:
            total = _count(s, query)
            written = self._rows(s, sheet, query, columns, total, progress)
        _save(book, Path(out))
        return written

    def _rows(self, s: Session, sheet: Any, query: Any, columns: list[ColumnSpec],
              total: int, progress: Progress | None) -> int:
        names = _Names(s)
        written = 0
        for obj in s.scalars(query.execution_options(yield_per=BATCH)):
            sheet.append([_cell(sheet, spec, getattr(obj, spec.field), names) for spec in columns])
            written += 1
            if progress and written % BATCH == 0:
                progress(written, total)
        if progress:
            progress(written, total)
        return written


def _model(entity: str) -> Any:
    model = SYNCED_MODELS.get(entity)
    if model is None:
        raise AppError(_("Không có sổ «{entity}».").format(entity=entity))
    return model


def _spec(column: Any) -> ColumnSpec:
    info, name = column.info, column.name
    label = _(info.get("label", name))
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        return ColumnSpec(name, label, "reference", target=target)
    if info.get("enum"):
        return ColumnSpec(name, label, "enum_list" if _is_list(column) else "enum", enum=info["enum"])
    if name in COUNTRY_FIELDS:
        return ColumnSpec(name, label, "country")
    return ColumnSpec(name, label, _kind(column))


def _is_list(column: Any) -> bool:
    return column.type.__class__.__name__ == "JSON"


def _kind(column: Any) -> str:
    if isinstance(column.type, Boolean):
        return "bool"
    if isinstance(column.type, Date):
        return "date"
    if column.name.endswith("_vnd"):
        return "money"
    if _is_list(column):
        return "list"
    return "int" if column.type.python_type is int else "text"


def _query(entity: str, search: str, filters: dict[str, Any]) -> Any:
    model = _model(entity)
    stmt = select(model).where(model.deleted.is_(False))
    for name, value in filters.items():
        if name not in model.__sync_fields__:
            raise AppError(_("Không lọc được theo «{field}».").format(field=name))
        column = getattr(model, name)  # a (first, last) pair is a range, e.g. one year of approval dates
        stmt = stmt.where(column.between(*value) if isinstance(value, tuple) else column == value)
    if search and hasattr(model, "search_key"):
        cond = search_filter(model.search_key, search)
        stmt = stmt if cond is None else stmt.where(cond)
    return stmt.order_by(model.created_at, model.id)


def _count(s: Session, query: Any) -> int:
    return s.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


class _Names:
    """Names of referenced records and units, looked up once each."""

    def __init__(self, s: Session):
        self.s = s
        self.cache: dict[tuple[str, str], str] = {}
        self.units = dict(s.execute(select(Unit.code, Unit.name)).all())

    def of(self, target: str, record_id: str | None) -> str:
        if not record_id:
            return ""
        key = (target, record_id)
        if key not in self.cache:
            self.cache[key] = self._lookup(target, record_id)
        return self.cache[key]

    def _lookup(self, target: str, record_id: str) -> str:
        model = SYNCED_MODELS.get(target)
        attr = REFERENCE_NAMES.get(target)
        obj = self.s.get(model, record_id) if model is not None else None
        return str(getattr(obj, attr, "") or "") if obj is not None and attr else record_id


def _cell(sheet: Any, spec: ColumnSpec, value: Any, names: _Names) -> Any:
    from openpyxl.cell import WriteOnlyCell

    shown = _shown(spec, value, names)
    if isinstance(shown, (date, int)) and not isinstance(shown, bool) and spec.kind in ("date", "money"):
        cell = WriteOnlyCell(sheet, value=shown)
        cell.number_format = DATE_FORMAT if spec.kind == "date" else MONEY_FORMAT
        return cell
    return shown


def _shown(spec: ColumnSpec, value: Any, names: _Names) -> Any:
    if value is None or value == []:
        return None
    if spec.kind == "unit":
        return names.units.get(value, value)
    if spec.kind == "bool":
        return _("Có") if value else _("Không")
    if spec.kind == "enum":
        return _(ENUM_LABELS.get(spec.enum, {}).get(value, value))
    if spec.kind == "enum_list":
        return ", ".join(_(ENUM_LABELS.get(spec.enum, {}).get(v, v)) for v in value)
    if spec.kind == "country":
        return ", ".join(country_name(c) for c in value) if isinstance(value, list) else country_name(value)
    if spec.kind == "reference":
        return names.of(spec.target, value)
    if spec.kind == "list":
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _header(sheet: Any, columns: list[ColumnSpec]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    for i, spec in enumerate(columns, start=1):
        width = 14 if spec.kind in ("date", "bool", "money", "int") else 28
        sheet.column_dimensions[get_column_letter(i)].width = width
    cells = []
    for spec in columns:
        cell = WriteOnlyCell(sheet, value=spec.label)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def _sheet_title(entity: str) -> str:
    return entity[:31]


def _save(book: Any, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".doingoai-", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
