"""Danh sách thành viên đoàn: a landscape table that flows over pages, its header repeated."""

from __future__ import annotations

from datetime import date

from desktop.i18n import N_
from desktop.printing import templates
from desktop.printing.forms import common
from desktop.printing.layout import Document
from desktop.printing.model import FormInfo, Job, PrintSettings, Trip

INFO = FormInfo("member-list", N_("Danh sách thành viên đoàn"), "DS", None)


def missing(settings: PrintSettings, trip: Trip, today: date) -> list[str]:
    """Dates, members, and — for foreign guests — every passport number.

    An official's passport for the trip (hộ chiếu công vụ) is issued on the strength of the
    decision that sends him (Law on Exit and Entry of Vietnamese Citizens 2019, art. 15), so an
    outbound list prints before it exists: its cell reads "Đề nghị cấp" (`common.member_grid`).
    """
    passports = common.passports_missing(trip) if trip.direction == "inbound" else []
    return common.trip_missing(trip) + passports + common.settings_missing(settings)


def members_of(title: str) -> str:
    """ "Thành viên đoàn công tác …" from "Đoàn công tác …" (not "đoàn Đoàn …")."""
    if title[:5].lower() == "đoàn ":
        return f"Thành viên đoàn {title[5:]}"
    return f"Thành viên đoàn {title}"


def document(job: Job) -> Document:
    """The list, landscape; signed, with no addressees and no "Nơi nhận:"."""
    s = job.settings
    return Document(
        letterhead=common.letterhead(job, INFO.doc_type),
        title="DANH SÁCH",
        subtitle=members_of(job.trip.title),
        addressees=(),
        blocks=tuple(templates.render(job.template, templates.values(job), common.member_grid(job.trip))),
        recipients=None,
        signature=common.signature(s),
        landscape=True,
        meta_title=f"Danh sách thành viên đoàn – {job.trip.title}",
        meta_author=s.issuing_unit,
    )
