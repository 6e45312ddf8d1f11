"""Kinh phí đối ngoại: a unit's budget of a year, its additions, and what the year's activities cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.budget_rules import validate_actual_cost, validate_addition, validate_budget
from desktop.errors import AppError
from desktop.i18n import _
from desktop.models import (
    ActualCost,
    BudgetAddition,
    Conference,
    Delegation,
    FaBudget,
    PromotionActivity,
)
from desktop.services.common import clean, load, raise_if
from desktop.services.context import ServiceContext
from desktop.services.dashboard import own_unit
from desktop.sync.records import apply_data, to_data

NOT_SPENT = ("cancelled", "rejected")  # a trip or a conference that did not happen spent nothing


@dataclass(frozen=True)
class AdditionDetail:
    """An addition as its table shows it."""

    id: str
    version: int
    data: dict[str, Any]


@dataclass(frozen=True)
class SpendLine:
    """One activity of the year: its estimate, and what it actually cost (None: not recorded yet)."""

    entity: str
    id: str
    title: str
    start_date: date
    estimate_vnd: int | None
    actual_vnd: int | None
    editable: bool  # delegations and conferences take their actual cost here; a promotion in its editor


@dataclass(frozen=True)
class YearBudget:
    """Everything the Kinh phí window shows for a unit and a year."""

    unit_code: str
    year: int
    data: dict[str, Any]  # the budget record's data (allocated 0 and no decision when none is stored yet)
    version: int | None
    additions: list[AdditionDetail]
    lines: list[SpendLine]

    @property
    def allocated_vnd(self) -> int:
        """The estimate allocated plus every addition."""
        return int(self.data.get("allocated_vnd") or 0) + self.additions_vnd

    @property
    def additions_vnd(self) -> int:
        return sum(int(a.data.get("amount_vnd") or 0) for a in self.additions)

    @property
    def spent_vnd(self) -> int:
        return sum(line.actual_vnd or 0 for line in self.lines)


class BudgetService:
    """The Kinh phí đối ngoại register of a unit."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _unit(self, unit_code: str | None) -> str:
        unit = unit_code or own_unit(self.ctx) or self.ctx.local_unit()
        if not unit:
            raise AppError(_("Máy chưa được thiết lập cho một đơn vị."))
        return unit

    def year(self, year: int, unit_code: str | None = None) -> YearBudget:
        """The budget of `year` of the unit (this device's by default), with the year's activities."""
        unit = self._unit(unit_code)
        with self.ctx.db.read() as s:
            b = _find_budget(s, unit, year)
            live = b is not None and not b.deleted
            data = to_data(b) if live else {"unit_code": unit, "year": year, "allocated_vnd": 0}
            additions = [] if not live else [AdditionDetail(a.id, a.version, to_data(a)) for a in s.scalars(
                select(BudgetAddition).where(BudgetAddition.budget_id == b.id, BudgetAddition.deleted.is_(False))
                .order_by(BudgetAddition.decided_on, BudgetAddition.id))]
            return YearBudget(unit, year, data, b.version if live else None, additions, _lines(s, unit, year))

    def save(self, year: int, data: dict[str, Any], unit_code: str | None = None) -> YearBudget:
        """Store the year's allocated estimate (made on first save)."""
        unit = self._unit(unit_code)
        data = clean({**data, "unit_code": unit, "year": year})
        raise_if(validate_budget(data))
        with self.ctx.db.session() as s:
            b = _budget(s, unit, year)
            apply_data(b, {**data, "allocated_vnd": data.get("allocated_vnd") or 0})
            s.add(b)
        return self.year(year, unit)

    def save_addition(self, year: int, data: dict[str, Any], record_id: str | None = None,
                      unit_code: str | None = None) -> AdditionDetail:
        """Add or change an addition of the year's budget (the budget is made if it is not there yet)."""
        unit = self._unit(unit_code)
        data = clean(data)
        raise_if(validate_addition(data, year))
        with self.ctx.db.session() as s:
            b = _budget(s, unit, year)
            s.add(b)
            s.flush()
            a = BudgetAddition(unit_code=unit) if record_id is None else load(s, BudgetAddition, record_id,
                                                                               _("khoản bổ sung"))
            if a.budget_id not in (None, b.id):
                raise AppError(_("Khoản bổ sung này thuộc kinh phí của năm khác hoặc đơn vị khác."))
            apply_data(a, {**data, "budget_id": b.id})
            s.add(a)
            s.flush()
            return AdditionDetail(a.id, a.version, to_data(a))

    def delete_addition(self, record_id: str, deleted: bool = True) -> None:
        """Tombstone (or restore) one addition."""
        with self.ctx.db.session() as s:
            a = s.get(BudgetAddition, record_id)
            if a is None:
                load(s, BudgetAddition, record_id, _("khoản bổ sung"))
            a.deleted = deleted

    def set_actual_cost(self, entity: str, record_id: str, amount_vnd: int | None) -> None:
        """Record what a delegation or a conference actually cost; None removes what was recorded."""
        if entity not in ("delegation", "conference"):
            raise AppError(_("Kinh phí thực chi của hoạt động xúc tiến ghi ở trang Xúc tiến (trường Kinh phí)."))
        key = "delegation_id" if entity == "delegation" else "conference_id"
        with self.ctx.db.session() as s:
            owner = load(s, Delegation if entity == "delegation" else Conference, record_id, _("hoạt động"))
            cost = s.scalar(select(ActualCost).where(getattr(ActualCost, key) == record_id))
            if amount_vnd is None:
                if cost is not None and not cost.deleted:
                    cost.deleted = True
                return
            data = {"unit_code": owner.unit_code, key: record_id, "amount_vnd": amount_vnd}
            raise_if(validate_actual_cost(data))
            if cost is None:
                cost = ActualCost()
            cost.deleted = False
            apply_data(cost, data)
            s.add(cost)


    def locate(self, entity: str, record_id: str) -> tuple[str, int]:
        """(unit, year) of a budget, an addition or an actual cost (what a search hit opens)."""
        with self.ctx.db.read() as s:
            if entity == "budget_addition":
                record_id = load(s, BudgetAddition, record_id, _("khoản bổ sung")).budget_id
            if entity == "actual_cost":
                cost = load(s, ActualCost, record_id, _("kinh phí thực chi"))
                owner = (s.get(Delegation, cost.delegation_id) if cost.delegation_id
                         else s.get(Conference, cost.conference_id))
                return cost.unit_code, owner.start_date.year
            b = load(s, FaBudget, record_id, _("kinh phí năm"))
            return b.unit_code, b.year


def _find_budget(s: Session, unit: str, year: int) -> FaBudget | None:
    return s.scalar(select(FaBudget).where(FaBudget.unit_code == unit, FaBudget.year == year))


def _budget(s: Session, unit: str, year: int) -> FaBudget:
    b = _find_budget(s, unit, year)
    if b is None:
        b = FaBudget(unit_code=unit, year=year, allocated_vnd=0)
    b.deleted = False
    return b


def _lines(s: Session, unit: str, year: int) -> list[SpendLine]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    costs = {(("delegation", c.delegation_id) if c.delegation_id else ("conference", c.conference_id)): c.amount_vnd
             for c in s.scalars(select(ActualCost).where(ActualCost.deleted.is_(False),
                                                         ActualCost.unit_code == unit))}
    out: list[SpendLine] = []
    for entity, model in (("delegation", Delegation), ("conference", Conference)):
        for r in s.scalars(select(model).where(model.deleted.is_(False), model.unit_code == unit,
                                               model.status.not_in(NOT_SPENT),
                                               model.start_date.between(first, last))):
            out.append(SpendLine(entity, r.id, r.title, r.start_date, r.cost_estimate_vnd, costs.get((entity, r.id)),
                                 True))
    for p in s.scalars(select(PromotionActivity).where(PromotionActivity.deleted.is_(False),
                                                       PromotionActivity.unit_code == unit,
                                                       PromotionActivity.start_date.between(first, last))):
        out.append(SpendLine("promotion_activity", p.id, p.title, p.start_date, None, p.cost_vnd, False))
    return sorted(out, key=lambda line: (line.start_date, line.title))
