"""The delegations register: members, workflow, R4 blocking and override, lists, attachments."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.errors import AppError, NotFoundError, RuleBlockedError, ValidationError
from desktop.models import ChangeLog, DelegationMember
from desktop.services.common import ListQuery
from desktop.services.delegations import Filter
from tests.services.builders import (
    TODAY,
    complete_dossier,
    disciplined,
    guest,
    inbound,
    officer,
    outbound,
    save_filed,
)


def _log_count(services) -> int:
    with services.ctx.db.read() as s:
        return s.scalar(select(func.count(ChangeLog.id)))


def _members_in_db(services, delegation_id: str) -> dict[str, bool]:
    with services.ctx.db.read() as s:
        rows = s.scalars(select(DelegationMember).where(DelegationMember.delegation_id == delegation_id))
        return {m.id: m.deleted for m in rows}


def test_outbound_with_officers(services):
    head = officer(services, "Nguyễn Văn Hùng")
    member = officer(services, "Lê Thị Mai", passport_number="C2223334")
    saved = services.delegations.save(outbound(), [{"role": "member", "person_id": member}, {"role": "head", "person_id": head}])
    assert saved.version == 1
    assert saved.data["status"] == "draft" and saved.data["countries"] == ["KR"]
    assert saved.data["cost_estimate_vnd"] == 1_250_000_000
    assert [(m.display_name, m.data["role"]) for m in saved.members] == [
        ("Nguyễn Văn Hùng", "head"), ("Lê Thị Mai", "member")]
    assert saved.members[0].position == "Phó Chủ tịch UBND"
    assert all(m.data["delegation_id"] == saved.id for m in saved.members)


def test_inbound_with_guests(services):
    saved = services.delegations.save(inbound(), [guest(), guest("Lee Seo-yeon", role="head")])
    assert [m.display_name for m in saved.members] == ["Lee Seo-yeon", "Kim Min-jun"]
    assert saved.members[1].data["guest_passport"] == "M12345678"


def test_member_problems_are_named_by_row(services):
    with pytest.raises(ValidationError) as caught:
        services.delegations.save(inbound(), [guest(), guest("", guest_nationality="Korea")])
    fields = {p.field for p in caught.value.problems}
    assert fields == {"members[1].guest_name", "members[1].guest_nationality"}
    assert caught.value.for_field("members[1].guest_name")[0].startswith("Thành viên 2:")
    assert services.delegations.count() == 0


def test_outbound_member_must_be_an_officer(services):
    problems = services.delegations.validate(outbound(), [{"role": "member", "guest_name": "Ai đó"}])
    assert [p.field for p in problems] == ["members[0].person_id"]


def test_delegation_field_problems(services):
    bad = outbound(title="", end_date=date(2026, 6, 1), countries=["Korea"], cost_estimate_vnd=-5)
    with pytest.raises(ValidationError) as caught:
        services.delegations.save(bad, [])
    assert {p.field for p in caught.value.problems} == {"title", "end_date", "countries", "cost_estimate_vnd"}
    assert services.delegations.count() == 0


def test_removing_a_member_tombstones_it(services):
    a, b = officer(services, "Người A"), officer(services, "Người B", passport_number="C3334445")
    saved = services.delegations.save(outbound(), [{"role": "member", "person_id": a}, {"role": "member", "person_id": b}])
    keep = next(m for m in saved.members if m.data["person_id"] == a)
    again = services.delegations.save(saved.data, [{**keep.data, "id": keep.id}], saved.id, saved.version)
    assert [m.id for m in again.members] == [keep.id]
    stored = _members_in_db(services, saved.id)
    assert len(stored) == 2 and sorted(stored.values()) == [False, True]


def test_status_workflow(services):
    saved = services.delegations.save(outbound(), [{"role": "member", "person_id": officer(services)}])
    complete_dossier(services, saved.id)
    d = services.delegations.set_status(saved.id, "submitted")
    assert d.data["submitted_on"] == TODAY
    d = services.delegations.set_status(saved.id, "approved")
    d = services.delegations.set_status(saved.id, "completed")
    assert (d.data["status"], d.version) == ("completed", 4)
    with pytest.raises(ValidationError) as caught:
        services.delegations.set_status(saved.id, "draft")
    assert caught.value.for_field("status")


def test_an_invalid_transition_writes_nothing(services):
    saved = services.delegations.save(outbound(), [])
    with pytest.raises(ValidationError):
        services.delegations.set_status(saved.id, "approved")  # never submitted
    cancelled = services.delegations.set_status(saved.id, "cancelled")
    before = _log_count(services)
    with pytest.raises(ValidationError) as caught:
        services.delegations.set_status(saved.id, "draft")
    assert "Đã hủy" in caught.value.for_field("status")[0]
    stored = services.delegations.get(saved.id)
    assert (stored.data["status"], stored.version) == ("cancelled", cancelled.version)
    assert _log_count(services) == before


def test_submitting_with_a_disciplined_member_is_blocked(services):
    person = disciplined(services)
    saved = services.delegations.save(outbound(), [{"role": "member", "person_id": person}])
    assert [f.rule for f in saved.findings if f.severity == "blocking"] == ["R4"]
    before = _log_count(services)
    with pytest.raises(RuleBlockedError) as caught:
        services.delegations.set_status(saved.id, "submitted")
    assert "Trần Văn Bình" in str(caught.value) and "lý do" in str(caught.value)
    assert [f.rule for f in caught.value.findings] == ["R4"]
    stored = services.delegations.get(saved.id)
    assert (stored.data["status"], stored.version, stored.data["submitted_on"]) == ("draft", 1, None)
    assert _log_count(services) == before


def test_a_new_blocked_submission_stores_nothing(services):
    person = disciplined(services)
    with pytest.raises(RuleBlockedError):
        services.delegations.save(outbound(status="submitted"), [{"role": "member", "person_id": person}])
    assert services.delegations.count() == 0


def test_override_reason_lets_it_through_and_is_kept(services):
    person = disciplined(services)
    saved = services.delegations.save(outbound(), [{"role": "member", "person_id": person}])
    complete_dossier(services, saved.id)
    reason = "Chủ tịch UBND tỉnh đồng ý tại Công văn 123/UBND-NC"
    d = services.delegations.set_status(saved.id, "submitted", override_reason=reason)
    assert d.data["status"] == "submitted"
    assert d.data["override_reason"] == reason
    assert d.data["submitted_on"] == TODAY
    r4 = [f for f in d.findings if f.rule == "R4"]
    assert [f.severity for f in r4] == ["warning"] and reason in r4[0].message


def test_stale_version_is_refused(services):
    saved = services.delegations.save(outbound(), [])
    services.delegations.save({**saved.data, "notes": "Đã gọi điện"}, [], saved.id, saved.version)
    with pytest.raises(AppError):
        services.delegations.save({**saved.data, "notes": "Bản cũ"}, [], saved.id, saved.version)
    assert services.delegations.get(saved.id).data["notes"] == "Đã gọi điện"


def test_unchanged_save_keeps_the_version(services):
    saved = services.delegations.save(outbound(), [{"role": "member", "person_id": officer(services)}])
    members = [{**m.data, "id": m.id} for m in saved.members]
    again = services.delegations.save(dict(saved.data), members, saved.id, saved.version)
    assert again.version == saved.version
    assert _log_count(services) == 3  # person, delegation, member


def test_delete_restore_and_not_found(services):
    a, b = officer(services, "Người A"), officer(services, "Người B", passport_number="C3334445")
    saved = services.delegations.save(outbound(), [{"role": "member", "person_id": a}, {"role": "member", "person_id": b}])
    keep = saved.members[0]
    services.delegations.save(saved.data, [{**keep.data, "id": keep.id}], saved.id)
    services.delegations.delete(saved.id)
    with pytest.raises(NotFoundError):
        services.delegations.get(saved.id)
    assert services.delegations.count() == 0
    assert set(_members_in_db(services, saved.id).values()) == {True}
    services.delegations.delete(saved.id, deleted=False)
    assert [m.id for m in services.delegations.get(saved.id).members] == [keep.id]


def test_page_shows_deadline_and_late_flag(services):
    on_time = services.delegations.save(outbound(title="Đoàn đi tháng Sáu"), [])
    late = services.delegations.save(
        outbound(title="Đoàn đi tháng Hai", start_date=date(2026, 2, 3), end_date=date(2026, 2, 6)), [])
    filed_late = save_filed(services, outbound(
        title="Đoàn nộp muộn", start_date=date(2026, 2, 3), end_date=date(2026, 2, 6),
        status="submitted", submitted_on=date(2026, 1, 19)))
    rows = {r.id: r for r in services.delegations.page(ListQuery(sort="start_date"))}
    assert rows[on_time.id].deadline == date(2026, 5, 18)  # 20 working days before 15/06/2026
    assert rows[on_time.id].late is False
    assert rows[late.id].late is True and rows[late.id].deadline < TODAY
    assert rows[filed_late.id].late is True and rows[filed_late.id].submitted_on == date(2026, 1, 19)


def test_page_counts_live_members_and_sorts_by_title_ignoring_accents(services):
    services.delegations.save(inbound(title="Đoàn Gimhae"), [guest(), guest("Park Ji-hoon")])
    services.delegations.save(inbound(title="Ấn Độ: đoàn doanh nghiệp", countries=["IN"]), [])
    services.delegations.save(inbound(title="Bảo tàng Hàn Quốc"), [guest()])
    rows = services.delegations.page(ListQuery(sort="title"))
    assert [r.title for r in rows] == ["Ấn Độ: đoàn doanh nghiệp", "Bảo tàng Hàn Quốc", "Đoàn Gimhae"]
    assert [r.member_count for r in rows] == [0, 1, 2]


def test_count_with_filters_and_search(services):
    services.delegations.save(outbound(), [])
    services.delegations.save(outbound(title="Đoàn dự hội chợ tại Nhật Bản", countries=["JP"],
                                       start_date=date(2025, 10, 1), end_date=date(2025, 10, 5)), [])
    services.delegations.save(inbound(), [])
    d = services.delegations
    assert d.count() == 3
    assert d.count(f=Filter(direction="outbound")) == 2
    assert d.count(f=Filter(direction="inbound", status="draft")) == 1
    assert d.count(f=Filter(year=2025)) == 1
    assert d.count(ListQuery(search="hoi cho nhat ban")) == 1
    assert d.count(ListQuery(search="ca phe"), Filter(direction="outbound")) == 1
    assert d.count(f=Filter(status="approved")) == 0
    assert d.years() == [2026, 2025]


def test_attachments_are_stored_once_by_hash(services, tmp_path):
    saved = services.delegations.save(outbound(), [])
    letter = tmp_path / "thư mời.pdf"
    letter.write_bytes(b"%PDF-1.4 invitation")
    copy = tmp_path / "ban sao.pdf"
    copy.write_bytes(letter.read_bytes())
    services.delegations.add_attachment(saved.id, letter, "invitation")
    d = services.delegations.add_attachment(saved.id, copy, "invitation")
    stored = list(services.ctx.paths.attachments.iterdir())
    assert len(stored) == 1
    [entry] = d.data["attachments"]
    assert entry["sha256"] == stored[0].name and entry["name"] == "ban sao.pdf"
    assert entry["size"] == len(b"%PDF-1.4 invitation") and entry["media_type"] == "application/pdf"
    assert services.attachments.existing_path(entry["sha256"]).read_bytes() == letter.read_bytes()
    d = services.delegations.remove_attachment(saved.id, entry["sha256"])
    assert d.data["attachments"] == []
    assert stored[0].exists()  # the bytes stay for other records and for sync


def test_attachment_errors_are_readable(services, tmp_path):
    with pytest.raises(AppError, match="Không tìm thấy tệp"):
        services.attachments.store(tmp_path / "không có.pdf")
    with pytest.raises(AppError, match="không hợp lệ"):
        services.attachments.existing_path("../../etc/passwd")
    with pytest.raises(AppError, match="chưa có trên máy này"):
        services.attachments.existing_path("0" * 64)


def test_live_check_of_unsaved_content(services):
    person = disciplined(services)
    findings = services.delegations.check(outbound(in_annual_plan=False), [{"role": "member", "person_id": person}])
    assert {f.rule for f in findings} >= {"R4", "R7"}
    assert services.delegations.count() == 0
