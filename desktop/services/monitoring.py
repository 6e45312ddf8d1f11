"""Theo dõi đơn vị: the province's yearly scorecard of each unit against directive 13/CT-UBND.

Built from the consolidated report's per-unit figures (so every cell is the same number the report
prints, and opens the same records) and the province's record of the bundles each unit sent.
Worst first: the units with the most indicators failed lead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from desktop.i18n import N_, _
from desktop.reports.figures import Figure, Report
from desktop.services.context import ServiceContext
from desktop.services.province import ProvinceService, UnitStatus
from desktop.services.reports import ReportService

# the figures that fail an indicator when above zero, in the scorecard's column order
COUNTED = ("outbound.discipline_overrides", "outbound.reports_overdue", "ngo.certificates_expired", "aid.lapsed",
           "promotion.followups_overdue")
LATE = ("outbound.late", "inbound.late", "conferences.late")
REQUESTS = ("outbound.count", "inbound.count", "conferences.count")


@dataclass(frozen=True)
class DataReceived:
    """What the province holds of the unit's registers."""

    last_received_at: datetime | None
    covers_year: bool  # a bundle received after the year ended (or, for the running year, any bundle)
    held: int
    checksum_mismatches: int
    app_version: str

    @property
    def problem(self) -> bool:
        return not self.covers_year or bool(self.held or self.checksum_mismatches)


@dataclass(frozen=True)
class ScoreRow:
    """One unit's line of the scorecard."""

    unit_code: str
    unit_name: str
    plan_issued_on: date | None  # R16
    has_officer: bool  # R15
    late: int  # requests filed late (R1/R2/R3)
    requests: int
    figures: dict[str, Figure]  # the unit's figures: every cell opens its records
    data: DataReceived

    @property
    def late_share(self) -> float | None:
        return self.late / self.requests if self.requests else None

    @property
    def failed(self) -> int:
        """How many indicators the unit fails (the scorecard's order: most first)."""
        counted = sum(1 for code in COUNTED if _int(self.figures[code]) > 0)
        return (counted + (self.plan_issued_on is None) + (not self.has_officer) + (self.late > 0)
                + self.data.problem)


class MonitoringService:
    """The scorecard of every unit for a year, at the province."""

    def __init__(self, ctx: ServiceContext, reports: ReportService, province: ProvinceService):
        self.ctx = ctx
        self.reports = reports
        self.province = province

    def scorecard(self, year: int, report: Report | None = None) -> list[ScoreRow]:
        """Each district- and commune-level unit with figures for `year`, worst first, then by name."""
        from desktop.domain.collation import sort_key

        report = report or self.reports.annual(year, None)
        status = {s.unit_code: s for s in self.province.unit_status()}
        rows = [self._row(report, code, figures, status.get(code)) for code, figures in report.by_unit.items()
                if code != report.scope[0]]  # the province's own line is not a unit it monitors
        return sorted(rows, key=lambda r: (-r.failed, sort_key(r.unit_name)))

    def _row(self, report: Report, code: str, figures: dict[str, Figure], status: UnitStatus | None) -> ScoreRow:
        issued = figures["plan.issued_on"].value
        return ScoreRow(
            unit_code=code, unit_name=report.unit_names.get(code, code),
            plan_issued_on=issued if isinstance(issued, date) else None,
            has_officer=_int(figures["units.without_officer"]) == 0,
            late=sum(_int(figures[c]) for c in LATE), requests=sum(_int(figures[c]) for c in REQUESTS),
            figures=figures, data=self._data(report.year, status))

    def _data(self, year: int, status: UnitStatus | None) -> DataReceived:
        if status is None:
            return DataReceived(None, False, 0, 0, "")
        received = status.last_received_at
        year_over = self.ctx.today() > date(year, 12, 31)
        covers = received is not None and (received.date() > date(year, 12, 31) if year_over else True)
        return DataReceived(received, covers, status.held, status.checksum_mismatches, status.app_version)


def _int(figure: Figure) -> int:
    return figure.value if isinstance(figure.value, int) else 0


# the indicator a reminder names (the rule) → whether a scorecard row fails it
FAILS: dict[str, Callable[[ScoreRow], bool]] = {
    "R16": lambda r: r.plan_issued_on is None,
    "R15": lambda r: not r.has_officer,
    "R1": lambda r: r.late > 0,  # the scorecard counts R1–R3 together
    "R4": lambda r: _int(r.figures["outbound.discipline_overrides"]) > 0,
    "R8": lambda r: _int(r.figures["outbound.reports_overdue"]) > 0,
    "R10": lambda r: _int(r.figures["ngo.certificates_expired"]) > 0,
    "R13": lambda r: _int(r.figures["aid.lapsed"]) > 0,
    "R14": lambda r: _int(r.figures["promotion.followups_overdue"]) > 0,
}
# what a reminder about each indicator is called at first (the officer may change it)
SUBJECTS = {
    "R16": N_("Đôn đốc ban hành kế hoạch công tác đối ngoại năm {year}"),
    "R15": N_("Đôn đốc phân công cán bộ kiêm nhiệm công tác đối ngoại"),
    "R1": N_("Đôn đốc gửi hồ sơ đoàn ra, đoàn vào, hội nghị quốc tế đúng thời hạn"),
    "R4": N_("Đôn đốc thực hiện quy định về cử cán bộ đang bị kỷ luật đi nước ngoài"),
    "R8": N_("Đôn đốc nộp báo cáo kết quả chuyến công tác nước ngoài năm {year}"),
    "R10": N_("Đôn đốc rà soát giấy đăng ký hoạt động của tổ chức phi chính phủ nước ngoài"),
    "R13": N_("Đôn đốc triển khai các khoản viện trợ đã được phê duyệt"),
    "R14": N_("Đôn đốc thực hiện các việc theo dõi sau hoạt động xúc tiến"),
}


def failing(rows: list[ScoreRow], indicator: str) -> list[ScoreRow]:
    """The scorecard's units that fail `indicator` (an unknown one: none)."""
    test = FAILS.get(indicator)
    return [r for r in rows if test is not None and test(r)]


def reminder_subject(indicator: str, year: int) -> str:
    """The first wording of a reminder about `indicator` for `year`."""
    template = SUBJECTS.get(indicator)
    return _(template).format(year=year) if template else ""
