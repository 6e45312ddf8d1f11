"""Demo foreign NGOs working in Đắk Lắk, dated from today so that R10, R11 and R12 all fire.

Written through NgoService, like a user would, so validation and the change log apply.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from desktop.domain.calendar import add_months
from desktop.domain.ngo_rules import report_due_date, report_year_in_view, reporting_period


@dataclass(frozen=True)
class DemoNgo:
    """One demo NGO and how its certificate stands today."""

    original: str
    vietnamese: str
    country: str
    sectors: tuple[str, ...]
    areas: tuple[str, ...]
    counterpart: str
    contacts: tuple[tuple[str, str, str], ...]  # name, title, nationality
    expires_in_days: int  # the current certificate's expiry, from today
    kind: str = "activity_registration"
    plan_notified: bool = True
    annual_reports: bool = True
    renewed: bool = False  # an older certificate replaced by the current one


NGOS = (
    DemoNgo("World Vision International", "Tổ chức Tầm nhìn Thế giới", "US",
            ("health", "education", "ethnic_minorities"), ("Huyện Ea Súp", "Huyện Buôn Đôn", "Huyện M'Đrắk"),
            "Hội Liên hiệp Phụ nữ tỉnh Đắk Lắk",
            (("Michael Johnson", "Giám đốc vùng Tây Nguyên", "US"), ("H'Luyến Niê", "Cán bộ chương trình", "VN")),
            expires_in_days=58),  # R10, 60-day alert
    DemoNgo("Good Neighbors International", "Tổ chức Láng giềng Tốt Quốc tế", "KR",
            ("education", "water_sanitation", "livelihoods"), ("Huyện Krông Bông", "Huyện Lắk"),
            "Sở Giáo dục và Đào tạo tỉnh Đắk Lắk",
            (("Kim Ji-hoon", "Trưởng văn phòng dự án", "KR"), ("Park Min-young", "Điều phối viên", "KR")),
            expires_in_days=24),  # R10, 30-day alert: red in the list
    DemoNgo("Plan International", "Tổ chức Plan Quốc tế", "GB",
            ("education", "social_welfare"), ("Huyện Krông Pắc", "Huyện Ea Kar"),
            "Tỉnh Đoàn Đắk Lắk", (("Sarah Thompson", "Giám đốc chương trình", "GB"),),
            expires_in_days=85),  # R10, 90-day alert
    DemoNgo("Oxfam", "Tổ chức Oxfam", "GB",
            ("livelihoods", "agriculture", "environment"), ("Huyện Cư M'gar", "Xã Ea Kiết"),
            "Liên minh Hợp tác xã tỉnh Đắk Lắk", (("James Wilson", "Quản lý dự án", "GB"),),
            expires_in_days=0, plan_notified=False),  # R11 overdue (expiry set from the issue date)
    DemoNgo("Habitat for Humanity International", "Tổ chức Nhà ở cho nhân loại Quốc tế", "US",
            ("social_welfare", "water_sanitation"), ("Thành phố Buôn Ma Thuột", "Huyện Cư Kuin"),
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đắk Lắk", (("Emily Davis", "Điều phối viên quốc gia", "US"),),
            expires_in_days=600, annual_reports=False),  # R12 overdue: last year's report missing
    DemoNgo("Korea Food for the Hungry International", "Tổ chức Lương thực cho người đói Hàn Quốc", "KR",
            ("agriculture", "livelihoods", "ethnic_minorities"), ("Huyện Krông Năng", "Huyện Ea H'leo"),
            "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk", (("Lee Seung-woo", "Trưởng đại diện", "KR"),),
            expires_in_days=-1, plan_notified=False),  # R11 reminder: a certificate issued last week
    DemoNgo("Medical Committee Netherlands-Vietnam", "Ủy ban Y tế Hà Lan - Việt Nam", "NL",
            ("health", "ethnic_minorities"), ("Huyện Krông Ana", "Thị xã Buôn Hồ"),
            "Sở Y tế tỉnh Đắk Lắk", (("Pieter de Vries", "Cố vấn kỹ thuật", "NL"),),
            expires_in_days=-20),  # R10 overdue: expired 20 days ago
    DemoNgo("Thrive Networks (East Meets West Foundation)", "Quỹ Đông Tây Hội ngộ", "US",
            ("water_sanitation", "health"), ("Huyện Buôn Đôn", "Huyện Ea Súp"),
            "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", (("Linda Nguyen", "Giám đốc quốc gia", "US"),),
            expires_in_days=900, kind="representative_office", renewed=True),  # quiet: renewed in time
)


def fill_ngos(services: Any, rng: random.Random) -> int:
    """Write the demo NGOs with certificates, contacts and reports; returns how many NGOs."""
    today = services.ctx.today()
    calendar = services.rules.calendar()
    config = services.rules.config()
    _upcoming, last_due_year = report_year_in_view(today, config)
    for spec in NGOS:
        ngo = services.ngos.save({
            "name_original": spec.original, "name_vi": spec.vietnamese, "country": spec.country,
            "sectors": list(spec.sectors), "areas": list(spec.areas), "vn_counterpart": spec.counterpart,
            "phone": f"+84 262 3{rng.randrange(100000, 999999)}", "email": _email(spec.original),
        })
        issued, expires = _dates(spec, today, calendar)
        if spec.renewed:
            old_issued = add_months(issued, -60)
            services.ngos.save_certificate(ngo.id, _certificate(spec, rng, old_issued, issued - timedelta(days=1)))
        services.ngos.save_certificate(ngo.id, _certificate(spec, rng, issued, expires))
        for name, title, nationality in spec.contacts:
            services.ngos.save_contact(ngo.id, {"full_name": name, "title": title, "nationality": nationality,
                                                "email": _contact_email(name, spec.original)})
        if spec.annual_reports:
            _reports(services, ngo.id, rng, add_months(issued, -60) if spec.renewed else issued, last_due_year,
                     config)
    return len(NGOS)


def _dates(spec: DemoNgo, today: date, calendar) -> tuple[date, date]:
    """Issue and expiry dates; the two R11 NGOs are dated from the working-day calendar."""
    years = 5 if spec.kind == "representative_office" else 3
    if spec.plan_notified:
        expires = today + timedelta(days=spec.expires_in_days)
        return add_months(expires, -12 * years) + timedelta(days=1), expires
    if spec.expires_in_days == 0:  # overdue: issued 60 working days ago
        issued = calendar.subtract_working_days(today, 60)
    else:  # reminder: issued 5 working days ago
        issued = calendar.subtract_working_days(today, 5)
    return issued, add_months(issued, 12 * years) - timedelta(days=1)


def _certificate(spec: DemoNgo, rng: random.Random, issued: date, expires: date) -> dict[str, Any]:
    notified = issued + timedelta(days=rng.randrange(20, 50)) if spec.plan_notified else None
    return {"kind": spec.kind, "number": f"{rng.randrange(10, 400)}/BNG-GĐK", "issued_on": issued,
            "expires_on": expires, "issuer": "Bộ Ngoại giao", "plan_notified_on": notified}


def _reports(services: Any, ngo_id: str, rng: random.Random, since: date, last_year: int, config) -> None:
    """A report received on time for each reporting year the NGO was active in, up to the last one due."""
    for year in range(max(since.year, last_year - 3), last_year + 1):
        if reporting_period(year)[1] < since:
            continue
        received = report_due_date(year, config) - timedelta(days=rng.randrange(0, 4))
        services.ngos.save_report(ngo_id, {"reporting_year": year, "received_on": received})


def _email(name: str) -> str:
    slug = "".join(ch for ch in name.lower() if ch.isalnum())[:16]
    return f"vietnam@{slug}.org"


def _contact_email(person: str, org: str) -> str:
    user = ".".join(part for part in person.lower().replace("'", "").replace("-", "").split() if part.isascii())
    return f"{user or 'lienhe'}@{''.join(ch for ch in org.lower() if ch.isalnum())[:16]}.org"
