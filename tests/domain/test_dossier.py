"""The dossier rule: which items a request needs, and what satisfies each."""

from __future__ import annotations

from desktop.domain.dossier import (
    ATTACHMENT_KINDS,
    DossierFacts,
    checklist,
    item_keys,
    missing,
    missing_message,
)
from desktop.domain.rule_config import DEFAULT_RULES

OUTBOUND = ["request", "programme", "invitation", "invitation_translation", "member_list"]


def _keys(facts: DossierFacts) -> list[str]:
    return [e.key for e in checklist(facts)]


def _states(facts: DossierFacts) -> dict[str, str]:
    return {e.key: e.state for e in checklist(facts)}


def test_outbound_on_state_budget_with_a_key_leader_needs_everything():
    entries = checklist(DossierFacts("outbound", funding="state_budget", key_leader=True))
    assert [e.key for e in entries] == [*OUTBOUND, "cost_estimate", "party_opinion", "copies"]
    assert [e.title for e in entries][0] == "Tờ trình xin phép cử đoàn ra"
    assert {e.state for e in entries if e.required} == {"missing"}
    [copies] = [e for e in entries if not e.required]
    assert (copies.title, copies.state) == ("Nộp 03 bộ hồ sơ", "info")
    assert len(missing(entries)) == 7


def test_cost_estimate_only_when_the_state_pays_and_party_opinion_only_for_key_leaders():
    assert _keys(DossierFacts("outbound", funding="partner")) == [*OUTBOUND, "copies"]
    assert _keys(DossierFacts("outbound", funding=None)) == [*OUTBOUND, "copies"]
    assert "cost_estimate" in _keys(DossierFacts("outbound", funding="mixed"))
    assert "party_opinion" in _keys(DossierFacts("outbound", funding="self", key_leader=True))


def test_inbound_needs_the_request_the_passports_and_the_programme():
    entries = checklist(DossierFacts("inbound", funding="state_budget", key_leader=True))
    assert [(e.key, e.title) for e in entries] == [
        ("request", "Công văn xin phép đón đoàn vào"), ("passport", "Bản sao hộ chiếu của khách"),
        ("programme", "Chương trình làm việc của đoàn")]
    assert all(e.required and e.state == "missing" for e in entries)


def test_a_generated_document_an_attachment_or_a_paper_mark_satisfies_an_item():
    facts = DossierFacts(
        "outbound", funding="state_budget",
        documents={"delegation-request": "Số 05/TTr-UBND ngày 05/02/2026"},
        attachments={"invitation": ("thư mời.pdf", "thư mời 2.pdf"), "other": ("ảnh.jpg",)},
        paper={"member_list": "", "cost_estimate": "Nộp cùng tờ trình"},
    )
    entries = {e.key: e for e in checklist(facts)}
    assert (entries["request"].state, entries["request"].detail) == ("generated", "Số 05/TTr-UBND ngày 05/02/2026")
    assert (entries["invitation"].state, entries["invitation"].detail) == ("attached", "thư mời.pdf, thư mời 2.pdf")
    assert (entries["member_list"].state, entries["member_list"].detail) == ("paper", "Đã nộp bản giấy")
    assert entries["cost_estimate"].detail == "Đã nộp bản giấy: Nộp cùng tờ trình"
    assert [e.key for e in missing(list(entries.values()))] == ["programme", "invitation_translation"]


def test_the_strongest_evidence_is_shown_and_a_wrong_kind_satisfies_nothing():
    facts = DossierFacts("inbound", documents={"guest-request": "Số 02/CV-UBND"},
                         attachments={"invitation": ("thư mời.pdf",)}, paper={"request": "", "passport": ""})
    assert _states(facts) == {"request": "generated", "passport": "paper", "programme": "missing"}
    # an outbound request form does not satisfy an inbound dossier
    assert _states(DossierFacts("inbound", documents={"delegation-request": "x"}))["request"] == "missing"


def test_missing_items_say_how_to_supply_them():
    entries = {e.key: e for e in checklist(DossierFacts("outbound"))}
    assert "mẫu in" in entries["request"].detail
    assert "«Thư mời»" in entries["invitation"].detail
    message = missing_message(missing(list(entries.values())))
    assert message.startswith("Hồ sơ chưa đủ, còn thiếu: Tờ trình xin phép cử đoàn ra; ")
    assert "Bản dịch tiếng Việt của thư mời" in message


def test_paper_marks_name_only_required_items_of_the_direction():
    assert item_keys("inbound") == {"request", "passport", "programme"}
    assert item_keys("outbound") == {*OUTBOUND, "cost_estimate", "party_opinion"}


def test_kinds_cover_every_attachment_the_rule_asks_for():
    for direction in ("outbound", "inbound"):
        for entry in checklist(DossierFacts(direction, funding="state_budget", key_leader=True)):
            if entry.required and entry.key not in ("request", "member_list"):
                assert entry.key in ATTACHMENT_KINDS


def test_the_rule_is_registered_as_blocking_with_its_source():
    rule = DEFAULT_RULES["D1"]
    assert rule.severity == "blocking" and rule.params == {}
    assert rule.source == "Thủ tục NV-CPRD-01 tỉnh Đắk Lắk (thành phần hồ sơ)"
