"""`doingoai print FORM RECORD_ID --db PATH --out FILE.pdf`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from desktop.cli import main
from tests.conftest import TODAY
from tests.services.builders import officer, outbound


@pytest.fixture
def db(services, db_url) -> Path:
    """The test database with a delegation of one officer and a signer set (services closed after)."""
    services.printing.save_settings(replace(services.printing.settings(), signer_name="Trần Văn Thành"))
    return Path(db_url.removeprefix("sqlite:///"))


def record(services, members: bool = True) -> str:
    people = [{"role": "head", "person_id": officer(services, "H'Hen Niê")}] if members else []
    return services.delegations.save(outbound(), people).id


def test_print_writes_a_valid_pdf(services, db, tmp_path, capsys):
    out = tmp_path / "to-trinh.pdf"
    code = main(["print", "delegation-request", record(services), "--db", str(db), "--out", str(out)])
    stdout, _err = capsys.readouterr()
    assert code == 0 and f"Đã ghi {out}" in stdout
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "TỜ TRÌNH" in text and "H'Hen Niê" in text and "Trần Văn Thành" in text


def test_print_lists_what_to_fill_in_and_writes_nothing(services, db, tmp_path, capsys):
    out = tmp_path / "member-list.pdf"
    code = main(["print", "member-list", record(services, members=False), "--db", str(db), "--out", str(out)])
    _out, err = capsys.readouterr()
    assert code == 2
    assert "Chưa in được «Danh sách thành viên đoàn». Hãy bổ sung:" in err
    assert "- Chưa có thành viên trong đoàn" in err
    assert not out.exists()


def test_print_an_unknown_form(services, db, tmp_path, capsys):
    code = main(["print", "visa", record(services), "--db", str(db), "--out", str(tmp_path / "x.pdf")])
    assert code == 2 and "Không có mẫu in «visa»" in capsys.readouterr().err


def test_print_needs_an_out_file(services, db, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["print", "member-list", "x", "--db", str(db)])
    assert exc.value.code == 2 and "--out" in capsys.readouterr().err


def test_print_a_signed_document_number(services, db, tmp_path, capsys):
    delegation = record(services)
    doc = services.documents.create("TTr", "Xin phép cử đoàn", form="delegation-request", entity="delegation",
                                    record_id=delegation)
    services.documents.mark_signed(doc.id, TODAY, "Trần Văn Thành")
    out = tmp_path / "signed.pdf"
    assert main(["print", "delegation-request", delegation, "--db", str(db), "--out", str(out),
                 "--document", doc.id]) == 0
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "01/TTr-UBND" in text and "ngày 20 tháng 01 năm 2026" in text
