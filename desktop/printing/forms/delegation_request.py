"""Tờ trình xin phép cử đoàn ra: the request to send an outbound delegation."""

from __future__ import annotations

from datetime import date

from desktop.i18n import N_, _
from desktop.printing import templates
from desktop.printing.forms import common
from desktop.printing.layout import Document
from desktop.printing.model import FormInfo, Job, PrintSettings, Trip

INFO = FormInfo("delegation-request", N_("Tờ trình xin phép cử đoàn ra"), "TTr", "outbound")


def missing(settings: PrintSettings, trip: Trip, today: date) -> list[str]:
    """Dates, members, destination, purpose, partner, funding, and a cost estimate when state-funded."""
    out = common.trip_missing(trip)
    if not trip.countries:
        out.append(_("Chưa chọn nước đến"))
    if not trip.purpose.strip():
        out.append(_("Chưa nhập mục đích chuyến đi"))
    if not trip.partner.strip():
        out.append(_("Chưa nhập đối tác / cơ quan mời"))
    if not trip.funding:
        out.append(_("Chưa chọn nguồn kinh phí"))
    elif trip.funding == "state_budget" and trip.cost_estimate_vnd is None:
        out.append(_("Chưa nhập dự toán kinh phí (đoàn đi bằng ngân sách nhà nước)"))
    return out + common.addressees_missing(settings) + common.settings_missing(settings)


def document(job: Job) -> Document:
    """The Tờ trình, body from the unit's template."""
    s = job.settings
    return Document(
        letterhead=common.letterhead(job, INFO.doc_type),
        title="TỜ TRÌNH",
        subtitle="Về việc xin phép cử đoàn đi công tác nước ngoài",
        addressees=s.recipients,
        blocks=tuple(templates.render(job.template, templates.values(job), common.member_grid(job.trip))),
        recipients=common.RECIPIENTS,
        signature=common.signature(s),
        meta_title=f"Tờ trình xin phép cử đoàn đi công tác nước ngoài – {job.trip.title}",
        meta_author=s.issuing_unit,
    )
