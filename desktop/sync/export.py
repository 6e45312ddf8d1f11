"""Writing this device's bundles (SYNC.md "The file"): `changes` and `full`.

A `changes` bundle carries every record changed since the last bundle the
receiver acknowledged (never a `unit` record: the unit list is the province's) — cumulative, so sending it twice, or after a lost one,
is harmless. A `full` bundle carries every record this device ever created or
changed (its change log, every epoch): what the province asks for after a
checksum mismatch. Records the device only received (the seeded unit list,
the province's decisions) are not sent back.

Each record appears once, on the line of its latest change (`change_seq`),
with its current data; `base_version` is the version it had before the first
change in the bundle's range, i.e. the version the receiver last got from us.
Reading happens in one read transaction (a consistent snapshot, `Database.snapshot`),
in chunks: memory does not grow with the bundle, and saves made meanwhile wait for the
next bundle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import __version__
from desktop.models import ChangeLog, Device
from desktop.models.base import utcnow
from desktop.models.sync import SentBundle, SyncState
from desktop.storage import sealed
from desktop.sync import state
from desktop.sync.bundle import BundleWriter

Progress = Callable[[int, int], None]
EXPORT_CHUNK = 2000  # records read per query


@dataclass(frozen=True)
class ExportResult:
    """A bundle written: where, which number, how many records of each entity."""

    path: Path
    counts: dict[str, int]
    bundle_seq: int
    kind: str = "changes"
    change_seq_from: int = 0
    change_seq_to: int = 0
    encrypted: bool = False
    attachments: int = 0
    state_checksum: str = ""
    records: int = field(default=0)


@dataclass(frozen=True)
class Item:
    """One record to send: its latest change number and the version the receiver last had."""

    seq: int
    entity: str
    record_id: str
    base_version: int | None  # None: the record's own base_version
    own_version: int = 0  # the newest version this device itself made of the record
    author: str = ""  # who made the latest change (the change log's officer): the line's `author`


def sync_state(session: Session, device_id: str, epoch: int) -> SyncState:
    """This device's bundle counter for `epoch`, made on first use."""
    row = session.get(SyncState, (device_id, epoch))
    if row is None:
        row = SyncState(device_id=device_id, epoch=epoch, last_bundle_seq=0, acked_bundle_seq=0,
                        acked_change_seq=0)
        session.add(row)
        session.flush()
    return row


def changed_items(session: Session, device_id: str, epoch: int | None, after_seq: int,
                  keep: Callable[[str, str], bool] | None = None) -> list[Item]:
    """Records changed by `device_id` after `after_seq`, one per record, in latest-change order.

    `epoch=None` reads every epoch (full bundles). `keep(entity, record_id)` filters.
    """
    cl = ChangeLog
    stmt = (select(cl.entity, cl.record_id, func.max(cl.change_seq), func.min(cl.base_version), func.max(cl.version))
            .where(cl.device_id == device_id, cl.change_seq > after_seq)
            .group_by(cl.entity, cl.record_id))
    if epoch is not None:
        stmt = stmt.where(cl.epoch == epoch)
    items = [Item(seq, entity, rid, base, own) for entity, rid, seq, base, own in session.execute(stmt)
             if entity in state.SYNCED_MODELS and (keep is None or keep(entity, rid))]
    items.sort(key=lambda i: i.seq)
    return _with_authors(session, device_id, epoch, items)


def _with_authors(session: Session, device_id: str, epoch: int | None, items: list[Item]) -> list[Item]:
    """Each item's author: the officer of its latest change (read by change number, a chunk at a time)."""
    cl = ChangeLog
    by_seq: dict[tuple[int, str, str], str] = {}
    seqs = sorted({i.seq for i in items})
    for start in range(0, len(seqs), 500):
        chunk = seqs[start:start + 500]
        stmt = select(cl.change_seq, cl.entity, cl.record_id, cl.officer).where(
            cl.device_id == device_id, cl.change_seq.in_(chunk))
        if epoch is not None:
            stmt = stmt.where(cl.epoch == epoch)
        for seq, entity, rid, officer in session.execute(stmt):
            by_seq[(seq, entity, rid)] = officer or ""
    return [replace(i, author=by_seq.get((i.seq, i.entity, i.record_id), "")) for i in items]


def _not_a_unit(entity: str, _record_id: str) -> bool:
    return entity != "unit"


def last_change_seq(session: Session, device_id: str, epoch: int) -> int:
    """The newest change number this device wrote in `epoch` (0 when none)."""
    return session.scalar(select(func.max(ChangeLog.change_seq))
                          .where(ChangeLog.device_id == device_id, ChangeLog.epoch == epoch)) or 0


def write_items(session: Session, writer: BundleWriter, items: list[Item], attachments_dir: Path | None,
                progress: Progress | None = None, full_base: bool = False,
                row_filter: Callable[[str, Any], bool] | None = None,
                own_versions_only: bool = False, attachment_key: bytes | None = None) -> tuple[Counter, int]:
    """Add one change line per item (chunked reads); returns counts per entity and attachments added.

    `row_filter(entity, row)` leaves out records (an ack carries only the records of its unit).
    `own_versions_only` leaves out a record whose stored version was made by another device after this
    one's last change (an ack does not send a unit its own newer version back: the unit, having edited
    again since, would take its own old words for an edit made at the province).
    """
    counts: Counter[str] = Counter()
    attached: set[str] = set()
    total = len(items)
    done = 0
    for chunk in state.chunks(items, EXPORT_CHUNK):
        rows = _load(session, chunk)
        for item in chunk:
            row = rows.get((item.entity, item.record_id))
            if row is None or (row_filter is not None and not row_filter(item.entity, row)):
                continue  # filtered out, or a record gone (never happens: no hard deletes)
            if own_versions_only and row.version > item.own_version:
                continue  # its newest version came from elsewhere: nothing of ours to say about it
            line = change_line(item, row, full_base)
            writer.add_change(line)
            counts[item.entity] += 1
            for sha in (state.attachment_hashes(line["data"]) if state.has_lists(item.entity) else ()):
                if sha not in attached and attachments_dir is not None:
                    path = attachments_dir / sha
                    if len(sha) == 64 and path.is_file():
                        if attachment_key is not None:  # an encrypted register's files are sealed at rest
                            writer.add_attachment_bytes(sha, sealed.read(path, attachment_key, sealed.ATTACHMENTS))
                        else:
                            writer.add_attachment(sha, path)
                        attached.add(sha)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return counts, len(attached)


_META = ("id", "version", "base_version", "deleted", "origin_device", "updated_at", "unit_code")
_COLUMNS: dict[str, list] = {}


def _columns(entity: str) -> list:
    cols = _COLUMNS.get(entity)
    if cols is None:
        table = state.table_of(entity)
        names = list(_META) + [n for n in state.SYNCED_MODELS[entity].__sync_fields__ if n not in _META]
        cols = _COLUMNS[entity] = [table.c[n] for n in names]
    return cols


def _load(session: Session, chunk: list[Item]) -> dict[tuple[str, str], Any]:
    by_entity: dict[str, list[str]] = {}
    for item in chunk:
        by_entity.setdefault(item.entity, []).append(item.record_id)
    rows: dict[tuple[str, str], Any] = {}
    for entity, ids in by_entity.items():
        table = state.table_of(entity)
        for row in session.execute(select(*_columns(entity)).where(table.c.id.in_(ids))).all():
            rows[(entity, row.id)] = row
    return rows


def change_line(item: Item, row: Any, full_base: bool = False) -> dict[str, Any]:
    """The SYNC.md change line of one record."""
    model = state.SYNCED_MODELS[item.entity]
    base = row.base_version if (full_base or item.base_version is None) else item.base_version
    return {
        "change_seq": item.seq, "entity": item.entity, "id": row.id,
        "op": "delete" if row.deleted else "upsert", "version": row.version,
        "base_version": min(base, row.version - 1) if row.version > 0 else 0,
        "origin_device": origin_uuid(row.origin_device),
        "updated_at": state.to_json_value(row.updated_at), "data": state.row_data(model, row),
        **({"author": item.author[:200]} if item.author else {}),
    }


_ORIGINS: dict[str, str] = {}


def origin_uuid(origin: str) -> str:
    """The origin device as the format wants it (a UUID); the shipped unit list says "seed" → the nil UUID."""
    known = _ORIGINS.get(origin)
    if known is None:
        known = _ORIGINS[origin] = origin if state.UUID_RE.fullmatch(origin or "") else state.NIL_UUID
    return known


def export_bundle(db, device_id: str, signing_key, out_dir: Path, *, full: bool = False,
                  recipient: str | None = None, attachments_dir: Path | None = None,
                  progress: Progress | None = None, own_recipient: str | None = None,
                  tmp_dir: Path | None = None, attachment_key: bytes | None = None) -> ExportResult:
    """Write this device's next `changes` (or `full`) bundle into `out_dir` and record it as sent.

    Everything the bundle says — its records, its change range, its checksum — is read in ONE snapshot
    (`db.snapshot()`): records saved meanwhile go into the next bundle, never between the lines of this
    one (a manifest claiming a change it does not hold makes the province skip that change for good).
    `own_recipient` is this device's age recipient, which the province encrypts its acks to.
    """
    kind = "full" if full else "changes"
    with db.snapshot() as s:
        dev = s.get(Device, device_id)
        st = s.get(SyncState, (device_id, dev.epoch))
        last_seq = st.last_bundle_seq if st else 0
        acked_seq = st.acked_bundle_seq if st else 0
        since = 0 if full else (st.acked_change_seq if st else 0)
        # the unit list is the province's (SYNC.md step 3): a unit's bundle never carries unit records,
        # not even a commune added on this machine — the province adds it and sends it back in its acks
        items = changed_items(s, device_id, None if full else dev.epoch, since, keep=_not_a_unit)
        seq_to = last_change_seq(s, device_id, dev.epoch)
        checksum = state.state_checksum(s, device_id)
        bundle_seq = last_seq + 1
        manifest = {
            "kind": kind, "app_version": __version__, "device_id": device_id,
            "unit_code": dev.unit_code, "epoch": dev.epoch, "bundle_seq": bundle_seq,
            "prev_bundle_seq": last_seq,
            "change_seq_from": (items[0].seq if full and items else since + 1),
            "change_seq_to": max(seq_to, items[-1].seq if items else 0),
            "acked_bundle_seq": acked_seq, "state_checksum": checksum,
        }
        if own_recipient:
            manifest["age_recipient"] = own_recipient
        writer = BundleWriter(out_dir, manifest, signing_key, recipient, tmp_dir=tmp_dir)
        try:
            counts, attached = write_items(s, writer, items, attachments_dir, progress, full_base=full,
                                           attachment_key=attachment_key)
            writer.manifest["counts"] = dict(sorted(counts.items()))
            path = writer.close()
        except BaseException:
            writer.abort()
            raise
    record_sent(db, device_id, dev.epoch, manifest, counts, path, recipient is not None)
    return ExportResult(path, dict(counts), bundle_seq, kind, manifest["change_seq_from"],
                        manifest["change_seq_to"], recipient is not None, attached, checksum,
                        sum(counts.values()))


def record_sent(db, device_id: str, epoch: int, manifest: dict, counts: Counter, path: Path,
                encrypted: bool, to_device_id: str | None = None) -> None:
    """Note a bundle written (history) and move this device's bundle counter past it."""
    with db.session() as s:
        st = sync_state(s, device_id, epoch)
        st.last_bundle_seq = max(st.last_bundle_seq, manifest["bundle_seq"])
        s.add(SentBundle(
            device_id=device_id, epoch=epoch, bundle_seq=manifest["bundle_seq"], kind=manifest["kind"],
            created_at=utcnow(), change_seq_from=manifest.get("change_seq_from") or 0,
            change_seq_to=manifest.get("change_seq_to") or 0, counts=dict(sorted(counts.items())),
            file_name=path.name, out_dir=str(path.parent), to_device_id=to_device_id,
            state_checksum=manifest.get("state_checksum") or "", encrypted=encrypted,
            acked=False, applied_through_bundle_seq=manifest.get("applied_through_bundle_seq") or 0,
        ))

