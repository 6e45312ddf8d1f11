"""Word lists behind the demo data: names, positions, partners, guests, titles.

Plain tables and small deterministic generators (each takes a `random.Random`),
so `fill_demo(seed=...)` always writes the same people and trips.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache

from babel import Locale

from desktop.domain.text import fold

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = {"male": ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân"),
          "female": ("Thị", "Thị Hồng", "Thị Thu", "Ngọc", "Thị Kim", "Thanh")}
GIVEN = {"male": ("Hải", "Hùng", "Dũng", "Thành", "Tuấn", "Bình", "Long", "Phúc", "Khánh", "Sơn",
                  "Quý", "Trung"),
         "female": ("Nhung", "Hà", "Lan", "Hương", "Trang", "Mai", "Thảo", "Linh", "Hạnh", "Vy",
                    "Yến", "Dung")}
# Ê Đê names: "Y" before a man's name, "H'" before a woman's, the family name last.
EDE_FAMILY = ("Niê", "Ktla", "Mlô", "Êban", "Byă", "Ayŭn", "Bkrông", "Buôn Krông", "Knul", "Hđơk",
              "Adrơng", "Kbuôr")
EDE_GIVEN = {"male": ("Thông", "Sơn", "Kông", "Jut", "Bih", "Moan", "Wang", "Blô", "Khuê", "Nguôn"),
             "female": ("Hen", "Linh", "Nga", "Yam", "Bia", "Mai", "Hồng", "Duyên", "Nhi", "Zen")}
# M'nông and Jrai names keep their own order and apostrophes.
OTHER_ETHNIC = {"male": ("Điểu K'Lơi", "Y Thuột Bdap", "Rơ Mah Hmăk", "Ksor Y Nhin", "Điểu Rông",
                         "Rơ Châm Tuấn"),
                "female": ("Siu H'Mai", "Thị H'Rin Liêng", "Rơ Lan H'Bia", "H'Nhung Bdap")}

KEY_POSITIONS = ("Chủ tịch UBND", "Phó Chủ tịch UBND")
POSITIONS = (
    "Chánh Văn phòng HĐND và UBND", "Phó Chánh Văn phòng HĐND và UBND", "Trưởng phòng Kinh tế",
    "Trưởng phòng Nông nghiệp và Phát triển nông thôn", "Phó Trưởng phòng Tài chính – Kế hoạch",
    "Trưởng phòng Văn hóa và Thông tin", "Phó Trưởng phòng Nội vụ", "Chuyên viên", "Chuyên viên",
    "Chuyên viên phòng Kinh tế",
)
FA_POSITION = "Chuyên viên phụ trách công tác đối ngoại (kiêm nhiệm)"
GRADES = ("Chuyên viên cao cấp", "Chuyên viên chính", "Chuyên viên", "Chuyên viên", "Cán sự")


@dataclass(frozen=True)
class Partner:
    """A foreign counterpart: where, who, and what the trips with them are about."""

    country: str
    name: str
    topic: str


PARTNERS = (
    Partner("KR", "Tỉnh Gyeongsangbuk-do", "hợp tác địa phương và văn hóa"),
    Partner("KR", "Hiệp hội Cà phê Hàn Quốc", "xúc tiến tiêu thụ cà phê Buôn Ma Thuột"),
    Partner("KR", "Thành phố Andong", "giao lưu lễ hội và du lịch"),
    Partner("JP", "Cơ quan Hợp tác quốc tế Nhật Bản (JICA)", "nông nghiệp công nghệ cao"),
    Partner("JP", "Tổ chức Xúc tiến thương mại Nhật Bản (JETRO)", "xuất khẩu nông sản OCOP"),
    Partner("LA", "Tỉnh Champasak", "hợp tác toàn diện giữa hai tỉnh"),
    Partner("LA", "Tỉnh Attapeu", "quản lý biên giới và giao thương"),
    Partner("KH", "Tỉnh Mondulkiri", "hợp tác phát triển vùng biên giới"),
    Partner("TH", "Bộ Thương mại Thái Lan", "giới thiệu sản phẩm sầu riêng, hồ tiêu"),
    Partner("CN", "Hội chợ Trung Quốc – ASEAN (Nam Ninh)", "xúc tiến xuất khẩu sầu riêng"),
    Partner("FR", "Hội chợ Nông nghiệp quốc tế Paris", "quảng bá cà phê đặc sản"),
    Partner("US", "Hiệp hội Cà phê đặc sản Hoa Kỳ (SCA)", "cà phê đặc sản và chứng nhận bền vững"),
    Partner("DE", "Hội chợ Anuga (Köln)", "xúc tiến thương mại hạt điều, mật ong"),
    Partner("SG", "Học viện Công vụ Singapore", "bồi dưỡng quản lý nhà nước"),
)
NGOS = (
    Partner("US", "Tổ chức Tầm nhìn Thế giới (World Vision)", "chương trình phát triển vùng"),
    Partner("KR", "Tổ chức Good Neighbors International", "nước sạch và trường học"),
    Partner("AU", "Tổ chức ChildFund Australia", "giáo dục trẻ em dân tộc thiểu số"),
    Partner("GB", "Tổ chức Cứu trợ Trẻ em (Save the Children)", "dinh dưỡng trẻ em"),
    Partner("FR", "Tổ chức Hỗ trợ phát triển nông thôn (AVSF)", "sinh kế cà phê bền vững"),
)
PRODUCTS = ("cà phê", "hồ tiêu", "sầu riêng", "hạt điều", "mật ong", "ca cao")

OUTBOUND_TITLES = {
    "official_visit": "Đoàn lãnh đạo {unit} thăm và làm việc tại {partner}",
    "working_trip": "Đoàn công tác làm việc với {partner} về {topic}",
    "training": "Đoàn cán bộ tham dự khóa bồi dưỡng về {topic} tại {country}",
    "conference": "Đoàn tham dự hội thảo quốc tế về {topic} tại {country}",
    "promotion": "Đoàn xúc tiến thương mại sản phẩm OCOP ({product}) tại {country}",
    "other": "Đoàn khảo sát mô hình {topic} tại {country}",
}
INBOUND_TITLES = {
    "official_visit": "Đón đoàn {partner} ({country}) thăm và làm việc tại {unit}",
    "working_trip": "Đón đoàn {partner} khảo sát {topic}",
    "training": "Đón chuyên gia {partner} tập huấn về {topic}",
    "conference": "Đón đại biểu {partner} dự hội thảo về {topic}",
    "promotion": "Đón đoàn doanh nghiệp {country} tìm hiểu đầu tư chế biến {product}",
    "other": "Đón đoàn {partner} giao lưu văn hóa cồng chiêng",
}

GUEST_NAMES = {
    "KR": ("Kim Min-jun", "Lee Seo-yeon", "Park Ji-hoon", "Choi Eun-ji", "Jung Hae-won", "Kang Dong-ho"),
    "JP": ("Tanaka Hiroshi", "Suzuki Yuki", "Sato Kenji", "Watanabe Aiko"),
    "LA": ("Khamphone Sisavath", "Bounmy Phommachanh", "Souksavanh Keola"),
    "KH": ("Sok Dara", "Chan Sophea", "Heng Vuthy"),
    "TH": ("Somchai Wongsa", "Nattaya Chaiyaporn", "Anan Srisuk"),
    "CN": ("Wang Wei", "Li Na", "Zhang Hao"),
    "FR": ("Claire Dubois", "Julien Martin", "Élodie Lefèvre"),
    "US": ("John Miller", "Emily Carter", "Michael O'Brien"),
    "DE": ("Anna Schmidt", "Lukas Becker"),
    "AU": ("Sarah Thompson", "James O'Connor"),
    "GB": ("Oliver Bennett", "Charlotte Hughes"),
    "SG": ("Tan Wei Ming", "Lim Hui Ling"),
}
GUEST_TITLES = ("Trưởng đoàn", "Phó Tỉnh trưởng", "Giám đốc", "Trưởng đại diện", "Chuyên gia",
                "Điều phối viên dự án", "Chủ tịch Hiệp hội", "Phiên dịch viên")
# Letters (L) and digits (D) of each country's passport numbers: 6–9 characters, as validated.
PASSPORT_SHAPES = {"KR": "LDDDDDDDD", "JP": "LLDDDDDDD", "LA": "LDDDDDDD", "KH": "LDDDDDDD",
                   "TH": "LLDDDDDDD", "CN": "LDDDDDDDD", "FR": "DDLLDDDDD", "US": "DDDDDDDDD",
                   "DE": "LDDDDDDDD", "AU": "LLDDDDDDD", "GB": "DDDDDDDDD", "SG": "LDDDDDDDL"}


def vietnamese_name(rng: random.Random, gender: str) -> str:
    """A Kinh name (family, middle, given) or, one time in three, an ethnic-minority name."""
    roll = rng.random()
    if roll < 0.22:
        given, family = rng.choice(EDE_GIVEN[gender]), rng.choice(EDE_FAMILY)
        return f"Y {given} {family}" if gender == "male" else f"H'{given} {family}"
    if roll < 0.3:
        return rng.choice(OTHER_ETHNIC[gender])
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"


def email_for(name: str, serial: int) -> str:
    """An official e-mail address made from a name: "hhennie12@daklak.gov.vn"."""
    local = re.sub(r"[^a-z0-9]", "", fold(name)) or "canbo"
    return f"{local}{serial}@daklak.gov.vn"


def phone_for(rng: random.Random) -> str:
    """A Vietnamese mobile number written the usual way: "0905 123 456"."""
    return f"09{rng.randrange(10, 100)} {rng.randrange(1000):03d} {rng.randrange(1000):03d}"


def vn_passport(rng: random.Random) -> str:
    """An ordinary (B) or newer (C) Vietnamese passport number: one letter and 7 digits."""
    return f"{rng.choice('BC')}{rng.randrange(10 ** 7):07d}"


def guest_passport(rng: random.Random, country: str) -> str:
    """A foreign passport number in the shape that country uses."""
    shape = PASSPORT_SHAPES.get(country, "LDDDDDDDD")
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") if c == "L" else str(rng.randrange(10))
                   for c in shape)


def guest_name(rng: random.Random, country: str) -> str:
    """A guest's name as written in their passport."""
    return rng.choice(GUEST_NAMES.get(country, GUEST_NAMES["US"]))


@cache
def vietnamese_country(code: str) -> str:
    """The country's Vietnamese name from the locale data (KR → Hàn Quốc), whatever the UI language."""
    return Locale.parse("vi").territories.get(code, code)
