"""An import's preview (and what was written) as one stable JSON document: `doingoai import --json`.

    {"file", "register", "sheet", "result": "previewed" | "written" | "refused", "error",
     "mapping": {header: field}, "fixed": {field: value}, "also": {field: header},
     "guessed": {field: why}, "counts": {"new", "duplicate", "invalid", "empty"},
     "rows": [{"row", "status", "values", "problems": [{"field", "column", "cell", "message"}],
               "guesses", "notes", "duplicate_of"}],
     "written": {"created", "duplicate", "invalid", "empty"} | null}
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.services.imports.base import Preview, Problem, RowResult

RESULTS = ("previewed", "written", "refused")


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates as yyyy-mm-dd, lists item by item."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def row_json(row: RowResult) -> dict[str, Any]:
    """One row: its number, status, the values read, each problem with its cell, the guesses."""
    problems = [p if isinstance(p, Problem) else Problem(p) for p in row.problems]
    return {"row": row.row, "status": row.status, "values": plain(dict(row.values)),
            "problems": [p.as_dict() for p in problems], "guesses": list(row.guesses),
            "notes": list(row.notes), "duplicate_of": row.duplicate_of}


def import_json(file: str, register: str, sheet: str | None, result: str, preview: Preview | None = None,
                guessed: dict[str, str] | None = None, written: dict[str, int] | None = None,
                error: str | None = None) -> dict[str, Any]:
    """The whole document; every key is always there (null or empty when it does not apply)."""
    return {
        "file": file, "register": register, "sheet": sheet, "result": result, "error": error,
        "mapping": dict(preview.mapping) if preview else {},
        "fixed": plain(dict(preview.fixed)) if preview else {},
        "also": dict(preview.also) if preview else {},
        "guessed": dict(guessed or {}),
        "counts": dict(preview.counts) if preview else {"new": 0, "duplicate": 0, "invalid": 0, "empty": 0},
        "rows": [row_json(r) for r in preview.rows] if preview else [],
        "written": dict(written) if written is not None else None,
    }
