"""Demo foreign-affairs budgets: the unit's estimate for last year and this one, an addition for a
task that arose, and the actual cost of the trips and conferences that have taken place (a little
under or over their estimates) — so the report's Kinh phí section and chart have something to say."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.models import Conference, Delegation

DONE = ("approved", "completed")
ADDITION = 120_000_000  # last year's: a visit that arose during the year
STEP = 100_000_000  # estimates are allocated in round hundreds of millions


def fill_budget(services: Any, rng: random.Random) -> int:
    """Write the budgets and actual costs through the service; returns how many records."""
    today = services.ctx.today()
    unit = services.ctx.local_unit()
    written = 0
    for back in (1, 0):
        year = today.year - back
        # a little more than the year's activities are estimated to cost, as a unit asks for its estimate
        wanted = int(_estimates(services, unit, year) * 1.1) - (ADDITION if back else 0)
        allocated = max(STEP, -(-wanted // STEP) * STEP)
        services.budget.save(year, {"allocated_vnd": allocated,
                                    "decision": f"Quyết định số {12 + back}/QĐ-UBND ngày 10/01/{year}"})
        written += 1
    services.budget.save_addition(today.year - 1, {
        "amount_vnd": ADDITION, "decided_on": date(today.year - 1, 6, 15),
        "reason": "Đón đoàn thành phố kết nghĩa Gimhae sang thăm, làm việc (phát sinh ngoài kế hoạch)"})
    written += 1
    with services.ctx.db.read() as s:
        done = [("delegation", i, c) for i, c in s.execute(select(Delegation.id, Delegation.cost_estimate_vnd).where(
            Delegation.deleted.is_(False), Delegation.unit_code == unit, Delegation.status.in_(DONE),
            Delegation.end_date < today, Delegation.start_date >= date(today.year - 1, 1, 1)))]
        done += [("conference", i, c) for i, c in s.execute(select(Conference.id, Conference.cost_estimate_vnd).where(
            Conference.deleted.is_(False), Conference.unit_code == unit, Conference.status.in_(DONE),
            Conference.end_date < today, Conference.start_date >= date(today.year - 1, 1, 1)))]
    for entity, record_id, estimate in sorted(done, key=lambda x: x[1]):
        if estimate:
            spent = int(estimate * rng.uniform(0.85, 1.05)) // 100_000 * 100_000
            services.budget.set_actual_cost(entity, record_id, spent)
            written += 1
    return written


def _estimates(services: Any, unit: str, year: int) -> int:
    """What the unit's delegations and conferences of `year` (not cancelled or refused) are estimated to cost."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    total = 0
    with services.ctx.db.read() as s:
        for model in (Delegation, Conference):
            total += sum(v or 0 for (v,) in s.execute(select(model.cost_estimate_vnd).where(
                model.deleted.is_(False), model.unit_code == unit, model.status.not_in(("cancelled", "rejected")),
                model.start_date.between(first, last))))
    return total
