"""A record as SYNC.md's `data`: one function each way, driven by `__sync_fields__`.

The CLI's `list`, the bundle exporter and the JSON Schema all read records
through here, so a field is named once: on the model.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from desktop.domain.messages import tr
from desktop.domain.text import nfc
from desktop.errors import FieldProblem, ValidationError
from desktop.models import Synced
from desktop.models.base import text_limits

META_FIELDS = ("unit_code", "version", "base_version", "origin_device", "created_at", "updated_at", "deleted")


def to_data(obj: Synced) -> dict[str, Any]:
    """The record's SYNC.md `data` with Python values (dates stay `date`)."""
    return {name: getattr(obj, name) for name in obj.__sync_fields__}


def to_json(value: Any) -> Any:
    """A value in bundle form: dates YYYY-MM-DD, instants UTC ISO 8601 with Z."""
    if isinstance(value, datetime):  # aware instants are turned to UTC before the Z is written
        utc = value.astimezone(UTC) if value.tzinfo else value
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def to_record_json(obj: Synced) -> dict[str, Any]:
    """id, the sync metadata and the data fields, JSON-ready (what `doingoai list` prints)."""
    out: dict[str, Any] = {"id": obj.id}
    out.update({name: to_json(getattr(obj, name)) for name in META_FIELDS})
    out.update({name: to_json(value) for name, value in to_data(obj).items()})
    return out


def apply_data(obj: Synced, data: dict[str, Any]) -> None:
    """Set the data fields present in `data`, NFC-normalising text on the way in.

    Text longer than its field may hold (`models.base.max_length`) is refused with the field named —
    every editor and the Excel import write through here, so nothing longer is ever stored."""
    raise_if_too_long(type(obj), data)
    for name in obj.__sync_fields__:
        if name in data:
            value = data[name]
            setattr(obj, name, nfc(value) if isinstance(value, str) else value)


def length_problems(model: type[Synced], data: dict[str, Any]) -> list[FieldProblem]:
    """The text fields of `data` longer than `model` allows, each with its length and the maximum."""
    problems = []
    for name, limit in text_limits(model).items():
        value = data.get(name)
        if isinstance(value, str) and len(nfc(value) or "") > limit:
            problems.append(FieldProblem(name, tr("Dài {length} ký tự, tối đa {max} ký tự.").format(
                length=len(nfc(value) or ""), max=limit)))
    return problems


def raise_if_too_long(model: type[Synced], data: dict[str, Any]) -> None:
    """ValidationError naming every text field of `data` that is too long for `model`."""
    problems = length_problems(model, data)
    if problems:
        raise ValidationError(problems)
