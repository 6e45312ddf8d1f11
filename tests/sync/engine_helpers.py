"""Two installations in one test (a unit and the province), and bundles crafted with a unit's key."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.config import Paths
from desktop.models import SYNCED_MODELS
from desktop.models.sync import SyncState
from desktop.services import Services, open_services
from desktop.sync import keys, state
from desktop.sync.bundle import BundleWriter
from tests.templates import sqlite_url

TODAY = date(2026, 1, 20)


def machine(root: Path, name: str, unit: str, province: bool = False, url: str | None = None) -> Services:
    """Services on a fresh database `root/name` (or `url`: the db_url fixture, so the province
    store also runs on PostgreSQL), set up for `unit` (province mode when asked)."""
    services = open_services(url or sqlite_url(root / f"{name}.sqlite3"), Paths(root / name), today=lambda: TODAY)
    services.device.set_up(unit, "Nguyễn Văn An")
    if province:
        services.sync.set_province_mode(True)
    return services


def pair(unit: Services, province: Services) -> None:
    """Each side trusts the other's key; the unit encrypts to the province."""
    uk, pk = unit.sync.keys(), province.sync.keys()
    province.sync.trust(uk.device_id, uk.public_key, uk.unit_code)
    unit.sync.set_province_keys(pk.recipient, pk.public_key)


def own_recipient(services: Services) -> str:
    """A unit device's own age recipient (what its manifests carry; the province seals its acks to it)."""
    from desktop.sync import crypto

    return crypto.recipient_of(crypto.load_or_create_identity(services.ctx.paths.keys, crypto.DEVICE_IDENTITY_FILE))


def dump(services: Services, *, origin: str | None = None) -> dict[tuple[str, str], tuple]:
    """Every synced record as (version, deleted, data): what two stores must agree on."""
    out = {}
    with services.ctx.db.read() as s:
        for entity, model in SYNCED_MODELS.items():
            table = model.__table__
            stmt = select(table)
            if origin is not None:
                stmt = stmt.where(table.c.origin_device == origin)
            for row in s.execute(stmt):
                out[(entity, row.id)] = (row.version, bool(row.deleted), row.unit_code,
                                         tuple(sorted(state.row_data(model, row).items(), key=lambda kv: kv[0])))
    return out


def unit_records(services: Services) -> dict:
    """The records this device created."""
    return dump(services, origin=services.sync.keys().device_id)


def person_data(name: str = "Nguyễn Văn Hùng", **changes: Any) -> dict[str, Any]:
    """A person's bundle `data`."""
    data = {"full_name": name, "gender": "male", "birth_date": "1980-05-17", "position": "Chuyên viên",
            "unit_code": "DL-BMT", "grade": None, "phone": None, "email": None, "passport_number": "C1234567",
            "passport_expiry": "2031-01-01", "is_key_leader": False, "is_fa_officer": True}
    data.update(changes)
    return data


def line(seq: int, entity: str, data: dict, *, record_id: str | None = None, version: int = 1,
         base_version: int = 0, op: str = "upsert", origin: str) -> dict[str, Any]:
    """A change line as another program could write it."""
    return {"change_seq": seq, "entity": entity, "id": record_id or str(uuid.uuid4()), "op": op,
            "version": version, "base_version": base_version, "origin_device": origin,
            "updated_at": "2026-01-20T03:00:00Z", "data": data}


def craft(unit: Services, out: Path, lines: list[dict], *, bundle_seq: int | None = None,
          prev_bundle_seq: int | None = None, checksum: str | None = None, kind: str = "changes",
          recipient: str | None = None, plaintext: bool = False, **manifest_extra: Any) -> Path:
    """A bundle signed with the unit's real key, holding exactly `lines` (a checksum that matches them),
    encrypted to the province the unit is paired with (unless `plaintext`)."""
    if recipient is None and not plaintext:
        recipient = unit.device.get_setting(state.PROVINCE_RECIPIENT)
    info = unit.device.info()
    key = keys.load_private(unit.device.key_path(info.id))
    with unit.ctx.db.read() as s:
        st = s.get(SyncState, (info.id, info.epoch))
        last = st.last_bundle_seq if st else 0
    seq = bundle_seq if bundle_seq is not None else last + 1
    acc = 0
    for ln in lines:
        acc ^= state.record_hash(ln["id"], ln["version"])
    manifest = {"kind": kind, "app_version": "test", "device_id": info.id, "unit_code": info.unit_code,
                "epoch": info.epoch, "bundle_seq": seq,
                "prev_bundle_seq": prev_bundle_seq if prev_bundle_seq is not None else seq - 1,
                "acked_bundle_seq": 0, "state_checksum": checksum or state.checksum_hex(acc), **manifest_extra}
    with BundleWriter(out, manifest, key, recipient=recipient) as writer:
        for ln in lines:
            writer.add_change(ln)
    return writer.path
