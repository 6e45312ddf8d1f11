"""Builders for the bundle-format tests: keys, valid changes, bundles, and hand-made ZIPs.

`rebuild` re-zips a bundle with entries changed, optionally refreshing the
manifest's hashes and re-signing it, so a test can reach one specific check
(a signed manifest that lies about line counts, a bad JSON line with valid
hashes…) instead of tripping an earlier one.
"""

from __future__ import annotations

import hashlib
import json
import stat
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

from desktop.sync import keys
from desktop.sync.bundle import BundleWriter

DEVICE = "8c1f0a2b-1111-4222-8333-444455556666"
ATTACHMENT_BYTES = "Quyết định cử đoàn số 12/QĐ-UBND".encode()
ATTACHMENT_SHA = hashlib.sha256(ATTACHMENT_BYTES).hexdigest()


def uid() -> str:
    return str(uuid.uuid4())


def sample_data() -> dict[str, dict]:
    """A valid `data` for each core entity of SYNC.md."""
    person = uid()
    return {
        "unit": {"code": "DL-BMT", "name": "Thành phố Buôn Ma Thuột", "level": "district",
                 "parent_code": "DL", "valid_from": "2025-07-01", "valid_to": None},
        "person": {"full_name": "Nguyễn Văn An", "gender": "male", "birth_date": "1980-05-17",
                   "position": "Phó Chủ tịch", "unit_code": "DL-BMT", "grade": None, "phone": None,
                   "email": None, "passport_number": "C1234567", "passport_expiry": "2030-01-01",
                   "is_key_leader": True, "is_fa_officer": False},
        "discipline_record": {"person_id": person, "form": "warning", "decision_number": "5/QĐ",
                              "decision_date": "2025-03-01", "effective_from": "2025-03-01"},
        "delegation": {
            "direction": "outbound", "kind": "working_trip", "title": "Đoàn công tác tại Hàn Quốc",
            "purpose": None, "countries": ["KR", "JP"], "partner": "Tỉnh Gyeonggi",
            "start_date": "2026-03-01", "end_date": "2026-03-07", "funding": "state_budget",
            "cost_estimate_vnd": 150_000_000, "in_annual_plan": True, "status": "approved",
            "submitted_on": "2026-01-10", "decision_number": "12/QĐ-UBND", "decision_date": "2026-02-01",
            "decision_authority": "UBND tỉnh", "report_received_on": None, "override_reason": None,
            "notes": None,
            "attachments": [{"sha256": ATTACHMENT_SHA, "name": "qd.pdf", "size": len(ATTACHMENT_BYTES),
                             "media_type": "application/pdf", "kind": "decision"}],
        },
        "delegation_member": {"delegation_id": uid(), "role": "head", "person_id": person,
                              "guest_name": None, "guest_title": None, "guest_organisation": None,
                              "guest_nationality": None, "guest_passport": None},
    }


def change(seq: int, entity: str = "person", data: dict | None = None, op: str = "upsert") -> dict:
    return {"change_seq": seq, "entity": entity, "id": uid(), "op": op, "version": 2,
            "base_version": 1, "origin_device": DEVICE, "updated_at": "2026-11-20T03:12:00Z",
            "data": sample_data()[entity] if data is None else data}


def manifest(**extra) -> dict:
    m = {"kind": "changes", "app_version": "0.1.0", "device_id": DEVICE, "unit_code": "DL-BMT",
         "epoch": 1, "bundle_seq": 7, "prev_bundle_seq": 6, "acked_bundle_seq": 5,
         "state_checksum": "0" * 64}
    m.update(extra)
    return m


def write_bundle(out: Path, key, *, changes: list[dict] | None = None, results: list[dict] | None = None,
                 attachment: Path | None = None, recipient: str | None = None, **manifest_extra) -> Path:
    """A valid bundle: by default one change of each core entity."""
    if changes is None:
        changes = [change(i + 1, e) for i, e in enumerate(sample_data())]
    with BundleWriter(out, manifest(**manifest_extra), key, recipient=recipient) as w:
        for c in changes:
            w.add_change(c)
        for r in results or []:
            w.add_result(r)
        if attachment is not None:
            w.add_attachment(hashlib.sha256(attachment.read_bytes()).hexdigest(), attachment)
    return w.path


def trusting(key) -> Callable[[str, bytes], bool]:
    """An is_trusted that knows exactly this device key."""
    raw = keys.public_raw(key)
    return lambda device_id, public_key: device_id == DEVICE and public_key == raw


def read_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rebuild(src: Path, dst: Path, *, entries: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
            manifest_edit: Callable[[dict], None] | None = None, key=None, refresh_files: bool = False) -> Path:
    """Re-zip `src` into `dst`, editing entries and/or the manifest; re-sign when `key` is given."""
    e = read_entries(src)
    if entries is not None:
        e = entries(e)
    if (manifest_edit or refresh_files or key is not None) and "manifest.json" in e:
        m = json.loads(e["manifest.json"])
        if refresh_files:
            for name, spec in m["files"].items():
                if name in e:
                    spec["sha256"] = hashlib.sha256(e[name]).hexdigest()
                    spec["size"] = len(e[name])
                    if "lines" in spec:
                        spec["lines"] = e[name].count(b"\n") + (1 if e[name] and not e[name].endswith(b"\n") else 0)
        if manifest_edit is not None:
            manifest_edit(m)
        e["manifest.json"] = json.dumps(m, ensure_ascii=False, indent=2).encode()
        if key is not None:
            e["manifest.sig"] = key.sign(e["manifest.json"])
    write_zip(dst, list(e.items()))
    return dst


def write_zip(dst: Path, items: list[tuple[str | zipfile.ZipInfo, bytes]],
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A ZIP with exactly these entries (duplicates allowed, ZipInfo for attributes)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: that is the point
        with zipfile.ZipFile(dst, "w", compression) as zf:
            for name, data in items:
                zf.writestr(name, data)
    return dst


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info
