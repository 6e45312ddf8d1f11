"""Shared pieces of the sync engine: the state checksum, record ↔ bundle values, settings keys.

The state checksum (SYNC.md manifest `state_checksum`) is the XOR of
sha256(id + ':' + version) over every record *of a device*, tombstones
included (unit records excepted: the unit list is the province's). "Of a device" is defined here as `origin_device == device_id`: the
records that device created. Records it received from others (the province's
unit list, decisions) are left out, so both sides compute the same set
whatever else each of them holds. The hex form has 64 digits; the empty set
gives 64 zeros.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, Table, select
from sqlalchemy.orm import Session

from desktop.domain.collation import stored_sort_key
from desktop.domain.text import fold, nfc
from desktop.models import SYNCED_MODELS, Base, Synced
from desktop.models.base import UTCDateTime, sort_columns

# AppSetting keys of sync.
PROVINCE_MODE = "sync.province_mode"          # "1" at the province
PROVINCE_RECIPIENT = "sync.province_recipient"  # the province's age recipient, at a unit
REQUIRE_ENCRYPTED = "sync.require_encrypted"    # "1": the province refuses plaintext bundles
PROVINCE_OWN_RECIPIENT = "sync.own_recipient"   # at the province: the age recipient its store was set up with

ZERO_CHECKSUM = "0" * 64
NIL_UUID = "00000000-0000-0000-0000-000000000000"
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
CHUNK = 500


def record_hash(record_id: str, version: int) -> int:
    """sha256(id:version) as an integer, the term XOR-ed into the checksum."""
    return int.from_bytes(hashlib.sha256(f"{record_id}:{version}".encode()).digest(), "big")


def checksum_hex(value: int) -> str:
    """The checksum as 64 hex digits."""
    return f"{value:064x}"


def state_checksum_value(session: Session, device_id: str) -> int:
    """XOR of sha256(id:version) over every record whose origin_device is `device_id`.

    Unit records are left out on both sides: the unit list is the province's (SYNC.md step 3), so a
    commune added on a unit's machine never travels, and counting it would make the two sums differ.
    """
    acc = 0
    for entity, model in SYNCED_MODELS.items():
        if entity == "unit":
            continue
        table = model.__table__
        rows = session.execute(select(table.c.id, table.c.version).where(table.c.origin_device == device_id))
        for record_id, version in rows:
            acc ^= record_hash(record_id, version)
    return acc


def state_checksum(session: Session, device_id: str) -> str:
    """The device's state checksum as SYNC.md writes it (hex)."""
    return checksum_hex(state_checksum_value(session, device_id))


def sorted_entities() -> list[str]:
    """Entities in foreign-key order (a referenced table before the tables that point to it)."""
    by_table = {m.__tablename__: e for e, m in SYNCED_MODELS.items()}
    return [by_table[t.name] for t in Base.metadata.sorted_tables if t.name in by_table]


def table_of(entity: str) -> Table:
    """The table behind an entity."""
    return SYNCED_MODELS[entity].__table__


# --- values between the database and bundles -------------------------------------------------


def to_json_value(value: Any) -> Any:
    """A stored value in bundle form: dates YYYY-MM-DD, instants UTC with Z."""
    if isinstance(value, datetime):
        utc = value.astimezone(UTC) if value.tzinfo else value
        return utc.isoformat()[:19] + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


_ROW_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def row_data(model: type[Synced], row: Any) -> dict[str, Any]:
    """The SYNC.md `data` of a Core row of `model`'s table (only date-like columns are converted)."""
    fields = _ROW_FIELDS.get(model)
    if fields is None:
        table = model.__table__
        fields = _ROW_FIELDS[model] = tuple(
            (name, isinstance(table.c[name].type, Date | UTCDateTime)) for name in model.__sync_fields__)
    mapping = row._mapping
    return {name: (to_json_value(mapping[name]) if dated else mapping[name]) for name, dated in fields}


def parse_instant(text: str | None) -> datetime | None:
    """`2026-11-20T03:12:00Z` → an aware UTC datetime."""
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


class ColumnConverter:
    """Turns one entity's bundle `data` into column values (NFC text, dates, booleans)."""

    def __init__(self, model: type[Synced]):
        self.model = model
        self.fields = model.__sync_fields__
        table = model.__table__
        self.kinds: dict[str, str] = {}
        for name in self.fields:
            col_type = table.c[name].type
            if isinstance(col_type, UTCDateTime):
                self.kinds[name] = "instant"
            elif isinstance(col_type, Date):
                self.kinds[name] = "date"
            elif isinstance(col_type, Boolean):
                self.kinds[name] = "bool"
            elif isinstance(col_type, JSON):
                self.kinds[name] = "json"
            elif isinstance(col_type, Integer):
                self.kinds[name] = "int"
            else:
                self.kinds[name] = "text"
        self.has_search_key = "search_key" in table.c
        self.sorts = sort_columns(model)
        self.plain_search = model.search_text is Synced.search_text

    def content(self, data: dict[str, Any]) -> dict[str, Any]:
        """`data` as the store would give it back (`row_data`): NFC text, instants to the second,
        absent fields None — so content sent and content stored compare equal when they are the same."""
        return self.content_of(self.typed(data))

    def content_of(self, values: dict[str, Any]) -> dict[str, Any]:
        """`content` from values `typed` (or `values`) already made: no second parse."""
        return {name: to_json_value(values[name]) for name in self.fields}

    def values(self, data: dict[str, Any]) -> dict[str, Any]:
        """Column values for every sync field (absent fields become None), with the search and sort keys."""
        out = self.typed(data)
        if self.has_search_key:
            out["search_key"] = self.search_key(out)
        for column, fields in self.sorts.items():
            out[column] = stored_sort_key(*(out.get(f) for f in fields))
        return out

    def typed(self, data: dict[str, Any]) -> dict[str, Any]:
        """Column values for every sync field (absent fields become None): dates, instants, NFC text."""
        out: dict[str, Any] = {}
        for name in self.fields:
            value = data.get(name)
            kind = self.kinds[name]
            if value is None:
                out[name] = None
            elif kind == "date":
                out[name] = date.fromisoformat(value)
            elif kind == "instant":
                out[name] = parse_instant(value)
            elif kind == "text" and isinstance(value, str):
                out[name] = nfc(value)
            else:
                out[name] = value
        return out

    def search_key(self, values: dict[str, Any]) -> str:
        """The folded search text the tracker would have written (field by field: the same key, faster)."""
        if self.plain_search:
            parts = (fast_fold(str(v)) for v in (values.get(f) for f in self.model.__search_fields__) if v)
            return " ".join(p for p in parts if p)
        obj = self.model()
        for name, value in values.items():
            if name != "search_key":
                setattr(obj, name, value)
        return fold(obj.search_text())


class _StripMarks(dict):
    """str.translate table dropping combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_STRIP_MARKS = _StripMarks()
_FOLD_MAP = str.maketrans({"đ": "d", "Đ": "d", "\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def fast_fold(s: str) -> str:
    """`desktop.domain.text.fold`, character tables in C instead of a generator (imports fold 100,000 names).

    A test keeps the two equal.
    """
    if not s:
        return ""
    if s.isascii():
        return " ".join(s.lower().split())
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s))
    return " ".join(decomposed.translate(_STRIP_MARKS).translate(_FOLD_MAP).lower().split())


_CONVERTERS: dict[str, ColumnConverter] = {}
_OWNERS: dict[str, tuple[str, str] | None] = {}


def owner_of(entity: str) -> tuple[str, str] | None:
    """(field, entity) of the record that owns a child record — its one reference that may not be
    empty (a member's `delegation_id`, a follow-up's `activity_id`); None for a record of its own."""
    if entity not in _OWNERS:
        model = SYNCED_MODELS[entity]
        table = model.__table__
        by_table = {m.__tablename__: e for e, m in SYNCED_MODELS.items()}
        owners = [(name, by_table[next(iter(table.c[name].foreign_keys)).column.table.name])
                  for name in model.__sync_fields__ if table.c[name].foreign_keys and not table.c[name].nullable]
        if len(owners) > 1:  # a second owner would make "whose record is it" ambiguous: decide, never guess
            raise ValueError(f"{entity}: more than one owning reference {owners}")
        _OWNERS[entity] = owners[0] if owners else None
    return _OWNERS[entity]


def names_its_unit(entity: str) -> bool:
    """Whether the entity's `data` carries its own `unit_code` (a person); else the unit follows its owner,
    or the device that made it."""
    return "unit_code" in SYNCED_MODELS[entity].__sync_fields__


def converter(entity: str) -> ColumnConverter:
    """The (cached) converter of an entity."""
    conv = _CONVERTERS.get(entity)
    if conv is None:
        conv = _CONVERTERS[entity] = ColumnConverter(SYNCED_MODELS[entity])
    return conv


_HAS_LISTS: dict[str, bool] = {}


def has_lists(entity: str) -> bool:
    """Whether an entity has a JSON list field (where attachments can be listed)."""
    known = _HAS_LISTS.get(entity)
    if known is None:
        table = table_of(entity)
        known = _HAS_LISTS[entity] = any(isinstance(table.c[n].type, JSON)
                                         for n in SYNCED_MODELS[entity].__sync_fields__)
    return known


def attachment_hashes(data: dict[str, Any]) -> Iterable[str]:
    """SHA-256 names of the attachments a record's data lists (any list of {"sha256": …})."""
    for value in data.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and isinstance(item.get("sha256"), str):
                    yield item["sha256"]


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    """`items` in slices of `size`."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
