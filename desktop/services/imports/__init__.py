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
`values` turns cells into field values, `rows` checks one row, `service` is the
use case the wizard and tests call.
"""

from desktop.services.imports.base import (
    EntitySpec,
    FieldChoice,
    ImportCancelled,
    Preview,
    RowResult,
    SheetInfo,
)
from desktop.services.imports.service import SPECS, ImportService, shown_field
from desktop.services.imports.values import shown
from desktop.services.imports.workbook import OLE2_MAGIC

__all__ = [
    "OLE2_MAGIC", "SPECS", "EntitySpec", "FieldChoice", "ImportCancelled", "ImportService", "Preview",
    "RowResult", "SheetInfo", "shown", "shown_field",
]
