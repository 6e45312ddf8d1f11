"""Báo cáo kết quả chuyến công tác: the post-trip report, once the delegation is back."""

from __future__ import annotations

from datetime import date

from desktop.i18n import N_, _, format_date
from desktop.printing import templates
from desktop.printing.forms import common
from desktop.printing.layout import Document
from desktop.printing.model import FormInfo, Job, PrintSettings, Trip

INFO = FormInfo("trip-report", N_("Báo cáo kết quả chuyến công tác"), "BC", "outbound")


def missing(settings: PrintSettings, trip: Trip, today: date) -> list[str]:
    """Dates in the past (the delegation is back), members, countries and the results (notes)."""
    out = common.trip_missing(trip)
    if trip.status in ("cancelled", "rejected"):
        out.append(_("Đoàn đã hủy hoặc không được cho phép: không có chuyến công tác để báo cáo"))
    if trip.end_date is not None and trip.end_date > today:
        out.append(_("Đoàn chưa về nước (ngày về {date}): báo cáo được lập sau chuyến công tác")
                   .format(date=format_date(trip.end_date)))
    if not trip.countries:
        out.append(_("Chưa chọn nước đến"))
    if not trip.notes.strip():
        out.append(_("Chưa ghi kết quả chuyến công tác (ô «Ghi chú» của đoàn)"))
    return out + common.addressees_missing(settings) + common.settings_missing(settings)


def document(job: Job) -> Document:
    """The report, body from the unit's template."""
    s, trip = job.settings, job.trip
    return Document(
        letterhead=common.letterhead(job, INFO.doc_type),
        title="BÁO CÁO",
        subtitle=f"Kết quả chuyến công tác tại {', '.join(trip.countries)}",
        addressees=s.recipients,
        blocks=tuple(templates.render(job.template, templates.values(job), common.member_grid(trip))),
        recipients=common.RECIPIENTS,
        signature=common.signature(s),
        meta_title=f"Báo cáo kết quả chuyến công tác – {trip.title}",
        meta_author=s.issuing_unit,
    )
