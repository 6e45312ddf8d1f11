"""Sample forms on realistic records, for looking at them: PDFs and first-page PNGs.

    .venv/bin/python -m tests.printing.samples OUT_DIR [--png-only-first]

Writes OUT_DIR/form-<form>.pdf and, with `pdftoppm` (poppler-utils), OUT_DIR/form-<form>.png
(first page, 80 dpi) — the images kept in docs/screenshots/. The request is printed as the
signed register entry 05/TTr-UBND of 05/02/2026; the others unsigned, with blanks.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from desktop.config import Paths
from desktop.services import Services, open_services

TODAY = date(2026, 2, 5)
OFFICERS = (
    ("Nguyễn Văn Hùng", "Phó Chủ tịch UBND thành phố", "male", "head"),
    ("H'Hen Niê", "Trưởng phòng Văn hóa, Khoa học và Thông tin", "female", "deputy_head"),
    ("Nguyễn Thị Hồng Nhung", "Phó Chánh Văn phòng HĐND và UBND thành phố", "female", "member"),
    ("Y Wang Mlô", "Chuyên viên Phòng Kinh tế", "male", "member"),
    ("Lê Thị Thu Trang", "Chuyên viên Văn phòng HĐND và UBND thành phố", "female", "interpreter"),
)
GUESTS = (
    ("Park Ji-woo", "Trưởng đoàn nghệ thuật", "KR", "head"),
    ("Kim Min-jun", "Nghệ sĩ múa", "KR", "member"),
    ("Lee Seo-yeon", "Nghệ sĩ đàn gayageum", "KR", "member"),
    ("Nguyễn Thị Mai Anh", "Phiên dịch viên", "VN", "interpreter"),
)


def build(services: Services) -> dict[str, tuple[str, str | None]]:
    """Records for every form: {form: (record id, document id or None)}."""
    services.printing.save_settings(replace(services.printing.settings(), signer_name="Trần Văn Thành"))
    people = []
    for i, (name, position, gender, role) in enumerate(OFFICERS):
        person = services.persons.save({"full_name": name, "position": position, "gender": gender,
                                        "unit_code": "DL-BMT", "passport_number": f"C{7654321 + i}",
                                        "passport_expiry": date(2031, 1, 1)})
        people.append({"role": role, "person_id": person.id})
    trip = services.delegations.save(_outbound(), people).id
    back = services.delegations.save(_returned(), people[:3]).id
    guests = services.delegations.save(_inbound(), [
        {"role": role, "guest_name": name, "guest_title": title, "guest_nationality": country,
         "guest_organisation": "Đoàn nghệ thuật truyền thống Andong", "guest_passport": f"M{23456789 + i}"}
        for i, (name, title, country, role) in enumerate(GUESTS)]).id
    doc = services.documents.create("TTr", "Xin phép cử đoàn đi công tác tại Hàn Quốc",
                                    form="delegation-request", entity="delegation", record_id=trip)
    for _ in range(4):  # numbers 01–04 went to earlier documents this year
        earlier = services.documents.create("CV", "Văn bản khác")
        services.documents.mark_signed(earlier.id, date(2026, 1, 15), "Trần Văn Thành")
    services.documents.mark_signed(doc.id, TODAY, "Trần Văn Thành")
    return {"delegation-request": (trip, doc.id), "guest-request": (guests, None),
            "member-list": (trip, None), "trip-report": (back, None)}


def _outbound() -> dict:
    return {"direction": "outbound", "kind": "promotion", "status": "draft",
            "title": "Đoàn công tác xúc tiến thương mại cà phê Buôn Ma Thuột tại Hàn Quốc",
            "purpose": "Giới thiệu cà phê Buôn Ma Thuột và các sản phẩm OCOP của thành phố tại Hội chợ Cà phê "
                       "Seoul 2026; làm việc với Thành phố Gimhae về việc ký kết thỏa thuận hợp tác hữu nghị",
            "countries": ["KR"], "partner": "Ủy ban nhân dân Thành phố Gimhae, tỉnh Gyeongsangnam-do",
            "start_date": date(2026, 4, 13), "end_date": date(2026, 4, 18), "funding": "state_budget",
            "cost_estimate_vnd": 485_600_000, "in_annual_plan": True}


def _returned() -> dict:
    return {**_outbound(), "title": "Đoàn công tác học tập kinh nghiệm phát triển du lịch tại Nhật Bản",
            "countries": ["JP"], "partner": "Tỉnh Shizuoka", "kind": "working_trip",
            "start_date": date(2025, 11, 10), "end_date": date(2025, 11, 15),
            "decision_number": "2856/QĐ-UBND", "decision_date": date(2025, 10, 20),
            "decision_authority": "UBND tỉnh Đắk Lắk",
            "purpose": "Học tập kinh nghiệm phát triển du lịch nông nghiệp gắn với cà phê và trà",
            "notes": "Đoàn đã làm việc với Sở Du lịch tỉnh Shizuoka và 03 hợp tác xã trà, tham quan mô hình "
                     "du lịch trải nghiệm nông nghiệp.\nHai bên thống nhất trao đổi đoàn doanh nghiệp du lịch "
                     "trong năm 2026 và giới thiệu cà phê Buôn Ma Thuột tại Lễ hội Trà Shizuoka.\n"
                     "Đoàn đề nghị UBND thành phố giao Phòng Văn hóa, Khoa học và Thông tin xây dựng kế hoạch "
                     "triển khai các nội dung đã thống nhất."}


def _inbound() -> dict:
    return {"direction": "inbound", "kind": "promotion", "status": "draft",
            "title": "Đoàn nghệ sĩ truyền thống Hàn Quốc dự Lễ hội Cà phê Buôn Ma Thuột lần thứ 9",
            "purpose": "Biểu diễn nghệ thuật truyền thống tại Lễ hội Cà phê Buôn Ma Thuột lần thứ 9 và giao lưu "
                       "với các nghệ nhân cồng chiêng", "countries": ["KR"],
            "partner": "Trung tâm Văn hóa tỉnh Gyeongsangbuk-do", "start_date": date(2026, 3, 9),
            "end_date": date(2026, 3, 13), "funding": "partner", "in_annual_plan": True}


def write_samples(out: Path) -> list[Path]:
    """Render every form to OUT/form-<form>.pdf (+ .png of page 1 when pdftoppm is there)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="doingoai-samples-") as tmp:
        services = open_services(f"sqlite:///{Path(tmp) / 'samples.sqlite3'}", Paths(Path(tmp) / "data"),
                                 today=lambda: TODAY)
        try:
            services.device.set_up("DL-BMT", "Nguyễn Văn An")
            for form, (record, document) in build(services).items():
                pdf = services.printing.write(form, record, out / f"form-{form}.pdf", document)
                written += [pdf, *_png(pdf)]
        finally:
            services.close()
    return written


def _png(pdf: Path) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        return []
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                   check=True)
    return [stem.with_suffix(".png")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    for path in write_samples(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
