"""Đề án tổ chức hội nghị, hội thảo quốc tế: Form 01 of Decision 06/2020/QĐ-TTg.

The plan goes with the request dossier: name, time and place, form, purpose, content,
organiser and partners, Vietnamese and foreign participants (numbers, countries), funding
source and estimate, and which level must approve it (the Prime Minister or the provincial
chair). The body comes from resources/templates/conference-plan.txt, with its own placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.i18n import N_, _, format_date
from desktop.printing import templates
from desktop.printing.forms import common
from desktop.printing.layout import Document
from desktop.printing.model import FormInfo, Job, PrintSettings

INFO = FormInfo("conference-plan", N_("Đề án tổ chức hội nghị, hội thảo quốc tế"), "ĐA", None,
                entity="conference")


@dataclass(frozen=True)
class ConferencePlan:
    """A conference as the plan prints it: text already in Vietnamese, dates as dates."""

    title: str
    purpose: str = ""
    start_date: date | None = None
    end_date: date | None = None
    place: str = ""
    organiser: str = ""
    mode: str = "offline"
    foreign_participants: int | None = None
    countries: tuple[str, ...] = ()  # Vietnamese names
    ministerial_guests: bool = False
    sensitive_topics: tuple[str, ...] = ()  # enum values
    pm_approval: bool = False
    funding: str = ""
    foreign_sponsor: str = ""
    cost_estimate_vnd: int | None = None
    in_annual_plan: bool = False
    status: str = "draft"
    decision_number: str = ""
    decision_date: date | None = None
    decision_authority: str = ""
    notes: str = ""
    direction: str = "conference"  # read by the registry's direction check (no direction applies)


# Every placeholder the plan's body may use, with what it prints (shown in Settings).
PLACEHOLDERS: dict[str, str] = {
    "title": N_("Tên hội nghị, hội thảo"),
    "start_date": N_("Ngày bắt đầu (dd/mm/yyyy)"),
    "end_date": N_("Ngày kết thúc (dd/mm/yyyy)"),
    "period": N_("Thời gian: «ngày …» hoặc «từ ngày … đến ngày …»"),
    "days": N_("Số ngày tổ chức"),
    "place": N_("Địa điểm tổ chức"),
    "mode": N_("Hình thức tổ chức (trực tiếp, trực tuyến …)"),
    "purpose": N_("Mục đích, nội dung hội nghị"),
    "organiser": N_("Cơ quan tổ chức"),
    "foreign_participants": N_("Số đại biểu nước ngoài"),
    "countries": N_("Quốc gia của đại biểu nước ngoài, tên tiếng Việt"),
    "sponsor": N_("Nhà tài trợ nước ngoài"),
    "funding": N_("Nguồn kinh phí"),
    "cost_estimate": N_("Dự toán kinh phí, bằng đồng"),
    "approval": N_("Cấp cho phép tổ chức (Thủ tướng Chính phủ hoặc Chủ tịch UBND tỉnh) và lý do"),
    "plan_status": N_("Trong / ngoài kế hoạch hoạt động đối ngoại năm"),
    "notes": N_("Ghi chú"),
    "year": N_("Năm tổ chức"),
    "issuer": N_("Cơ quan ban hành, viết trong câu: UBND thành phố …"),
    "addressee": N_("Nơi được kính gửi (người nhận đầu tiên trong Cài đặt)"),
    "place_name": N_("Địa danh"),
    "signer_title": N_("Chức vụ người ký"),
    "signer_name": N_("Họ tên người ký"),
    "document_number": N_("Số, ký hiệu văn bản (để trống khi chưa ký)"),
    "document_date": N_("Ngày ký văn bản (để trống khi chưa ký)"),
}


def missing(settings: PrintSettings, plan: ConferencePlan, today: date) -> list[str]:
    """Dates in order, place, purpose, organiser, funding, and the print settings."""
    out = []
    if plan.start_date is None or plan.end_date is None:
        out.append(_("Chưa nhập ngày bắt đầu / ngày kết thúc"))
    elif plan.end_date < plan.start_date:
        out.append(_("Ngày kết thúc trước ngày bắt đầu: hãy sửa lại"))
    checks = ((plan.place, _("Chưa nhập địa điểm tổ chức")),
              (plan.purpose, _("Chưa nhập mục đích, nội dung hội nghị")),
              (plan.organiser, _("Chưa nhập cơ quan tổ chức")),
              (plan.funding, _("Chưa chọn nguồn kinh phí")))
    out += [message for value, message in checks if not (value or "").strip()]
    if plan.funding == "state_budget" and plan.cost_estimate_vnd is None:
        out.append(_("Chưa nhập dự toán kinh phí (hội nghị dùng ngân sách nhà nước)"))
    return out + common.settings_missing(settings)


def values(job: Job) -> dict[str, str]:
    """Every placeholder's text for the plan of one conference."""
    plan: ConferencePlan = job.trip  # the conference rides in the job's record slot
    settings, number = job.settings, job.number
    year = plan.start_date.year if plan.start_date else job.today.year
    return {
        "title": plan.title, "start_date": format_date(plan.start_date), "end_date": format_date(plan.end_date),
        "period": period(plan), "days": str(days(plan) or ""), "place": _clause(plan.place),
        "mode": templates.label("conference_mode", plan.mode).lower(), "purpose": _clause(plan.purpose),
        "organiser": _clause(plan.organiser),
        "foreign_participants": "chưa xác định" if plan.foreign_participants is None else str(plan.foreign_participants),
        "countries": ", ".join(plan.countries) or "chưa xác định",
        "sponsor": _clause(plan.foreign_sponsor) or "không có",
        "funding": templates.label("funding", plan.funding) or "chưa xác định",
        "cost_estimate": templates.money(plan.cost_estimate_vnd), "approval": approval(plan),
        "plan_status": f"{'trong' if plan.in_annual_plan else 'ngoài'} Kế hoạch hoạt động đối ngoại năm {year}",
        "notes": (plan.notes or "").strip(), "year": str(year), "issuer": job.issuer,
        "addressee": settings.recipients[0] if settings.recipients else "", "place_name": settings.place,
        "signer_title": settings.signer_title, "signer_name": settings.signer_name,
        "document_number": number.symbol or "", "document_date": format_date(number.issued_on),
    }


def period(plan: ConferencePlan) -> str:
    """ "ngày 05/03/2026" or "từ ngày 05/03/2026 đến ngày 06/03/2026"."""
    if plan.end_date is None or plan.end_date == plan.start_date:
        return f"ngày {format_date(plan.start_date)}"
    return f"từ ngày {format_date(plan.start_date)} đến ngày {format_date(plan.end_date)}"


def days(plan: ConferencePlan) -> int | None:
    """Days of the conference, both ends included."""
    if plan.start_date is None or plan.end_date is None:
        return None
    return (plan.end_date - plan.start_date).days + 1


def approval(plan: ConferencePlan) -> str:
    """Which level approves under Decision 06/2020, and why the Prime Minister when he does."""
    if not plan.pm_approval:
        return "thuộc thẩm quyền cho phép của Chủ tịch Ủy ban nhân dân tỉnh"
    reasons = []
    if plan.ministerial_guests:
        reasons.append("có đại biểu nước ngoài cấp Bộ trưởng trở lên")
    topics = [templates.label("sensitive_topic", t).lower() for t in plan.sensitive_topics]
    if topics:
        reasons.append("có nội dung liên quan đến " + ", ".join(topics))
    return "thuộc thẩm quyền cho phép của Thủ tướng Chính phủ (" + "; ".join(reasons) + ")"


def _clause(text: str) -> str:
    return (text or "").strip().rstrip(".;,: ")


def document(job: Job) -> Document:
    """The plan, body from the unit's template."""
    s, plan = job.settings, job.trip
    return Document(
        letterhead=common.letterhead(job, INFO.doc_type),
        title="ĐỀ ÁN",
        subtitle=f"Tổ chức {plan.title[:1].lower()}{plan.title[1:]}",
        addressees=(),
        blocks=tuple(templates.render(job.template, values(job), None, PLACEHOLDERS)),
        recipients=common.RECIPIENTS,
        signature=common.signature(s),
        meta_title=f"Đề án tổ chức hội nghị, hội thảo quốc tế – {plan.title}",
        meta_author=s.issuing_unit,
    )
