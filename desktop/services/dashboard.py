"""Tổng quan: everything due across the registers, grouped by urgency, from the same rules.

Only records that can still produce something due are evaluated, selected in SQL
by each register (upcoming or recent trips, reports not yet received, …): the
dashboard costs about the same with 500 or 50,000 delegations on file. The
delegation rules whose findings never reach Tổng quan (R5–R7: properties of a
trip shown in its editor, with no date to meet) are switched off here, so their
facts (trips per person and year) are not even loaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, event, or_, select

from desktop.domain.calendar import add_months
from desktop.domain.rules import Finding
from desktop.domain.validation import format_date
from desktop.i18n import N_, _
from desktop.models import Delegation, Person, Unit
from desktop.services.context import ServiceContext
from desktop.services.findings import FindingService

RECENT_DAYS = 45
# trips further ahead than this have nothing due yet (lead times are weeks); their
# findings still show in the editor and still block submission
UPCOMING_DAYS = 180
REPORT_LOOKBACK_DAYS = 366
WEEK_DAYS = 7
MONTH_DAYS = 30

# urgency, most urgent first; an item without a date that is not a mere reminder (a unit
# without its designated officer) is a standing duty, due now
GROUPS = {
    "now": N_("Bị chặn, quá hạn hoặc cần làm ngay"),
    "week": N_("Đến hạn trong 7 ngày tới"),
    "month": N_("Đến hạn trong 30 ngày tới"),
    "later": N_("Sắp tới"),
}
GROUP_ORDER = list(GROUPS)
SEVERITY_ORDER = {"blocking": 0, "overdue": 1, "warning": 2, "reminder": 3}
# the delegation rules Tổng quan shows (a blocking finding of any rule is shown too)
DELEGATION_RULES = ("R1", "R2", "R8", "R9")
# rules that state a property of a record rather than something to do by a date
NOT_DUE = ("R5", "R6", "R7")


@dataclass(frozen=True)
class DueItem:
    """One line of Tổng quan; opening it opens the record.

    `register` says whose line it is: "outbound"/"inbound" for a delegation (or one of
    its members), "person" for an officer, else the entity of the record.
    """

    group: str
    due_date: date | None
    rule: str
    severity: str
    entity: str
    record_id: str
    message: str
    source: str
    register: str = ""


class DashboardService:
    """Builds the list of what is due."""

    def __init__(self, ctx: ServiceContext, findings: FindingService):
        self.ctx = ctx
        self.findings = findings
        # what the other registers have due (each bounded in SQL by its own service)
        self.sources: list[Callable[[], list[Finding]]] = []

    def due(self) -> list[DueItem]:
        """Everything due, grouped by urgency, then blocking first, then by date."""
        today = self.ctx.today()
        config = self.findings.rules.config()
        shown = config
        for code in NOT_DUE:
            shown = shown.with_overrides(code, enabled=False)
        stmt = _active(today)
        unit = self.own_unit()
        if unit is not None:
            stmt = stmt.where(Delegation.unit_code == unit)
        items: list[DueItem] = []
        on_trips: set[str] = set()
        for facts, found in self.findings.evaluated(stmt, shown):
            for f in found:
                if f.severity == "blocking" or f.rule in DELEGATION_RULES:
                    items.append(_item(f, facts.direction, today))
                if f.rule == "R9" and f.person_id:
                    on_trips.add(f.person_id)
        items += [i for i in self._passports(today, unit) if i.record_id not in on_trips]
        items += [_item(f, f.entity, today) for source in self.sources for f in source() if _is_due(f)]
        return sorted(items, key=lambda i: _order(i, today))

    def counts(self, items: Iterable[DueItem] | None = None) -> dict[str, int]:
        """How many items each register has due (the navigation's counts); of `items`, or of `due()`."""
        return dict(Counter(i.register for i in (self.due() if items is None else items)))

    def overview(self) -> tuple[list[DueItem], dict[str, int]]:
        """The items and their counts per register, in one call (what the GUI loads off its thread)."""
        items = self.due()
        return items, self.counts(items)

    def on_change(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` after every committed write (any thread); returns what stops it."""
        engine = self.ctx.db.engine

        def committed(_conn) -> None:
            callback()

        event.listen(engine, "commit", committed)

        def stop() -> None:
            if event.contains(engine, "commit", committed):
                event.remove(engine, "commit", committed)

        return stop

    def own_unit(self) -> str | None:
        """A unit sees its own records; the province (or a device not set up) sees all."""
        return own_unit(self.ctx)

    def _passports(self, today: date, unit: str | None) -> list[DueItem]:
        config = self.findings.rules.config()
        months = config.param("R9", "valid_months_after_return")
        horizon = add_months(today, months)
        stmt = select(Person.id, Person.full_name, Person.passport_number, Person.passport_expiry).where(
            Person.deleted.is_(False),
            Person.passport_expiry.between(today - timedelta(days=RECENT_DAYS), horizon))
        if unit is not None:
            stmt = stmt.where(Person.unit_code == unit)
        with self.ctx.db.read() as s:
            people = s.execute(stmt.order_by(Person.passport_expiry)).all()
        source = _(config.source("R9"))  # the default citation is a message id
        return [DueItem(_group("reminder", p.passport_expiry, today), p.passport_expiry, "R9", "reminder",
                        "person", p.id,
                        _("Hộ chiếu {number} của {name} hết hạn ngày {date}.").format(
                            number=p.passport_number or "", name=p.full_name,
                            date=format_date(p.passport_expiry)), source, "person") for p in people]


def own_unit(ctx: ServiceContext) -> str | None:
    """The unit whose records a device's Tổng quan covers: None for the province (or a device
    not set up), which sees every unit's."""
    from desktop.services.province import province_mode

    if province_mode(ctx):  # `init --province`: every unit's imported records
        return None
    code = ctx.local_unit()
    with ctx.db.read() as s:
        level = s.scalar(select(Unit.level).where(Unit.code == code)) if code else None
    return None if level in (None, "province") else code


def _active(today: date):
    recent = today - timedelta(days=RECENT_DAYS)
    upcoming = and_(Delegation.status.in_(("draft", "submitted", "approved")),
                    Delegation.start_date.between(recent, today + timedelta(days=UPCOMING_DAYS)))
    report = and_(Delegation.direction == "outbound", Delegation.status.in_(("approved", "completed")),
                  Delegation.report_received_on.is_(None), Delegation.end_date < today,
                  Delegation.end_date >= today - timedelta(days=REPORT_LOOKBACK_DAYS))
    return select(Delegation).where(Delegation.deleted.is_(False), or_(upcoming, report))


def _is_due(f: Finding) -> bool:
    """A register's `due_items()` lists what belongs here; a bare property is kept off."""
    return f.rule not in NOT_DUE and f.severity in SEVERITY_ORDER


def _item(f: Finding, register: str, today: date) -> DueItem:
    return DueItem(_group(f.severity, f.due_date, today), f.due_date, f.rule, f.severity, f.entity,
                   f.record_id, f.message, f.source, register)


def _group(severity: str, due: date | None, today: date) -> str:
    if severity in ("blocking", "overdue") or (due is not None and due < today):
        return "now"
    if due is None:
        return "later" if severity == "reminder" else "now"
    days = (due - today).days
    if days <= WEEK_DAYS:
        return "week"
    return "month" if days <= MONTH_DAYS else "later"


def _order(item: DueItem, today: date) -> tuple:
    """Urgency, blocking before the rest of its group, then the date (undated as today)."""
    blocking = 0 if item.severity == "blocking" else 1
    return (GROUP_ORDER.index(item.group), blocking, item.due_date or today,
            SEVERITY_ORDER.get(item.severity, 9), item.message)
