"""Tổng quan: what is due, from the same rules, over a bounded set of records.

Only delegations that can still produce something due are evaluated (upcoming
or recent trips, reports not yet received), selected in SQL: the dashboard
costs the same with 500 or 50,000 delegations on file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select

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

GROUPS = {
    "blocking": N_("Vướng kỷ luật — không được gửi"),
    "late": N_("Trễ hạn gửi hồ sơ"),
    "due_soon": N_("Sắp đến hạn gửi hồ sơ"),
    "report_overdue": N_("Báo cáo sau chuyến đi quá hạn"),
    "report_due": N_("Báo cáo sau chuyến đi sắp đến hạn"),
    "conference": N_("Hội nghị, hội thảo quốc tế"),
    "ngo": N_("Tổ chức phi chính phủ nước ngoài"),
    "follow_up": N_("Việc theo dõi sau hoạt động xúc tiến"),
    "passport": N_("Hộ chiếu sắp hết hạn"),
    "unit": N_("Tổ chức công tác đối ngoại của đơn vị"),
}
# the other registers' rules, by the group their findings join
OTHER_GROUPS = {"R15": "unit", "R16": "unit", "R3": "conference", "R10": "ngo", "R11": "ngo", "R12": "ngo", "R14": "follow_up",
                "R13": "ngo"}
GROUP_ORDER = list(GROUPS)


@dataclass(frozen=True)
class DueItem:
    """One line of Tổng quan; opening it opens the record."""

    group: str
    due_date: date | None
    rule: str
    severity: str
    entity: str
    record_id: str
    message: str
    source: str


class DashboardService:
    """Builds the list of what is due."""

    def __init__(self, ctx: ServiceContext, findings: FindingService):
        self.ctx = ctx
        self.findings = findings
        # what the other registers have due (each bounded in SQL by its own service)
        self.sources: list[Callable[[], list[Finding]]] = []

    def due(self) -> list[DueItem]:
        """Everything due, grouped by urgency then sorted by date."""
        today = self.ctx.today()
        stmt = _active(today)
        unit = self.own_unit()
        if unit is not None:
            stmt = stmt.where(Delegation.unit_code == unit)
        found = self.findings.over(stmt)
        items = [i for f in found if (i := _item(f))]
        on_trips = {f.person_id for f in found if f.rule == "R9" and f.person_id}
        items += [i for i in self._passports(today, unit) if i.record_id not in on_trips]
        items += [i for source in self.sources for f in source() if (i := _item(f))]
        return sorted(items, key=lambda i: (GROUP_ORDER.index(i.group), i.due_date or today, i.message))

    def counts(self) -> dict[str, int]:
        """How many items per group (for the navigation badge)."""
        out = dict.fromkeys(GROUPS, 0)
        for item in self.due():
            out[item.group] += 1
        return out

    def own_unit(self) -> str | None:
        """A unit sees its own records; the province (or a device not set up) sees all."""
        from desktop.services.province import province_mode

        if province_mode(self.ctx):  # `init --province`: every unit's imported records
            return None
        code = self.ctx.local_unit()
        with self.ctx.db.read() as s:
            level = s.scalar(select(Unit.level).where(Unit.code == code)) if code else None
        return None if level in (None, "province") else code

    def _passports(self, today: date, unit: str | None) -> list[DueItem]:
        config = self.findings.rules.config()
        months = config.param("R9", "valid_months_after_return")
        horizon = add_months(today, months)
        stmt = select(Person).where(
            Person.deleted.is_(False),
            Person.passport_expiry.between(today - timedelta(days=RECENT_DAYS), horizon))
        if unit is not None:
            stmt = stmt.where(Person.unit_code == unit)
        with self.ctx.db.read() as s:
            people = s.scalars(stmt.order_by(Person.passport_expiry)).all()
        source = _(config.source("R9"))  # the default citation is a message id
        return [DueItem("passport", p.passport_expiry, "R9", "reminder", "person", p.id,
                        _("Hộ chiếu {number} của {name} hết hạn ngày {date}.").format(
                            number=p.passport_number or "", name=p.full_name,
                            date=format_date(p.passport_expiry)), source) for p in people]


def _active(today: date):
    recent = today - timedelta(days=RECENT_DAYS)
    upcoming = and_(Delegation.status.in_(("draft", "submitted", "approved")),
                    Delegation.start_date.between(recent, today + timedelta(days=UPCOMING_DAYS)))
    report = and_(Delegation.direction == "outbound", Delegation.status.in_(("approved", "completed")),
                  Delegation.report_received_on.is_(None), Delegation.end_date < today,
                  Delegation.end_date >= today - timedelta(days=REPORT_LOOKBACK_DAYS))
    return select(Delegation).where(Delegation.deleted.is_(False), or_(upcoming, report))


def _item(f: Finding) -> DueItem | None:
    group = _group(f)
    if group is None:
        return None
    return DueItem(group, f.due_date, f.rule, f.severity, f.entity, f.record_id, f.message, f.source)


def _group(f: Finding) -> str | None:
    if f.severity == "blocking":
        return "blocking"
    if f.rule in ("R1", "R2"):
        return "late" if f.severity in ("warning", "overdue") else "due_soon"
    if f.rule == "R8":
        return "report_overdue" if f.severity == "overdue" else "report_due"
    if f.rule == "R9":
        return "passport"
    return OTHER_GROUPS.get(f.rule)
