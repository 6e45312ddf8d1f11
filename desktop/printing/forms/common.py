"""What every form shares: the letterhead, the signature, "Nơi nhận:", the common checks."""

from __future__ import annotations

from desktop.i18n import _, format_document_date
from desktop.printing.layout import Grid, Letterhead, Signature
from desktop.printing.model import Job, PrintSettings, Trip
from desktop.printing.templates import label, trip_days

BLANK_NUMBER = " " * 8  # the space left for the number until the document is signed
BLANK_DAY = " " * 5
PASSPORT_REQUESTED = "Đề nghị cấp"  # printed in Vietnamese whatever the UI language, like the rest of the form


def letterhead(job: Job, doc_type: str, subject: str = "") -> Letterhead:
    """The header of `job` with its number and date, or blanks while it is unsigned."""
    s, number = job.settings, job.number
    symbol = number.symbol or f"{BLANK_NUMBER}/{doc_type}-{s.unit_abbrev}".rstrip("-")
    return Letterhead(s.managing_body, s.issuing_unit, f"Số: {symbol}", place_date(job), subject)


def place_date(job: Job) -> str:
    """ "Buôn Ma Thuột, ngày 05 tháng 02 năm 2026"; day and month left blank while unsigned."""
    issued = job.number.issued_on if job.number.symbol else None
    if issued is not None:
        when = format_document_date(issued)
    else:
        when = f"ngày{BLANK_DAY}tháng{BLANK_DAY}năm {job.today.year}"
    return f"{job.settings.place}, {when}"


def signature(settings: PrintSettings) -> Signature:
    """ "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" / name (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH likewise)."""
    first = " ".join(p for p in (settings.signer_authority, settings.signer_body) if p)
    return Signature(tuple(x for x in (first, settings.signer_title) if x), settings.signer_name)


# "Nơi nhận:": the addressees ("Như trên"), then the office's file copy.
RECIPIENTS = ("- Như trên;", "- Lưu: VT.")


def settings_missing(settings: PrintSettings) -> list[str]:
    """What Settings › In ấn still lacks for any form."""
    checks = (
        (settings.issuing_unit, _("Chưa đặt tên cơ quan ban hành (Cài đặt › In ấn)")),
        (settings.place, _("Chưa đặt địa danh ghi trên văn bản (Cài đặt › In ấn)")),
        (settings.signer_title, _("Chưa đặt chức vụ người ký (Cài đặt › In ấn)")),
        (settings.signer_name, _("Chưa đặt họ tên người ký (Cài đặt › In ấn)")),
    )
    return [message for value, message in checks if not (value or "").strip()]


def trip_missing(trip: Trip) -> list[str]:
    """Dates and members, which every form prints."""
    out = []
    if trip.start_date is None or trip.end_date is None:
        out.append(_("Chưa nhập ngày đi / ngày về"))
    elif (trip_days(trip) or 0) < 1:
        out.append(_("Ngày về trước ngày đi: hãy sửa lại ngày đi / ngày về"))
    if not trip.members:
        out.append(_("Chưa có thành viên trong đoàn"))
    return out


def addressees_missing(settings: PrintSettings) -> list[str]:
    """A form with "Kính gửi:" needs at least one addressee."""
    if any((r or "").strip() for r in settings.recipients):
        return []
    return [_("Chưa đặt nơi nhận văn bản (Kính gửi) (Cài đặt › In ấn)")]


def member_grid(trip: Trip) -> Grid:
    """The landscape member list: STT, name, position, unit, role, passport, notes."""
    rows = tuple((str(i), m.name, m.position, m.unit, label("role", m.role), _passport(trip, m), _note(m))
                 for i, m in enumerate(trip.members, start=1))
    return Grid(("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Vai trò trong đoàn", "Số hộ chiếu", "Ghi chú"),
                (12, 50, 46, 50, 30, 30, 34), rows, frozenset({0, 5}))


def guest_grid(trip: Trip) -> Grid:
    """The guests of an inbound delegation: name, title, organisation, nationality, passport."""
    rows = tuple((str(i), m.name, m.position, m.unit, m.nationality, m.passport)
                 for i, m in enumerate(trip.members, start=1))
    return Grid(("STT", "Họ và tên", "Chức danh", "Cơ quan, tổ chức", "Quốc tịch", "Số hộ chiếu"),
                (12, 40, 31, 38, 21, 25), rows, frozenset({0, 4, 5}))


def _passport(trip: Trip, m) -> str:
    """The number; an officer travelling abroad without one yet is proposed for one."""
    if (m.passport or "").strip() or trip.direction != "outbound":
        return m.passport
    return PASSPORT_REQUESTED


def _note(m) -> str:
    parts = [f"Quốc tịch: {m.nationality}" if m.nationality else "", m.note]
    return "; ".join(p for p in parts if p)


def passports_missing(trip: Trip) -> list[str]:
    """One line per member without a passport number."""
    return [_("Thành viên {name} chưa có số hộ chiếu").format(name=m.name) for m in trip.members
            if not (m.passport or "").strip()]
