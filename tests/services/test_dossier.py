"""The dossier checklist on stored requests, and submission refused while items are missing (D1)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.models import ChangeLog, DossierMark
from tests.services.builders import TODAY, complete_dossier, guest, inbound, officer, outbound

SOURCE = "Thủ tục NV-CPRD-01 tỉnh Đắk Lắk (thành phần hồ sơ)"
EVERYTHING_OUT = ["request", "programme", "invitation", "invitation_translation", "member_list",
                  "cost_estimate", "party_opinion", "copies"]


def _log_count(services) -> int:
    with services.ctx.db.read() as s:
        return s.scalar(select(func.count(ChangeLog.id)))


def _state(services, delegation_id: str, key: str) -> str:
    return {i.key: i.state for i in services.dossier.checklist(delegation_id)}[key]


@pytest.fixture
def leader_trip(services):
    """A state-funded outbound trip led by a vice-chair (a key leader)."""
    leader = officer(services, "H'Hen Niê", is_key_leader=True)
    return services.delegations.save(outbound(), [{"role": "head", "person_id": leader}])


def test_a_state_funded_trip_with_a_key_leader_lists_every_item(services, leader_trip):
    items = services.dossier.checklist(leader_trip.id)
    assert [i.key for i in items] == EVERYTHING_OUT
    assert [i.key for i in services.dossier.missing(leader_trip.id)] == EVERYTHING_OUT[:-1]
    assert items[-1].state == "info" and not items[-1].required


def test_without_key_leader_or_state_money_the_two_items_go(services):
    staff = officer(services, "Lê Thị Mai", position="Chuyên viên")
    trip = services.delegations.save(outbound(funding="partner", cost_estimate_vnd=None),
                                     [{"role": "head", "person_id": staff}])
    keys = [i.key for i in services.dossier.checklist(trip.id)]
    assert "cost_estimate" not in keys and "party_opinion" not in keys


def test_attaching_the_invitation_marks_it_attached(services, leader_trip, tmp_path):
    letter = tmp_path / "thư mời.pdf"
    letter.write_bytes(b"%PDF-1.4 invitation")
    services.delegations.add_attachment(leader_trip.id, letter, "invitation")
    [item] = [i for i in services.dossier.checklist(leader_trip.id) if i.key == "invitation"]
    assert (item.state, item.detail) == ("attached", "thư mời.pdf")
    assert _state(services, leader_trip.id, "invitation_translation") == "missing"


def test_registering_the_request_marks_it_generated(services, leader_trip):
    doc = services.documents.create("TTr", "Xin phép cử đoàn", form="delegation-request",
                                    entity="delegation", record_id=leader_trip.id)
    [item] = [i for i in services.dossier.checklist(leader_trip.id) if i.key == "request"]
    assert item.state == "generated" and "chưa cấp số" in item.detail
    services.documents.mark_signed(doc.id, date(2026, 1, 19), "Trần Đức Hải")
    [item] = [i for i in services.dossier.checklist(leader_trip.id) if i.key == "request"]
    assert (item.state, item.detail) == ("generated", "Số 01/TTr-UBND ngày 19/01/2026")


def test_a_deleted_draft_no_longer_counts(services, leader_trip):
    doc = services.documents.create("DS", "Danh sách", form="member-list", entity="delegation",
                                    record_id=leader_trip.id)
    assert _state(services, leader_trip.id, "member_list") == "generated"
    services.documents.delete(doc.id)
    assert _state(services, leader_trip.id, "member_list") == "missing"


def test_a_paper_mark_and_taking_it_back(services, leader_trip):
    items = services.dossier.mark_paper(leader_trip.id, "party_opinion", True, "Công văn 125-CV/TU")
    [item] = [i for i in items if i.key == "party_opinion"]
    assert (item.state, item.detail) == ("paper", "Đã nộp bản giấy: Công văn 125-CV/TU")
    items = services.dossier.mark_paper(leader_trip.id, "party_opinion", False)
    assert {i.key: i.state for i in items}["party_opinion"] == "missing"
    with services.ctx.db.read() as s:  # one record, changed twice: its history is in the change log
        marks = s.scalars(select(DossierMark)).all()
    assert [(m.item_key, m.supplied, m.version) for m in marks] == [("party_opinion", False, 2)]


def test_a_paper_mark_must_name_an_item_of_the_dossier(services, leader_trip):
    with pytest.raises(ValidationError) as caught:
        services.dossier.mark_paper(leader_trip.id, "passport", True)  # inbound only
    assert caught.value.for_field("key")


def test_inbound_items(services, tmp_path):
    trip = services.delegations.save(inbound(), [guest()])
    assert [i.key for i in services.dossier.checklist(trip.id)] == ["request", "passport", "programme"]
    scan = tmp_path / "hộ chiếu Kim Min-jun.pdf"
    scan.write_bytes(b"%PDF-1.4 passport")
    services.delegations.add_attachment(trip.id, scan, "passport")
    services.documents.create("CV", "Xin phép đón đoàn", form="guest-request", entity="delegation",
                              record_id=trip.id)
    assert [(i.key, i.state) for i in services.dossier.missing(trip.id)] == [("programme", "missing")]


def test_submitting_with_missing_items_is_refused_and_lists_them(services, leader_trip):
    services.dossier.mark_paper(leader_trip.id, "invitation", True)
    before = _log_count(services)
    with pytest.raises(ValidationError) as caught:
        services.delegations.set_status(leader_trip.id, "submitted")
    [message] = caught.value.for_field("status")
    assert message.startswith("Hồ sơ chưa đủ, còn thiếu: Tờ trình xin phép cử đoàn ra; ")
    assert "Ý kiến của cấp ủy" in message and "Dự toán kinh phí" in message
    assert "Thư mời của phía nước ngoài" not in message
    stored = services.delegations.get(leader_trip.id)
    assert (stored.data["status"], stored.version, stored.data["submitted_on"]) == ("draft", 1, None)
    assert _log_count(services) == before


def test_a_new_request_saved_as_submitted_is_refused_and_nothing_stored(services):
    with pytest.raises(ValidationError) as caught:
        services.delegations.save(inbound(status="submitted"), [guest()])
    assert caught.value.for_field("status")
    assert services.delegations.count() == 0


def test_a_complete_dossier_lets_it_through(services, leader_trip):
    complete_dossier(services, leader_trip.id)
    assert services.dossier.missing(leader_trip.id) == []
    d = services.delegations.set_status(leader_trip.id, "submitted")
    assert (d.data["status"], d.data["submitted_on"]) == ("submitted", TODAY)


def test_removing_the_attachment_in_the_same_save_counts(services, leader_trip, tmp_path):
    letter = tmp_path / "chương trình.pdf"
    letter.write_bytes(b"%PDF-1.4 programme")
    saved = services.delegations.add_attachment(leader_trip.id, letter, "programme")
    for key in ("request", "invitation", "invitation_translation", "member_list", "cost_estimate", "party_opinion"):
        services.dossier.mark_paper(leader_trip.id, key, True)
    members = [{**m.data, "id": m.id} for m in saved.members]
    with pytest.raises(ValidationError) as caught:  # the editor's content, not the stored one, is checked
        services.delegations.save({**saved.data, "status": "submitted", "attachments": []}, members,
                                  saved.id, saved.version)
    assert "Mục đích và chương trình" in caught.value.for_field("status")[0]


def test_with_rule_d1_switched_off_submission_passes(services, leader_trip):
    view = next(r for r in services.rules.list() if r.code == "D1")
    assert (view.severity, view.params, view.enabled) == ("blocking", {}, True)
    services.rules.update("D1", {}, SOURCE, enabled=False)
    d = services.delegations.set_status(leader_trip.id, "submitted")
    assert d.data["status"] == "submitted"
    assert len(services.dossier.missing(leader_trip.id)) == 7  # the checklist still tells the truth


def test_unknown_attachment_kinds_are_refused(services, leader_trip, tmp_path):
    letter = tmp_path / "x.pdf"
    letter.write_bytes(b"%PDF-1.4")
    with pytest.raises(ValidationError) as caught:
        services.delegations.add_attachment(leader_trip.id, letter, "letter")
    assert caught.value.for_field("kind")
