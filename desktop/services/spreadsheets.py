"""Excel out: any register as .xlsx with Vietnamese headers, from the model's own field labels.

The columns are the model's `__sync_fields__` with the labels in each column's
`info` — the same single source of truth as the bundle schema — so a new field
appears in the export without being written again here.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, func, select
from sqlalchemy.orm import Session

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import N_, _, country_name
from desktop.models import SYNCED_MODELS, Delegation, DelegationMember, Person, Unit
from desktop.services.common import search_filter
from desktop.services.context import ServiceContext
from desktop.services.delegations import ROLE_ORDER
from desktop.sync.labels import entity_label

BATCH = 2000
ID_BATCH = 500  # records read by id at a time: well under every store's limit on bound parameters
SHEET_NAME_LIMIT = 31  # Excel's; it also refuses []:*?/\ in a sheet's name
MEMBERS_SHEET = N_("Thành viên")
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"
COUNTRY_FIELDS = {"countries", "country", "participant_countries", "guest_nationality", "nationality"}
# a reference is shown by the referenced record's name, not its UUID
REFERENCE_NAMES = {"person": "full_name", "delegation": "title", "foreign_ngo": "name_original",
                   "promotion_activity": "title", "overseas_contact": "name", "annual_plan": "title",
                   "planned_activity": "title", "conference": "title", "aid_project": "title"}

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
        specs += [column_spec(table.c[name]) for name in model.__sync_fields__
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
        sheet = book.create_sheet(sheet_name(entity_label(entity)))
        _header(sheet, columns)
        query = _query(entity, search, filters or {})
        with self.ctx.db.read() as s:
            total = _count(s, query)
            written = self._rows(s, sheet, query, columns, total, progress)
        atomic_save(book, Path(out))
        self.ctx.audit("export", entity, "", {"what": "excel", "rows": written, "file": Path(out).name})
        return written

    def export_list(self, entity: str, out: Path, ids: Iterable[str], title: str, total: int = 0,
                    progress: Progress | None = None) -> int:
        """Write the records `ids` of `entity` in that order (a list as the officer sees it: every row its
        search, filters and sort match) to the sheet named `title` of `out`; returns the row count.

        A delegation list gets a second sheet, "Thành viên", with the members of those delegations only.
        `ids` may be read lazily; the file appears only when complete, and a folder that refuses it is
        said before any row is read.
        """
        from openpyxl import Workbook

        with _written(Path(out)) as tmp:
            book = Workbook(write_only=True)
            count = self._list(book, entity, ids, title, total, progress)
            book.save(tmp)
        self.ctx.audit("export", entity, "", {"what": "excel", "rows": count, "file": Path(out).name})
        return count

    def export_budget(self, budget: Any, out: Path) -> int:
        """A year's Kinh phí đối ngoại (`BudgetService.year`) as one sheet: the estimate allocated, each
        addition, then every activity of the year with its estimate and its actual cost — đồng as numbers,
        dates as dates. Returns the number of activities written."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        def typed(value: Any, fmt: str) -> Any:
            if value is None:
                return None
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = fmt
            return cell

        def bold(text: str) -> Any:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = Font(bold=True)
            return cell

        words = {"delegation": _("Đoàn"), "conference": _("Hội nghị"), "promotion_activity": _("Xúc tiến")}
        with _written(Path(out)) as tmp:
            book = Workbook(write_only=True)
            sheet = book.create_sheet(sheet_name(_("Kinh phí năm {year}").format(year=budget.year)))
            for col, width in zip("ABCDE", (14, 60, 14, 18, 18), strict=True):
                sheet.column_dimensions[col].width = width
            sheet.append([bold(_("Kinh phí đối ngoại năm {year} — {unit}").format(year=budget.year,
                                                                                  unit=budget.unit_code))])
            for label, value in ((_("Dự toán được giao"), budget.data.get("allocated_vnd") or 0),
                                 (_("Bổ sung trong năm"), budget.additions_vnd),
                                 (_("Tổng được giao"), budget.allocated_vnd), (_("Đã chi"), budget.spent_vnd),
                                 (_("Còn lại"), budget.allocated_vnd - budget.spent_vnd)):
                sheet.append([label, None, None, None, typed(value, MONEY_FORMAT)])
            sheet.append([])
            sheet.append([bold(_("Ngày quyết định")), bold(_("Nhiệm vụ phát sinh")), None, None, bold(_("Số tiền"))])
            for a in budget.additions:
                sheet.append([typed(a.data.get("decided_on"), DATE_FORMAT), a.data.get("reason"), None, None,
                              typed(a.data.get("amount_vnd"), MONEY_FORMAT)])
            sheet.append([])
            sheet.append([bold(_("Ngày")), bold(_("Hoạt động")), bold(_("Loại")), bold(_("Dự toán")),
                          bold(_("Thực chi"))])
            for line in budget.lines:
                sheet.append([typed(line.start_date, DATE_FORMAT), line.title, words[line.entity],
                              typed(line.estimate_vnd, MONEY_FORMAT), typed(line.actual_vnd, MONEY_FORMAT)])
            book.save(tmp)
        return len(budget.lines)

    def _list(self, book: Any, entity: str, ids: Iterable[str], title: str, total: int,
              progress: Progress | None) -> int:
        model, columns = _model(entity), self.columns(entity)
        sheet = book.create_sheet(sheet_name(title))
        _header(sheet, columns)
        written: list[str] = []
        for chunk in _chunks(ids, ID_BATCH):  # the next ids are read before this session opens
            with self.ctx.db.read() as s:
                names = ReferenceNames(s)
                found = {o.id: o for o in s.scalars(select(model).where(model.id.in_(chunk),
                                                                        model.deleted.is_(False)))}
                for record_id in (i for i in chunk if i in found):
                    sheet.append(_record(sheet, found[record_id], columns, names))
                    written.append(record_id)
            if progress:
                progress(len(written), max(total, len(written)))
        if entity == "delegation":
            self._members(book, written, progress)
        return len(written)

    def _members(self, book: Any, delegation_ids: list[str], progress: Progress | None) -> None:
        """The sheet "Thành viên": each member of the delegations written, in their order, heads first."""
        sheet = book.create_sheet(sheet_name(_(MEMBERS_SHEET)))
        columns = _member_columns()
        _header(sheet, columns)
        done = len(delegation_ids)
        for chunk in _chunks(delegation_ids, ID_BATCH):
            with self.ctx.db.read() as s:
                names = ReferenceNames(s)
                for values in _member_values(s, chunk, names):
                    sheet.append([_cell(sheet, spec, values[spec.field], names) for spec in columns])
            if progress:
                progress(done, done)

    def _rows(self, s: Session, sheet: Any, query: Any, columns: list[ColumnSpec],
              total: int, progress: Progress | None) -> int:
        names = ReferenceNames(s)
        written = 0
        for obj in s.scalars(query.execution_options(yield_per=BATCH)):
            sheet.append(_record(sheet, obj, columns, names))
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


def column_spec(column: Any) -> ColumnSpec:
    """How a column is shown: its label and kind (a reference, an enum, a date, money …)."""
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


class ReferenceNames:
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


def _cell(sheet: Any, spec: ColumnSpec, value: Any, names: ReferenceNames) -> Any:
    from openpyxl.cell import WriteOnlyCell

    shown = shown_value(spec, value, names)
    if isinstance(shown, (date, int)) and not isinstance(shown, bool) and spec.kind in ("date", "money"):
        cell = WriteOnlyCell(sheet, value=shown)
        cell.number_format = DATE_FORMAT if spec.kind == "date" else MONEY_FORMAT
        return cell
    return shown


def shown_value(spec: ColumnSpec, value: Any, names: ReferenceNames) -> Any:
    """A stored value as the officer reads it (labels, names, Có/Không); dates and money stay typed."""
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


def sheet_name(title: str) -> str:
    """`title` as Excel accepts a sheet's name: without []:*?/\\, at most 31 characters, not blank."""
    name = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split())[:SHEET_NAME_LIMIT].strip(" '")
    return name or _("Danh sách")


def _chunks(values: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


def _record(sheet: Any, obj: Any, columns: list[ColumnSpec], names: ReferenceNames) -> list[Any]:
    return [_cell(sheet, spec, getattr(obj, spec.field), names) for spec in columns]


def _label(column: Any) -> str:
    return _(column.info.get("label", column.key))


def _member_columns() -> list[ColumnSpec]:
    """The members sheet: the delegation, then who each member is, the officer's or the guest's details."""
    return [
        ColumnSpec("delegation", _label(Delegation.title), "text"),
        ColumnSpec("decision_number", _label(Delegation.decision_number), "text"),
        ColumnSpec("number", _("STT"), "int"),
        ColumnSpec("name", _label(Person.full_name), "text"),
        ColumnSpec("role", _label(DelegationMember.role), "enum", enum="role"),
        ColumnSpec("position", _("Chức vụ, chức danh"), "text"),
        ColumnSpec("unit", _("Đơn vị, cơ quan"), "text"),
        ColumnSpec("nationality", _label(DelegationMember.guest_nationality), "country"),
        ColumnSpec("birth_date", _label(Person.birth_date), "date"),
        ColumnSpec("passport", _label(Person.passport_number), "text"),
        ColumnSpec("passport_expiry", _label(Person.passport_expiry), "date"),
    ]


def _member_values(s: Session, delegation_ids: list[str], names: ReferenceNames) -> Iterator[dict[str, Any]]:
    """Field → value of each live member of `delegation_ids`, delegation by delegation in that order;
    inside one, by role (head first) then as entered, the order of the delegation's editor."""
    rows = s.execute(
        select(DelegationMember, Person, Delegation.title, Delegation.decision_number)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .outerjoin(Person, Person.id == DelegationMember.person_id)
        .where(DelegationMember.delegation_id.in_(delegation_ids), DelegationMember.deleted.is_(False))
        .order_by(DelegationMember.created_at, DelegationMember.id)).all()
    place = {d: i for i, d in enumerate(delegation_ids)}
    rows.sort(key=lambda r: (place[r[0].delegation_id], ROLE_ORDER.get(r[0].role, 9)))
    number, current = 0, None
    for m, p, title, decision in rows:
        number = number + 1 if m.delegation_id == current else 1
        current = m.delegation_id
        yield {"delegation": title, "decision_number": decision, "number": number, "role": m.role,
               **(_officer(p, names) if p is not None else _guest(m))}


def _officer(p: Person, names: ReferenceNames) -> dict[str, Any]:
    return {"name": p.full_name, "position": p.position, "unit": names.units.get(p.unit_code, p.unit_code),
            "nationality": None, "birth_date": p.birth_date, "passport": p.passport_number,
            "passport_expiry": p.passport_expiry}


def _guest(m: DelegationMember) -> dict[str, Any]:
    return {"name": m.guest_name, "position": m.guest_title, "unit": m.guest_organisation,
            "nationality": m.guest_nationality, "birth_date": None, "passport": m.guest_passport,
            "passport_expiry": None}


def atomic_save(book: Any, out: Path) -> None:
    """Save a workbook to `out` whole or not at all (see `_written`)."""
    with _written(Path(out)) as tmp:
        book.save(tmp)


@contextmanager
def _written(out: Path) -> Iterator[Path]:
    """A temporary file beside `out` to write, renamed to `out` once complete: a failure (or "Dừng") leaves
    no half-written workbook; a file that cannot be written (open in Excel, a read-only folder, a full
    disk) is said in Vietnamese."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".doingoai-", suffix=".xlsx", dir=out.parent)
    except OSError as exc:
        raise _unwritable(out, exc) from exc
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, out)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(out, exc) from exc
        raise


def _unwritable(out: Path, exc: OSError) -> AppError:
    if isinstance(exc, PermissionError):
        return AppError(_("Không ghi được tệp «{name}»: tệp đang mở trong chương trình khác (như Excel) hoặc thư "
                          "mục «{folder}» không cho ghi. Hãy đóng tệp rồi xuất lại, hoặc chọn thư mục khác.")
                        .format(name=out.name, folder=out.parent))
    return AppError(_("Không ghi được tệp «{name}» vào thư mục «{folder}»: {reason}. Hãy chọn thư mục khác.")
                    .format(name=out.name, folder=out.parent, reason=exc.strerror or exc))
