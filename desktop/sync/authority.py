"""SYNC.md import step 3, "Authority": what the device that signed a bundle may write in this store.

At the province a unit device is trusted for one unit (`keys trust --unit`, the Tin cậy dialog);
the manifest's `unit_code` must be that unit, and its bundles may carry records of that unit and of
the units under it in the unit tree — nothing else:

- no `unit` records (the unit list is the province's) and no rule settings;
- every record's unit inside the subtree: its `unit_code` for a record that names one (a person),
  its owner's for a child (a member's delegation, a follow-up's activity), and — for a record this
  store already holds — the unit it is stored under, so no other unit's record is overwritten or
  deleted;
- a new record comes from the device that sends it (`origin_device` is the sender), and a known
  record keeps the origin it has here: nobody writes records in another device's name (its state
  checksum would then be wrong);
- a record only the province makes (an inspection, a reminder: `__province_only__`) is never new in
  a unit's bundle;
- a record the province made (this store's own device, or the shipped unit list) stays the
  province's: a unit may change only its answer fields (`__answer_fields__`, e.g. a reminder's
  `done_on` and `result`), only on a record of its subtree, and never delete it;
- a record first received from another device (another PC of the unit, an officer moved in from
  another unit) is never overwritten: the apply step makes any change to it a conflict for a person
  to decide (SYNC.md step 3 and 5).

At a unit, an ack signed by the province may carry the unit list and records of the unit's
subtree. Every breach is a `Problem` naming the line, the record and the unit; one refuses the
whole bundle before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.messages import tr
from desktop.sync import state
from desktop.sync.errors import Problem

SEED_ORIGIN = "seed"  # the shipped unit list (desktop.services.units)
MAX_BREACHES = 1000


@dataclass(frozen=True)
class Sender:
    """The device that signed a bundle, as this store trusts it."""

    device_id: str
    unit_code: str             # the unit the device is trusted for (at a unit: this machine's unit)
    subtree: frozenset[str]    # that unit and every unit under it
    from_province: bool        # an ack from the province, read at a unit


def unit_subtree(session: Session, code: str) -> frozenset[str]:
    """`code` and every unit under it (retired units included: their records stay theirs); empty when
    the unit is not in the unit list."""
    from desktop.domain.unit_rules import subtree
    from desktop.models import Unit

    return subtree(session.execute(select(Unit.code, Unit.parent_code).where(Unit.deleted.is_(False))), code)


@dataclass(slots=True)
class _Line:
    """What the checks keep of one record's line (a bundle may hold 100,000: kept small). `origin` is None
    when it is the sender (nearly always); the data itself only where answer fields are compared."""

    line: int
    entity: str
    origin: str | None
    owner: str | None
    named_unit: str | None
    data: dict[str, Any] | None
    delete: bool = False  # a tombstone: a unit may answer a province record, never delete it


class Authority:
    """Collects a bundle's lines during the step-3 pass, then judges them against what is stored."""

    def __init__(self, sender: Sender, manifest: dict, own_devices: Iterable[str],
                 known_units: Iterable[str] = ()):
        self.sender = sender
        self.subtree = set(sender.subtree)  # at a unit, grown by the communes an ack brings
        self.known_units = frozenset(known_units) | sender.subtree
        self._carried_units: dict[str, str | None] = {}  # code → parent, of the unit records an ack carries
        self._named: list[tuple[int, str, str, str]] = []  # an ack's (line, id, entity, unit), judged at the end
        self.manifest = manifest
        self.own_devices = frozenset(own_devices) | {SEED_ORIGIN}
        self._sender_id = sender.device_id.lower()
        self.lines: dict[str, _Line] = {}  # record id → its (latest) line
        self._earlier_owners: list[tuple[int, str, str, str]] = []  # (line, id, entity, owner) a later line replaced
        self.problems: list[Problem] = []
        self.stored: dict[tuple[str, str], tuple[str, str]] = {}  # (entity, id) → (unit, origin)
        self._units: dict[tuple[str, str], str | None] = {}

    # --- the pass over the lines -----------------------------------------------------------------

    def check_manifest(self) -> list[Problem]:
        """Rule settings travel only in the province's acks."""
        if not self.sender.from_province and "rule_settings" in self.manifest:
            return [Problem(0, None, "rule_setting", "rule_settings", tr(
                "gói của đơn vị không được mang thiết lập quy tắc (chỉ tỉnh đặt quy tắc)"))]
        return []

    def check_line(self, line: int, change: dict) -> None:
        """The checks one valid change line allows on its own; the rest wait for `check_store`."""
        entity, rid = change["entity"], change["id"]
        data = change.get("data") or {}
        if entity == "unit":
            if not self.sender.from_province:
                self._breach(line, rid, entity, None, tr(
                    "danh sách đơn vị do tỉnh quản lý; gói của đơn vị không được thêm, sửa hay xóa đơn vị"))
            elif isinstance(data.get("code"), str):
                self._carried_units[data["code"]] = data.get("parent_code")
            return
        named = data.get("unit_code") if state.names_its_unit(entity) else None
        named = named if isinstance(named, str) else None
        if named is not None and self.sender.from_province:
            self._named.append((line, rid, entity, named))  # the ack may bring that commune later on
        elif named is not None and named not in self.subtree:
            self._breach(line, rid, entity, "unit_code", self._outside(named))
        origin = str(change["origin_device"]).lower()
        origin = None if origin == self._sender_id else origin
        earlier = self.lines.get(rid)
        if earlier is not None and earlier.entity != entity:
            self._breach(line, rid, entity, "id", tr("mã này đã dùng cho một bản ghi {other} ở dòng {line}").format(
                other=earlier.entity, line=earlier.line))
            return
        owner = state.owner_of(entity)
        owner_id = data.get(owner[0]) if owner and isinstance(data.get(owner[0]), str) else None
        if earlier is not None and earlier.owner is not None and earlier.owner != owner_id:
            self._earlier_owners.append((earlier.line, rid, entity, earlier.owner))  # every line is judged
        answerable = bool(state.SYNCED_MODELS[entity].__answer_fields__)
        self.lines[rid] = _Line(
            line, entity, origin if origin is not None or earlier is None else earlier.origin, owner_id, named,
            data if answerable else None, change.get("op") == "delete" or data.get("deleted") is True)

    # --- against the store -----------------------------------------------------------------------

    def check_store(self, session: Session) -> list[Problem]:
        """Stored units and origins of the records sent, and the units of their owners; every breach."""
        self._grow_subtree()
        for line, rid, entity, unit in self._named:
            if unit not in self.subtree:
                self._breach(line, rid, entity, "unit_code", self._outside(unit))
        self._load_stored(session, ((seen.entity, rid) for rid, seen in self.lines.items()))
        answers: list[tuple[str, str]] = []
        for rid, seen in self.lines.items():
            if not self.sender.from_province and self._check_origin((seen.entity, rid), seen):
                answers.append((seen.entity, rid))
        self._check_answers(session, answers)
        self._load_owners(session)
        for rid, seen in self.lines.items():
            if seen.named_unit is not None:
                continue  # judged by the unit it names
            owner = state.owner_of(seen.entity)
            if owner is not None and seen.owner is not None:
                # a child goes where its owner is, new or stored: no moving one under another unit's record
                self._check_owner(seen.line, rid, seen.entity, owner[1], seen.owner)
            elif (seen.entity, rid) not in self.stored:
                unit = self.unit_of(seen.entity, rid)  # a new record of its own: the sender's unit
                if unit is not None and unit not in self.subtree:
                    self._breach(seen.line, rid, seen.entity, None, self._outside(unit))
        for line, rid, entity, owner_id in self._earlier_owners:
            self._check_owner(line, rid, entity, state.owner_of(entity)[1], owner_id)
        self.problems.sort(key=lambda p: p.line)
        return self.problems

    def _check_owner(self, line: int, rid: str, entity: str, owner_entity: str, owner_id: str) -> None:
        unit = self.unit_of(owner_entity, owner_id)
        if unit is not None and unit not in self.subtree:
            field = state.owner_of(entity)[0]
            self._breach(line, rid, entity, field, self._outside(unit))

    def _grow_subtree(self) -> None:
        """At a unit: the communes an ack brings under the unit belong to its subtree from now on."""
        grown = True
        while grown:
            grown = False
            for code, parent in self._carried_units.items():
                if code not in self.subtree and parent in self.subtree:
                    self.subtree.add(code)
                    grown = True
        self.known_units = self.known_units | set(self._carried_units)

    def _check_origin(self, key: tuple[str, str], seen: _Line) -> bool:
        """The origin rules for one record; True when it is the province's and its answer fields must be compared."""
        entity, rid = key
        sender = self._sender_id
        claimed = seen.origin or sender
        row = self.stored.get(key)
        if row is None:
            if state.SYNCED_MODELS[entity].__province_only__:
                self._breach(seen.line, rid, entity, None, tr(
                    "chỉ tỉnh lập bản ghi loại này (thanh tra, kiểm tra, đôn đốc); gói của đơn vị không được thêm"))
            elif claimed != sender:
                self._breach(seen.line, rid, entity, "origin_device", tr(
                    "bản ghi mới phải do chính máy gửi tạo ra, nhưng dòng ghi là của máy {device}").format(
                        device=claimed[:8]))
            return False
        unit, origin = row
        if unit not in self.subtree:
            self._breach(seen.line, rid, entity, None, self._outside(unit, stored=True))
            return False
        if _as_sent(origin) != claimed:
            self._breach(seen.line, rid, entity, "origin_device", tr(
                "bản ghi này do máy {stored} tạo ra, dòng lại ghi là của máy {claimed}").format(
                    stored=_as_sent(origin)[:8], claimed=claimed[:8]))
            return False
        if origin in self.own_devices:
            if state.SYNCED_MODELS[entity].__answer_fields__ and not seen.delete:
                return True
            self._breach(seen.line, rid, entity, None, tr(
                "bản ghi do tỉnh tạo ra; đơn vị không được sửa hay xóa"))
        # its own; or first received from another device (another PC of the unit, or an officer moved in
        # from another unit): never overwritten — the apply step makes any change a conflict (SYNC.md)
        return False

    def _check_answers(self, session: Session, keys: list[tuple[str, str]]) -> None:
        """A province record a unit answers: only its answer fields may differ from what is stored."""
        by_entity: dict[str, list[str]] = defaultdict(list)
        for entity, rid in keys:
            by_entity[entity].append(rid)
        for entity, ids in by_entity.items():
            model = state.SYNCED_MODELS[entity]
            table = model.__table__
            conv = state.converter(entity)
            for part in state.chunks(ids):
                for row in session.execute(select(table).where(table.c.id.in_(part))):
                    seen = self.lines[row.id]
                    stored = state.row_data(model, row)
                    sent = conv.content(seen.data or {})
                    changed = [name for name in model.__sync_fields__
                               if name not in model.__answer_fields__ and sent[name] != stored[name]]
                    for name in changed:
                        self._breach(seen.line, row.id, entity, name, tr(
                            "bản ghi do tỉnh gửi; đơn vị chỉ được trả lời ở các trường {fields}").format(
                                fields=", ".join(model.__answer_fields__)))

    def _load_stored(self, session: Session, keys: Iterable[tuple[str, str]]) -> None:
        """(unit, origin) of every record of `keys` this store holds."""
        by_entity: dict[str, list[str]] = defaultdict(list)
        for entity, rid in keys:
            if (entity, rid) not in self.stored:
                by_entity[entity].append(rid)
        for entity, ids in by_entity.items():
            table = state.table_of(entity)
            for part in state.chunks(ids):
                for rid, unit, origin in session.execute(
                        select(table.c.id, table.c.unit_code, table.c.origin_device).where(table.c.id.in_(part))):
                    self.stored[(entity, rid)] = (unit, origin or "")

    def _load_owners(self, session: Session) -> None:
        wanted = set()
        children = [(seen.entity, seen.owner) for seen in self.lines.values()]
        children += [(entity, owner_id) for _line, _rid, entity, owner_id in self._earlier_owners]
        for entity, owner_id in children:
            owner = state.owner_of(entity)
            if owner is not None and owner_id is not None and self._line(owner[1], owner_id) is None:
                wanted.add((owner[1], owner_id))
        self._load_stored(session, wanted)

    def _line(self, entity: str, rid: str) -> _Line | None:
        seen = self.lines.get(rid)
        return seen if seen is not None and seen.entity == entity else None

    # --- the unit a record belongs to ------------------------------------------------------------

    def unit_of(self, entity: str, rid: str) -> str | None:
        """The unit a record of the bundle belongs to once applied: the one it names, else its owner's,
        else where it is stored, else the sender's unit (a new record of its own). None for a unit
        record, or a child whose owner is nowhere (the reference check refuses it)."""
        key = (entity, rid)
        if key in self._units:
            return self._units[key]
        self._units[key] = None  # a cycle of owners (a hostile bundle) ends here
        seen = self._line(entity, rid)
        unit: str | None = None
        if seen is None:
            stored = self.stored.get(key)
            unit = stored[0] if stored else None
        elif seen.named_unit is not None:
            unit = seen.named_unit
        elif key in self.stored:
            unit = self.stored[key][0]
        else:
            owner = state.owner_of(entity)
            if owner is None:
                unit = self._default_unit()
            elif seen.owner is not None:
                unit = self.unit_of(owner[1], seen.owner)
        self._units[key] = unit
        return unit

    def _default_unit(self) -> str:
        if self.sender.from_province:
            return str(self.manifest.get("to_unit_code") or self.sender.unit_code)
        return self.sender.unit_code

    # --- messages --------------------------------------------------------------------------------

    def _outside(self, unit: str, stored: bool = False) -> str:
        if unit not in self.known_units:
            return tr("bản ghi thuộc đơn vị {unit}, đơn vị chưa có trong danh sách đơn vị của tỉnh: đề nghị tỉnh "
                      "thêm đơn vị này (mã, tên, đơn vị cấp trên {own}) rồi nhập lại gói").format(
                unit=unit, own=self.sender.unit_code)
        where = tr("bản ghi đang thuộc đơn vị {unit}") if stored else tr("bản ghi thuộc đơn vị {unit}")
        return tr("{where}, ngoài đơn vị {own} và các đơn vị trực thuộc").format(
            where=where.format(unit=unit), own=self.sender.unit_code)

    def _breach(self, line: int, rid: str, entity: str, field: str | None, message: str) -> None:
        if len(self.problems) < MAX_BREACHES:  # enough to say what is wrong; a hostile bundle gets no more
            self.problems.append(Problem(line, rid, entity, field, message))


def _as_sent(origin: str) -> str:
    """A stored origin as a change line carries it (the shipped unit list's "seed" as the nil UUID)."""
    return (origin if state.UUID_RE.fullmatch(origin or "") else state.NIL_UUID).lower()


__all__ = ["Authority", "Sender", "unit_subtree", "SEED_ORIGIN"]
