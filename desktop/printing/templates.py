"""Body templates: plain UTF-8 text with `{placeholders}`, one paragraph a line.

A line that is only `{members_table}` becomes the member table; other lines are filled
in and become justified paragraphs (a value with several lines, like `{members}`, gives
several paragraphs). A line starting with a Roman numeral and a dot ("II. KẾT QUẢ") is a
bold heading. `{{` and `}}` print braces. Anything else in braces is refused, naming it.
"""

from __future__ import annotations

import re
from string import Formatter

from desktop.config import resources_dir
from desktop.domain.text import nfc
from desktop.domain.validation import ENUM_LABELS
from desktop.errors import FieldProblem, ValidationError
from desktop.i18n import N_, _, format_date
from desktop.printing.layout import Grid, Para
from desktop.printing.model import Job, Member, Trip

TABLE = "members_table"

# Every placeholder a body template may use, with what it prints (shown in Settings).
PLACEHOLDERS: dict[str, str] = {
    "title": N_("Tên đoàn"),
    "kind": N_("Hình thức (công tác, làm việc; xúc tiến, quảng bá …)"),
    "purpose": N_("Mục đích, nội dung chuyến đi"),
    "countries": N_("Các nước đến / nước của đoàn khách, tên tiếng Việt"),
    "partner": N_("Đối tác, cơ quan mời"),
    "start_date": N_("Ngày đi / ngày đoàn đến (dd/mm/yyyy)"),
    "end_date": N_("Ngày về / ngày đoàn rời (dd/mm/yyyy)"),
    "days": N_("Số ngày, kể cả ngày đi và ngày về"),
    "year": N_("Năm của chuyến đi"),
    "member_count": N_("Số thành viên đoàn"),
    "members": N_("Danh sách thành viên, mỗi người một dòng: họ tên, chức vụ, vai trò"),
    "head": N_("Trưởng đoàn: họ tên và chức vụ"),
    "nationalities": N_("Quốc tịch của các thành viên đoàn (đoàn vào)"),
    TABLE: N_("Bảng thành viên đoàn (đứng riêng một dòng)"),
    "funding": N_("Nguồn kinh phí"),
    "cost_estimate": N_("Dự toán kinh phí, bằng đồng"),
    "plan_status": N_("Trong / ngoài kế hoạch hoạt động đối ngoại năm"),
    "decision": N_("Văn bản cho phép: số, ngày, cơ quan quyết định"),
    "decision_number": N_("Số quyết định cho phép"),
    "decision_date": N_("Ngày quyết định cho phép"),
    "decision_authority": N_("Cơ quan quyết định"),
    "results": N_("Kết quả chuyến công tác (ô «Ghi chú» của đoàn)"),
    "notes": N_("Ghi chú của đoàn"),
    "issuer": N_("Cơ quan ban hành, viết trong câu: UBND thành phố …"),
    "addressee": N_("Nơi được kính gửi (người nhận đầu tiên trong Cài đặt)"),
    "managing_body": N_("Cơ quan chủ quản (đầu văn bản)"),
    "issuing_unit": N_("Cơ quan ban hành (đầu văn bản)"),
    "place": N_("Địa danh"),
    "signer_title": N_("Chức vụ người ký"),
    "signer_name": N_("Họ tên người ký"),
    "document_number": N_("Số, ký hiệu văn bản (để trống khi chưa ký)"),
    "document_date": N_("Ngày ký văn bản (để trống khi chưa ký)"),
}

_HEADING = re.compile(r"^[IVXLC]+\.\s")


def default_template(form: str) -> str:
    """The shipped body of `form` (resources/templates/<form>.txt)."""
    return (resources_dir() / "templates" / f"{form}.txt").read_text(encoding="utf-8")


def check(text: str, known: dict[str, str] | None = None) -> None:
    """Raise ValidationError naming every unknown or misplaced placeholder in `text`.

    `known`: the placeholders of a form that has its own (the conference plan); default PLACEHOLDERS.
    """
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        problems += [FieldProblem("template", p) for p in _line_problems(line, number, known or PLACEHOLDERS)]
    if problems:
        raise ValidationError(problems)


def _line_problems(line: str, number: int, known: dict[str, str]) -> list[str]:
    try:
        parts = list(Formatter().parse(line))
    except ValueError:
        return [_("Dòng {n}: dấu ngoặc {{ }} không khớp (muốn in dấu ngoặc, hãy gõ {{{{ hoặc }}}}).")
                .format(n=number)]
    problems = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in known or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            problems.append(_("Dòng {n}: không có chỗ điền {name}. Các chỗ điền dùng được: {known}.")
                            .format(n=number, name=shown, known=", ".join("{" + k + "}" for k in known)))
        elif name == TABLE and line.strip() != "{" + TABLE + "}":
            problems.append(_("Dòng {n}: {{{name}}} phải đứng riêng một dòng.").format(n=number, name=TABLE))
    return problems


def render(text: str, values: dict[str, str], table: Grid | None,
           known: dict[str, str] | None = None) -> list[Para | Grid]:
    """The body blocks of `text` with `values` filled in (checked first against `known`)."""
    check(text, known)
    blocks: list[Para | Grid] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.strip() == "{" + TABLE + "}":
            if table is not None:
                blocks.append(table)
            continue
        filled = "".join(literal + (values.get(name, "") if name else "")
                         for literal, name, _spec, _conv in Formatter().parse(line))
        blocks += [Para(p, "heading" if _HEADING.match(p) else "body")
                   for p in (nfc(x) for x in filled.splitlines()) if p]
    return blocks


# --- the values --------------------------------------------------------------------------


def values(job: Job) -> dict[str, str]:
    """Every placeholder's text for one job (the table placeholder is drawn, not filled)."""
    trip, settings = job.trip, job.settings
    number = job.number
    return {
        "title": trip.title, "kind": label("kind", trip.kind), "purpose": _clause(trip.purpose),
        "countries": ", ".join(trip.countries), "partner": _clause(trip.partner),
        "start_date": format_date(trip.start_date), "end_date": format_date(trip.end_date),
        "days": str(trip_days(trip) or ""), "year": str(_year(job)),
        "member_count": str(len(trip.members)), "members": member_lines(trip),
        "head": head_of(trip), "nationalities": ", ".join(_unique(m.nationality for m in trip.members)),
        TABLE: "", "funding": label("funding", trip.funding) or "chưa xác định", "cost_estimate": money(trip.cost_estimate_vnd),
        "plan_status": plan_status(trip, _year(job)), "decision": decision(trip),
        "decision_number": trip.decision_number, "decision_date": format_date(trip.decision_date),
        "decision_authority": trip.decision_authority, "results": (trip.notes or "").strip(),
        "notes": (trip.notes or "").strip(), "issuer": job.issuer,
        "addressee": settings.recipients[0] if settings.recipients else "",
        "managing_body": settings.managing_body, "issuing_unit": settings.issuing_unit,
        "place": settings.place, "signer_title": settings.signer_title, "signer_name": settings.signer_name,
        "document_number": number.symbol or "", "document_date": format_date(number.issued_on),
    }


def label(enum: str, code: str | None) -> str:
    """The Vietnamese label of an enum value, as documents print it (never translated)."""
    return ENUM_LABELS[enum].get(code or "", code or "")


def _clause(text: str) -> str:
    """A value set inside a sentence: the template brings the closing punctuation."""
    return (text or "").strip().rstrip(".;,: ")


def _year(job: Job) -> int:
    return job.trip.start_date.year if job.trip.start_date else job.today.year


def _unique(items) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def trip_days(trip: Trip) -> int | None:
    """Days of the trip, the departure and return days included."""
    if trip.start_date is None or trip.end_date is None:
        return None
    return (trip.end_date - trip.start_date).days + 1


def money(amount: int | None) -> str:
    """'1.250.000.000 đồng' as documents write amounts; 'chưa xác định' without one."""
    if amount is None:
        return "chưa xác định"
    from babel.numbers import format_decimal

    return f"{format_decimal(amount, locale='vi_VN')} đồng"


def plan_status(trip: Trip, year: int) -> str:
    """ "trong Kế hoạch hoạt động đối ngoại năm 2026" or "ngoài …"."""
    where = "trong" if trip.in_annual_plan else "ngoài"
    return f"{where} Kế hoạch hoạt động đối ngoại năm {year}"


def decision(trip: Trip) -> str:
    """ "Quyết định số 12/QĐ-UBND ngày 01/06/2026 của UBND tỉnh Đắk Lắk" as far as it is known."""
    if not trip.decision_number:
        return "văn bản cho phép của cấp có thẩm quyền"
    text = f"Quyết định số {trip.decision_number}"
    if trip.decision_date:
        text += f" ngày {format_date(trip.decision_date)}"
    if trip.decision_authority:
        text += f" của {trip.decision_authority}"
    return text


def member_phrase(m: Member) -> str:
    """ "Ông Nguyễn Văn Hùng, Phó Chủ tịch UBND – Trưởng đoàn" (guests: title, organisation, country)."""
    name = f"{m.honorific} {m.name}" if m.honorific else m.name
    details = [d for d in (m.position, m.unit if m.nationality else "") if d]
    text = ", ".join([name, *details])
    if m.nationality:
        text += f" ({m.nationality})"
    role = label("role", m.role)
    return f"{text} – {role}" if role else text


def member_lines(trip: Trip) -> str:
    """One "- …;" line per member, the last ending with a full stop."""
    lines = [member_phrase(m) for m in trip.members]
    return "\n".join(f"- {line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines))


def head_of(trip: Trip) -> str:
    """The head of the delegation (or its first member) as a sentence names them."""
    if not trip.members:
        return ""
    head = next((m for m in trip.members if m.role == "head"), trip.members[0])
    name = f"{head.honorific.lower()} {head.name}" if head.honorific else head.name
    return f"{name}, {head.position}" if head.position else name
