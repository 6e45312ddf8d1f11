"""Demo aid programmes and projects in Đắk Lắk: clean water for Ê Đê villages, coffee livelihoods, a
kindergarten for ethnic-minority children … with disbursements, and dates relative to today so that
R13 shows a reminder (approved 5½ months ago, not started) and an overdue lapse (7 months ago), and
both decrees appear (one approved before 08/12/2025, one after)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from desktop.domain.aid_rules import DEFAULT_SWITCH
from desktop.domain.calendar import add_months

DAY = timedelta(days=1)
PROVINCE = "Chủ tịch UBND tỉnh Đắk Lắk"


def fill_aid(services: Any, rng: random.Random) -> int:
    """Write the demo projects and their disbursements through the service; returns how many projects."""
    today = services.ctx.today()
    written = 0
    for spec in _projects(today, rng):
        donor = spec.pop("donor")
        payments = spec.pop("payments")
        saved = services.aid.save({**spec, **_donor(services, donor)})
        for start, end, share in payments:
            if start > today or (spec.get("approval_date") and start < spec["approval_date"]):
                continue
            amount = round(spec["value_vnd"] * share, -6)
            original = round(spec["value_original"] * share) if spec.get("value_original") else None
            services.aid.save_disbursement(saved.id, {"period_start": start, "period_end": min(end, today),
                                                      "amount_vnd": int(amount), "amount_original": original})
        written += 1
    return written


def _donor(services: Any, name: str) -> dict[str, Any]:
    """The NGO of the register with that original name, else the name as free text."""
    for choice in services.aid.donor_choices(name, limit=5):
        if choice.name_original == name:
            return {"donor_ngo_id": choice.id, "donor_name": choice.name}
    return {"donor_ngo_id": None, "donor_name": name}


def _number(rng: random.Random) -> str:
    return f"{rng.randrange(120, 3400)}/QĐ-UBND"


def _projects(today: date, rng: random.Random) -> list[dict[str, Any]]:
    water_approved = min(date(2025, 6, 16), today - 200 * DAY)             # Decree 80/2020
    coffee_approved = max(today - 40 * DAY, DEFAULT_SWITCH + 7 * DAY)      # Decree 313/2025
    coffee_approved = min(coffee_approved, today)
    school_approved = add_months(today, -5) - 15 * DAY                      # R13 reminder
    health_approved = add_months(today, -7)                                 # R13 overdue
    equipment_approved = min(today - 300 * DAY, date(2025, 3, 20))
    return [
        {
            "title": "Cấp nước sạch sinh hoạt cho các buôn đồng bào Ê Đê xã Ea Tu",
            "donor": "Thrive Networks (East Meets West Foundation)", "form": "project", "aid_type": "investment",
            "sector": "water_sanitation", "location": "Xã Ea Tu, TP. Buôn Ma Thuột",
            "currency": "USD", "value_original": 185_000, "value_vnd": 4_625_000_000,
            "counterpart_vnd": 460_000_000, "managing_agency": "UBND TP. Buôn Ma Thuột",
            "aid_holder": "Ban Quản lý dự án đầu tư xây dựng TP. Buôn Ma Thuột",
            "approval_number": _number(rng), "approval_date": water_approved, "approval_authority": PROVINCE,
            "start_date": water_approved + 45 * DAY, "end_date": add_months(water_approved, 18),
            "status": "in_progress",
            "notes": "Giếng khoan và bể chứa cho buôn Ko Tam, buôn Kram; đồng bào góp ngày công.",
            "payments": [(water_approved + 45 * DAY, water_approved + 135 * DAY, 0.3),
                         (water_approved + 136 * DAY, water_approved + 226 * DAY, 0.25),
                         (water_approved + 227 * DAY, water_approved + 317 * DAY, 0.2)],
        },
        {
            "title": "Sinh kế bền vững từ cà phê cho hộ nghèo đồng bào M'nông",
            "donor": "Oxfam", "form": "programme", "aid_type": "technical_assistance", "sector": "livelihoods",
            "location": "Xã Ea Kiết, huyện Cư M'gar", "currency": "EUR", "value_original": 60_000,
            "value_vnd": 1_680_000_000, "counterpart_vnd": 120_000_000,
            "managing_agency": "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk",
            "aid_holder": "Liên minh Hợp tác xã tỉnh Đắk Lắk", "approval_number": _number(rng),
            "approval_date": coffee_approved, "approval_authority": PROVINCE,
            "start_date": min(coffee_approved + 10 * DAY, today), "end_date": add_months(coffee_approved, 24),
            "status": "in_progress",
            "notes": "Tập huấn canh tác cà phê bền vững, tái canh, chứng nhận 4C cho 300 hộ.",
            "payments": [(min(coffee_approved + 10 * DAY, today), add_months(coffee_approved, 3), 0.2)],
        },
        {
            "title": "Xây dựng trường mẫu giáo cho trẻ em dân tộc thiểu số buôn Đrai",
            "donor": "Good Neighbors International", "form": "project", "aid_type": "investment",
            "sector": "education", "location": "Xã Yang Mao, huyện Krông Bông", "currency": "KRW",
            "value_original": 310_000_000, "value_vnd": 5_890_000_000, "counterpart_vnd": 600_000_000,
            "managing_agency": "UBND huyện Krông Bông", "aid_holder": "Phòng Giáo dục và Đào tạo huyện Krông Bông",
            "approval_number": _number(rng), "approval_date": school_approved, "approval_authority": PROVINCE,
            "status": "approved", "notes": "Chờ giải phóng mặt bằng; nhà tài trợ hỏi ngày khởi công.",
            "payments": [],
        },
        {
            "title": "Chăm sóc sức khỏe bà mẹ và trẻ em vùng đồng bào Jrai, Ê Đê",
            "donor": "World Vision International", "form": "project", "aid_type": "technical_assistance",
            "sector": "health", "location": "Huyện Ea Súp", "currency": "USD", "value_original": 95_000,
            "value_vnd": 2_375_000_000, "counterpart_vnd": 0, "managing_agency": "Sở Y tế tỉnh Đắk Lắk",
            "aid_holder": "Trung tâm Y tế huyện Ea Súp", "approval_number": _number(rng),
            "approval_date": health_approved, "approval_authority": PROVINCE, "status": "approved",
            "payments": [],
        },
        {
            "title": "Viện trợ phi dự án: trang thiết bị y tế cho trạm y tế xã Ea Kao",
            "donor": "Quỹ Hỗ trợ cộng đồng thành phố Gimhae (Hàn Quốc)", "form": "non_project",
            "aid_type": "investment", "sector": "health", "location": "Xã Ea Kao, TP. Buôn Ma Thuột",
            "currency": "KRW", "value_original": 150_000_000, "value_vnd": 2_850_000_000,
            "managing_agency": "UBND TP. Buôn Ma Thuột", "aid_holder": "Trạm Y tế xã Ea Kao",
            "approval_number": _number(rng), "approval_date": equipment_approved,
            "approval_authority": "UBND tỉnh Đắk Lắk", "start_date": equipment_approved + 20 * DAY,
            "end_date": equipment_approved + 60 * DAY, "status": "completed",
            "payments": [(equipment_approved + 20 * DAY, equipment_approved + 60 * DAY, 1.0)],
        },
        {
            "title": "Nâng cao năng lực phòng, chống thiên tai dựa vào cộng đồng",
            "donor": "Plan International", "form": "programme", "aid_type": "technical_assistance",
            "sector": "disaster_relief", "location": "Huyện Krông Pắc, huyện Ea Kar", "currency": "GBP",
            "value_original": 40_000, "value_vnd": 1_320_000_000, "status": "proposed",
            "notes": "Tổ chức gửi văn kiện dự án; đang lấy ý kiến các sở, ngành.", "payments": [],
        },
    ]
