"""Declarative base, custom column types and the sync mixin every register shares.

SYNC.md: every record has a random UUID id made where it is created, a
`version` (+1 per change), the `base_version` it was edited from, timestamps,
the device that created it, and a tombstone flag instead of a hard delete.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A random UUID as text: records are made offline on many machines."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """The current instant in UTC (never the sync cursor: office clocks are wrong)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes stored naive (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict: JSON, list: JSON}


# A foreign key the bundle importer may defer on PostgreSQL (a bundle's records come in any order): migration
# 0005 made every earlier one so; the registers added since declare it here, where the migrations read it.
DEFERRABLE: dict[str, Any] = {"deferrable": True, "initially": "IMMEDIATE"}


class Synced:
    """Columns of every record that travels in bundles.

    `__entity__` is the name used in bundles and the CLI; `__sync_fields__`
    lists the `data` fields of SYNC.md, in order — the one source of truth
    for serialisation, the JSON Schema and spreadsheet columns.
    """

    __entity__: ClassVar[str]
    __sync_fields__: ClassVar[tuple[str, ...]]
    __search_fields__: ClassVar[tuple[str, ...]] = ()
    # Records the province addresses to a unit (a reminder, an inspection's recommendation): the
    # fields the unit answers in (`done_on`, `result`). A unit's bundle may change these and nothing
    # else of a record the province made (SYNC.md step 3, "Authority"); empty: none at all.
    __answer_fields__: ClassVar[tuple[str, ...]] = ()
    # Records only the province makes (inspections, reminders): a unit may not create one, in the
    # program or in a bundle.
    __province_only__: ClassVar[bool] = False

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=0)
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    origin_device: Mapped[str] = mapped_column(String(36), default="")
    # no index of its own: almost every row is live, and a lone index on it misleads the planner
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # UPDATE … WHERE version = <as loaded>: a save racing another writer fails (StaleDataError)
        # instead of overwriting it with a second "version n+1"; the tracker sets the number
        return {"version_id_col": cls.version, "version_id_generator": False}

    def search_text(self) -> str:
        """Text the diacritic-free search looks in (folded by the tracker)."""
        return " ".join(str(getattr(self, f) or "") for f in self.__search_fields__)


TEXT_MAX = 4000  # a Text column (notes, purpose, outcomes) without a `max_length` of its own in its info


def max_length(model: type[Synced], name: str) -> int | None:
    """How long a text field of `model` may be: its String(n), or for Text its info's `max_length` (else
    TEXT_MAX); None for a field that is not text. One source: the editors, the record checks, the Excel
    import and the bundle schema all ask here."""
    column = model.__table__.c[name]
    if column.foreign_keys:
        return None
    if isinstance(column.type, Text):
        return int(column.info.get("max_length", TEXT_MAX))
    if isinstance(column.type, String) and column.type.length:
        return int(column.type.length)
    return None


def text_limits(model: type[Synced]) -> dict[str, int]:
    """{field: maximum length} of every text field of `model`'s `data`."""
    limits = _LIMITS.get(model)
    if limits is None:
        limits = _LIMITS[model] = {n: m for n in model.__sync_fields__ if (m := max_length(model, n)) is not None}
    return limits


_LIMITS: dict[type, dict[str, int]] = {}


def field_info(label: str, enum: str | None = None, **extra: Any) -> dict[str, Any]:
    """Column metadata (Vietnamese label, enum name) read by editors, schema and Excel."""
    info: dict[str, Any] = {"label": label}
    if enum:
        info["enum"] = enum
    info.update(extra)
    return info


def sort_column(*fields: str) -> Any:
    """A stored Vietnamese sort key (`desktop.domain.collation`) of the first non-blank of `fields`,
    which the lists ORDER BY. Kept by the tracker and the bundle importer, never sent in bundles.

    One stored key rather than a collation, on both engines: SQLite would need a Python collation
    on every connection (a call per comparison, no use from other tools), and no PostgreSQL
    collation (ICU's "vi-VN-x-icu" either) orders exactly as the SQLite one would. The key's bytes
    order the same in SQLite, in PostgreSQL under any server locale and in Python, so SQL paging
    and `sorted(key=sort_key)` agree, and an index on the column would serve them."""
    return mapped_column(LargeBinary, nullable=True, info={"sort_of": fields})


def sort_columns(model: type) -> dict[str, tuple[str, ...]]:
    """{sort-key column: the fields it is the key of} of `model` (see `sort_column`)."""
    found = _SORTS.get(model)
    if found is None:
        table = getattr(model, "__table__", None)
        columns = table.c if table is not None else ()
        found = _SORTS[model] = {c.name: c.info["sort_of"] for c in columns if "sort_of" in c.info}
    return found


_SORTS: dict[type, dict[str, tuple[str, ...]]] = {}


__all__ = ["Base", "Synced", "UTCDateTime", "new_id", "utcnow", "field_info", "max_length", "text_limits",
           "TEXT_MAX", "JSON", "String", "sort_column", "sort_columns"]
