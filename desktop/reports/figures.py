"""The figures of the yearly report (issue "The yearly report"), counted from `YearFacts`.

Pure: no database, no Qt. Every figure has a stable code (tests and other programs
read `doingoai report annual --json` by it), a Vietnamese label (a message id,
translated where it is shown), a value — an integer (a count or đồng), a dict of
integers keyed by a stable code (an ISO country code, an enum value), or a date —
and the records behind it, so any number on screen opens the list it counts.

A consolidated report counts every row once; `by_unit` counts the rows of each unit
alone, so every count, sum and breakdown of the total is the sum of the units'
(distinct people excepted: an officer on two units' trips is one person).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from desktop.domain.messages import N_

from .facts import YearFacts

Ref = tuple[str, str]  # (register, record id)
Value = int | dict[str, int] | date | None


@dataclass(frozen=True)
class Figure:
    """One number of the report, with the records it counts."""

    code: str
    label: str  # a Vietnamese message id
    value: Value
    refs: tuple[Ref, ...] = ()

    @property
    def section(self) -> str:
        """The code's first part: "outbound" for "outbound.count"."""
        return self.code.split(".", 1)[0]


@dataclass(frozen=True)
class Section:
    """A part of "II. Kết quả thực hiện": its heading and the codes of its figures."""

    key: str
    title: str  # a Vietnamese message id
    codes: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section("outbound", N_("Đoàn ra"), (
        "outbound.count", "outbound.people", "outbound.by_country", "outbound.by_kind", "outbound.by_month",
        "outbound.cost_vnd",
        "outbound.late", "outbound.off_plan", "outbound.discipline_overrides", "outbound.reports_overdue")),
    Section("inbound", N_("Đoàn vào"), (
        "inbound.count", "inbound.guests", "inbound.by_country", "inbound.by_month", "inbound.late")),
    Section("conferences", N_("Hội nghị, hội thảo quốc tế"),
            ("conferences.count", "conferences.pm_level", "conferences.late")),
    Section("ngo", N_("Tổ chức phi chính phủ nước ngoài và viện trợ"), (
        "ngo.active", "ngo.reports_received", "ngo.certificates_expired", "aid.approved", "aid.committed_vnd",
        "aid.disbursed_vnd", "aid.by_sector", "aid.by_donor", "aid.lapsed")),
    Section("promotion", N_("Xúc tiến, quảng bá"), (
        "promotion.count", "promotion.by_kind", "promotion.mous", "promotion.followups_done",
        "promotion.followups_overdue")),
    Section("agreements", N_("Quan hệ với địa phương nước ngoài, thỏa thuận quốc tế"), (
        "agreements.active", "agreements.signed", "agreements.by_country")),
    Section("overseas", N_("Công tác người Việt Nam ở nước ngoài"), (
        "overseas.contacts_by_country", "overseas.activities_by_kind", "overseas.donations_vnd",
        "overseas.protection_open", "overseas.protection_closed")),
    Section("plan", N_("Thực hiện kế hoạch đối ngoại năm"), (
        "plan.issued_on", "plan.planned", "plan.done", "plan.budget_planned_vnd", "plan.cost_actual_vnd")),
    Section("budget", N_("Kinh phí đối ngoại"), ("budget.allocated_vnd", "budget.additions_vnd", "budget.spent_vnd")),
    Section("units", N_("Tổ chức bộ máy, cán bộ"), ("units.without_officer", "units.without_plan", "officers.trained")),
)

LABELS: dict[str, str] = {
    "outbound.count": N_("Số đoàn ra"),
    "outbound.people": N_("Số lượt cán bộ đi nước ngoài (người)"),
    "outbound.by_country": N_("Đoàn ra theo nước đến"),
    "outbound.by_kind": N_("Đoàn ra theo hình thức"),
    "outbound.by_month": N_("Đoàn ra theo tháng"),
    "outbound.cost_vnd": N_("Kinh phí đoàn ra (đồng)"),
    "outbound.late": N_("Hồ sơ đoàn ra nộp chậm (R1)"),
    "outbound.off_plan": N_("Đoàn ra ngoài kế hoạch (R7)"),
    "outbound.discipline_overrides": N_("Đoàn ra vượt chặn kỷ luật (R4)"),
    "outbound.reports_overdue": N_("Đoàn chưa nộp báo cáo kết quả quá hạn (R8)"),
    "inbound.count": N_("Số đoàn vào"),
    "inbound.guests": N_("Số khách nước ngoài"),
    "inbound.by_country": N_("Đoàn vào theo nước"),
    "inbound.by_month": N_("Đoàn vào theo tháng"),
    "inbound.late": N_("Hồ sơ đoàn vào nộp chậm (R2)"),
    "conferences.count": N_("Số hội nghị, hội thảo quốc tế"),
    "conferences.pm_level": N_("Thuộc thẩm quyền cho phép của Thủ tướng"),
    "conferences.late": N_("Hồ sơ hội nghị nộp chậm (R3)"),
    "ngo.active": N_("Tổ chức PCP nước ngoài đang hoạt động"),
    "ngo.reports_received": N_("Báo cáo năm của tổ chức PCP đã nhận"),
    "ngo.certificates_expired": N_("Giấy đăng ký hết hạn trong năm"),
    "aid.approved": N_("Dự án viện trợ được phê duyệt"),
    "aid.committed_vnd": N_("Giá trị viện trợ cam kết (đồng)"),
    "aid.disbursed_vnd": N_("Giá trị giải ngân trong năm (đồng)"),
    "aid.by_sector": N_("Dự án viện trợ theo lĩnh vực"),
    "aid.by_donor": N_("Dự án viện trợ theo nhà tài trợ"),
    "aid.lapsed": N_("Dự án hết hiệu lực phê duyệt (R13)"),
    "budget.allocated_vnd": N_("Kinh phí đối ngoại được giao, kể cả bổ sung (đồng)"),
    "budget.additions_vnd": N_("Kinh phí bổ sung trong năm (đồng)"),
    "budget.spent_vnd": N_("Kinh phí đối ngoại đã chi (đồng)"),
    "agreements.active": N_("Thỏa thuận quốc tế đang có hiệu lực"),
    "agreements.signed": N_("Thỏa thuận quốc tế ký kết trong năm"),
    "agreements.by_country": N_("Thỏa thuận có hiệu lực theo quốc gia"),
    "promotion.count": N_("Số hoạt động xúc tiến"),
    "promotion.by_kind": N_("Hoạt động xúc tiến theo loại"),
    "promotion.mous": N_("Số biên bản ghi nhớ (MoU) ký kết"),
    "promotion.followups_done": N_("Việc sau xúc tiến đã hoàn thành"),
    "promotion.followups_overdue": N_("Việc sau xúc tiến quá hạn (R14)"),
    "overseas.contacts_by_country": N_("Kiều bào, hội đoàn theo nước"),
    "overseas.activities_by_kind": N_("Hoạt động với người Việt Nam ở nước ngoài"),
    "overseas.donations_vnd": N_("Ủng hộ, từ thiện của kiều bào (đồng)"),
    "overseas.protection_open": N_("Vụ việc bảo hộ công dân đang giải quyết"),
    "overseas.protection_closed": N_("Vụ việc bảo hộ công dân đã kết thúc"),
    "plan.issued_on": N_("Ngày ban hành kế hoạch đối ngoại năm"),
    "plan.planned": N_("Số hoạt động trong kế hoạch"),
    "plan.done": N_("Số hoạt động đã thực hiện"),
    "plan.budget_planned_vnd": N_("Kinh phí theo kế hoạch (đồng)"),
    "plan.cost_actual_vnd": N_("Kinh phí các hoạt động đã thực hiện (đồng)"),
    "units.without_officer": N_("Đơn vị chưa có cán bộ làm công tác đối ngoại (R15)"),
    "units.without_plan": N_("Đơn vị chưa ban hành kế hoạch đối ngoại năm (R16)"),
    "officers.trained": N_("Cán bộ được bồi dưỡng nghiệp vụ đối ngoại"),
}

CODES: tuple[str, ...] = tuple(code for section in SECTIONS for code in section.codes)


@dataclass(frozen=True)
class Report:
    """A year's figures for a scope, and the same figures for each unit in it."""

    year: int
    scope: tuple[str, ...]
    cutoff: date
    figures: dict[str, Figure]
    by_unit: dict[str, dict[str, Figure]]
    unit_names: dict[str, str]

    def value(self, code: str, unit: str | None = None) -> Value:
        """The value of `code`, for the whole scope or for `unit`."""
        figures = self.figures if unit is None else self.by_unit[unit]
        return figures[code].value

    def as_json(self) -> dict[str, Any]:
        """`doingoai report annual --json`: codes to values (dates as ISO text)."""
        return {"year": self.year, "scope": list(self.scope),
                "figures": _values(self.figures),
                "by_unit": {code: _values(figures) for code, figures in self.by_unit.items()}}


def compute(facts: YearFacts) -> Report:
    """The report of `facts`: the whole scope, then each unit that has anything or is in the scope."""
    parts = partition(facts)
    own = facts.scope[0] if facts.scope else None
    units = [code for code in facts.scope if code in parts or code == own]
    by_unit = {code: figures_of(parts.get(code) or _empty(facts), code) for code in units}
    return Report(facts.year, facts.scope, facts.cutoff, figures_of(facts, own), by_unit, dict(facts.unit_names))


def figures_of(f: YearFacts, own_unit: str | None) -> dict[str, Figure]:
    """Every figure over the rows of `f`; `own_unit`'s plan gives "plan.issued_on"."""
    out: dict[str, Figure] = {}
    for build in _BUILDERS:
        for code, value, refs in build(f, own_unit):
            out[code] = Figure(code, LABELS[code], value, tuple(refs))
    return {code: out[code] for code in CODES}


def partition(f: YearFacts) -> dict[str, YearFacts]:
    """The rows of `f` by the unit they stand in, in one pass over them."""
    groups: dict[str, dict[str, list[Any]]] = {}
    names = _row_fields()
    for name in names:
        for row in getattr(f, name):
            unit = _unit_of(row)
            if unit:
                groups.setdefault(unit, {}).setdefault(name, []).append(row)
    empty = dict.fromkeys(names, ())
    return {unit: replace(f, **{**empty, **{n: tuple(rows) for n, rows in parts.items()}})
            for unit, parts in groups.items()}


def total(values: Iterable[Value]) -> Value:
    """The sum of units' values: integers add, breakdowns add key by key; dates have no sum (None)."""
    values = list(values)
    if all(isinstance(v, dict) for v in values):
        out: Counter[str] = Counter()
        for v in values:
            out.update(v)  # type: ignore[arg-type]
        return dict(out)
    if all(isinstance(v, int) for v in values):
        return sum(values)  # type: ignore[arg-type]
    return None


# ---------------------------------------------------------------- the builders, one per section

Row = tuple[str, Value, list[Ref]]


def _outbound(f: YearFacts, _own: str | None) -> list[Row]:
    trips = [t for t in f.trips if t.direction == "outbound"]
    refs = [("delegation", t.id) for t in trips]
    people = sorted({t.id for t in f.travellers})
    return [
        ("outbound.count", len(trips), refs),
        ("outbound.people", len(people), [("person", p) for p in people]),
        ("outbound.by_country", _by(c for t in trips for c in t.countries), refs),
        ("outbound.by_kind", _by(t.kind for t in trips), refs),
        ("outbound.by_month", _months(trips), refs),
        ("outbound.cost_vnd", sum(t.cost_vnd for t in trips), refs),
        *_flagged("outbound.late", "delegation", trips, lambda t: t.late),
        *_flagged("outbound.off_plan", "delegation", trips, lambda t: t.off_plan),
        *_flagged("outbound.discipline_overrides", "delegation", trips, lambda t: bool(t.override)),
        *_flagged("outbound.reports_overdue", "delegation", trips, lambda t: t.report_overdue),
    ]


def _inbound(f: YearFacts, _own: str | None) -> list[Row]:
    trips = [t for t in f.trips if t.direction == "inbound"]
    refs = [("delegation", t.id) for t in trips]
    return [
        ("inbound.count", len(trips), refs),
        ("inbound.guests", sum(t.guests for t in trips), refs),
        ("inbound.by_country", _by(c for t in trips for c in t.countries), refs),
        ("inbound.by_month", _months(trips), refs),
        *_flagged("inbound.late", "delegation", trips, lambda t: t.late),
    ]


def _conferences(f: YearFacts, _own: str | None) -> list[Row]:
    rows = f.conferences
    return [
        ("conferences.count", len(rows), [("conference", c.id) for c in rows]),
        *_flagged("conferences.pm_level", "conference", rows, lambda c: c.pm_level),
        *_flagged("conferences.late", "conference", rows, lambda c: c.late),
    ]


def _ngo(f: YearFacts, _own: str | None) -> list[Row]:
    approved = [a for a in f.aid if a.approved_in_year]
    refs = [("aid_project", a.id) for a in approved]
    return [
        ("ngo.active", len(f.ngos_active), [("foreign_ngo", n.id) for n in f.ngos_active]),
        ("ngo.reports_received", len(f.ngo_reports), [("ngo_report", r.id) for r in f.ngo_reports]),
        ("ngo.certificates_expired", len(f.certificates_expired),
         [("ngo_certificate", c.id) for c in f.certificates_expired]),
        ("aid.approved", len(approved), refs),
        ("aid.committed_vnd", sum(a.value_vnd for a in approved), refs),
        ("aid.disbursed_vnd", sum(d.vnd for d in f.disbursements), [("aid_disbursement", d.id) for d in f.disbursements]),
        ("aid.by_sector", _by(a.sector for a in approved if a.sector), refs),
        ("aid.by_donor", _by(a.donor for a in approved if a.donor), refs),
        *_flagged("aid.lapsed", "aid_project", f.aid, lambda a: a.lapsed),
    ]


def _promotion(f: YearFacts, _own: str | None) -> list[Row]:
    refs = [("promotion_activity", p.id) for p in f.promotions]
    return [
        ("promotion.count", len(f.promotions), refs),
        ("promotion.by_kind", _by(p.kind for p in f.promotions), refs),
        ("promotion.mous", sum(p.mous for p in f.promotions), refs),
        *_flagged("promotion.followups_done", "follow_up_action", f.follow_ups, lambda a: a.done),
        *_flagged("promotion.followups_overdue", "follow_up_action", f.follow_ups, lambda a: a.overdue),
    ]


def _overseas(f: YearFacts, _own: str | None) -> list[Row]:
    return [
        ("overseas.contacts_by_country", _by(c.key for c in f.overseas_contacts),
         [("overseas_contact", c.id) for c in f.overseas_contacts]),
        ("overseas.activities_by_kind", _by(a.key for a in f.overseas_activities),
         [("overseas_activity", a.id) for a in f.overseas_activities]),
        ("overseas.donations_vnd", sum(d.vnd for d in f.donations), [("overseas_activity", d.id) for d in f.donations]),
        ("overseas.protection_open", len(f.protection_open), [("overseas_activity", a.id) for a in f.protection_open]),
        ("overseas.protection_closed", len(f.protection_closed),
         [("overseas_activity", a.id) for a in f.protection_closed]),
    ]


def _plan(f: YearFacts, own: str | None) -> list[Row]:
    plans = f.plans
    mine = [p for p in plans if p.unit_code == own and p.issued_on is not None]
    activities = [("planned_activity", a) for p in plans for a in p.activities]
    done = [("planned_activity", a) for p in plans for a in p.done]
    refs = [("annual_plan", p.id) for p in plans]
    return [
        ("plan.issued_on", min((p.issued_on for p in mine), default=None), [("annual_plan", p.id) for p in mine]),
        ("plan.planned", len(activities), activities),
        ("plan.done", len(done), done),
        ("plan.budget_planned_vnd", sum(p.budget_vnd for p in plans), refs),
        ("plan.cost_actual_vnd", sum(p.cost_actual_vnd for p in plans), done),
    ]


def _agreements(f: YearFacts, _own: str | None) -> list[Row]:
    active = [a for a in f.agreements if a.active]
    refs = [("international_agreement", a.id) for a in active]
    return [
        ("agreements.active", len(active), refs),
        *_flagged("agreements.signed", "international_agreement", f.agreements, lambda a: a.signed),
        ("agreements.by_country", _by(a.country for a in active), refs),
    ]


def _budget(f: YearFacts, _own: str | None) -> list[Row]:
    given = [("fa_budget", b.id) for b in f.budgets] + [("budget_addition", a.id) for a in f.budget_additions]
    added = sum(a.vnd for a in f.budget_additions)
    return [
        ("budget.allocated_vnd", sum(b.vnd for b in f.budgets) + added, given),
        ("budget.additions_vnd", added, [("budget_addition", a.id) for a in f.budget_additions]),
        ("budget.spent_vnd", sum(x.vnd for x in f.spending), [(x.entity, x.id) for x in f.spending]),
    ]


def _units(f: YearFacts, _own: str | None) -> list[Row]:
    trained = sorted({t.key for t in f.trainings})
    return [
        *_flagged("units.without_officer", "unit", f.units, lambda u: not u.has_officer, key=lambda u: u.code),
        *_flagged("units.without_plan", "unit", f.units, lambda u: not u.has_plan, key=lambda u: u.code),
        ("officers.trained", len(trained), [("training_record", t.id) for t in f.trainings]),
    ]


_BUILDERS: tuple[Callable[[YearFacts, str | None], list[Row]], ...] = (
    _outbound, _inbound, _conferences, _ngo, _promotion, _agreements, _overseas, _plan, _budget, _units)


# ---------------------------------------------------------------- helpers


def _by(keys: Iterable[str]) -> dict[str, int]:
    """How many times each key occurs, most first, then by key (the order tables print in)."""
    counts = Counter(keys)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _months(trips: Iterable[Any]) -> dict[str, int]:
    """Trips by the month they leave ("01".."12"), in calendar order."""
    counts = Counter(f"{t.start_date.month:02d}" for t in trips)
    return dict(sorted(counts.items()))


def _flagged(code: str, entity: str, rows: Iterable[Any], test: Callable[[Any], bool],
             key: Callable[[Any], str] = lambda r: r.id) -> list[Row]:
    hits = [key(r) for r in rows if test(r)]
    return [(code, len(hits), [(entity, h) for h in hits])]


def _unit_of(row: Any) -> str | None:
    return getattr(row, "unit_code", None) or getattr(row, "code", None)


def _row_fields() -> tuple[str, ...]:
    """The fields of YearFacts that hold rows (everything but the year, the scope, the cut-off, the names)."""
    return tuple(spec.name for spec in fields(YearFacts) if spec.name not in ("year", "scope", "cutoff", "unit_names"))


def _empty(f: YearFacts) -> YearFacts:
    return replace(f, **dict.fromkeys(_row_fields(), ()))


def _values(figures: dict[str, Figure]) -> dict[str, Any]:
    return {code: (f.value.isoformat() if isinstance(f.value, date) else f.value) for code, f in figures.items()}
