"""The audit trail: entries written in the caller's transaction, each chained to the one before.

An entry's `hash` is SHA-256 over the previous entry's hash and the entry's own content (canonical
JSON), and the head row keeps the last number and hash. So an entry edited, removed or moved breaks the
chain at that entry, and an entry cut off the end no longer matches the head: `verify` names the first
entry that does not hold. Writers take the head row's lock first (an UPDATE), so the entries of several
staff PCs sharing the province's PostgreSQL store are numbered in one order.

Record changes are audited by the tracker's flush hook (storage/tracking.py) through `record_changes`,
with each field's old and new value; everything else (logins, refusals, exports …) through `append`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session

from desktop.models import AuditEntry, AuditHead, Synced
from desktop.models.base import utcnow

GENESIS = "0" * 64
HEAD_ID = 1


@dataclass(frozen=True)
class Actor:
    """Who an entry names: the account's user name and full name ("" for the program itself)."""

    user_name: str = ""
    full_name: str = ""


@dataclass(frozen=True)
class Event:
    """An entry before it is numbered and chained."""

    kind: str
    entity: str = ""
    record_id: str = ""
    details: dict | None = None
    author: str = ""


def plain(value: Any) -> Any:
    """A field's value as the trail stores it: JSON values, dates and instants as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def content(seq: int, at: datetime, actor: Actor, event: Event) -> dict[str, Any]:
    """What an entry's hash covers (everything but the hashes themselves)."""
    return {"seq": seq, "at": at.isoformat(), "user_name": actor.user_name, "full_name": actor.full_name,
            "kind": event.kind, "entity": event.entity, "record_id": event.record_id,
            "details": plain(event.details or {}), "author": event.author}


def entry_hash(prev_hash: str, body: dict[str, Any]) -> str:
    """SHA-256 (hex) of the previous hash and the entry's canonical JSON."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + text).encode("utf-8")).hexdigest()


def append(session: Session, actor: Actor, events: list[Event], at: datetime | None = None) -> None:
    """Number, chain and add `events` in `session`'s transaction (the head's lock is held to its end)."""
    if not events:
        return
    at = at or utcnow()
    # the UPDATE takes the lock before anything is read: two writers cannot take the same numbers
    last = session.execute(update(AuditHead).where(AuditHead.id == HEAD_ID)
                           .values(seq=AuditHead.seq + len(events))
                           .returning(AuditHead.seq, AuditHead.hash)).one()
    seq, prev = last.seq - len(events), last.hash
    rows = []
    for event in events:
        seq += 1
        body = content(seq, at, actor, event)
        digest = entry_hash(prev, body)
        rows.append({**body, "at": at, "prev_hash": prev, "hash": digest})
        prev = digest
    session.execute(AuditEntry.__table__.insert(), rows)
    session.execute(update(AuditHead).where(AuditHead.id == HEAD_ID).values(hash=prev))


# --- record changes, with each field's old and new value -------------------------------------------


def change_event(obj: Synced, is_new: bool) -> Event | None:
    """The entry for a record about to be flushed: created, changed (field by field), deleted or
    restored; None when no field of its `data` changed (only bookkeeping)."""
    state = inspect(obj)
    fields: dict[str, list[Any]] = {}
    for name in obj.__sync_fields__:
        history = state.attrs[name].history
        if is_new:
            value = getattr(obj, name)
            if value not in (None, "", [], {}):
                fields[name] = [None, plain(value)]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else getattr(obj, name)
            if plain(old) != plain(new):
                fields[name] = [plain(old), plain(new)]
    deleted = state.attrs["deleted"].history
    if is_new:
        kind = "create"
    elif deleted.has_changes() and bool(deleted.added and deleted.added[0]) != bool(deleted.deleted and deleted.deleted[0]):
        kind = "delete" if obj.deleted else "restore"
    elif fields:
        kind = "change"
    else:
        return None
    return Event(kind, obj.__entity__, obj.id, {"fields": fields} if fields else {})


def record_changes(session: Session, actor: Actor, objects: Iterable[tuple[Synced, bool]]) -> None:
    """Audit every (record, is_new) of a flush in its transaction."""
    events = [e for obj, is_new in objects if (e := change_event(obj, is_new)) is not None]
    append(session, actor, events)


# --- reading and checking -------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """Where the chain does not hold: the first entry that fails, and how."""

    seq: int
    reason: str  # "edited" | "missing" | "order" | "head"


def entries(session: Session, batch: int = 2000) -> Iterator[AuditEntry]:
    """Every entry in number order, read in batches (a province's trail is long)."""
    after = 0
    while True:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.seq > after)
                               .order_by(AuditEntry.seq).limit(batch)).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def verify(session: Session) -> tuple[int, Broken | None]:
    """(entries checked, the first break or None): each entry's hash recomputed from its content and
    the hash before it; the numbers gap-free from 1; the head matching the last entry."""
    prev, expected, count = GENESIS, 1, 0
    for row in entries(session):
        if row.seq != expected:
            return count, Broken(expected, "missing")
        actor = Actor(row.user_name, row.full_name)
        event = Event(row.kind, row.entity, row.record_id, row.details, row.author)
        if row.prev_hash != prev:
            return count, Broken(row.seq, "order")
        if entry_hash(prev, content(row.seq, row.at, actor, event)) != row.hash:
            return count, Broken(row.seq, "edited")
        prev, expected, count = row.hash, expected + 1, count + 1
    head = session.get(AuditHead, HEAD_ID)
    if head is None or head.seq != count or head.hash != prev:
        return count, Broken(count + 1 if head is None or head.seq > count else count, "head")
    return count, None
