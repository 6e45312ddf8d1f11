"""Excel in: read a worksheet, map its columns to a register's fields, preview, then write in one go.

The fields and their Vietnamese labels are the export's (`SpreadsheetService.columns`),
so a file written by "Xuất Excel…" maps itself and imports back. `preview` only
reads — every row parsed, validated with the editors' rules and checked for
duplicates against the database and the rows above it — and `commit` writes the
"new" rows through the ORM in one transaction (versions and change log as for
any edit), all or nothing.

A register plugs in with an `EntitySpec` (required fields, defaults, validation,
duplicate keys, extra columns and records): one module each for persons,
delegations, foreign NGOs and aid projects. `workbook` reads the file safely,
`values` turns cells into field values (`matching` list values by their words,
`periods` a trip's dates in one cell, `heads` a delegation's head by name), `guess`
what a person reads from a unit's own sheet (a value for every row from its name,
a column standing in for a missing one, rows that are no records), `rows` checks
one row, `service` is the use case the wizard, the CLI and tests call, `report`
its JSON.
"""

from desktop.services.imports.base import (
    EntitySpec,
    FieldChoice,
    Guess,
    ImportCancelled,
    Preview,
    Problem,
    RowResult,
    SheetInfo,
)
from desktop.services.imports.report import import_json
from desktop.services.imports.service import SPECS, ImportRun, ImportService, shown_field
from desktop.services.imports.values import shown
from desktop.services.imports.workbook import OLE2_MAGIC

__all__ = [
    "OLE2_MAGIC", "SPECS", "EntitySpec", "FieldChoice", "Guess", "ImportCancelled", "ImportRun", "ImportService",
    "Preview", "Problem", "RowResult", "SheetInfo", "import_json", "shown", "shown_field",
]
