"""Change tracking: versions, tombstones and the change log, in the same transaction.

A `before_flush` hook does it for every synced record, so no service can
forget: a new record gets version 1, an edited one `version + 1` with the
version it was edited from as `base_version`, and each gets a change-log row
numbered gap-free per device, and an audit entry with each field's old and new value (storage/audit.py).
Records applied from a bundle bypass it
(`session.info["applying_bundle"]`): they keep the sender's versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session

from desktop.domain.collation import stored_sort_key
from desktop.domain.text import fold
from desktop.errors import AppError
from desktop.i18n import _
from desktop.models import ChangeLog, Device, Synced
from desktop.models.base import new_id, sort_columns, utcnow
from desktop.storage import audit


@dataclass(frozen=True)
class Tracker:
    """Who is changing things: this device and the officer at the keyboard (the account's full name,
    or on a register without accounts the name typed in Cài đặt).

    `read_only_origins`: devices whose records this one may change only in their answer fields (at a
    unit, the province's: what it sends in its acks stays the province's)."""

    device_id: str
    epoch: int
    officer: str
    read_only_origins: frozenset[str] = frozenset()
    user_name: str = ""  # the account logged in ("" on a register without accounts)


class ReadOnlyRecord(AppError):
    """An edit of a record that belongs to the province, outside its answer fields."""


def attach(session: Session, tracker: Tracker | None) -> None:
    """Make `session` record its changes as `tracker`'s."""
    session.info["tracker"] = tracker


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise RuntimeError("synced records are never hard-deleted; set deleted=True")
    new = [o for o in session.new if isinstance(o, Synced)]
    new_ids = {id(o) for o in new}  # session.new builds a fresh set on every access: ask once
    changed = new + [o for o in session.dirty if isinstance(o, Synced) and session.is_modified(o)]
    for obj in changed:
        _refresh_search_key(obj)
        _refresh_sort_keys(obj)
    if session.info.get("applying_bundle") or not changed:
        return
    tracker: Tracker | None = session.info.get("tracker")
    if tracker is None:
        raise RuntimeError("a synced record changed in a session without a tracker")
    for obj in changed:
        if tracker.read_only_origins and obj.origin_device in tracker.read_only_origins and id(obj) not in new_ids:
            _check_answer_only(obj)
    first_seq = _reserve_seqs(session, tracker, len(changed))
    now = utcnow()
    for offset, obj in enumerate(changed):
        _stamp(obj, tracker, now, is_new=id(obj) in new_ids)
        session.add(_log_row(obj, tracker, first_seq + offset, now))
    audit.record_changes(session, audit.Actor(tracker.user_name, tracker.officer),
                         ((obj, id(obj) in new_ids) for obj in changed))


def _check_answer_only(obj: Synced) -> None:
    """A record of the province changed here: only in the fields the unit answers in."""
    state = inspect(obj)
    allowed = set(obj.__answer_fields__)
    changed = [name for name in (*obj.__sync_fields__, "deleted")
               if name not in allowed and state.attrs[name].history.has_changes()]
    if changed:
        raise ReadOnlyRecord(_(
            "Bản ghi này do tỉnh tạo ra và gửi về, nên chỉ tỉnh sửa hay xóa được{answer}. Nếu cần sửa, hãy đề "
            "nghị Sở Ngoại vụ sửa rồi gửi lại trong gói phản hồi.").format(
                answer=_(" (đơn vị chỉ ghi kết quả: {fields})").format(fields=", ".join(obj.__answer_fields__))
                if obj.__answer_fields__ else ""))


def _refresh_search_key(obj: Synced) -> None:
    if hasattr(obj, "search_key"):
        obj.search_key = fold(obj.search_text())


def _refresh_sort_keys(obj: Synced) -> None:
    for column, fields in sort_columns(type(obj)).items():
        setattr(obj, column, stored_sort_key(*(getattr(obj, f) for f in fields)))


def _reserve_seqs(session: Session, tracker: Tracker, count: int) -> int:
    # an UPDATE … RETURNING takes the write lock at once: two writers cannot share a number
    stmt = (
        update(Device)
        .where(Device.id == tracker.device_id)
        .values(next_change_seq=Device.next_change_seq + count)
        .returning(Device.next_change_seq)
    )
    after = session.execute(stmt).scalar_one()
    return after - count


def _stamp(obj: Synced, tracker: Tracker, now: Any, is_new: bool) -> None:
    if is_new:
        obj.id = obj.id or new_id()
        obj.version, obj.base_version = 1, 0
        obj.created_at = obj.created_at or now
        obj.origin_device = obj.origin_device or tracker.device_id
        obj.deleted = bool(obj.deleted)
    else:
        obj.base_version, obj.version = obj.version, obj.version + 1
    obj.updated_at = now


def _log_row(obj: Synced, tracker: Tracker, seq: int, now: Any) -> ChangeLog:
    return ChangeLog(
        device_id=tracker.device_id, epoch=tracker.epoch, change_seq=seq,
        entity=obj.__entity__, record_id=obj.id, op="delete" if obj.deleted else "upsert",
        version=obj.version, base_version=obj.base_version, changed_at=now,
        officer=tracker.officer,
    )
