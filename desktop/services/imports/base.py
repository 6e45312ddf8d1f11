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
    earlier row of the same file. `notes` say something worth knowing about a row
    that is still imported (a donor kept as free text); `bad` names the fields whose
    cells the problems are about.
    """

    row: int
    status: str  # new | duplicate | invalid | empty
    values: dict
    problems: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    notes: list[str] = field(default_factory=list)
    bad: tuple[str, ...] = ()


@dataclass(frozen=True)
class Preview:
    """What `commit` would write, row by row."""

    entity: str
    sheet: str
    mapping: dict[str, str]
    rows: list[RowResult]
    counts: dict[str, int]


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
