"""Units as data: the Đắk Lắk seed, communes added by users, units retired."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select

from desktop.config import resources_dir
from desktop.domain import access
from desktop.domain.collation import sort_key
from desktop.domain.facts import Finding
from desktop.domain.rule_config import RuleConfig
from desktop.domain.text import nfc
from desktop.domain.unit_rules import UnitFacts, evaluate_units
from desktop.domain.validation import ENUMS
from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import _
from desktop.models import Person, Unit
from desktop.services.context import ServiceContext

SEED_NAMESPACE = uuid.UUID("6f1c4a52-3d1e-4b8e-9a57-0d5c2f7e1b11")
SEED_DEVICE = "seed"


@dataclass(frozen=True)
class UnitRow:
    """A unit as lists and pickers show it."""

    id: str
    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None

    def active_on(self, day: date) -> bool:
        """Whether the unit existed on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to)


def seed_id(code: str) -> str:
    """Seeded units get the same UUID on every machine, so bundles agree on them."""
    return str(uuid.uuid5(SEED_NAMESPACE, code))


class UnitService:
    """Reads and edits the unit list."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def seed(self) -> int:
        """Insert the shipped units that are missing; returns how many were added."""
        rows = json.loads((resources_dir() / "seed" / "units.json").read_text("utf-8"))["units"]
        added = 0
        with self.ctx.db.session() as s:
            s.info["applying_bundle"] = True  # the seed is the same everywhere: not a local change
            known = set(s.scalars(select(Unit.code)))
            for row in rows:
                if row["code"] not in known:
                    s.add(_seed_unit(row))
                    added += 1
        return added

    def list(self, include_retired: bool = True) -> list[UnitRow]:
        """Every unit, province first, then by name."""
        with self.ctx.db.read() as s:
            units = s.scalars(select(Unit).where(Unit.deleted.is_(False))).all()
            rows = [_row(u) for u in units]
        today = self.ctx.today()
        if not include_retired:
            rows = [r for r in rows if r.active_on(today)]
        order = {"province": 0, "district": 1, "commune": 2}
        return sorted(rows, key=lambda r: (order.get(r.level, 9), sort_key(r.name)))

    def get(self, code: str) -> UnitRow | None:
        """One unit by code."""
        with self.ctx.db.read() as s:
            unit = s.scalar(select(Unit).where(Unit.code == code))
            return _row(unit) if unit else None

    def add(self, code: str, name: str, level: str, parent_code: str | None,
            valid_from: date | None = None) -> UnitRow:
        """Add a unit (e.g. a commune formed on 01/7/2025) — at the province, which owns the list."""
        self.check_may_edit()
        code, name = (nfc(code) or "").upper(), nfc(name) or ""
        self._validate_new(code, name, level, parent_code)
        with self.ctx.db.session() as s:
            # the id follows from the code, as for the shipped units: two machines adding the same
            # commune agree on it, and the province's copy is the same record
            unit = Unit(id=seed_id(code), code=code, name=name, level=level, parent_code=parent_code,
                        valid_from=valid_from, unit_code=code)
            s.add(unit)
            s.flush()
            return _row(unit)

    def may_edit(self) -> bool:
        """Whether this installation may add or retire units: the province's, or one not set up yet."""
        from desktop.models import Device
        from desktop.services.province import (
            province_mode,  # a sibling service's rule, needed only here
        )

        with self.ctx.db.read() as s:
            set_up = s.scalar(select(Device.id).where(Device.is_local)) is not None
        return not set_up or province_mode(self.ctx)

    def check_may_edit(self) -> None:
        """The unit list is the province's (SYNC.md step 3: a unit's bundle carries no `unit` record);
        a unit's machine receives it with the province's acknowledgements and never edits it."""
        self.ctx.require(access.UNITS)
        if not self.may_edit():
            raise AppError(_("Danh sách đơn vị do Sở Ngoại vụ quản lý: máy của đơn vị không thêm hay "
                             "đổi đơn vị. Nếu thiếu xã, phường, hãy báo Sở; danh sách mới đến máy này "
                             "cùng gói xác nhận của Sở."))

    def _validate_new(self, code: str, name: str, level: str, parent: str | None) -> None:
        problems = []
        if not code:
            problems.append(FieldProblem("code", _("Hãy nhập mã đơn vị.")))
        elif self.get(code) is not None:
            problems.append(FieldProblem("code", _("Mã đơn vị {code} đã có.").format(code=code)))
        if not name:
            problems.append(FieldProblem("name", _("Hãy nhập tên đơn vị.")))
        if level not in ENUMS["unit_level"]:
            problems.append(FieldProblem("level", _("Cấp đơn vị không hợp lệ.")))
        if parent and self.get(parent) is None:
            problems.append(FieldProblem("parent_code", _("Không có đơn vị cấp trên mã {code}.").format(code=parent)))
        if problems:
            raise ValidationError(problems)

    def staffing_findings(self, config: RuleConfig, only: str | None = None) -> list[Finding]:
        """R15 over the district and commune units in service today, or over the unit `only`
        and the units under it that are in service (a district looks after its communes)."""
        today = self.ctx.today()
        officers = (select(func.count()).select_from(Person)
                    .where(Person.unit_code == Unit.code, Person.is_fa_officer.is_(True),
                           Person.deleted.is_(False)).scalar_subquery())
        stmt = select(Unit.id, Unit.code, Unit.name, officers).where(Unit.deleted.is_(False))
        in_service = and_(or_(Unit.valid_to.is_(None), Unit.valid_to >= today),
                          or_(Unit.valid_from.is_(None), Unit.valid_from <= today))
        if only:  # the unit this device serves, whatever its dates, and the units under it
            stmt = stmt.where(or_(Unit.code == only, and_(Unit.parent_code == only, in_service)))
        else:
            stmt = stmt.where(Unit.level != "province", in_service)
        with self.ctx.db.read() as s:
            facts = [UnitFacts(*row) for row in s.execute(stmt.order_by(Unit.code))]
        return evaluate_units(facts, config)

    def retire(self, code: str, valid_to: date) -> UnitRow:
        """Close a unit on `valid_to`; its records keep pointing at it (at the province)."""
        self.check_may_edit()
        with self.ctx.db.session() as s:
            unit = s.scalar(select(Unit).where(Unit.code == code))
            if unit is None:
                raise ValidationError([FieldProblem("code", _("Không có đơn vị mã {code}.").format(code=code))])
            if unit.valid_from and valid_to < unit.valid_from:
                raise ValidationError([FieldProblem("valid_to", _("Ngày kết thúc trước ngày bắt đầu hiệu lực."))])
            unit.valid_to = valid_to
            s.flush()
            return _row(unit)


def _seed_unit(row: dict) -> Unit:
    return Unit(
        id=seed_id(row["code"]), code=row["code"], name=row["name"], level=row["level"],
        parent_code=row["parent_code"], unit_code=row["code"], version=1, base_version=0,
        origin_device=SEED_DEVICE,
        valid_from=date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
        valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
    )


def _row(u: Unit) -> UnitRow:
    return UnitRow(u.id, u.code, u.name, u.level, u.parent_code, u.valid_from, u.valid_to)
