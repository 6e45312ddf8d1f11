"""Delegations ready to print, on the `services` fixture (DL-BMT; today is 20/01/2026)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.services.builders import guest, inbound, officer, outbound

SIGNER = "Trần Văn Thành"
LONG_NAME = ("Nguyễn Thị Hồng Nhung Hoàng Phương Thảo Lê Minh Khôi Phạm Đức Thắng "
             "Võ Ngọc Ánh Dương Trần Quốc Bảo Huỳnh Bảo Châu")
LONG_TITLE = ("Phó Giám đốc phụ trách chuyên môn Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch "
              "kiêm Trưởng phòng Hợp tác quốc tế và Quan hệ công chúng khu vực Tây Nguyên")
LONG_WORD = "Đoànnghệthuậtdângiantruyềnthốngcáctỉnhmiềnnúiphíabắcvàmiềntrung"


@pytest.fixture
def printing(services):
    """Services whose print settings have a signer (everything else is the unit's default)."""
    services.printing.save_settings(replace(services.printing.settings(), signer_name=SIGNER))
    return services


@pytest.fixture
def outbound_id(printing) -> str:
    """A June 2026 trip to Korea: three officers, names with ethnic-minority and full diacritics."""
    head = officer(printing, "Nguyễn Văn Hùng", gender="male")
    hen = officer(printing, "H'Hen Niê", position="Trưởng phòng Văn hóa và Thông tin", gender="female",
                  passport_number="C1234567")
    nhung = officer(printing, "Nguyễn Thị Hồng Nhung", position="Chuyên viên Văn phòng HĐND và UBND",
                    passport_number="C2345678")
    members = [{"role": "head", "person_id": head}, {"role": "member", "person_id": hen},
               {"role": "interpreter", "person_id": nhung}]
    return printing.delegations.save(outbound(), members).id


@pytest.fixture
def inbound_id(printing) -> str:
    """Korean folk artists in March 2026, two guests with passports."""
    guests = [guest(), guest("Park Ji-woo", guest_title="Trưởng đoàn nghệ thuật", role="head",
                              guest_passport="M87654321")]
    data = inbound(purpose="Biểu diễn tại Lễ hội Cà phê Buôn Ma Thuột lần thứ 9", funding="partner")
    return printing.delegations.save(data, guests).id


@pytest.fixture
def returned_id(printing) -> str:
    """A trip to Japan that came back in December 2025, its results in the notes."""
    head = officer(printing, "Y Wang Mlô", gender="male")
    data = outbound(title="Đoàn công tác học tập kinh nghiệm tại Nhật Bản", countries=["JP"],
                    partner="Tỉnh Shizuoka", start_date=date(2025, 12, 1), end_date=date(2025, 12, 6),
                    notes="Ký kết biên bản ghi nhớ hợp tác giáo dục.\nMời đối tác dự Lễ hội Cà phê 2026.")
    return printing.delegations.save(data, [{"role": "head", "person_id": head}]).id


def guests_delegation(services, count: int, long: bool = False) -> str:
    """An inbound delegation of `count` guests; with `long`, names and titles that must wrap."""
    members = []
    for i in range(count):
        name = f"{LONG_NAME} {i}" if long else f"Khách mời số {i + 1}"
        extra = {"guest_title": LONG_TITLE, "guest_organisation": f"{LONG_WORD} {i}"} if long else {}
        members.append(guest(name, guest_passport=f"M{10000000 + i}", **extra))
    data = inbound(title="Đoàn doanh nghiệp cà phê quốc tế " * (6 if long else 1),
                   partner="Hiệp hội Cà phê Hàn Quốc", purpose="Khảo sát vùng nguyên liệu")
    return services.delegations.save(data, members).id
