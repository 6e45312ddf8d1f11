"""The outgoing-document register: numbers per unit and year from 01, never reused, never two alike."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from desktop.errors import NotFoundError, ValidationError
from desktop.models import ChangeLog, DocumentCounter, OutgoingDocument
from desktop.services import documents as documents_module
from desktop.services import open_services
from desktop.services.common import ListQuery
from tests.conftest import TODAY
from tests.services.builders import outbound

SIGNER = "Trần Đức Hải"
ROOT = Path(__file__).resolve().parents[2]


def _draft(services, doc_type: str = "TTr", summary: str = "Xin phép cử đoàn đi Hàn Quốc", **link):
    return services.documents.create(doc_type, summary, **link)


def _signed(services, on: date = TODAY, doc_type: str = "TTr"):
    return services.documents.mark_signed(_draft(services, doc_type).id, on, SIGNER)


def _numbers(services) -> list[int]:
    return sorted(r.number for r in services.documents.page(ListQuery(limit=1000)) if r.number)


def test_a_new_document_is_a_draft_without_number(services):
    row = _draft(services)
    assert (row.status, row.number, row.year, row.symbol, row.issued_on) == ("draft", None, None, "", None)
    assert row.unit_code == "DL-BMT" and row.doc_type == "TTr"


def test_numbers_run_from_01_with_the_symbol_of_the_type(services):
    first = _signed(services)
    assert (first.number, first.year, first.symbol, first.status) == (1, 2026, "01/TTr-UBND", "signed")
    assert (first.issued_on, first.signer) == (TODAY, SIGNER)
    for _ in range(3):
        _signed(services, doc_type="CV")
    assert _signed(services).symbol == "05/TTr-UBND"
    for _ in range(6):
        _signed(services, doc_type="BC")
    assert _signed(services, doc_type="CV").symbol == "12/CV-UBND"
    assert _numbers(services) == list(range(1, 13))


def test_a_new_year_starts_again_at_01(services):
    assert _signed(services, date(2026, 12, 30)).symbol == "01/TTr-UBND"
    assert _signed(services, date(2026, 12, 31)).symbol == "02/TTr-UBND"
    new_year = _signed(services, date(2027, 1, 1))
    assert (new_year.year, new_year.number, new_year.symbol) == (2027, 1, "01/TTr-UBND")
    assert _signed(services, date(2026, 12, 31)).number == 3  # a late entry for 2026 continues 2026
    assert services.documents.years() == [2027, 2026]


def test_two_units_do_not_share_a_sequence(services):
    _signed(services)
    _signed(services)
    other = _draft(services, "CV")
    with services.ctx.db.session() as s:  # a document of another unit in a shared store
        s.get(OutgoingDocument, other.id).unit_code = "DL-EKA"
    signed = services.documents.mark_signed(other.id, TODAY, "Nguyễn Văn Bình")
    assert (signed.unit_code, signed.number) == ("DL-EKA", 1)
    assert _signed(services).number == 3


def test_the_unit_abbreviation_comes_from_the_print_settings(services):
    services.device.put_setting("print.unit_abbrev", "UBND-VP")
    assert _signed(services, doc_type="CV").symbol == "01/CV-UBND-VP"


def test_a_deleted_draft_frees_nothing_because_drafts_have_no_number(services):
    _signed(services)
    gone = _draft(services)
    services.documents.delete(gone.id)
    with pytest.raises(NotFoundError):
        services.documents.get(gone.id)
    assert _signed(services).number == 2
    assert services.documents.count() == 2


def test_a_signed_document_cannot_be_deleted_and_its_number_is_never_given_again(services):
    signed = _signed(services)
    with pytest.raises(ValidationError) as caught:
        services.documents.delete(signed.id)
    assert "01/TTr-UBND" in caught.value.for_field("status")[0]
    assert services.documents.get(signed.id).number == 1
    with services.ctx.db.session() as s:  # a tombstone arriving from elsewhere keeps its number
        s.get(OutgoingDocument, signed.id).deleted = True
    assert _signed(services).number == 2
    with services.ctx.db.session() as s:  # even a lost counter (a restored file) cannot hand it out again
        s.execute(delete(DocumentCounter))
    assert _signed(services).number == 3


def test_marking_signed_twice_is_refused_and_changes_nothing(services):
    signed = _signed(services)
    with pytest.raises(ValidationError) as caught:
        services.documents.mark_signed(signed.id, date(2026, 2, 1), "Người khác")
    assert "01/TTr-UBND" in caught.value.for_field("status")[0]
    again = services.documents.get(signed.id)
    assert (again.number, again.issued_on, again.signer) == (1, TODAY, SIGNER)
    assert _signed(services).number == 2  # the refused attempt took no number


def test_signing_needs_a_signer_and_a_date(services):
    row = _draft(services)
    with pytest.raises(ValidationError) as caught:
        services.documents.mark_signed(row.id, None, "  ")
    assert caught.value.for_field("signer") and caught.value.for_field("signed_on")
    assert services.documents.get(row.id).status == "draft"


def test_bad_drafts_are_refused_by_field(services):
    with pytest.raises(ValidationError) as caught:
        services.documents.create("XYZ", "  ")
    assert caught.value.for_field("doc_type") and caught.value.for_field("summary")
    with pytest.raises(ValidationError) as caught:
        services.documents.create("CV", "Công văn", entity="spaceship", record_id="x")
    assert caught.value.for_field("record_id")
    with pytest.raises(NotFoundError):
        services.documents.create("CV", "Công văn", entity="delegation", record_id="no-such-id")
    assert services.documents.count() == 0


def test_an_error_after_allocation_takes_no_number(services, monkeypatch):
    row = _draft(services)

    def power_cut(*_args):
        raise RuntimeError("mất điện")

    monkeypatch.setattr(documents_module, "_stamp_signed", power_cut)
    with pytest.raises(RuntimeError):
        services.documents.mark_signed(row.id, TODAY, SIGNER)
    monkeypatch.undo()
    assert services.documents.get(row.id).status == "draft"
    assert services.documents.mark_signed(row.id, TODAY, SIGNER).number == 1


CRASH = """
import os, sys
from datetime import date
from pathlib import Path
from desktop.config import Paths
from desktop.services import documents, open_services
services = open_services(sys.argv[1], Paths(Path(sys.argv[2])))
documents._stamp_signed = lambda *args: os._exit(3)  # the process dies inside the transaction
services.documents.mark_signed(sys.argv[3], date(2026, 1, 20), "Trần Đức Hải")
"""


def test_a_process_killed_after_allocation_takes_no_number(services, db_url, paths):
    row = _draft(services)
    done = subprocess.run([sys.executable, "-c", CRASH, db_url, str(paths.root), row.id], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 3, done.stderr
    assert services.documents.get(row.id).status == "draft"
    assert services.documents.mark_signed(row.id, TODAY, SIGNER).symbol == "01/TTr-UBND"


@pytest.mark.sqlite_only  # PostgreSQL's row lock: tests/storage/test_postgres.py
def test_allocation_holds_the_write_lock_until_the_signature_is_stored(services):
    """The counter is updated first, so no other writer can start before this one commits."""
    with services.ctx.db.session() as s:
        assert documents_module.allocate_number(s, "DL-BMT", 2026) == 1
        other = sqlite3.connect(services.ctx.db.path, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
        s.rollback()
    assert _signed(services).number == 1  # rolled back: the number was given back


def test_two_writers_never_share_a_number(services, db_url, paths, monkeypatch):
    drafts = [_draft(services, summary=f"Văn bản {i}").id for i in range(40)]
    real = documents_module._stamp_signed

    def slow(*args):  # widen the window between taking the number and writing it
        time.sleep(0.002)
        real(*args)

    monkeypatch.setattr(documents_module, "_stamp_signed", slow)
    other = open_services(db_url, paths, today=lambda: TODAY)  # a second Database on the same file
    start, errors = threading.Barrier(2), []

    def sign(svc, ids):
        start.wait()
        try:
            for document_id in ids:
                svc.documents.mark_signed(document_id, TODAY, SIGNER)
        except Exception as exc:  # reported below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=sign, args=(svc, drafts[i::2])) for i, svc in enumerate((services, other))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        other.close()
    assert errors == []
    assert _numbers(services) == list(range(1, 41))


def test_the_register_refuses_a_duplicate_number_whatever_the_code_does(services):
    signed = _signed(services)
    with pytest.raises(IntegrityError), services.ctx.db.session() as s:
        s.add(OutgoingDocument(unit_code="DL-BMT", doc_type="CV", summary="Bản sao", status="signed",
                               year=signed.year, number=signed.number, symbol="01/CV-UBND"))
        s.flush()


def test_each_change_is_in_the_change_log(services):
    row = _draft(services)
    services.documents.mark_signed(row.id, TODAY, SIGNER)
    with services.ctx.db.read() as s:
        logged = s.execute(select(ChangeLog.op, ChangeLog.version)
                           .where(ChangeLog.entity == "outgoing_document", ChangeLog.record_id == row.id)
                           .order_by(ChangeLog.change_seq)).all()
    assert logged == [("upsert", 1), ("upsert", 2)]


def test_lists_search_years_and_documents_of_a_record(services):
    trip = services.delegations.save(outbound(), [])
    request = _draft(services, "TTr", "Xin phép cử đoàn xúc tiến cà phê", form="delegation-request",
                     entity="delegation", record_id=trip.id)
    services.documents.mark_signed(request.id, date(2025, 12, 29), SIGNER)
    _draft(services, "DS", "Danh sách thành viên đoàn", form="member-list", entity="delegation", record_id=trip.id)
    _signed(services, date(2026, 1, 5), "BC")
    docs = services.documents
    assert [r.form for r in docs.for_record("delegation", trip.id)] == ["delegation-request", "member-list"]
    assert docs.count() == 3 and docs.years() == [2026, 2025]
    assert docs.count(year=2025) == 2  # the 2025 document and the draft, which has no year yet
    assert [r.symbol for r in docs.page(ListQuery(search="ca phe"))] == ["01/TTr-UBND"]
    assert [r.symbol for r in docs.page(ListQuery(search="01/BC"))] == ["01/BC-UBND"]
    by_number = docs.page(ListQuery(sort="number", descending=True), year=2026)
    assert [r.symbol for r in by_number] == ["01/BC-UBND", ""]
