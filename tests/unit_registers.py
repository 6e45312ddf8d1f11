"""Workbooks as units really keep them (issue 10, item 16), for the import tests of services, ui and cli.

Not our template: the unit's own heading above the table, one sheet per direction and no direction
column, their own headers, the purpose for a title, a «Thời gian» cell, the head of delegation by
name, a row numbering the columns, a total row and the signature block under the table.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

OUTBOUND_HEADERS = ["STT", "Họ và tên trưởng đoàn", "Nước đến", "Thời gian", "Kinh phí (đồng)",
                    "Nội dung/Mục đích"]
OUTBOUND_ROWS = [
    [1, "Nguyễn Văn Hùng", "Hàn Quốc", "15/06/2024 - 22/06/2024", 350000000,
     "Xúc tiến thương mại cà phê Buôn Ma Thuột tại Seoul"],
    [2, "Ông Y Thông Ktla - Phó Chủ tịch UBND huyện", "Nhật Bản; Hàn Quốc", "Từ ngày 02/9 đến ngày 09/9/2024",
     "1.200.000.000", "Khảo sát mô hình hợp tác xã nông nghiệp"],
    [3, "nguyen van hung", "Lào", "10-12/10/2024", "45 triệu", "Dự Hội chợ thương mại Việt - Lào"],
    [4, "Y Thông Ktla", "Campuchia", date(2024, 11, 20), None, "Làm việc với tỉnh Mondulkiri về cửa khẩu"],
]
OUTBOUND_FIRST_ROW = 6  # title rows 1–3, a blank row, the header at 5


def outbound_register(path: Path) -> Path:
    """A unit's own "Đoàn ra 2024" sheet: four trips, the heading above, a total and signatures below."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Đoàn ra 2024"
    sheet["A1"], sheet["E1"] = "UBND HUYỆN KRÔNG PẮC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet["E2"] = "Độc lập - Tự do - Hạnh phúc"
    sheet["A3"] = "DANH SÁCH CÁC ĐOÀN CÔNG TÁC NƯỚC NGOÀI NĂM 2024"
    sheet.merge_cells("A3:F3")
    sheet.append([])
    sheet.append(OUTBOUND_HEADERS)
    for row in OUTBOUND_ROWS:
        sheet.append(row)
    sheet.append([None, "Tổng cộng", None, None, "=SUM(E6:E9)", None])
    sheet.append([])
    sheet.append([None, "Người lập biểu", None, None, "THỦ TRƯỞNG ĐƠN VỊ"])
    sheet.append([None, "(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"])
    sheet.append([None, "Lê Thị Hoa", None, None, "Trần Văn Bình"])
    book.save(path)
    return path


NGO_HEADERS = ["TT", "Tên tổ chức", "Quốc tịch", "Lĩnh vực hoạt động", "Địa bàn hoạt động", "Đối tác Việt Nam"]
NGO_ROWS = [
    ["1", "Plan International", "Anh", "Giáo dục; Trẻ em", "Huyện Krông Pắc", "Hội Liên hiệp Phụ nữ tỉnh"],
    ["2", "World Vision", "Mỹ", "Nước sạch và vệ sinh môi trường, Y tế", "Huyện Lắk; Huyện Krông Bông", None],
    ["3", "Caritas", "Đức", "Phòng chống thiên tai; sinh kế", None, "Sở Lao động - Thương binh và Xã hội"],
]


def ngo_register(path: Path) -> Path:
    """A unit's list of foreign NGOs, its columns numbered under the header, sectors as the unit writes them."""
    book = Workbook()
    sheet = book.active
    sheet.title = "TC PCPNN"
    sheet["A1"] = "DANH SÁCH CÁC TỔ CHỨC PHI CHÍNH PHỦ NƯỚC NGOÀI HOẠT ĐỘNG TRÊN ĐỊA BÀN"
    sheet.append(NGO_HEADERS)
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])
    for row in NGO_ROWS:
        sheet.append(row)
    book.save(path)
    return path
