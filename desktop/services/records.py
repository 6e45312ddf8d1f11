"""Records of any register in SYNC.md form: what `doingoai list` prints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from desktop.errors import AppError
from desktop.i18n import _
from desktop.models import SYNCED_MODELS
from desktop.services.context import ServiceContext
from desktop.sync.records import to_record_json


class RecordService:
    """Generic read access by entity name."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    @staticmethod
    def entities() -> list[str]:
        """Entity names the CLI accepts."""
        return sorted(SYNCED_MODELS)

    @staticmethod
    def text_limits(entity: str) -> dict[str, int]:
        """{field: the most characters it holds} of the text a register stores as typed, for the editors'
        fields; a field that stores a code chosen by its name (a country, a list value) is not limited."""
        from desktop.models.base import text_limits
        from desktop.sync.schema import is_code_field

        model = SYNCED_MODELS[entity]
        return {name: limit for name, limit in text_limits(model).items() if not is_code_field(model, name)}

    def iter_json(self, entity: str, include_deleted: bool = False) -> Iterator[dict[str, Any]]:
        """Every record of `entity` as a JSON-ready dict, streamed in id order.

        An unknown entity raises here, at the call, before any record is printed.
        """
        model = SYNCED_MODELS.get(entity)
        if model is None:
            raise AppError(_("Không có sổ «{entity}». Các sổ có: {names}.").format(
                entity=entity, names=", ".join(self.entities())))
        stmt = select(model).order_by(model.id)
        if not include_deleted:
            stmt = stmt.where(model.deleted.is_(False))
        return self._stream(stmt)

    def _stream(self, stmt: Any) -> Iterator[dict[str, Any]]:
        with self.ctx.db.read() as s:
            for obj in s.scalars(stmt.execution_options(yield_per=1000)):
                yield to_record_json(obj)
