"""The published JSON Schema of a bundle's change lines, and the validator built from it.

One source of truth (SYNC.md): the schema is generated from the models —
`SYNCED_MODELS`, each model's `__sync_fields__`, its column types, nullability,
`info` (enum names → `desktop.domain.validation.ENUMS`) and foreign keys. The
validator used on import is then *compiled from that schema* (a small compiler
for the keywords the schema uses), so what is published is exactly what is
enforced, at about a microsecond a field: 100,000 changes validate in seconds.
`jsonschema` (tests only) checks that the schema is valid draft 2020-12 and
agrees with the compiled validator.

Field conventions, from the column and its name:
- `String(n)` → string, `maxLength` n (PostgreSQL enforces it, so a bundle must too);
- `Date` → `YYYY-MM-DD`, a real calendar date from 1900 to 2099 (`desktop.domain.validation`'s
  DATE_MIN…DATE_MAX, the range the editors accept); instants → UTC ISO 8601 ending in `Z`, same years;
- `Integer` → 32-bit integer; `BigInteger` (money, `…_vnd`, amounts) → integer VND ≥ 0;
- `change_seq`, `version`, `base_version` → at most 2^31 − 1 (they are stored as 32-bit integers);
- a foreign key → `format: uuid` with `x-references: <entity>`;
- `country`, `…_country`, `nationality`, `…_nationality` → ISO 3166-1 alpha-2;
  `countries`, `…_countries` → a list of them;
- `attachments` → a list of `{sha256, name, size, media_type, kind?}`;
- another JSON list → a list of the column's enum values, or of strings;
- nullable columns may be null or absent (`?` in SYNC.md); the others are required.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy import Enum as SAEnum

from desktop.domain.messages import N_, tr
from desktop.domain.validation import DATE_MAX, DATE_MIN, ENUMS
from desktop.models.base import max_length
from desktop.sync.errors import Problem

SCHEMA_ID = "https://doingoai.vn/schema/bundle-change-1.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


def _years_pattern(first: int, last: int) -> str:
    """A regular expression of the four-digit years first…last, whole centuries (1900–2099 → (19|20)[0-9]{2})."""
    if first % 100 or (last + 1) % 100:
        raise ValueError("the date range must span whole centuries")
    return "(" + "|".join(str(c) for c in range(first // 100, (last + 1) // 100)) + ")[0-9]{2}"


YEARS = _years_pattern(DATE_MIN.year, DATE_MAX.year)
DATE_PATTERN = f"^{YEARS}-[0-9]{{2}}-[0-9]{{2}}$"
INSTANT_PATTERN = f"^{YEARS}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}(\\.[0-9]{{1,6}})?Z$"
SHA256_PATTERN = "^[0-9a-f]{64}$"
INT32 = (-(2**31), 2**31 - 1)
INT64_MAX = 2**63 - 1
SEQ_MAX = INT32[1]  # change_seq, version, bundle numbers, epochs: 32-bit columns here and at the province
OPS = ("upsert", "delete")
# Two-letter codes of the locale data that are not countries (as desktop.i18n's country chooser).
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"})
SHARED_DEFS = ("country", "attachment")


@lru_cache(maxsize=1)
def country_codes() -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes (from the CLDR data Babel ships)."""
    from babel import Locale

    return tuple(sorted(c for c in Locale.parse("en").territories
                        if len(c) == 2 and c.isalpha() and c.isupper() and c not in _NOT_COUNTRIES))


def _is_country_field(name: str) -> bool:
    return name in ("country", "nationality") or name.endswith(("_country", "_nationality"))


def is_code_field(model: type, name: str) -> bool:
    """True for a field that stores a code (a country, a list value) rather than the text as typed."""
    return bool(model.__table__.c[name].info.get("enum")) or _is_country_field(name) or _is_countries_field(name)


def _is_countries_field(name: str) -> bool:
    return name == "countries" or name.endswith("_countries")


def _nullable(schema: dict, nullable: bool) -> dict:
    if not nullable:
        return schema
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    out = dict(schema)
    out["type"] = [schema["type"], "null"]
    if "enum" in out:
        out["enum"] = [*schema["enum"], None]
    return out


def _field_schema(model: type, name: str, table_to_entity: dict[str, str]) -> tuple[dict, bool]:
    """(JSON Schema of one data field, required?) from its column."""
    col = model.__table__.c[name]
    info = col.info or {}
    label = info.get("label")
    ctype = col.type
    enum_name = info.get("enum")
    fks = list(col.foreign_keys)
    schema: dict[str, Any]
    if fks:
        target = fks[0].column.table.name
        schema = {"type": "string", "format": "uuid", "pattern": UUID_PATTERN,
                  "x-references": table_to_entity.get(target, target)}
    elif isinstance(ctype, JSON):
        if name == "attachments":
            items: dict[str, Any] = {"$ref": "#/$defs/attachment"}
        elif _is_countries_field(name):
            items = {"$ref": "#/$defs/country"}
        elif enum_name:
            items = {"type": "string", "enum": list(ENUMS[enum_name])}
        else:
            items = {"type": "string"}
        schema = {"type": "array", "items": items}
    elif isinstance(ctype, Boolean):
        schema = {"type": "boolean"}
    elif isinstance(ctype, DateTime):
        schema = {"type": "string", "format": "date-time", "pattern": INSTANT_PATTERN}
    elif isinstance(ctype, Date):
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif isinstance(ctype, BigInteger):  # money in whole đồng (and other amounts): never negative
        schema = {"type": "integer", "minimum": 0, "maximum": INT64_MAX}
    elif isinstance(ctype, Integer):
        schema = {"type": "integer", "minimum": INT32[0], "maximum": INT32[1]}
    elif enum_name or isinstance(ctype, SAEnum):
        values = list(ENUMS[enum_name]) if enum_name else list(ctype.enums)
        schema = {"type": "string", "enum": values}
    elif _is_country_field(name):
        schema = {"$ref": "#/$defs/country"}
    elif isinstance(ctype, String | Text):
        schema = {"type": "string"}
        limit = max_length(model, name)  # the editors' and the import's limit too
        if limit:
            schema["maxLength"] = limit
    else:  # a column type this generator does not know yet must be added here, not guessed
        raise TypeError(f"{model.__name__}.{name}: no JSON Schema for {ctype!r}")
    if label:
        schema = {**schema, "title": label} if "$ref" not in schema else schema
    nullable = bool(col.nullable)
    return _nullable(schema, nullable), not nullable


def _entity_schema(model: type, table_to_entity: dict[str, str]) -> dict:
    props: dict[str, Any] = {}
    required: list[str] = []
    for name in model.__sync_fields__:
        props[name], req = _field_schema(model, name, table_to_entity)
        if req:
            required.append(name)
    return {"type": "object", "title": model.__entity__, "properties": props,
            "required": required, "additionalProperties": False}


@lru_cache(maxsize=1)
def _schema() -> dict:
    from desktop.models import SYNCED_MODELS

    table_to_entity = {m.__tablename__: e for e, m in SYNCED_MODELS.items()}
    defs: dict[str, Any] = {
        "country": {"type": "string", "enum": list(country_codes()),
                    "description": "ISO 3166-1 alpha-2"},
        "attachment": {
            "type": "object",
            "properties": {
                "sha256": {"type": "string", "pattern": SHA256_PATTERN},
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "size": {"type": "integer", "minimum": 0, "maximum": INT64_MAX},
                "media_type": {"type": "string", "maxLength": 255},
                "kind": {"type": ["string", "null"], "maxLength": 40},
            },
            "required": ["sha256", "name", "size", "media_type"],
            "additionalProperties": False,
        },
    }
    for entity, model in SYNCED_MODELS.items():
        if entity in SHARED_DEFS:
            raise ValueError(f"entity {entity!r} collides with a shared $defs name")
        defs[entity] = _entity_schema(model, table_to_entity)
    entities = list(SYNCED_MODELS)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "Sổ Đối ngoại — một dòng của changes.jsonl",
        "description": "One line of a bundle's changes.jsonl (SYNC.md). `data` is validated against "
                       "$defs/<entity> when op is upsert. Generated from the application's models. "
                       "Beyond this schema: base_version < version; change_seq rises strictly from "
                       "line to line; integers are written without a fraction (3, not 3.0); "
                       "references must name a record in the bundle or already at the receiver; the "
                       "record passes the editor's checks (an end not before its start, …); and a "
                       "unit's bundle carries only records of its own unit subtree (SYNC.md step 3).",
        "type": "object",
        "properties": {
            "change_seq": {"type": "integer", "minimum": 1, "maximum": SEQ_MAX},
            "entity": {"type": "string", "enum": entities},
            "id": {"type": "string", "format": "uuid", "pattern": UUID_PATTERN},
            "op": {"type": "string", "enum": list(OPS)},
            "version": {"type": "integer", "minimum": 1, "maximum": SEQ_MAX},
            "base_version": {"type": "integer", "minimum": 0, "maximum": SEQ_MAX},
            "origin_device": {"type": "string", "format": "uuid", "pattern": UUID_PATTERN},
            "updated_at": {"type": "string", "format": "date-time", "pattern": INSTANT_PATTERN},
            "data": {"type": "object"},
            # SYNC.md: the full name of the account that made the change, for the receiver's audit trail
            "author": {"type": "string", "maxLength": 200},
        },
        "required": ["change_seq", "entity", "id", "op", "version", "base_version",
                     "origin_device", "updated_at", "data"],
        "additionalProperties": False,
        "allOf": [
            {"if": {"properties": {"entity": {"const": e}, "op": {"const": "upsert"}},
                    "required": ["entity", "op"]},
             "then": {"properties": {"data": {"$ref": f"#/$defs/{e}"}}}}
            for e in entities
        ],
        "$defs": defs,
    }


def bundle_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a change line and of every entity's `data` (a copy)."""
    import copy

    return copy.deepcopy(_schema())


def entity_schema(entity: str) -> dict:
    """The schema of one entity's `data`."""
    return bundle_schema()["$defs"][entity]


def references(entity: str) -> dict[str, str]:
    """{field: target entity} of the entity's references by UUID (the engine checks they exist)."""
    out = {}
    for name, prop in _schema()["$defs"][entity]["properties"].items():
        if "x-references" in prop:
            out[name] = prop["x-references"]
    return out


# -- the validator, compiled from the schema ---------------------------------------------------

Errors = list[tuple[str, str]]
Check = Callable[[Any, str, Errors], None]


def _show(value: Any) -> str:
    """A short rendering of a bad value for the report (never the whole of a nested structure)."""
    if isinstance(value, str):
        text = f"“{value}”"
    elif isinstance(value, list):
        text = "[…]" if value else "[]"
    elif isinstance(value, dict):
        text = "{…}" if value else "{}"
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        text = f"{str(value)[:20]}…"
    else:
        text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "…"


_TYPE_WORDS = {
    "string": N_("phải là chuỗi văn bản"), "integer": N_("phải là số nguyên"),
    "boolean": N_("phải là true hoặc false"), "array": N_("phải là danh sách"),
    "object": N_("phải là đối tượng JSON"), "null": N_("phải để trống (null)"),
}


def _type_message(expected: str, value: Any) -> str:
    return tr("{rule}, nhận được {value}").format(rule=tr(_TYPE_WORDS[expected]), value=_show(value))


# JSON decodes to exactly these types (never subclasses), so `type(v) is T` is both exact and
# fast — and keeps booleans out of integers, as JSON Schema does.
_PY_TYPES: dict[str, type] = {"string": str, "integer": int, "boolean": bool, "array": list,
                              "object": dict, "null": type(None)}


def _real_date(text: str) -> bool:
    try:
        return DATE_MIN <= date(int(text[:4]), int(text[5:7]), int(text[8:10])) <= DATE_MAX
    except ValueError:
        return False


def _real_instant(text: str) -> bool:
    try:
        return DATE_MIN.year <= datetime.fromisoformat(text[:19]).year <= DATE_MAX.year
    except ValueError:
        return False


def _in_years(text: str) -> bool:
    return text[:4].isdigit() and DATE_MIN.year <= int(text[:4]) <= DATE_MAX.year


_MISSING = object()
_COUNTRY_DESCRIPTION = "ISO 3166-1 alpha-2"
_PATTERN_MESSAGES = {
    "date": N_("phải là ngày dạng YYYY-MM-DD, nhận được {value}"),
    "date-time": N_("phải là thời điểm UTC dạng 2026-11-20T03:12:00Z, nhận được {value}"),
    "uuid": N_("phải là mã UUID, nhận được {value}"),
}
_PATTERN_DEFAULT = N_("có dạng không hợp lệ: {value}")
# the form without the years, so that 0001-01-01 is told "out of range", not "not a date"
_DATE_RX = re.compile(DATE_PATTERN.replace(YEARS, "[0-9]{4}"))
_INSTANT_RX = re.compile(INSTANT_PATTERN.replace(YEARS, "[0-9]{4}"))


def _msg_required() -> str:
    return tr("thiếu trường bắt buộc")


def _msg_unknown() -> str:
    return tr("trường không có trong định dạng gói")


def _msg_enum(value: Any, shown: str) -> str:
    if not shown:
        return tr("giá trị {value} không phải mã quốc gia ISO 3166 (2 chữ cái in hoa, ví dụ KR)").format(
            value=_show(value))
    return tr("giá trị {value} không thuộc danh sách: {allowed}").format(value=_show(value), allowed=shown)


def _msg_max_length(value: str, mx: int) -> str:
    return tr("dài {length} ký tự, tối đa {max} ký tự").format(length=len(value), max=mx)


def _msg_pattern(fmt: str | None, value: Any) -> str:
    return tr(_PATTERN_MESSAGES.get(fmt or "", _PATTERN_DEFAULT)).format(value=_show(value))


def _msg_low(lo: int, value: Any) -> str:
    if lo == 0:
        return tr("phải là số nguyên không âm, nhận được {value}").format(value=_show(value))
    return tr("phải từ {min} trở lên, nhận được {value}").format(min=lo, value=_show(value))


def _msg_high(value: Any) -> str:
    return tr("số quá lớn: {value}").format(value=_show(value))


def _msg_unreal(fmt: str, value: Any) -> str:
    if isinstance(value, str) and not _in_years(value):
        return tr("{value} ngoài khoảng cho phép (năm {first}–{last})").format(
            value=_show(value), first=DATE_MIN.year, last=DATE_MAX.year)
    if fmt == "date":
        return tr("ngày {value} không có trên lịch").format(value=_show(value))
    return tr("thời điểm {value} không có thật").format(value=_show(value))


@lru_cache(maxsize=65536)  # a bundle repeats the same dates and instants many times over
def _date_status(text: str) -> int:
    """0: a real YYYY-MM-DD date in range; 1: not that form; 2: that form but not on the calendar or out of range."""
    if _DATE_RX.search(text) is None:
        return 1
    return 0 if _real_date(text) else 2


@lru_cache(maxsize=65536)
def _instant_status(text: str) -> int:
    """0: a real UTC instant with Z in range; 1: not that form; 2: that form but not a real moment or out of range."""
    if _INSTANT_RX.search(text) is None:
        return 1
    return 0 if _real_instant(text) else 2


def _format_message(status: int, fmt: str, value: Any) -> str:
    return _msg_pattern(fmt, value) if status == 1 else _msg_unreal(fmt, value)


class _Compiler:
    """Turns the subset of draft 2020-12 the generated schema uses into Python closures."""

    KNOWN = {"type", "enum", "const", "maxLength", "minLength", "pattern", "format", "minimum",
             "maximum", "items", "properties", "required", "additionalProperties", "$ref",
             "anyOf", "title", "description", "x-references"}

    def __init__(self, root: dict) -> None:
        self.root = root
        self.cache: dict[str, Check] = {}

    def ref(self, ref: str) -> Check:
        if ref not in self.cache:
            name = ref.removeprefix("#/$defs/")
            self.cache[ref] = self.compile(self.root["$defs"][name])
        return self.cache[ref]

    def compile(self, node: dict) -> Check:
        unknown = set(node) - self.KNOWN
        if unknown:  # the generator grew a keyword: teach the compiler, never ignore it
            raise ValueError(f"schema keyword(s) {sorted(unknown)} not supported by the compiler")
        if "$ref" in node:
            return self.ref(node["$ref"])
        if "anyOf" in node:
            branches = node["anyOf"]
            if len(branches) != 2 or {"type": "null"} not in branches:
                raise ValueError("only anyOf [X, null] is supported")
            inner = self.compile(next(b for b in branches if b != {"type": "null"}))

            def nullable(v: Any, path: str, out: Errors) -> None:
                if v is not None:
                    inner(v, path, out)
            return nullable
        types = node.get("type")
        nullable_type = isinstance(types, list) and "null" in types
        if isinstance(types, list):
            rest = [t for t in types if t != "null"]
            if len(rest) != 1:
                raise ValueError("only [T, null] type lists are supported")
            types = rest[0]
        body = self._body(types, node)
        if nullable_type:
            def maybe_null(v: Any, path: str, out: Errors) -> None:
                if v is not None:
                    body(v, path, out)
            return maybe_null
        return body

    def _body(self, expected: str | None, node: dict) -> Check:
        py_type = _PY_TYPES[expected] if expected else None
        steps: list[Callable[[Any, str, Errors], bool]] = []  # each returns False to stop

        if "enum" in node:
            allowed, shown = _enum_parts(node)

            def enum(v: Any, path: str, out: Errors) -> bool:
                if isinstance(v, str) and v in allowed:
                    return True
                out.append((path, _msg_enum(v, shown)))
                return False
            steps.append(enum)
        if "const" in node:
            const = node["const"]
            steps.append(lambda v, p, o: v == const or (o.append((p, tr("phải là {value}").format(
                value=_show(const)))) and False))
        if "maxLength" in node:
            mx = node["maxLength"]

            def max_length(v: Any, path: str, out: Errors) -> bool:
                if len(v) > mx:
                    out.append((path, _msg_max_length(v, mx)))
                    return False
                return True
            steps.append(max_length)
        if "minLength" in node:
            mn = node["minLength"]
            steps.append(lambda v, p, o: len(v) >= mn or (o.append((p, tr("không được để trống"))) and False))
        fmt = node.get("format")
        standard = DATE_PATTERN if fmt == "date" else INSTANT_PATTERN if fmt == "date-time" else None
        if standard is not None and node.get("pattern") == standard:
            status_of = _date_status if fmt == "date" else _instant_status

            def dated(v: Any, path: str, out: Errors) -> bool:
                status = status_of(v)
                if status:
                    out.append((path, _format_message(status, fmt, v)))
                    return False
                return True
            steps.append(dated)
        elif "pattern" in node:
            rx = re.compile(node["pattern"])

            def pattern(v: Any, path: str, out: Errors) -> bool:
                if rx.search(v) is None:
                    out.append((path, _msg_pattern(fmt, v)))
                    return False
                return True
            steps.append(pattern)
        if fmt in ("date", "date-time") and standard != node.get("pattern"):
            real = _real_date if fmt == "date" else _real_instant
            steps.append(lambda v, p, o: real(v) or (o.append((p, _msg_unreal(fmt, v))) and False))
        if "minimum" in node or "maximum" in node:
            lo, hi = node.get("minimum"), node.get("maximum")

            def bounds(v: Any, path: str, out: Errors) -> bool:
                if lo is not None and v < lo:
                    out.append((path, _msg_low(lo, v)))
                    return False
                if hi is not None and v > hi:
                    out.append((path, _msg_high(v)))
                    return False
                return True
            steps.append(bounds)
        if "items" in node:
            item = self.compile(node["items"])

            def items(v: Any, path: str, out: Errors) -> bool:
                for i, x in enumerate(v):
                    item(x, f"{path}[{i}]", out)
                return True
            steps.append(items)
        if "properties" in node or "required" in node:
            props = {k: self.compile(s) for k, s in node.get("properties", {}).items()}
            required = tuple(node.get("required", ()))
            closed = node.get("additionalProperties", True) is False

            def obj(v: Any, path: str, out: Errors) -> bool:
                prefix = f"{path}." if path else ""
                for key in required:
                    if key not in v or v[key] is None:
                        out.append((prefix + key, _msg_required()))
                for key, value in v.items():
                    check = props.get(key)
                    if check is not None:
                        if value is not None or key not in required:
                            check(value, prefix + key, out)
                    elif closed:
                        out.append((prefix + str(key)[:60], _msg_unknown()))
                return True
            steps.append(obj)

        steps_t = tuple(steps)
        if py_type is None:
            def untyped(v: Any, path: str, out: Errors) -> None:
                for step in steps_t:
                    if not step(v, path, out):
                        return
            return untyped
        if not steps_t:
            def type_only(v: Any, path: str, out: Errors) -> None:
                if type(v) is not py_type:
                    out.append((path, _type_message(expected, v)))
            return type_only
        if len(steps_t) == 1:
            (only,) = steps_t

            def one_step(v: Any, path: str, out: Errors) -> None:
                if type(v) is not py_type:
                    out.append((path, _type_message(expected, v)))
                else:
                    only(v, path, out)
            return one_step

        def check(v: Any, path: str, out: Errors) -> None:
            if type(v) is not py_type:
                out.append((path, _type_message(expected, v)))
                return
            for step in steps_t:
                if not step(v, path, out):
                    return
        return check


def _enum_parts(node: dict) -> tuple[frozenset, str]:
    allowed = frozenset(v for v in node["enum"] if v is not None)
    is_country = node.get("description") == _COUNTRY_DESCRIPTION
    return allowed, "" if is_country else ", ".join(str(v) for v in node["enum"] if v is not None)


def _strip_null(node: dict) -> tuple[dict, bool]:
    """(the node without its null alternative, whether null is allowed)."""
    if "anyOf" in node:
        rest = [b for b in node["anyOf"] if b != {"type": "null"}]
        if len(rest) == 1 and len(rest) < len(node["anyOf"]):
            return rest[0], True
    types = node.get("type")
    if isinstance(types, list) and "null" in types:
        inner = dict(node)
        rest = [t for t in types if t != "null"]
        inner["type"] = rest[0] if len(rest) == 1 else rest
        if "enum" in inner:
            inner["enum"] = [v for v in inner["enum"] if v is not None]
        return inner, True
    return node, False


class _Generator:
    """Python source for the top-level objects (the envelope, each entity's `data`).

    Every scalar field becomes a few inline lines (type, enum, length, date, bounds),
    so a record costs one function call instead of one a field; lists and objects
    inside a field use the compiler's closures. Messages are the same helpers.
    """

    _SCALAR_KEYWORDS = {"type", "enum", "maxLength", "pattern", "format", "minimum", "maximum",
                        "title", "description", "x-references"}

    def __init__(self, compiler: _Compiler) -> None:
        self.compiler = compiler

    def object_check(self, node: dict, name: str) -> Check:
        self.compiler.compile(node)  # refuses keywords it does not know, for the generator too
        ns: dict[str, Any] = {
            "_MISSING": _MISSING, "_type_message": _type_message, "_msg_required": _msg_required,
            "_msg_unknown": _msg_unknown, "_msg_enum": _msg_enum, "_msg_max_length": _msg_max_length,
            "_msg_pattern": _msg_pattern, "_msg_low": _msg_low, "_msg_high": _msg_high,
            "_date_status": _date_status, "_instant_status": _instant_status,
            "_format_message": _format_message,
        }
        props: dict[str, dict] = node.get("properties", {})
        required = set(node.get("required", ()))
        src = [f"def check_{name}(d, path, out):", "    get = d.get"]
        for i, (key, sub) in enumerate(props.items()):
            k = f"K{i}"
            ns[k] = key
            inner, nullable = _strip_null(sub)
            src.append(f"    v = get({k}, _MISSING)")
            if key in required:
                src.append("    if v is _MISSING:" if nullable else "    if v is _MISSING or v is None:")
                src.append(f"        out.append(({k}, _msg_required()))")
                src.append("    elif v is not None:" if nullable else "    else:")
            else:
                src.append("    if v is not _MISSING and v is not None:" if nullable else "    if v is not _MISSING:")
            src.extend("        " + line for line in self._value(inner, k, i, ns))
        if node.get("additionalProperties", True) is False:
            ns["KNOWN"] = frozenset(props)
            src += ["    if not KNOWN.issuperset(d):",
                    "        for key in d:",
                    "            if key not in KNOWN:",
                    "                out.append((str(key)[:60], _msg_unknown()))"]
        exec(compile("\n".join(src), f"<bundle schema: {name}>", "exec"), ns)  # noqa: S102 - our own source
        return ns[f"check_{name}"]

    def _value(self, node: dict, k: str, i: int, ns: dict) -> list[str]:
        expected = node.get("type")
        if not isinstance(expected, str) or set(node) - self._SCALAR_KEYWORDS:
            ns[f"C{i}"] = self.compiler.compile(node)  # lists, objects, $ref: the closures
            return [f"C{i}(v, {k}, out)"]
        ns[f"T{i}"] = _PY_TYPES[expected]
        lines = [f"if type(v) is not T{i}:", f"    out.append(({k}, _type_message({expected!r}, v)))"]
        if "enum" in node:
            ns[f"E{i}"], ns[f"S{i}"] = _enum_parts(node)
            lines += [f"elif v not in E{i}:", f"    out.append(({k}, _msg_enum(v, S{i})))"]
        if "maxLength" in node:
            mx = int(node["maxLength"])
            lines += [f"elif len(v) > {mx}:", f"    out.append(({k}, _msg_max_length(v, {mx})))"]
        fmt = node.get("format")
        if fmt in ("date", "date-time") and node.get("pattern") == (DATE_PATTERN if fmt == "date" else INSTANT_PATTERN):
            status = "_date_status" if fmt == "date" else "_instant_status"
            lines += [f"elif (st := {status}(v)):", f"    out.append(({k}, _format_message(st, {fmt!r}, v)))"]
        elif "pattern" in node or fmt in ("date", "date-time"):
            ns[f"C{i}"] = self.compiler.compile(node)
            return [f"C{i}(v, {k}, out)"]
        if "minimum" in node:
            lo = int(node["minimum"])
            lines += [f"elif v < {lo}:", f"    out.append(({k}, _msg_low({lo}, v)))"]
        if "maximum" in node:
            hi = int(node["maximum"])
            lines += [f"elif v > {hi}:", f"    out.append(({k}, _msg_high(v)))"]
        return lines


def _envelope_node(root: dict) -> dict:
    return {k: v for k, v in root.items() if k in ("type", "properties", "required", "additionalProperties")}


@lru_cache(maxsize=1)
def _validators() -> tuple[Check, dict[str, Check]]:
    root = _schema()
    gen = _Generator(_Compiler(root))
    envelope = gen.object_check(_envelope_node(root), "change")
    data = {e: gen.object_check(root["$defs"][e], e) for e in root["properties"]["entity"]["enum"]}
    return envelope, data


@lru_cache(maxsize=1)
def _closure_validators() -> tuple[Check, dict[str, Check]]:
    """The same checks through the closures only (tests compare both ways of running them)."""
    root = _schema()
    compiler = _Compiler(root)
    envelope = compiler.compile(_envelope_node(root))
    data = {e: compiler.ref(f"#/$defs/{e}") for e in root["properties"]["entity"]["enum"]}
    return envelope, data


def validate_change(line: int, change: Any, *, _checks: Callable | None = None) -> list[Problem]:
    """Problems of one change line (envelope, entity, op, types, required, enums, dates, countries).

    References to other records are not checked here: the engine checks them against the
    bundle and the database. An empty list means the line is valid.
    """
    envelope, data_checks = (_checks or _validators)()
    if not isinstance(change, dict):
        return [Problem(line, None, None, None, tr("dòng không phải một đối tượng JSON"))]
    rid = change.get("id")
    rid = rid if isinstance(rid, str) else None
    entity = change.get("entity")
    entity = entity if isinstance(entity, str) else None
    errors: Errors = []
    envelope(change, "", errors)
    if errors and entity is not None and entity not in data_checks:
        errors = [(f, m) if f != "entity" else
                  (f, tr("loại bản ghi {value} không có trong định dạng gói").format(value=_show(entity)))
                  for f, m in errors]
    version, base = change.get("version"), change.get("base_version")
    if type(version) is int and type(base) is int and base >= version >= 1:
        errors.append(("base_version", tr("phiên bản gốc {base} phải nhỏ hơn phiên bản {version}").format(
            base=base, version=version)))
    data = change.get("data")
    if entity in data_checks and change.get("op") == "upsert" and isinstance(data, dict):
        data_errors: Errors = []
        data_checks[entity](data, "", data_errors)
        errors.extend((f or "data", m) for f, m in data_errors)  # data fields by their own name
    return [Problem(line, rid, entity, field or None, message) for field, message in errors]


__all__ = ["bundle_schema", "entity_schema", "references", "validate_change", "country_codes",
           "SCHEMA_ID"]
