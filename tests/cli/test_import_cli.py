"""`doingoai import FILE --db URL --register REGISTER [--sheet] [--set FIELD=VALUE …] [--dry-run] [--json]`:
the wizard's reading of a unit's own register from the command line; exit 0 written or previewed,
2 refused with nothing written (issue 10, item 16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.cli import main
from tests.unit_registers import OUTBOUND_HEADERS, OUTBOUND_ROWS, ngo_register, outbound_register

KEYS = {"file", "register", "sheet", "result", "error", "mapping", "fixed", "also", "guessed", "counts", "rows",
        "written"}


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cli_json(capsys, *argv: str) -> tuple[int, dict]:
    code, out, _err = cli(capsys, *argv, "--json")
    return code, json.loads(out)


@pytest.fixture
def db(tmp_path, capsys) -> str:
    path = tmp_path / "donvi.sqlite3"
    assert cli(capsys, "init", "--db", str(path), "--unit", "DL-BMT")[0] == 0
    return str(path)


def _listed(capsys, db: str, entity: str) -> list[dict]:
    code, out, _err = cli(capsys, "list", entity, "--db", db, "--json")
    assert code == 0
    return json.loads(out)


def _book(path: Path, rows: list[list], *titles: str) -> Path:
    book = Workbook()
    book.active.title = titles[0] if titles else "Sheet1"
    for title in titles[1:]:
        book.create_sheet(title)
    for row in rows:
        book.worksheets[-1].append(row)
    book.save(path)
    return path


def test_dry_run_prints_the_preview_and_writes_nothing(capsys, db, tmp_path):
    path = outbound_register(tmp_path / "doan-ra.xlsx")
    code, doc = cli_json(capsys, "import", str(path), "--db", db, "--register", "delegation", "--dry-run")
    assert code == 0 and set(doc) == KEYS
    assert (doc["register"], doc["sheet"], doc["result"], doc["written"]) == ("delegation", "Đoàn ra 2024",
                                                                               "previewed", None)
    assert doc["fixed"] == {"direction": "outbound"} and doc["also"] == {"title": "Nội dung/Mục đích"}
    assert doc["guessed"]["direction"] == "đoán từ tên trang tính «Đoàn ra 2024»"
    assert doc["counts"] == {"new": 4, "duplicate": 0, "invalid": 0, "empty": 4}
    first = doc["rows"][0]
    assert set(first) == {"row", "status", "values", "problems", "guesses", "notes", "duplicate_of"}
    assert (first["row"], first["status"], first["problems"]) == (6, "new", [])
    assert first["values"]["start_date"] == "2024-06-15" and first["values"]["countries"] == ["KR"]
    assert first["values"]["title"] == OUTBOUND_ROWS[0][5] and first["values"]["head_match"] == "new"
    assert "Loại đoàn: Đoàn ra (đoán từ tên trang tính «Đoàn ra 2024»)." in first["guesses"]
    assert [r["status"] for r in doc["rows"]][-4:] == ["empty"] * 4
    assert _listed(capsys, db, "delegation") == [] and _listed(capsys, db, "person") == []


def test_an_import_writes_once_then_finds_duplicates(capsys, db, tmp_path):
    path = outbound_register(tmp_path / "doan-ra.xlsx")
    code, doc = cli_json(capsys, "import", str(path), "--db", db, "--register", "đoàn")
    assert code == 0 and doc["result"] == "written"
    assert doc["written"] == {"created": 4, "duplicate": 0, "invalid": 0, "empty": 4}
    assert {d["direction"] for d in _listed(capsys, db, "delegation")} == {"outbound"}
    assert sorted(p["full_name"] for p in _listed(capsys, db, "person")) == [
        "Nguyễn Văn Hùng", "Y Thông Ktla"]  # "nguyen van hung" of row 8 is the officer of row 6
    assert len(_listed(capsys, db, "delegation_member")) == 4

    code, out, _err = cli(capsys, "import", str(path), "--db", db, "--register", "delegation")
    assert code == 0 and "0 mới, 4 trùng, 0 lỗi" in out and "Đã nhập 0 bản ghi mới." in out
    assert len(_listed(capsys, db, "delegation")) == 4


def test_a_row_that_cannot_be_read_refuses_the_file_and_names_its_cell(capsys, db, tmp_path):
    rows = [OUTBOUND_HEADERS, OUTBOUND_ROWS[0], [2, "Lê Văn Tám", "Narnia", "01/07/2024 - 05/07/2024", None, "Đi xa"]]
    path = _book(tmp_path / "loi.xlsx", rows, "Đoàn ra 2024")
    code, doc = cli_json(capsys, "import", str(path), "--db", db, "--register", "delegation")
    assert code == 2 and doc["result"] == "refused" and doc["written"] is None
    bad = doc["rows"][1]
    assert bad["status"] == "invalid" and bad["problems"] == [{
        "field": "countries", "column": "Nước đến", "cell": "C3", "message": "Không nhận ra quốc gia «Narnia»."}]
    assert doc["rows"][0]["status"] == "new"
    assert _listed(capsys, db, "delegation") == [] and _listed(capsys, db, "person") == []
    code, out, err = cli(capsys, "import", str(path), "--db", db, "--register", "delegation", "--dry-run")
    assert code == 2 and "Cột «Nước đến», ô C3: Không nhận ra quốc gia «Narnia»." in out and "chưa ghi gì" in err


def test_set_gives_a_field_one_value_for_every_row(capsys, db, tmp_path):
    path = _book(tmp_path / "ds.xlsx", [OUTBOUND_HEADERS, *OUTBOUND_ROWS])  # "Sheet1": nothing says which way
    code, doc = cli_json(capsys, "import", str(path), "--db", db, "--register", "delegation", "--dry-run")
    assert code == 2 and doc["result"] == "refused" and "Chưa chọn cột cho: Loại đoàn" in doc["error"]
    assert doc["rows"] == [] and doc["counts"]["new"] == 0
    code, doc = cli_json(capsys, "import", str(path), "--db", db, "--register", "delegation",
                         "--set", "Loại đoàn=Đoàn vào", "--set", "status=draft")
    assert code == 0 and doc["fixed"] == {"direction": "inbound", "status": "draft"}
    assert "direction" not in doc["guessed"]
    assert doc["rows"][0]["values"]["head_match"] == "guest"
    assert {d["direction"] for d in _listed(capsys, db, "delegation")} == {"inbound"}


def test_register_aliases_sheets_and_refusals(capsys, db, tmp_path):
    path = _book(tmp_path / "hai.xlsx", [OUTBOUND_HEADERS, *OUTBOUND_ROWS[:2]], "Ghi chú", "Năm nay")
    code, doc = cli_json(capsys, "import", str(path), "--db", db, "--register", "doan-vao", "--sheet", "nam nay",
                         "--dry-run")
    assert code == 0 and doc["sheet"] == "Năm nay" and doc["fixed"] == {"direction": "inbound"}
    code, _out, err = cli(capsys, "import", str(path), "--db", db, "--register", "delegation", "--sheet", "Không có")
    assert code == 2 and "Tệp không có trang tính «Không có»" in err and "«Năm nay»" in err
    code, doc = cli_json(capsys, "import", str(path), "--db", db, "--register", "conference")
    assert code == 2 and doc["result"] == "refused" and "person, delegation" in doc["error"]
    code, _out, err = cli(capsys, "import", str(path), "--db", db, "--register", "delegation", "--set", "direction")
    assert code == 2 and "TRƯỜNG=GIÁ_TRỊ" in err
    code, _out, err = cli(capsys, "import", str(path), "--db", db, "--register", "delegation", "--set", "hạng=1")
    assert code == 2 and "không có trường «hạng»" in err
    code, _out, err = cli(capsys, "import", str(tmp_path / "khong-co.xlsx"), "--db", db, "--register", "person")
    assert code == 2 and "Không tìm thấy tệp «khong-co.xlsx»" in err


def test_ngos_from_the_command_line(capsys, db, tmp_path):
    code, doc = cli_json(capsys, "import", str(ngo_register(tmp_path / "n.xlsx")), "--db", db, "--register", "ngo")
    assert code == 0 and doc["register"] == "foreign_ngo" and doc["written"]["created"] == 3
    sectors = {n["name_original"]: n["sectors"] for n in _listed(capsys, db, "foreign_ngo")}
    assert sectors["Plan International"] == ["education", "social_welfare"]


def test_help_names_the_registers(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert all(word in out for word in ("person", "delegation", "foreign_ngo", "aid_project", "--dry-run", "--set"))
