"""One spreadsheet row into a RowResult: every cell parsed, the register's validation, duplicates."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from desktop.i18n import _
from desktop.models import SYNCED_MODELS
from desktop.services.context import ServiceContext
from desktop.services.imports import values as v
from desktop.services.imports.base import EntitySpec, RowResult
from desktop.services.imports.workbook import CellError, filled, is_marker
from desktop.services.rules import RuleService
from desktop.services.spreadsheets import ColumnSpec
from desktop.sync.records import length_problems

LIST_FIELDS = ("countries", "participant_countries")


class RowReader:
    """Turns one row's cells into a RowResult."""

    def __init__(self, ctx: ServiceContext, spec: EntitySpec, columns: dict[str, ColumnSpec],
                 by_col: dict[int, tuple[str, str]]):
        from openpyxl.utils import get_column_letter

        self.spec, self.columns, self.by_col = spec, columns, by_col
        self.model = SYNCED_MODELS[spec.entity]
        self.letters = {col: get_column_letter(col) for col in by_col}
        self.col_of = {f: col for col, (_h, f) in by_col.items()}
        self.header_of = {f: h for _c, (h, f) in by_col.items()}
        self.today = ctx.today()
        self.extra_args = (RuleService(ctx).config(),) if spec.uses_rules else ()
        self.local_unit = ctx.local_unit()
        kinds = {columns[f].kind for f in self.col_of}
        self.units = v.Units(ctx) if "unit" in kinds else None
        self.ngos = v.Ngos(ctx) if "ngo" in kinds else None
        self.countries = v.Countries() if "country" in kinds else None
        self.missing_cells: list[tuple[int, int, str]] = []  # (index in results, column, field)
        self.count = 0

    def where(self, name: str, row: int) -> str:
        """"Cột «Ngày sinh», ô C3" — or "Dòng 3" for a field no column was mapped to."""
        name = self.spec.error_fields.get(name, name)
        col = self.col_of.get(name)
        if col is None:
            return _("Dòng {row}").format(row=row)
        return _("Cột «{header}», ô {cell}").format(header=self.header_of[name], cell=f"{self.letters[col]}{row}")

    def row(self, number: int, cells: dict[int, Any], known: dict[tuple, str]) -> RowResult:
        """Parse, validate and look for duplicates; `known` learns this row's keys when it is new."""
        index = self.count
        self.count += 1
        mapped = {col: cells.get(col) for col in self.by_col}
        if not any(filled(value) for value in mapped.values()):
            return RowResult(number, "empty", {})
        values: dict[str, Any] = dict(self.spec.defaults)
        problems: list[str] = []
        notes: list[str] = []
        bad: list[str] = []
        for col, (_header, name) in self.by_col.items():
            raw = mapped[col]
            if not filled(raw):
                if name in self.spec.required:
                    self.missing_cells.append((index, col, name))
                continue
            try:
                value = self.parse(self.columns[name], raw, values, notes, number)
            except ValueError as exc:
                problems.append(f"{self.where(name, number)}: {exc}")
                bad.append(name)
                values[name] = v.shown(raw) if not is_marker(raw) else None
                continue
            if value is not None:
                values[name] = value
        if "unit_code" not in values:
            values["unit_code"] = self.local_unit
        read = {k: val for k, val in values.items() if k not in bad}  # a cell already refused keeps its text
        for error in length_problems(self.model, read):  # the limit the editor and the bundle schema use
            problems.append(f"{self.where(error.field, number)}: {error.message}")
            bad.append(error.field)
        if not problems:
            data = self.spec.finish(dict(values))
            for error in self.spec.validate(data, self.today, *self.extra_args):
                problems.append(f"{self.where(error.field, number)}: {error.message}")
                bad.append(self.spec.error_fields.get(error.field, error.field))
        values = {k: val for k, val in values.items() if val is not None}
        if problems:
            return RowResult(number, "invalid", values, problems, notes=notes, bad=tuple(dict.fromkeys(bad)))
        return self._duplicate_or_new(number, values, notes, known)

    def _duplicate_or_new(self, number: int, values: dict, notes: list[str], known: dict[tuple, str]) -> RowResult:
        keys = self.spec.keys(self.spec.finish(dict(values)))
        for key in keys:
            if key in known:
                ref = known[key]
                if ref.startswith("#"):
                    message = _("Trùng với dòng {row} của tệp.").format(row=ref[1:])
                else:
                    message = _("Đã có trong sổ: {record}.").format(record=known[("describe", ref)])
                return RowResult(number, "duplicate", values, [message], ref, notes)
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
        if kind == "enum":
            return v.parse_enum(column.enum or column.field, raw)
        if kind == "enum_list":
            return v.parse_enum_list(column.enum or column.field, raw)
        if kind == "country":
            codes = self.countries.parse(v.text(raw))
            return codes if column.field in LIST_FIELDS else codes[0]
        if kind == "unit":
            return self.units.parse(v.text(raw))
        if kind == "ngo":
            return self._donor(column, v.text(raw), values, notes, number)
        if kind == "list":
            return v.parts(v.text(raw))
        return v.text(raw)

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
                    note = _("{where}: ô nằm trong vùng gộp ô {range}, chỉ ô đầu có giá trị; "
                             "hãy bỏ gộp ô và điền giá trị vào từng dòng.").format(
                        where=self.where(name, result.row), range=ref)
                    results[index] = replace(result, problems=[*result.problems, note], bad=(*result.bad, name))
                    break
        return results
