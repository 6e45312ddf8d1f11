"""Demo annual plans: the showcase unit's plan of the current year, and the plans behind the history.

- The unit's plan of the current year, issued in December: about ten planned
  activities written by hand (a postponed twin-city visit, Tết with overseas
  Vietnamese done, NGO advocacy and training not yet done …), plus one line for
  each of the year's trips, conferences and promotion activities that the unit
  had put in its plan (their `in_annual_plan` flag), each linked to that record.
  The trips left out (the Bangkok OCOP fair, the Good Neighbors survey …) are off
  the plan: rule R7.
- For every earlier year and every unit with records, an issued plan whose
  activities link the records that were in it, so R7 speaks only of the real
  off-plan trips.
- Xã Hòa Phú, a commune under the city, with its officers but no designated
  foreign-affairs officer (R15) and no plan for the year (R16): the directive's
  problem 7, as the city's dashboard shows it.

Plans and activities are written in one session through the ORM (the change log
still records each), validated with the same rules as the plan service.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.plan_rules import validate_plan, validate_planned
from desktop.models import AnnualPlan, Conference, Delegation, PlannedActivity, PromotionActivity
from desktop.models.base import new_id
from desktop.sync.records import apply_data

FLUSH_EVERY = 1000
COMMUNE = ("DL-XHP", "Xã Hòa Phú")
COMMUNE_PEOPLE = (
    {"full_name": "Y Khoa Niê", "gender": "male", "position": "Chủ tịch UBND xã", "is_key_leader": True},
    {"full_name": "H'Bia Êban", "gender": "female", "position": "Công chức Văn phòng – Thống kê"},
    {"full_name": "Nguyễn Văn Tâm", "gender": "male", "position": "Công chức Tài chính – Kế toán"},
)
OWNERS = ("Văn phòng HĐND và UBND", "Phòng Kinh tế", "Phòng Văn hóa và Thông tin",
          "Phòng Nội vụ", "Phòng Tài chính – Kế hoạch")
# kind, title, month from, month to, countries, budget (million đồng), status, owner
HAND_WRITTEN = (
    ("outbound", "Đoàn thăm và làm việc với thành phố kết nghĩa Gimhae (Hàn Quốc)", 5, 5, ["KR"], 650,
     "postponed", "Văn phòng HĐND và UBND"),
    ("overseas", "Gặp mặt, thông tin tình hình địa phương cho kiều bào về quê đón Tết", 1, 2, [], 30,
     "done", "Phòng Văn hóa và Thông tin"),
    ("ngo", "Vận động các tổ chức phi chính phủ nước ngoài tài trợ dự án nước sạch, sinh kế cho đồng bào "
     "dân tộc thiểu số", 3, 11, [], 50, "planned", "Phòng Kinh tế"),
    ("training", "Bồi dưỡng nghiệp vụ công tác đối ngoại cho cán bộ xã, phường", 8, 8, [], 120, "planned",
     "Phòng Nội vụ"),
    ("inbound", "Đón đoàn doanh nghiệp Nhật Bản khảo sát đầu tư chế biến sâu cà phê", 10, 10, ["JP"], 80,
     "planned", "Phòng Kinh tế"),
    ("other", "Tổng kết công tác đối ngoại năm, xây dựng kế hoạch năm sau", 12, 12, [], 20, "planned",
     "Văn phòng HĐND và UBND"),
)
MODELS = (("delegation", Delegation, "delegation_id"), ("conference", Conference, "conference_id"),
          ("promotion_activity", PromotionActivity, "promotion_id"))


def fill_plans(services: Any, rng: random.Random) -> int:
    """Write the demo plans (after every other register); returns how many planned activities."""
    _commune(services)
    today, local = services.ctx.today(), services.ctx.local_unit()
    with services.ctx.db.session() as s:
        writer = _Writer(s)
        records = _planned_records(s)
        years = {key for key in records} | {(local, today.year)}
        plans = {key: writer.plan(key, rng, today) for key in sorted(years)}
        for key, plan_id in plans.items():
            if key == (local, today.year):
                writer.hand_written(plan_id, key)
            for entity, column, record in records.get(key, ()):
                writer.linked(plan_id, entity, column, record, rng)
        writer.flush()
        return writer.activities


def _commune(services: Any) -> None:
    """At the province, which owns the unit list: a commune with officers and no designated
    foreign-affairs officer (R15) and no plan (R16). A unit's machine adds no unit of its own
    (SYNC.md step 3), so its demo has none."""
    if not services.units.may_edit():
        return
    code, name = COMMUNE
    if services.units.get(code) is None:
        services.units.add(code, name, "commune", services.ctx.local_unit(), None)
    for person in COMMUNE_PEOPLE:
        services.persons.save({**person, "unit_code": code})


def _planned_records(s: Session) -> dict[tuple[str, int], list[tuple[str, str, Any]]]:
    """The live records whose unit had put them in its plan, by (unit, year)."""
    out: dict[tuple[str, int], list] = defaultdict(list)
    for entity, model, column in MODELS:
        stmt = select(model).where(model.deleted.is_(False), model.in_annual_plan.is_(True))
        for record in s.scalars(stmt.order_by(model.start_date, model.id)):
            out[(record.unit_code, record.start_date.year)].append((entity, column, record))
    return out


class _Writer:
    """Plans and planned activities, validated, flushed every FLUSH_EVERY rows."""

    def __init__(self, session: Session):
        self.session = session
        self.pending = 0
        self.activities = 0
        self.serial = 200

    def plan(self, key: tuple[str, int], rng: random.Random, today: date) -> str:
        unit, year = key
        self.serial += rng.randrange(3, 30)
        data = {"year": year, "title": f"Kế hoạch hoạt động đối ngoại năm {year}", "status": "approved",
                "approval_number": f"{self.serial}/KH-UBND",
                "approval_date": min(date(year - 1, 12, rng.randrange(15, 29)), today)}
        return self._add(AnnualPlan, unit, data, validate_plan(data))

    def hand_written(self, plan_id: str, key: tuple[str, int]) -> None:
        unit, year = key
        for kind, title, first, last, countries, budget, status, owner in HAND_WRITTEN:
            data = {"plan_id": plan_id, "kind": kind, "title": title, "planned_from": date(year, first, 1),
                    "planned_to": date(year, last, 28), "countries": countries,
                    "budget_vnd": budget * 1_000_000, "status": status, "owner": owner}
            self._add(PlannedActivity, unit, data, validate_planned(data, year))

    def linked(self, plan_id: str, entity: str, column: str, record: Any, rng: random.Random) -> None:
        year = record.start_date.year
        kind = _kind(entity, record)
        cost = record.cost_vnd if entity == "promotion_activity" else record.cost_estimate_vnd
        data = {"plan_id": plan_id, "kind": kind, "title": record.title,
                "planned_from": date(year, record.start_date.month, 1), "planned_to": None,
                "countries": list(getattr(record, "countries", None) or [])[:3],
                "budget_vnd": cost, "owner": rng.choice(OWNERS), "status": "done", column: record.id}
        self._add(PlannedActivity, record.unit_code, data, validate_planned(data, year))

    def _add(self, model: Any, unit: str, data: dict, problems: list) -> str:
        if problems:
            raise ValueError(f"demo {model.__entity__} invalid: {problems}")
        obj = model(id=new_id(), unit_code=unit)
        apply_data(obj, data)
        self.session.add(obj)
        self.activities += model is PlannedActivity
        self.pending += 1
        if self.pending >= FLUSH_EVERY:
            self.flush()
        return obj.id

    def flush(self) -> None:
        self.session.flush()
        self.pending = 0


def _kind(entity: str, record: Any) -> str:
    if entity == "conference":
        return "conference"
    if entity == "promotion_activity":
        return "promotion"
    return "training" if record.kind == "training" else record.direction
