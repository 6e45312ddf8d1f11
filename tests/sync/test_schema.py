"""The published JSON Schema (from the models) and the validator compiled from it."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import astuple
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.validation import ENUMS
from desktop.models import SYNCED_MODELS
from desktop.sync.errors import Problem
from desktop.sync.schema import (
    _closure_validators,
    bundle_schema,
    country_codes,
    references,
    validate_change,
)
from tests.sync.format_helpers import change, sample_data

# SYNC.md's table of the core entities, copied word for word; `test_table_is_the_one_in_sync_md`
# keeps the copy honest wherever the shared docs are present.
SYNC_MD_TABLE = """\
| `unit` | `code`, `name`, `level` (`province` / `district` / `commune`), `parent_code?`, `valid_from?`, `valid_to?` |
| `person` | `full_name`, `gender?` (`male` / `female` / `other`), `birth_date?`, `position?`, `unit_code`, `grade?`, `phone?`, `email?`, `passport_number?`, `passport_expiry?`, `is_key_leader` (bool), `is_fa_officer` (bool) |
| `discipline_record` | `person_id`, `form` (`reprimand` / `warning` / `demotion` / `dismissal` / `removal` / `under_consideration`), `decision_number?`, `decision_date?`, `effective_from`, `effective_until?` (absent = the rule's default length) |
| `delegation` | `direction` (`outbound` / `inbound`), `kind` (`official_visit` / `working_trip` / `training` / `conference` / `promotion` / `other`), `title`, `purpose?`, `countries` (list), `partner?`, `start_date`, `end_date`, `funding?` (`state_budget` / `partner` / `self` / `mixed`), `cost_estimate_vnd?`, `in_annual_plan` (bool), `status` (`draft` / `submitted` / `approved` / `rejected` / `cancelled` / `completed`), `submitted_on?`, `decision_number?`, `decision_date?`, `decision_authority?`, `report_received_on?`, `override_reason?`, `notes?`, `attachments` (list) |
| `delegation_member` | `delegation_id`, `role` (`head` / `deputy_head` / `member` / `interpreter` / `other`), `person_id?` (outbound), `guest_name?`, `guest_title?`, `guest_organisation?`, `guest_nationality?`, `guest_passport?` (inbound) |
"""
SYNC_MD = Path(__file__).resolve().parents[3] / "shared" / "docs" / "SYNC.md"
_FIELD = re.compile(r"`([a-z_]+)(\?)?`(?:\s*\(([^)]*)\))?")


def parse_table(text: str) -> dict[str, list[tuple[str, bool, str | None]]]:
    """{entity: [(field, optional, annotation)]} from the markdown rows."""
    out = {}
    for row in text.strip().splitlines():
        cells = [c.strip() for c in row.strip("|").split("|")]
        entity = cells[0].strip("`")
        out[entity] = [(m[1], bool(m[2]), m[3]) for m in _FIELD.finditer(cells[1])]
    return out


@pytest.fixture(scope="module")
def schema() -> dict:
    return bundle_schema()


def test_schema_is_valid_draft_2020_12(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    json.dumps(schema, ensure_ascii=False)  # publishable as is


def test_table_is_the_one_in_sync_md():
    if not SYNC_MD.exists():  # the copy above is then the reference; the table test still runs
        return
    rows = [line for line in SYNC_MD.read_text(encoding="utf-8").splitlines()
            if re.match(r"\| `(unit|person|discipline_record|delegation|delegation_member)` \|", line)]
    assert "\n".join(rows) + "\n" == SYNC_MD_TABLE


@pytest.mark.parametrize("entity", ["unit", "person", "discipline_record", "delegation", "delegation_member"])
def test_core_entities_match_the_sync_md_table_exactly(schema, entity):
    expected = parse_table(SYNC_MD_TABLE)[entity]
    data = schema["$defs"][entity]
    assert list(data["properties"]) == [name for name, _, _ in expected]
    assert data["additionalProperties"] is False
    for name, optional, note in expected:
        prop = data["properties"][name]
        assert (name not in data["required"]) == optional, name
        types = prop.get("type")
        if note and "`" in note:  # an enum: `a` / `b` / …
            values = re.findall(r"`([a-z_]+)`", note)
            assert [v for v in prop["enum"] if v is not None] == values, name
        elif note == "bool":
            assert types == "boolean", name
        elif note == "list":
            assert types == "array", name
        if optional and "$ref" not in prop and "anyOf" not in prop:
            assert "null" in types, name


def test_every_synced_entity_has_its_fields(schema):
    assert schema["properties"]["entity"]["enum"] == list(SYNCED_MODELS)
    for entity, model in SYNCED_MODELS.items():
        assert tuple(schema["$defs"][entity]["properties"]) == model.__sync_fields__


def test_enums_come_from_validation_enums(schema):
    assert schema["$defs"]["delegation"]["properties"]["status"]["enum"] == list(ENUMS["status"])
    topics = schema["$defs"]["conference"]["properties"]["sensitive_topics"]
    assert topics["items"]["enum"] == list(ENUMS["sensitive_topic"])


def test_conventions_for_dates_money_countries_attachments_and_references(schema):
    d = schema["$defs"]
    assert d["delegation"]["properties"]["start_date"]["format"] == "date"
    assert d["delegation"]["properties"]["cost_estimate_vnd"]["minimum"] == 0
    assert d["delegation"]["properties"]["countries"]["items"] == {"$ref": "#/$defs/country"}
    assert d["conference"]["properties"]["participant_countries"]["items"] == {"$ref": "#/$defs/country"}
    assert d["overseas_contact"]["properties"]["country"] == {"$ref": "#/$defs/country"}
    assert d["delegation_member"]["properties"]["guest_nationality"]["anyOf"][0] == {"$ref": "#/$defs/country"}
    assert d["delegation"]["properties"]["attachments"]["items"] == {"$ref": "#/$defs/attachment"}
    assert d["attachment"]["required"] == ["sha256", "name", "size", "media_type"]
    member = d["delegation_member"]["properties"]
    assert member["delegation_id"]["format"] == "uuid" and member["delegation_id"]["x-references"] == "delegation"
    assert d["person"]["properties"]["full_name"]["maxLength"] == 200
    assert {"KR", "VN", "US"} <= set(country_codes()) and "EU" not in country_codes()


def test_references():
    assert references("delegation_member") == {"delegation_id": "delegation", "person_id": "person"}
    assert references("discipline_record") == {"person_id": "person"}
    assert references("unit") == {}
    assert references("planned_activity")["promotion_id"] == "promotion_activity"


# -- validate_change --------------------------------------------------------------------------

@pytest.mark.parametrize("entity", list(sample_data()))
def test_valid_core_records_pass(entity):
    assert validate_change(1, change(1, entity)) == []


def test_optional_fields_may_be_absent_and_deletes_need_no_data():
    c = change(1, "person", {"full_name": "Trần Thị Bình", "unit_code": "DL-BMT",
                              "is_key_leader": False, "is_fa_officer": False})
    assert validate_change(1, c) == []
    assert validate_change(2, change(2, "person", {}, op="delete")) == []


def problems_of(entity: str, **data) -> list[tuple[str | None, str]]:
    c = change(9, entity)
    for k, v in data.items():
        if v is ...:
            c["data"].pop(k)
        else:
            c["data"][k] = v
    found = validate_change(9, c)
    assert all(isinstance(p, Problem) and p.line == 9 and p.entity == entity and p.record_id == c["id"]
               for p in found)
    return [(p.field, p.message) for p in found]


@pytest.mark.parametrize(("entity", "data", "field", "words"), [
    ("person", {"is_key_leader": "yes"}, "is_key_leader", "true hoặc false"),
    ("person", {"full_name": 42}, "full_name", "chuỗi"),
    ("delegation", {"cost_estimate_vnd": "150000000"}, "cost_estimate_vnd", "số nguyên"),
    ("delegation", {"cost_estimate_vnd": 1.5}, "cost_estimate_vnd", "số nguyên"),
    ("delegation", {"cost_estimate_vnd": -1}, "cost_estimate_vnd", "không âm"),
    ("delegation", {"cost_estimate_vnd": True}, "cost_estimate_vnd", "số nguyên"),
    ("delegation", {"kind": "holiday"}, "kind", "không thuộc danh sách"),
    ("person", {"gender": "M"}, "gender", "male, female, other"),
    ("discipline_record", {"form": "firing"}, "form", "không thuộc danh sách"),
    ("delegation", {"start_date": "2026-02-30"}, "start_date", "không có trên lịch"),
    ("delegation", {"start_date": "01/03/2026"}, "start_date", "YYYY-MM-DD"),
    ("delegation", {"start_date": "2026-3-1"}, "start_date", "YYYY-MM-DD"),
    ("person", {"birth_date": "２０２６-01-01"}, "birth_date", "YYYY-MM-DD"),
    ("delegation", {"countries": ["KR", "XX"]}, "countries[1]", "ISO 3166"),
    ("delegation", {"countries": "KR"}, "countries", "danh sách"),
    ("delegation", {"countries": ["kr"]}, "countries[0]", "ISO 3166"),
    ("delegation_member", {"guest_nationality": "Korea"}, "guest_nationality", "ISO 3166"),
    ("delegation", {"title": ...}, "title", "thiếu"),
    ("delegation", {"title": None}, "title", "thiếu"),
    ("delegation", {"in_annual_plan": None}, "in_annual_plan", "thiếu"),
    ("delegation", {"nickname": "x"}, "nickname", "không có trong định dạng"),
    ("delegation_member", {"delegation_id": "42"}, "delegation_id", "UUID"),
    ("person", {"full_name": "A" * 201}, "full_name", "tối đa 200"),
    ("delegation", {"attachments": [{"sha256": "zz", "name": "a", "size": 1, "media_type": "x"}]},
     "attachments[0].sha256", "dạng không hợp lệ"),
    ("delegation", {"attachments": [{"name": "a", "size": 1, "media_type": "x"}]},
     "attachments[0].sha256", "thiếu"),
    ("delegation", {"attachments": [{"sha256": "a" * 64, "name": "a", "size": -1, "media_type": "x"}]},
     "attachments[0].size", "không âm"),
    ("unit", {"level": "country"}, "level", "province, district, commune"),
])
def test_record_problems(entity, data, field, words):
    found = problems_of(entity, **data)
    assert [f for f, _ in found] == [field], found
    assert words in found[0][1]


def test_all_problems_of_a_line_are_listed():
    found = problems_of("delegation", kind="holiday", start_date="2026-13-01", countries=["XX"], title=...)
    assert {f for f, _ in found} == {"kind", "start_date", "countries[0]", "title"}


@pytest.mark.parametrize(("edit", "field", "words"), [
    ({"entity": "spaceship"}, "entity", "không có trong định dạng"),
    ({"op": "merge"}, "op", "upsert, delete"),
    ({"change_seq": "1"}, "change_seq", "số nguyên"),
    ({"change_seq": 0}, "change_seq", "từ 1"),
    ({"version": 2.0}, "version", "số nguyên"),
    ({"id": "123"}, "id", "UUID"),
    ({"updated_at": "2026-11-20T10:12:00+07:00"}, "updated_at", "UTC"),
    ({"updated_at": "2026-11-20 03:12:00"}, "updated_at", "UTC"),
    ({"updated_at": "2026-11-31T03:12:00Z"}, "updated_at", "không có thật"),
    ({"updated_at": "2026-11-20T25:12:00Z"}, "updated_at", "không có thật"),
    ({"data": [1]}, "data", "đối tượng"),
    ({"data": ...}, "data", "thiếu"),
    ({"origin_device": ...}, "origin_device", "thiếu"),
    ({"extra": 1}, "extra", "không có trong định dạng"),
    ({"version": 2, "base_version": 2}, "base_version", "nhỏ hơn phiên bản 2"),
])
def test_envelope_problems(edit, field, words):
    c = change(3, "person")
    for k, v in edit.items():
        if v is ...:
            c.pop(k)
        else:
            c[k] = v
    found = validate_change(3, c)
    assert [p.field for p in found] == [field], found
    assert words in found[0].message


def test_a_line_that_is_not_an_object():
    [p] = validate_change(4, ["not", "a", "change"])
    assert (p.line, p.field) == (4, None) and "đối tượng" in p.message


def test_problem_text_names_line_record_and_field():
    [p] = problems_of_change()
    assert p.text().startswith("dòng 5, person, mã ") and "trường “gender”" in p.text()


def problems_of_change():
    c = change(5, "person")
    c["data"]["gender"] = "x"
    return validate_change(5, c)


# -- the compiled validator agrees with the published schema ----------------------------------

def _has_integral_float(value) -> bool:
    """JSON Schema counts 3.0 as an integer; the importer refuses it (money is whole đồng, as JSON ints)."""
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, list):
        return any(_has_integral_float(v) for v in value)
    if isinstance(value, dict):
        return any(_has_integral_float(v) for v in value.values())
    return False


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**64), 2**64) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["KR", "VN", "XX", "2026-02-28", "2026-02-30", "2026-2-1",
                                              "outbound", "head", "warning", "a" * 64,
                                              "8c1f0a2b-1111-4222-8333-444455556666", "2026-11-20T03:12:00Z"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["sha256", "name", "size", "media_type", "kind", "x"]), inner, max_size=5),
    max_leaves=10)


@settings(max_examples=300, deadline=None)
@given(entity=st.sampled_from(list(sample_data())), where=st.sampled_from(["data", "envelope"]),
       key_index=st.integers(0, 30), value=_VALUES, drop=st.booleans())
def test_validator_agrees_with_jsonschema_and_with_its_closure_runner(entity, where, key_index, value, drop):
    c = change(1, entity)
    target = c["data"] if where == "data" else c
    keys_ = sorted(target) + ["unknown_field"]
    key = keys_[key_index % len(keys_)]
    if drop:
        target.pop(key, None)
    else:
        target[key] = copy.deepcopy(value)
    generated = validate_change(1, c)
    closures = validate_change(1, c, _checks=_closure_validators)
    assert sorted(map(astuple, generated)) == sorted(map(astuple, closures))  # two runners, one verdict
    if _has_integral_float(c):
        return
    if type(c.get("base_version")) is int and type(c.get("version")) is int and c["base_version"] >= c["version"] >= 1:
        assert any(p.field == "base_version" for p in validate_change(1, c))  # the one rule beyond the schema
        return
    validator = _jsonschema_validator()
    expected = sorted({_path(e) for e in validator.iter_errors(c)})
    found = validate_change(1, c)
    assert bool(found) == bool(expected), (found, expected)


_CACHE: dict = {}


def _jsonschema_validator():
    if "v" not in _CACHE:
        cls = jsonschema.Draft202012Validator
        _CACHE["v"] = cls(bundle_schema(), format_checker=cls.FORMAT_CHECKER)
    return _CACHE["v"]


def _path(error) -> str:
    return ".".join(str(p) for p in error.absolute_path)


def test_deeply_nested_or_huge_values_are_reported_briefly():
    deep = json.loads("[" * 900 + "]" * 900)
    found = problems_of("delegation", title=deep, cost_estimate_vnd=10**400)
    assert [f for f, _ in found] == ["title", "cost_estimate_vnd"]
    assert all(len(m) < 200 for _, m in found)
