"""One spreadsheet row into a RowResult: every cell parsed, the register's validation, duplicates."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError
from desktop.i18n import _
from desktop.models import SYNCED_MODELS
from desktop.services.context import ServiceContext
from desktop.services.imports import guess
from desktop.services.imports import values as v
from desktop.services.imports.base import EntitySpec, Problem, RowResult
from desktop.services.imports.heads import Heads
from desktop.services.imports.periods import parse_period, period_text
from desktop.services.imports.workbook import CellError, filled, is_marker
from desktop.services.rules import RuleService
from desktop.services.spreadsheets import ColumnSpec
from desktop.sync.records import length_problems

LIST_FIELDS = ("countries", "participant_countries")


class RowReader:
    """Turns one row's cells into a RowResult.

    `by_col` maps a column to its header and field; `also` gives fields another column fills too
    (field → (column, header)), `fixed` values for every row (field → value as typed, used where the
    row's own cell is empty) with `reasons` saying how they were guessed, and `year` the year of the
    sheet for dates written without one.
    """

    def __init__(self, ctx: ServiceContext, spec: EntitySpec, columns: dict[str, ColumnSpec],
                 by_col: dict[int, tuple[str, str]], also: dict[str, tuple[int, str]] | None = None,
                 fixed: dict[str, Any] | None = None, reasons: dict[str, str] | None = None,
                 year: int | None = None):
        from openpyxl.utils import get_column_letter

        self.spec, self.columns = spec, columns
        self.model = SYNCED_MODELS[spec.entity]
        self.cells = [(col, h, f) for col, (h, f) in by_col.items()]
        self.cells += [(col, h, f) for f, (col, h) in (also or {}).items()]
        self.letters = {col: get_column_letter(col) for col, _h, _f in self.cells}
        self.col_of = {f: col for col, _h, f in self.cells}
        self.header_of = {f: h for _c, h, f in self.cells}
        self.also = set(also or {})
        self.reasons, self.year = dict(reasons or {}), year
        self.today = ctx.today()
        self.extra_args = (RuleService(ctx).config(),) if spec.uses_rules else ()
        self.local_unit = ctx.local_unit()
        kinds = {columns[f].kind for f in [*self.col_of, *(fixed or {})]}
        self.units = v.Units(ctx) if "unit" in kinds else None
        self.ngos = v.Ngos(ctx) if "ngo" in kinds else None
        self.countries = v.Countries() if "country" in kinds else None
        self.heads = Heads(ctx) if "head" in kinds else None
        self.missing_cells: list[tuple[int, int, str]] = []  # (index in results, column, field)
        self.count = 0
        self.below_table = False  # past the signature block
        self.guesses: list[str] = []  # of the row being read
        self.fixed = {name: self._fixed(name, raw) for name, raw in (fixed or {}).items()}
        self.guesses = []

    def _fixed(self, name: str, raw: Any) -> tuple[Any, dict[str, Any]]:
        """A value for every row, read as a cell would be, with the fields reading it set (a period's
        dates); AppError saying why it cannot be read."""
        more: dict[str, Any] = {}
        try:
            return self.parse(self.columns[name], raw, more, [], 0), more
        except ValueError as exc:
            raise AppError(_("Giá trị chung cho trường «{field}»: {error}").format(
                field=self.columns[name].label, error=exc)) from exc

    def where(self, name: str, row: int) -> str:
        """"Cột «Ngày sinh», ô C3" — or "Dòng 3" for a field no column was mapped to."""
        col = self._col(name)
        if col is None:
            return _("Dòng {row}").format(row=row)
        return _("Cột «{header}», ô {cell}").format(header=self.header_of[self._field(name)],
                                                   cell=f"{self.letters[col]}{row}")

    def _field(self, name: str) -> str:
        """The field whose column holds `name`: itself, the spec's column for it, or the extra column
        providing it (the trip's dates come from «Thời gian»)."""
        name = self.spec.error_fields.get(name, name)
        if name not in self.col_of:
            name = next((extra for extra, fields in self.spec.provides.items()
                         if name in fields and extra in self.col_of), name)
        return name

    def _col(self, name: str) -> int | None:
        return self.col_of.get(self._field(name))

    def problem(self, name: str, row: int, message: str) -> Problem:
        """A problem about `name`'s cell in `row`."""
        col, field = self._col(name), self._field(name)
        return Problem(f"{self.where(name, row)}: {message}", message, field,
                       self.header_of.get(field), f"{self.letters[col]}{row}" if col is not None else None)

    def row(self, number: int, cells: dict[int, Any], known: dict[tuple, str]) -> RowResult:
        """Parse, validate and look for duplicates; `known` learns this row's keys when it is new."""
        index = self.count
        self.count += 1
        mapped = {col: cells.get(col) for col in self.letters}
        if not any(filled(value) for value in mapped.values()):
            return RowResult(number, "empty", {})
        skipped = self._not_a_record(cells)
        if skipped:
            return RowResult(number, "empty", {}, notes=[skipped])
        values: dict[str, Any] = dict(self.spec.defaults)
        problems: list[str] = []
        notes: list[str] = []
        bad: list[str] = []
        self.guesses = []
        for col, _header, name in self.cells:
            raw = mapped[col]
            if not filled(raw):
                if name in self.spec.required and name not in self.fixed:
                    self.missing_cells.append((index, col, name))
                continue
            try:
                value = self.parse(self.columns[name], raw, values, notes, number)
            except ValueError as exc:
                problems.append(self.problem(name, number, str(exc)))
                bad.append(name)
                values[name] = v.shown(raw) if not is_marker(raw) else None
                continue
            if value is not None:
                values[name] = value
                if name in self.also:
                    self.guesses.append(_("{field}: lấy từ cột «{header}».").format(
                        field=self.columns[name].label, header=self.header_of[name]))
        self._fill_fixed(values, {f for _c, _h, f in self.cells if f in values})
        self._read_head(values, problems, bad, number)
        if "unit_code" not in values:
            values["unit_code"] = self.local_unit
        read = {k: val for k, val in values.items() if k not in bad}  # a cell already refused keeps its text
        for error in length_problems(self.model, read):  # the limit the editor and the bundle schema use
            problems.append(self.problem(error.field, number, error.message))
            bad.append(error.field)
        if not problems:
            data = self.spec.finish(dict(values))
            for error in self.spec.validate(data, self.today, *self.extra_args):
                problems.append(self.problem(error.field, number, error.message))
                bad.append(self._field(error.field))
        values = {k: val for k, val in values.items() if val is not None}
        guesses = self.guesses
        if problems:
            return RowResult(number, "invalid", values, problems, notes=notes, bad=tuple(dict.fromkeys(bad)),
                             guesses=guesses)
        return replace(self._duplicate_or_new(number, values, notes, known), guesses=guesses)

    def _not_a_record(self, cells: dict[int, Any]) -> str:
        """Why a row is passed over although it has something in it ("" for a record)."""
        texts = {c: val for c, val in cells.items() if filled(val)}
        if self.below_table or guess.signature_row(texts):
            self.below_table = True
            return _("Dòng ký tên dưới bảng, không phải một bản ghi: bỏ qua.")
        if guess.numbering(texts):
            return _("Dòng đánh số thứ tự các cột, không phải một bản ghi: bỏ qua.")
        if guess.total_row(texts):
            return _("Dòng tổng cộng, không phải một bản ghi: bỏ qua.")
        return ""

    def _fill_fixed(self, values: dict[str, Any], from_cells: set[str]) -> None:
        """The values given to every row, where the row's own cell gave none; each said on the row."""
        for name, (value, more) in self.fixed.items():
            if name in from_cells:
                continue
            values.update({**more, name: value})
            why = self.reasons.get(name) or _("giá trị chung cho mọi dòng")
            self.guesses.append(_("{field}: {value} ({why}).").format(
                field=self.columns[name].label, value=self.shown(name, value), why=why))

    def shown(self, name: str, value: Any) -> str:
        """A value in words (an enum's label, not its code)."""
        enum = self.columns[name].enum if name in self.columns else None
        labels = ENUM_LABELS.get(enum or name, {})
        if isinstance(value, list):
            return ", ".join(_(labels.get(x, x)) for x in value)
        return _(labels[value]) if isinstance(value, str) and value in labels else v.shown(value)

    def _read_head(self, values: dict, problems: list[str], bad: list[str], number: int) -> None:
        """The delegation's head: matched to an officer, planned as a new one, or a guest."""
        typed = values.pop("head", None)
        if not typed or self.heads is None or "head" in bad:
            if typed:
                values["head"] = typed
            return
        unit = values.get("unit_code") or self.local_unit
        try:
            found, said = self.heads.read(typed, unit, values.get("direction"), values.get("countries") or [])
        except ValueError as exc:
            problems.append(self.problem("head", number, str(exc)))
            bad.append("head")
            values["head"] = typed
            return
        values.update(found)
        self.guesses.append(said)

    def _duplicate_or_new(self, number: int, values: dict, notes: list[str], known: dict[tuple, str]) -> RowResult:
        keys = self.spec.keys(self.spec.finish(dict(values)))
        for key in keys:
            if key in known:
                ref = known[key]
                if ref.startswith("#"):
                    message = _("Trùng với dòng {row} của tệp.").format(row=ref[1:])
                else:
                    message = _("Đã có trong sổ: {record}.").format(record=known[("describe", ref)])
                return RowResult(number, "duplicate", values, [Problem(message)], ref, notes)
        for key in keys:
            known[key] = f"#{number}"
        return RowResult(number, "new", values, notes=notes)

    def parse(self, column: ColumnSpec, raw: Any, values: dict, notes: list[str], number: int) -> Any:
        """The field value of one cell; ValueError with the reason when it cannot be one."""
        if is_marker(raw):
            if isinstance(raw, CellError):
                raise ValueError(_("ô có lỗi công thức {code}").format(code=raw.code))
            raise ValueError(_("công thức chưa có giá trị (hãy mở và lưu tệp bằng Excel)"))
        kind = column.kind
        if kind == "date":
            return v.parse_day(raw)
        if kind == "bool":
            return v.parse_bool(raw)
        if kind in ("money", "int"):
            return v.parse_number(raw)
        if kind in ("enum", "enum_list"):
            return self._enum(column, raw, number)
        if kind == "country":
            codes = self.countries.parse(v.text(raw))
            return codes if column.field in LIST_FIELDS else codes[0]
        if kind == "unit":
            return self.units.parse(v.text(raw))
        if kind == "ngo":
            return self._donor(column, v.text(raw), values, notes, number)
        if kind == "period":
            return self._period(column, raw, values, number)
        if kind == "list":
            return v.parts(v.text(raw))
        return v.text(raw)

    def _enum(self, column: ColumnSpec, raw: Any, number: int) -> Any:
        """One value or several by label or by their words; what was read by its words said on the row."""
        guessed: list[tuple[str, str]] = []
        enum = column.enum or column.field
        read = (v.parse_enum_list if column.kind == "enum_list" else v.parse_enum)(enum, raw, guessed)
        if guessed:
            labels = ENUM_LABELS.get(enum, {})
            self.guesses.append(_("{where}: {readings}.").format(
                where=self.where(column.field, number),
                readings="; ".join(f"«{typed}» → {_(labels.get(code, code))}" for typed, code in guessed)))
        return read

    def _period(self, column: ColumnSpec, raw: Any, values: dict, number: int) -> str:
        """A trip's dates from one cell: start and end set in `values`; the text shown returned."""
        start, end, year_guessed = parse_period(raw, self.year)
        values["start_date"], values["end_date"] = start, end
        shown = period_text(start, end)
        where = self.where(column.field, number)
        if year_guessed:
            self.guesses.append(_("{where}: «{typed}» → {dates} (năm {year} theo tên trang tính hoặc dòng tiêu "
                                  "đề).").format(where=where, typed=v.text(raw), dates=shown, year=self.year))
        elif start == end:
            self.guesses.append(_("{where}: chỉ có một ngày, {day}: ngày đi và ngày về là cùng một ngày.").format(
                where=where, day=shown))
        return shown

    def _donor(self, column: ColumnSpec, name: str, values: dict, notes: list[str], number: int) -> str:
        """A donor named in the file: linked to the one NGO of the register with that name, or kept
        as free text (a government agency, a company, a person …) with a note saying so."""
        found = self.ngos.match(name)
        if found is None:
            values["donor_ngo_id"], values["donor_name"] = None, name
            notes.append(_("{where}: «{name}» chưa có trong sổ Tổ chức PCP nước ngoài — ghi là tên nhà tài "
                           "trợ, không liên kết với tổ chức nào.").format(where=self.where(column.field, number),
                                                                          name=name))
        else:
            values["donor_ngo_id"], values["donor_name"] = found
        return name

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
                    note = self.problem(name, result.row, _(
                        "ô nằm trong vùng gộp ô {range}, chỉ ô đầu có giá trị; hãy bỏ gộp ô và điền giá trị "
                        "vào từng dòng.").format(range=ref))
                    results[index] = replace(result, problems=[*result.problems, note], bad=(*result.bad, name))
                    break
        return results
