"""Công văn xin phép đón đoàn vào: the request to receive a foreign delegation, guests in a table."""

from __future__ import annotations

from datetime import date

from desktop.i18n import N_, _
from desktop.printing import templates
from desktop.printing.forms import common
from desktop.printing.layout import Document
from desktop.printing.model import FormInfo, Job, PrintSettings, Trip

INFO = FormInfo("guest-request", N_("Công văn xin phép đón đoàn vào"), "CV", "inbound")
SUBJECT = "V/v xin phép đón đoàn khách nước ngoài vào làm việc"


def missing(settings: PrintSettings, trip: Trip, today: date) -> list[str]:
    """Dates, guests each with nationality and passport, purpose and partner."""
    out = common.trip_missing(trip)
    if not trip.purpose.strip():
        out.append(_("Chưa nhập mục đích, nội dung làm việc của đoàn"))
    if not trip.partner.strip():
        out.append(_("Chưa nhập đối tác / cơ quan đề nghị"))
    out += [_("Khách {name} chưa có quốc tịch").format(name=m.name) for m in trip.members if not m.nationality]
    out += common.passports_missing(trip)
    return out + common.addressees_missing(settings) + common.settings_missing(settings)


def document(job: Job) -> Document:
    """The công văn: no title; its subject ("V/v …") under the number."""
    s = job.settings
    return Document(
        letterhead=common.letterhead(job, INFO.doc_type, SUBJECT),
        title="",
        subtitle="",
        addressees=s.recipients,
        blocks=tuple(templates.render(job.template, templates.values(job), common.guest_grid(job.trip))),
        recipients=common.RECIPIENTS,
        signature=common.signature(s),
        meta_title=f"Công văn xin phép đón đoàn vào – {job.trip.title}",
        meta_author=s.issuing_unit,
    )
