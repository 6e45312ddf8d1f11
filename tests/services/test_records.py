"""`doingoai list --json`: records in SYNC.md form, field names and formats exactly."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from desktop.errors import AppError
from desktop.models import SYNCED_MODELS
from desktop.sync.records import to_json
from tests.services.builders import guest, inbound, officer, outbound

INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
META = {"id", "unit_code", "version", "base_version", "origin_device", "created_at", "updated_at", "deleted"}
PERSON = {"full_name", "gender", "birth_date", "position", "unit_code", "grade", "phone", "email",
          "passport_number", "passport_expiry", "is_key_leader", "is_fa_officer"}
DELEGATION = {"direction", "kind", "title", "purpose", "countries", "partner", "start_date", "end_date",
              "funding", "cost_estimate_vnd", "in_annual_plan", "status", "submitted_on",
              "decision_number", "decision_date", "decision_authority", "report_received_on",
              "override_reason", "notes", "attachments"}
MEMBER = {"delegation_id", "role", "person_id", "guest_name", "guest_title", "guest_organisation",
          "guest_nationality", "guest_passport"}
DISCIPLINE = {"person_id", "form", "decision_number", "decision_date", "effective_from", "effective_until"}
UNIT = {"code", "name", "level", "parent_code", "valid_from", "valid_to"}


def test_entities_are_the_synced_registers(services):
    assert services.records.entities() == sorted(SYNCED_MODELS)
    assert {"person", "discipline_record", "delegation", "delegation_member", "unit"} <= set(
        services.records.entities())


def test_person_fields_and_formats(services):
    person_id = officer(services, birth_date=date(1979, 2, 5), gender="male")
    [row] = services.records.iter_json("person")
    assert set(row) == META | PERSON
    assert row["id"] == person_id
    assert row["birth_date"] == "1979-02-05" and row["passport_expiry"] == "2031-01-01"
    assert INSTANT.fullmatch(row["created_at"]) and INSTANT.fullmatch(row["updated_at"])
    assert row["is_key_leader"] is False and row["deleted"] is False
    assert (row["version"], row["base_version"]) == (1, 0)
    json.dumps(row)  # JSON-ready as it is


def test_delegation_member_and_discipline_fields(services):
    person_id = officer(services)
    services.persons.save_discipline(person_id, {"form": "warning", "effective_from": date(2024, 3, 1)})
    d = services.delegations.save(outbound(), [{"role": "head", "person_id": person_id}])
    inbound_d = services.delegations.save(inbound(), [guest()])
    delegations = {r["id"]: r for r in services.records.iter_json("delegation")}
    assert set(delegations[d.id]) == META | DELEGATION
    row = delegations[d.id]
    assert row["start_date"] == "2026-06-15" and row["countries"] == ["KR"]
    assert row["cost_estimate_vnd"] == 1_250_000_000 and row["attachments"] == []
    members = list(services.records.iter_json("delegation_member"))
    assert all(set(m) == META | MEMBER for m in members)
    assert {m["delegation_id"] for m in members} == {d.id, inbound_d.id}
    [discipline] = services.records.iter_json("discipline_record")
    assert set(discipline) == META | DISCIPLINE
    assert discipline["effective_from"] == "2024-03-01" and discipline["effective_until"] is None


def test_units_are_listed_with_dates(bare_services):
    rows = {r["code"]: r for r in bare_services.records.iter_json("unit")}
    assert set(rows["DL-BMT"]) == META | UNIT
    assert rows["DL-BMT"]["valid_to"] == "2025-06-30" and DAY.fullmatch(rows["DL-BMT"]["valid_to"])
    assert rows["DL"]["parent_code"] is None


def test_tombstones_only_on_request(services):
    person_id = officer(services)
    services.persons.delete(person_id)
    assert list(services.records.iter_json("person")) == []
    [row] = services.records.iter_json("person", include_deleted=True)
    assert row["deleted"] is True and row["version"] == 2


def test_unknown_entity_is_refused_at_once(services):
    with pytest.raises(AppError) as caught:
        services.records.iter_json("delegations")  # refused before anything is printed
    assert "delegation" in str(caught.value) and "person" in str(caught.value)


def test_instants_are_written_in_utc():
    hanoi = timezone(timedelta(hours=7))
    assert to_json(datetime(2026, 1, 20, 8, 30, tzinfo=hanoi)) == "2026-01-20T01:30:00Z"
    assert to_json({"at": [date(2026, 2, 5)]}) == {"at": ["2026-02-05"]}
