"""Demo overseas-Vietnamese contacts: associations in France, the USA, Korea, Japan and Australia,
people from Đắk Lắk living abroad, and what they did at home — a home visit at Tết, a donation to a
school in Krông Pắc, a coffee investment, a citizen-protection case of a worker in Korea still open
(and one settled), programme participation. Dates are relative to today."""

from __future__ import annotations

import random
from datetime import date, timedelta

CONTACTS = (
    {"kind": "association", "name": "Hội người Việt Nam tại Pháp (UGVF)", "country": "FR", "city": "Paris",
     "association": "Liên hiệp Người Việt Nam tại Pháp", "email": "contact@ugvf.fr",
     "notes": "Thường tổ chức Tết cộng đồng và quyên góp cho đồng bào miền Trung."},
    {"kind": "association", "name": "Hội đồng hương Đắk Lắk tại California", "country": "US", "city": "San Jose",
     "hometown": "Buôn Ma Thuột, Đắk Lắk", "phone": "+1 408 555 0142", "email": "daklak.ca@example.org"},
    {"kind": "association", "name": "Hội người Việt Nam tại Busan", "country": "KR", "city": "Busan",
     "phone": "+82 51 555 0199", "notes": "Hỗ trợ lao động Việt Nam tại các khu công nghiệp Gyeongsangnam-do."},
    {"kind": "association", "name": "Hội Thanh niên, sinh viên Việt Nam tại Nhật Bản", "country": "JP",
     "city": "Tokyo", "email": "vys.japan@example.org"},
    {"kind": "association", "name": "Cộng đồng người Việt tại Melbourne", "country": "AU", "city": "Melbourne",
     "phone": "+61 3 5550 1234"},
    {"kind": "person", "name": "Nguyễn Văn Thành", "country": "FR", "city": "Lyon",
     "hometown": "Xã Ea Kao, TP. Buôn Ma Thuột", "occupation": "Kỹ sư nông nghiệp, chủ doanh nghiệp nhập khẩu cà phê",
     "association": "Hội người Việt Nam tại Pháp (UGVF)", "phone": "+33 6 55 50 12 34",
     "email": "thanh.nguyen@example.fr"},
    {"kind": "person", "name": "Trần Thị Hồng Nhung", "country": "US", "city": "San Jose",
     "hometown": "Huyện Krông Pắc, Đắk Lắk", "occupation": "Dược sĩ",
     "association": "Hội đồng hương Đắk Lắk tại California", "email": "nhung.tran@example.com"},
    {"kind": "person", "name": "Y Bhim Niê", "country": "KR", "city": "Changwon", "hometown": "Huyện Krông Búk",
     "occupation": "Lao động theo chương trình EPS (cơ khí)", "association": "Hội người Việt Nam tại Busan",
     "phone": "+82 10 5555 0187"},
    {"kind": "person", "name": "Lê Minh Quân", "country": "JP", "city": "Osaka", "hometown": "Thị xã Buôn Hồ",
     "occupation": "Thực tập sinh kỹ năng (chế biến thực phẩm)"},
    {"kind": "person", "name": "H'Liên Byă", "country": "AU", "city": "Melbourne", "hometown": "Huyện Lắk",
     "occupation": "Giảng viên đại học", "association": "Cộng đồng người Việt tại Melbourne",
     "email": "hlien.bya@example.edu.au"},
)


def fill_overseas(services, rng: random.Random) -> int:
    """Write the demo contacts and activities through the service; returns how many contacts."""
    today = services.ctx.today()
    overseas = services.overseas
    ids: dict[str, str] = {}
    for spec in CONTACTS:
        ids[spec["name"]] = overseas.save_contact(dict(spec)).id
    for name, activity in _activities(today, rng):
        overseas.save_activity(ids[name], activity)
    return len(ids)


def _tet(year: int) -> date:
    """The first day of Tết (enough years for the demo's dates)."""
    return {2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
            2026: date(2026, 2, 17), 2027: date(2027, 2, 6)}.get(year, date(year, 2, 1))


def _activities(today: date, rng: random.Random) -> list[tuple[str, dict]]:
    day = timedelta(days=1)
    last_tet = _tet(today.year) if _tet(today.year) <= today else _tet(today.year - 1)
    return [
        ("Nguyễn Văn Thành", {
            "kind": "home_visit", "title": "Về quê ăn Tết, thăm và tặng quà gia đình chính sách xã Ea Kao",
            "date": last_tet - 3 * day, "location": "Xã Ea Kao, TP. Buôn Ma Thuột", "value_vnd": 30_000_000,
            "result": "Tặng 30 suất quà, mỗi suất 1.000.000 đồng"}),
        ("Nguyễn Văn Thành", {
            "kind": "investment", "title": "Góp vốn xây xưởng rang xay cà phê đặc sản xuất khẩu sang Pháp",
            "date": today - 210 * day, "location": "Cụm công nghiệp Tân An, TP. Buôn Ma Thuột",
            "value_vnd": 12_500_000_000, "status": "in_progress",
            "notes": "Liên kết với hợp tác xã cà phê Ea Tu; dự kiến xuất khẩu 200 tấn/năm"}),
        ("Trần Thị Hồng Nhung", {
            "kind": "donation", "title": "Tài trợ xây 2 phòng học và tặng 150 bộ sách cho Trường Tiểu học Hòa Đông",
            "date": today - 95 * day, "location": "Xã Hòa Đông, huyện Krông Pắc", "value_vnd": 850_000_000,
            "result": "Bàn giao 2 phòng học cho nhà trường"}),
        ("Hội đồng hương Đắk Lắk tại California", {
            "kind": "donation", "title": "Quyên góp cứu trợ đồng bào bị lũ lụt",
            "date": today - 420 * day, "location": "Huyện Krông Bông", "value_vnd": 420_000_000}),
        ("Y Bhim Niê", {
            "kind": "citizen_protection",
            "title": "Lao động bị tai nạn lao động, chủ sử dụng chậm trả lương và bồi thường",
            "date": today - 38 * day, "location": "Changwon, Gyeongsangnam-do", "status": "in_progress",
            "notes": "Đã đề nghị Đại sứ quán Việt Nam tại Hàn Quốc và Ban quản lý lao động EPS hỗ trợ; "
                     "gia đình ở huyện Krông Búk"}),
        ("Hội người Việt Nam tại Busan", {
            "kind": "citizen_protection", "title": "Hỗ trợ lao động bị mất hộ chiếu làm lại giấy tờ về nước",
            "date": today - 150 * day, "closed_on": today - 120 * day, "status": "done",
            "location": "Busan", "result": "Đã được cấp giấy thông hành, về nước an toàn"}),
        ("Lê Minh Quân", {
            "kind": "citizen_protection", "title": "Thực tập sinh bị công ty môi giới giữ hộ chiếu",
            "date": today - 12 * day, "location": "Osaka"}),
        ("Hội Thanh niên, sinh viên Việt Nam tại Nhật Bản", {
            "kind": "programme", "title": "Tham gia Trại hè Việt Nam dành cho thanh niên kiều bào",
            "date": today - 160 * day, "location": "Hà Nội, Quảng Ninh, Đắk Lắk"}),
        ("H'Liên Byă", {
            "kind": "programme", "title": "Tham dự Hội nghị người Việt Nam ở nước ngoài toàn thế giới",
            "date": today - 300 * day, "location": "Hà Nội"}),
        ("Cộng đồng người Việt tại Melbourne", {
            "kind": "home_visit", "title": "Đoàn kiều bào về thăm, dự Lễ hội Cà phê Buôn Ma Thuột",
            "date": today - rng.randint(330, 360) * day, "location": "TP. Buôn Ma Thuột"}),
        ("Hội người Việt Nam tại Pháp (UGVF)", {
            "kind": "investment", "title": "Kết nối doanh nghiệp Pháp khảo sát vùng nguyên liệu sầu riêng",
            "date": today - 60 * day, "location": "Huyện Krông Pắc", "status": "in_progress"}),
    ]
