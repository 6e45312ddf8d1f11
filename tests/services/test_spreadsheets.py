"""Excel out: Vietnamese headers from the models, readable values, nothing half-written."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from desktop.errors import AppError
from tests.services.builders import outbound


def _rows(path):
    sheet = load_workbook(path).active
    return [[c.value for c in row] for row in sheet.iter_rows()], sheet


def test_delegations_export_with_vietnamese_headers_and_values(services, tmp_path):
    services.delegations.save(outbound(), [])
    out = tmp_path / "doan.xlsx"
    assert services.spreadsheets.export("delegation", out) == 1
    rows, sheet = _rows(out)
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert {"Đơn vị", "Loại đoàn", "Tên đoàn", "Quốc gia", "Ngày đi / đến", "Dự toán (VND)"} <= set(header)
    assert first["Đơn vị"] == "Thành phố Buôn Ma Thuột"
    assert first["Loại đoàn"] == "Đoàn ra" and first["Trạng thái"] == "Đang soạn"
    assert first["Quốc gia"] == "Hàn Quốc" and first["Trong kế hoạch năm"] == "Có"
    assert first["Ngày đi / đến"] == datetime(2026, 6, 15)
    assert first["Dự toán (VND)"] == 1_250_000_000
    money = sheet.cell(row=2, column=header.index("Dự toán (VND)") + 1)
    assert money.number_format == "#,##0"


def test_members_show_the_persons_name_not_an_id(services, tmp_path):
    person = services.persons.save({"full_name": "H'Hen Niê", "position": "Phó Chủ tịch UBND"})
    services.delegations.save(outbound(), [{"person_id": person.id, "role": "head"}])
    out = tmp_path / "tv.xlsx"
    services.spreadsheets.export("delegation_member", out)
    rows, _sheet = _rows(out)
    member = dict(zip(rows[0], rows[1], strict=True))
    assert member["Cán bộ"] == "H'Hen Niê" and member["Vai trò"] == "Trưởng đoàn"
    assert member["Đoàn"] == outbound()["title"]


def test_search_and_tombstones_limit_the_rows(services, tmp_path):
    services.delegations.save({**outbound(), "title": "Đoàn khảo sát sầu riêng"}, [])
    gone = services.delegations.save({**outbound(), "title": "Đoàn sầu riêng đã xóa"}, [])
    services.delegations.save({**outbound(), "title": "Đoàn hồ tiêu"}, [])
    services.delegations.delete(gone.id)
    seen = []
    written = services.spreadsheets.export("delegation", tmp_path / "x.xlsx", search="sau rieng",
                                           progress=lambda done, total: seen.append((done, total)))
    assert written == 1 and seen[-1] == (1, 1)


def test_a_failed_export_leaves_no_file(services, tmp_path, monkeypatch):
    from openpyxl import Workbook

    services.delegations.save(outbound(), [])

    def broken_save(self, filename):
        open(filename, "wb").write(b"PK half")
        raise OSError("đĩa đầy")

    monkeypatch.setattr(Workbook, "save", broken_save)
    out = tmp_path / "usb" / "doan.xlsx"
    with pytest.raises(AppError, match="Không ghi được tệp «doan.xlsx».*đĩa đầy"):
        services.spreadsheets.export("delegation", out)
    assert list(out.parent.iterdir()) == []


def test_an_unknown_register_is_refused(services, tmp_path):
    with pytest.raises(AppError, match="Không có sổ"):
        services.spreadsheets.export("khong_co", tmp_path / "x.xlsx")


def test_every_register_exports(services, tmp_path):
    """Every register's columns resolve (enums, references, countries) and a header row is written."""
    for entity in services.records.entities():
        services.spreadsheets.export(entity, tmp_path / f"{entity}.xlsx")
        rows, _sheet = _rows(tmp_path / f"{entity}.xlsx")
        assert rows[0][0] == "Đơn vị" and all(rows[0])


def test_filters_keep_one_direction(services, tmp_path):
    from tests.services.builders import inbound

    services.delegations.save(outbound(), [])
    services.delegations.save(inbound(), [])
    out = tmp_path / "vao.xlsx"
    assert services.spreadsheets.export("delegation", out, filters={"direction": "inbound"}) == 1
    rows, _sheet = _rows(out)
    assert rows[1][rows[0].index("Loại đoàn")] == "Đoàn vào"
