"""Demo promotion activities: OCOP products at fairs at home and abroad, the 8th Buôn Ma Thuột
Coffee Festival, investment conferences — with follow-ups done, overdue and due soon, so that
every outcome of rule R14 shows (dates relative to today)."""

from __future__ import annotations

import random
from datetime import date, timedelta

OWNERS = ("Nguyễn Thị Hoa", "H'Hen Niê", "Y Thông Ktla", "Trần Minh Đức", "Lê Thị Thu Trang")
FOLLOW_UPS = (
    "Gửi mẫu cà phê cho nhà nhập khẩu Hàn Quốc",
    "Gọi lại cho người mua tiềm năng",
    "Gửi bảng giá hồ tiêu và sầu riêng cho đối tác",
    "Mời đối tác khảo sát vùng trồng điều",
    "Hoàn thiện hồ sơ truy xuất nguồn gốc mật ong",
)


def fill_promotions(services, rng: random.Random) -> int:
    """Write the demo activities through the service; returns how many were written."""
    today = services.ctx.today()
    promotions = services.promotions
    written = 0
    for spec in _activities(today):
        follow_ups = spec.pop("follow_ups")
        activity = promotions.save(spec)
        for action, due, status, result in follow_ups:
            data = {"action": action, "owner": rng.choice(OWNERS), "due_date": due, "status": status,
                    "result": result}
            if status == "done":
                data["done_on"] = min(due, today)
            promotions.save_follow_up(activity.id, data)
        written += 1
    return written


def _activities(today: date) -> list[dict]:
    day = timedelta(days=1)
    fair_end = today - 40 * day
    expo_end = today - 75 * day
    return [
        {
            "kind": "culture", "title": "Lễ hội Cà phê Buôn Ma Thuột lần thứ 8",
            "start_date": date(2023, 3, 10), "end_date": date(2023, 3, 14),
            "place": "TP. Buôn Ma Thuột, Đắk Lắk", "abroad": False, "countries": ["KR", "JP"],
            "partners": "Đoàn nghệ nhân dân gian Hàn Quốc; các doanh nghiệp cà phê trong và ngoài nước",
            "participants": "UBND tỉnh, Sở Văn hóa, Thể thao và Du lịch, UBND TP. Buôn Ma Thuột",
            "cost_vnd": 1_500_000_000, "outcomes": "Quảng bá thương hiệu cà phê Buôn Ma Thuột; "
            "đường phố lễ hội với nghệ nhân Hàn Quốc", "mou_count": 3, "lead_count": 12, "in_annual_plan": True,
            "follow_ups": [("Ký biên bản ghi nhớ với Hiệp hội Cà phê Gangneung", date(2023, 5, 15), "done",
                            "Đã ký ngày 12/5/2023")],
        },
        {
            "kind": "trade", "title": "Giới thiệu cà phê và hồ tiêu OCOP tại Hội chợ Thực phẩm Seoul",
            "start_date": fair_end - 3 * day, "end_date": fair_end, "place": "Seoul", "abroad": True,
            "countries": ["KR"], "partners": "Nhà nhập khẩu cà phê Hàn Quốc", "cost_vnd": 420_000_000,
            "outcomes": "Gặp 8 nhà nhập khẩu; 2 biên bản ghi nhớ", "mou_count": 2, "lead_count": 8,
            "in_annual_plan": True,
            "follow_ups": [
                ("Gửi mẫu cà phê cho nhà nhập khẩu Hàn Quốc", today - 10 * day, "open", None),
                ("Gọi lại cho người mua tiềm năng", today + 3 * day, "in_progress", None),
                ("Ký biên bản ghi nhớ với Công ty Dongsuh", today - 20 * day, "done",
                 "Đã ký, giao lô hàng mẫu đầu tiên"),
            ],
        },
        {
            "kind": "trade", "title": "Gian hàng sầu riêng và mật ong OCOP tại Hội chợ Nông nghiệp Quốc tế",
            "start_date": expo_end - 4 * day, "end_date": expo_end, "place": "Hà Nội", "abroad": False,
            "countries": ["CN", "TH"], "outcomes": "1 thỏa thuận mua sầu riêng, 5 đối tác tiềm năng",
            "mou_count": 1, "lead_count": 5, "in_annual_plan": False, "follow_ups": [],
        },
        {
            "kind": "investment", "title": "Hội nghị xúc tiến đầu tư tỉnh Đắk Lắk",
            "start_date": today + 30 * day, "end_date": today + 30 * day, "place": "TP. Buôn Ma Thuột",
            "abroad": False, "countries": ["JP", "SG"], "cost_vnd": 800_000_000, "in_annual_plan": True,
            "follow_ups": [("Gửi thư mời các nhà đầu tư Nhật Bản", today + 5 * day, "open", None)],
        },
        {
            "kind": "trade", "title": "Quảng bá hạt điều Đắk Lắk tại Hội chợ Gulfood Dubai",
            "start_date": today - 200 * day, "end_date": today - 196 * day, "place": "Dubai", "abroad": True,
            "countries": ["AE"], "outcomes": "Đơn hàng thử 2 container", "mou_count": 0, "lead_count": 3,
            "follow_ups": [
                ("Mời đối tác khảo sát vùng trồng điều", today - 120 * day, "done", "Đối tác đã khảo sát Krông Pắc"),
                ("Gửi bảng giá hồ tiêu và sầu riêng cho đối tác", today - 100 * day, "cancelled", None),
            ],
        },
        {  # last year's, for the yearly report: its follow-up done in time
            "kind": "investment", "title": "Hội nghị gặp gỡ nhà đầu tư Hàn Quốc vào nông nghiệp công nghệ cao",
            "start_date": date(today.year - 1, 10, 8), "end_date": date(today.year - 1, 10, 8),
            "place": "TP. Buôn Ma Thuột", "abroad": False, "countries": ["KR"], "cost_vnd": 350_000_000,
            "outcomes": "2 biên bản ghi nhớ về cà phê chế biến sâu", "mou_count": 2, "lead_count": 6,
            "in_annual_plan": True,
            "follow_ups": [("Gửi hồ sơ dự án cho nhà đầu tư", date(today.year - 1, 11, 15), "done",
                            "Nhà đầu tư đã khảo sát địa điểm")],
        },
        {
            "kind": "tourism", "title": "Quảng bá du lịch Tây Nguyên tại Hội chợ Du lịch Quốc tế",
            "start_date": today - 15 * day, "end_date": today - 12 * day, "place": "TP. Hồ Chí Minh",
            "abroad": False, "countries": [], "lead_count": 4,
            "follow_ups": [("Hoàn thiện tour trải nghiệm buôn làng cho hãng lữ hành", today, "open", None)],
        },
    ]
