"""Acks (SYNC.md): the province's answer to a unit device, and conflict resolution.

The province writes an `ack` bundle for one device: the manifest says up to
which of its bundles everything is applied (`applied_through_bundle_seq`, plus
`to_device_id`, `to_epoch`, `to_unit_code` so the bundle cannot be applied on
another machine), `results.jsonl` lists the records that were not simply
applied — conflicts still open ("conflict") and conflicts decided here
("applied", or "rejected" when the unit's record could not be kept) — and
`changes.jsonl` carries the province's own records for that unit: every record
the province created or changed whose unit lies in the device's unit subtree
(decisions on its requests, resolved conflicts) and the unit list. The ack is
encrypted to the device's own age recipient (from its manifests). Acks are cumulative, so a
lost one is made good by the next.

A resolution is an ordinary edit at the province (it goes through the change
tracker), numbered above both versions in conflict so that the unit takes it
as newer when the ack arrives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop import __version__
from desktop.domain.messages import tr
from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.models import Device
from desktop.models.base import utcnow
from desktop.models.sync import ImportProgress, PeerDevice, SyncConflict, SyncState
from desktop.sync import state
from desktop.sync.authority import unit_subtree
from desktop.sync.bundle import BundleWriter
from desktop.sync.export import (
    ExportResult,
    Progress,
    changed_items,
    last_change_seq,
    record_sent,
    write_items,
)

CHOICES = ("unit", "province", "edit")
RESOLUTION_TEXT = {
    "unit": "đã giữ bản của đơn vị",
    "province": "đã giữ bản của tỉnh",
    "edit": "đã sửa lại ở tỉnh",
}


def target_progress(s, device_id: str) -> ImportProgress | None:
    """The newest epoch's import progress of a device (None when nothing was received from it)."""
    return s.scalars(select(ImportProgress).where(ImportProgress.device_id == device_id)
                     .order_by(ImportProgress.epoch.desc())).first()


def write_ack(db, province_device_id: str, signing_key, target_device_id: str, out_dir: Path, *,
              attachments_dir: Path | None = None, progress: Progress | None = None,
              tmp_dir: Path | None = None, attachment_key: bytes | None = None) -> ExportResult:
    """Write the ack bundle for `target_device_id` into `out_dir` and record it as sent.

    The ack carries records of the device's unit subtree only (the unit it is trusted for, not the
    one its manifests claim) and is encrypted to the device's own age recipient; without one (a
    device that never sent it) no ack is written, and the error says why.
    """
    with db.snapshot() as s:
        prov = s.get(Device, province_device_id)
        prog = target_progress(s, target_device_id)
        if prog is None:
            raise AppError(tr("Chưa nhận gói nào từ máy {device}, nên chưa có gì để phản hồi. "
                              "Hãy nhập gói của máy đó trước.").format(device=target_device_id))
        peer = s.get(PeerDevice, target_device_id)
        if peer is None or peer.role != "unit" or not peer.unit_code:
            raise AppError(tr("Máy {device} chưa được tin cậy cho một đơn vị, nên không ghi phản hồi cho máy "
                              "này. Hãy tin cậy khóa của máy với đúng đơn vị trước.").format(device=target_device_id))
        if not peer.age_recipient:
            raise AppError(tr("Máy {device} chưa gửi khóa mã hóa của mình (gói của nó do phiên bản cũ tạo ra), nên "
                              "chưa ghi được phản hồi: phản hồi mang dữ liệu cá nhân và chỉ được gửi khi đã mã hóa. "
                              "Đề nghị đơn vị cập nhật Sổ Đối ngoại rồi gửi một gói mới.").format(
                device=target_device_id))
        st = s.get(SyncState, (prov.id, prov.epoch))
        last = st.last_bundle_seq if st else 0
        target_unit = peer.unit_code
        subtree = unit_subtree(s, target_unit)
        # records still in conflict with this device wait for a person's decision: not sent yet
        waiting = set(s.scalars(select(SyncConflict.record_id).where(
            SyncConflict.device_id == target_device_id, SyncConflict.status == "open")))
        items = changed_items(s, prov.id, None, 0, keep=lambda _entity, rid: rid not in waiting)
        manifest: dict[str, Any] = {
            "kind": "ack", "app_version": __version__, "device_id": prov.id, "unit_code": prov.unit_code,
            "epoch": prov.epoch, "bundle_seq": last + 1, "prev_bundle_seq": last,
            "applied_through_bundle_seq": prog.last_bundle_seq, "to_device_id": target_device_id,
            "to_epoch": prog.epoch, "to_unit_code": target_unit,
            "change_seq_from": items[0].seq if items else 0,
            "change_seq_to": max(last_change_seq(s, prov.id, prov.epoch), items[-1].seq if items else 0),
            "state_checksum": state.state_checksum(s, prov.id),
            "rule_settings": rule_settings(s),
        }
        writer = BundleWriter(out_dir, manifest, signing_key, recipient=peer.age_recipient, tmp_dir=tmp_dir)
        try:
            counts, attached = write_items(
                s, writer, items, attachments_dir, progress, full_base=True,
                row_filter=lambda entity, row: entity == "unit" or row.unit_code in subtree,
                own_versions_only=True, attachment_key=attachment_key)
            writer.manifest["counts"] = dict(sorted(counts.items()))
            for result in ack_results(s, target_device_id):
                writer.add_result(result)
            path = writer.close()
        except BaseException:
            writer.abort()
            raise
    record_sent(db, prov.id, prov.epoch, manifest, counts, path, True, to_device_id=target_device_id)
    return ExportResult(path, dict(counts), manifest["bundle_seq"], "ack", manifest["change_seq_from"],
                        manifest["change_seq_to"], True, attached, manifest["state_checksum"],
                        sum(counts.values()))


def rule_settings(s) -> list[dict[str, Any]]:
    """Every rule as the province has it: its edited parameters and source, or `default` when not edited.

    Rule settings are not synced records (no UUID, no versions), so they travel in the signed ack
    manifest (`rule_settings`, an extension of SYNC.md's manifest) and the unit mirrors them.
    """
    from desktop.domain.rule_config import DEFAULT_RULES
    from desktop.models import RuleSetting

    edited = {r.code: r for r in s.scalars(select(RuleSetting))}
    out = []
    for code in DEFAULT_RULES:
        row = edited.get(code)
        if row is None:
            out.append({"code": code, "default": True})
        else:
            out.append({"code": code, "enabled": bool(row.enabled), "params": dict(row.params or {}),
                        "source": row.source})
    return out


def ack_results(s, device_id: str) -> list[dict[str, Any]]:
    """results.jsonl lines: the device's conflicts, open or decided here."""
    out = []
    rows = s.scalars(select(SyncConflict).where(SyncConflict.device_id == device_id,
                                                SyncConflict.status.in_(("open", "resolved")))
                     .order_by(SyncConflict.id))
    for c in rows:
        if c.status == "open":
            out.append({"id": c.record_id, "entity": c.entity, "version": c.incoming_version,
                        "status": "conflict", "reason": c.reason})
        else:
            rejected = c.resolution == "province" and c.local_data is None
            out.append({"id": c.record_id, "entity": c.entity, "version": c.incoming_version,
                        "status": "rejected" if rejected else "applied",
                        "reason": RESOLUTION_TEXT.get(c.resolution or "", "") + (
                            f" ({c.reason})" if rejected and c.reason else "")})
    return out


def resolve_conflict(db, conflict_id: int, choice: str, data: dict | None, *, here: str,
                     officer: str = "") -> None:
    """Decide a conflict: keep the unit's version, the province's, or an edited one.

    `here` says which side this installation is ("province" or "unit"), so "unit" and
    "province" name the same versions on both sides. The result is a tracked edit
    numbered above both versions, which the next ack (or bundle) carries back.
    """
    if choice not in CHOICES:
        raise AppError(tr("Cách giải quyết “{choice}” không có; chọn unit, province hoặc edit.").format(choice=choice))
    with db.session() as s:
        c = s.get(SyncConflict, conflict_id)
        if c is None or c.status != "open":
            raise AppError(tr("Không có xung đột số {id} đang chờ giải quyết.").format(id=conflict_id))
        model = state.SYNCED_MODELS[c.entity]
        obj = s.get(model, c.record_id)
        keep_local = choice == here
        if choice == "edit":
            values, deleted = _checked_edit(c.entity, c.record_id, data), False
        elif keep_local:
            values, deleted = None, obj.deleted if obj is not None else True
        else:
            values = state.converter(c.entity).values(c.incoming_data or {})
            deleted = c.incoming_deleted
        if obj is None:
            if values is not None:
                _insert_resolved(s, model, c, values)
        else:
            obj.version = max(obj.version, c.incoming_version)  # the tracker adds one: newer than both
            if values is not None:
                for name in model.__sync_fields__:
                    setattr(obj, name, values.get(name))
            obj.deleted = deleted
            obj.updated_at = utcnow()  # always an edit, even when our version is kept as it is
        c.status, c.resolution = "resolved", choice
        c.resolved_at, c.resolved_by = utcnow(), officer


def _insert_resolved(s, model, c: SyncConflict, values: dict) -> None:
    """A record the import could not insert (its number was taken): insert it now, then touch it as an edit."""
    obj = model(id=c.record_id, unit_code=c.unit_code, version=c.incoming_version,
                base_version=c.incoming_base_version, origin_device=c.device_id, deleted=False,
                created_at=utcnow(), updated_at=utcnow())
    for name in model.__sync_fields__:
        setattr(obj, name, values.get(name))
    s.info["applying_bundle"] = True
    try:
        s.add(obj)
        s.flush()
    finally:
        s.info["applying_bundle"] = False
    obj.updated_at = utcnow()  # a tracked edit: logged, numbered incoming_version + 1


def _checked_edit(entity: str, record_id: str, data: dict | None) -> dict:
    from desktop.sync.schema import validate_change

    if not isinstance(data, dict):
        raise AppError(tr("Hãy nhập nội dung đã sửa của bản ghi."))
    line = {"change_seq": 1, "entity": entity, "id": record_id, "op": "upsert", "version": 1,
            "base_version": 0, "origin_device": state.NIL_UUID, "updated_at": "2000-01-01T00:00:00Z",
            "data": data}
    problems = validate_change(1, line)
    if problems:
        raise ValidationError([FieldProblem(p.field or "data", p.message) for p in problems])
    return state.converter(entity).values(data)
