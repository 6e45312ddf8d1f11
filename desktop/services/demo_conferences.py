"""Demo conferences (dates relative to today) so that every case of rule R3 shows at least once."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from desktop.domain.validation import ENUMS

TOPICS = ENUMS["sensitive_topic"]
PLACES = ("Khách sạn Sài Gòn – Ban Mê, TP. Buôn Ma Thuột", "Trung tâm Hội nghị tỉnh Đắk Lắk",
          "Bảo tàng Thế giới Cà phê, TP. Buôn Ma Thuột", "Trường Đại học Tây Nguyên")
ORGANISERS = ("UBND thành phố Buôn Ma Thuột", "Sở Công Thương tỉnh Đắk Lắk", "Trường Đại học Tây Nguyên",
              "Hiệp hội Cà phê Buôn Ma Thuột")
TITLES = ("Hội thảo quốc tế phát triển bền vững ngành cà phê Tây Nguyên",
          "Hội nghị xúc tiến đầu tư nông nghiệp công nghệ cao Đắk Lắk – Hàn Quốc",
          "Hội thảo khoa học quốc tế về bảo tồn văn hóa cồng chiêng Tây Nguyên",
          "Diễn đàn hợp tác du lịch các địa phương Việt Nam – Lào – Campuchia",
          "Hội thảo chia sẻ kinh nghiệm phòng chống thiên tai với tổ chức phi chính phủ nước ngoài",
          "Hội nghị kết nối doanh nghiệp sầu riêng Đắk Lắk với nhà nhập khẩu Trung Quốc")
WORKFLOW = ("draft", "submitted", "approved", "completed")
COUNTRIES = (["KR"], ["JP", "KR"], ["FR", "DE"], ["LA", "KH"], ["US", "AU"], ["CN"])


def fill_conferences(services, rng: random.Random) -> int:
    """Write demo conferences through the service; returns how many were written."""
    today = services.ctx.today()
    day = timedelta(days=1)
    cases: list[dict[str, Any]] = [
        # draft, deadline within the reminder window (R3 reminder)
        {"start_date": today + 35 * day, "status": "draft"},
        # draft whose deadline passed (R3 warning), Prime-Minister level: a religion topic
        {"start_date": today + 25 * day, "status": "draft", "sensitive_topics": ["religion"]},
        # submitted after the deadline (R3 warning, late)
        {"start_date": today + 20 * day, "status": "submitted", "submitted_on": today - 2 * day},
        # approved in time, ministerial guests (Prime Minister)
        {"start_date": today + 60 * day, "status": "approved", "submitted_on": today - 5 * day,
         "ministerial_guests": True, "decision_number": "125/QĐ-TTg", "decision_date": today - day,
         "decision_authority": "Thủ tướng Chính phủ"},
        # held last year, report sent
        {"start_date": today - 200 * day, "status": "completed", "submitted_on": today - 260 * day,
         "report_received_on": today - 190 * day, "decision_number": "1850/QĐ-UBND",
         "decision_date": today - 240 * day, "decision_authority": "UBND tỉnh Đắk Lắk"},
        # held the year before, for the yearly report: filed in time, report sent
        {"start_date": date(today.year - 1, 11, 20), "status": "completed",
         "submitted_on": date(today.year - 1, 9, 25), "report_received_on": date(today.year - 1, 12, 5),
         "decision_number": "2310/QĐ-UBND", "decision_date": date(today.year - 1, 10, 20),
         "decision_authority": "UBND tỉnh Đắk Lắk"},
        # a draft far ahead: nothing due yet
        {"start_date": today + 150 * day, "status": "draft"},
    ]
    for i, case in enumerate(cases):
        _walk(services, _conference(rng, i, case))
    return len(cases)


def _walk(services, data: dict[str, Any]) -> None:
    """Save as a draft, then move along the workflow to the wanted status (as an officer would)."""
    target = data["status"]
    detail = services.conferences.save({**data, "status": "draft"})
    for status in WORKFLOW[: WORKFLOW.index(target) + 1][1:]:
        detail = services.conferences.save({**data, "status": status}, detail.id, detail.version)


def _conference(rng: random.Random, i: int, case: dict[str, Any]) -> dict[str, Any]:
    start = case["start_date"]
    state_funded = rng.random() < 0.5
    return {
        "title": TITLES[i % len(TITLES)], "purpose": "Trao đổi kinh nghiệm, kết nối hợp tác và quảng bá hình ảnh Đắk Lắk",
        "end_date": start + timedelta(days=rng.randint(0, 2)), "place": rng.choice(PLACES),
        "organiser": rng.choice(ORGANISERS), "mode": rng.choice(ENUMS["conference_mode"]),
        "foreign_participants": rng.randint(5, 60), "participant_countries": COUNTRIES[i % len(COUNTRIES)],
        "funding": "state_budget" if state_funded else "mixed",
        "foreign_sponsor": None if state_funded else "Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)",
        "cost_estimate_vnd": rng.randint(10, 80) * 10_000_000, "in_annual_plan": rng.random() < 0.7,
        **case,
    }
