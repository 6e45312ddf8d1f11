"""What the import machinery and the registers' specs share: the results and how a register plugs in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain.validation import FieldError
from desktop.errors import AppError
from desktop.services.spreadsheets import ColumnSpec

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ImportCancelled(AppError):
    """The user stopped reading the file."""


@dataclass(frozen=True)
class SheetInfo:
    """A worksheet of the chosen file: its data rows (below the header), headers, and the text of the
    title rows above the header ("DANH SÁCH ĐOÀN RA NĂM 2024"), which the guesses read."""

    name: str
    rows: int
    headers: list[str]
    titles: tuple[str, ...] = ()


class Problem(str):
    """A row's problem as the preview says it ("Cột «Ngày cấp», ô E7: Ngày không hợp lệ"), which also
    knows its parts: the field, the column's header and the cell (None when no column holds the field)."""

    field: str | None
    header: str | None
    cell: str | None
    message: str

    def __new__(cls, text: str, message: str = "", field: str | None = None, header: str | None = None,
                cell: str | None = None) -> Problem:
        self = super().__new__(cls, text)
        self.field, self.header, self.cell, self.message = field, header, cell, message or text
        return self

    def as_dict(self) -> dict[str, str | None]:
        """The problem in `doingoai import --json`."""
        return {"field": self.field, "column": self.header, "cell": self.cell, "message": self.message}


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
    earlier row of the same file. `notes` say something worth knowing about a row
    that is still imported (a donor kept as free text); `bad` names the fields whose
    cells the problems are about; `guesses` say what was read other than as typed (a
    value for every row, a column serving two fields, a list value matched by its
    words, the head of a delegation matched to an officer or to be created).
    """

    row: int
    status: str  # new | duplicate | invalid | empty
    values: dict
    problems: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    notes: list[str] = field(default_factory=list)
    bad: tuple[str, ...] = ()
    guesses: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Preview:
    """What `commit` would write, row by row; `fixed` the values given to every row (field → code or
    value as read), `also` the fields a mapped column fills too (field → header)."""

    entity: str
    sheet: str
    mapping: dict[str, str]
    rows: list[RowResult]
    counts: dict[str, int]
    fixed: dict[str, Any] = field(default_factory=dict)
    also: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Guess:
    """How a sheet is read before the officer changes anything: header → field, a value for every
    row (field → value as typed, e.g. "Đoàn ra"), fields filled by another field's column (field →
    header), and why each of the last two was guessed (field → a sentence)."""

    mapping: dict[str, str]
    fixed: dict[str, str]
    also: dict[str, str]
    reasons: dict[str, str]


def _same(data: dict) -> dict:
    return data


def _no_columns() -> tuple[ColumnSpec, ...]:
    return ()


@dataclass(frozen=True)
class EntitySpec:
    """How one register is imported.

    The columns are the export's (the model's fields) minus `skip`, plus `extra`
    ones that are not fields of the model (an NGO's first certificate and contact,
    an aid project's donor by name); `write` stores what those need.
    """

    entity: str
    required: tuple[str, ...]
    defaults: dict[str, Any]
    validate: Callable[[dict, date], list[FieldError]]
    key_fields: tuple[str, ...]  # columns read from the database to find duplicates
    keys: Callable[[dict], list[tuple]]  # a record is a duplicate when any of its keys is known
    describe: Callable[[dict], str]  # a stored record in a duplicate message
    note: str = ""  # said in the wizard (what is not imported)
    skip: tuple[str, ...] = ()
    finish: Callable[[dict], dict] = _same
    title: str = ""  # the wizard's window title (a message id)
    extra: Callable[[], tuple[ColumnSpec, ...]] = _no_columns  # labels in the current language
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # more headers a field is known by
    stored_keys: Callable[[dict], list[tuple]] | None = None  # keys of a stored record (default: `keys`)
    error_fields: dict[str, str] = field(default_factory=dict)  # validation field → the column holding it
    write: Callable[[Any, dict, str], None] | None = None  # (session, data, unit code) for extra records
    uses_rules: bool = False  # validate(data, today, rule config): limits the user may have edited
    # A required field no column is named for may be filled by the column of one of these (the
    # purpose serves as a delegation's title).
    stand_ins: dict[str, tuple[str, ...]] = field(default_factory=dict)
    provides: dict[str, tuple[str, ...]] = field(default_factory=dict)  # an extra column filling fields
    guess_fixed: tuple[str, ...] = ()  # enum fields guessed from the sheet's name and title rows
