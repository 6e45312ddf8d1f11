"""Each role's permissions, enforced in the services (the GUI and the CLI get these same refusals)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain import access
from desktop.errors import PermissionDenied
from desktop.storage import audit
from tests.services.builders import complete_dossier, disciplined, outbound

PASSWORD = "một câu dễ nhớ"
REASON = "Chủ tịch UBND tỉnh đồng ý tại Công văn 123/UBND-NC"


@pytest.fixture
def staffed(services):
    """The four roles' accounts, nobody logged in."""
    services.accounts.create("quantri", "Quản Trị Viên", access.ADMIN, PASSWORD)
    services.accounts.login("quantri", PASSWORD)
    for name, full, role in (("lanhdao", "Lê Lãnh Đạo", access.HEAD), ("canbo", "Cao Cán Bộ", access.OFFICER),
                             ("tinh", "Tạ Tỉnh", access.PROVINCE)):
        services.accounts.create(name, full, role, PASSWORD)
    services.accounts.logout()
    return services


def _as(services, user_name):
    services.accounts.logout()
    services.accounts.login(user_name, PASSWORD)
    return services


def _blocked_request(services):
    person = disciplined(services)
    saved = services.delegations.save(outbound(), [{"role": "member", "person_id": person}])
    complete_dossier(services, saved.id)
    return saved.id


def test_an_officer_cannot_override_r4_and_is_told_who_can(staffed):
    request = _blocked_request(_as(staffed, "canbo"))
    with pytest.raises(PermissionDenied) as err:
        staffed.delegations.set_status(request, "submitted", override_reason=REASON)
    assert "Lãnh đạo" in str(err.value) and "R4" in str(err.value)
    assert staffed.delegations.get(request).data["status"] == "draft"


def test_a_unit_head_overrides_and_the_trail_says_who_when_and_why(staffed):
    request = _blocked_request(_as(staffed, "canbo"))
    _as(staffed, "lanhdao").delegations.set_status(request, "submitted", override_reason=REASON)
    with staffed.ctx.db.read() as s:
        entry = [e for e in audit.entries(s) if e.kind == "override"][-1]
    assert (entry.user_name, entry.full_name, entry.record_id) == ("lanhdao", "Lê Lãnh Đạo", request)
    assert entry.details == {"reason": REASON, "rules": ["R4"]} and entry.at is not None


def test_the_administrator_is_not_a_unit_head(staffed):
    request = _blocked_request(_as(staffed, "quantri"))
    with pytest.raises(PermissionDenied):
        staffed.delegations.set_status(request, "submitted", override_reason=REASON)


def test_only_a_unit_head_decides_a_request(staffed):
    _as(staffed, "canbo")
    saved = staffed.delegations.save(outbound(), [])
    complete_dossier(staffed, saved.id)
    staffed.delegations.set_status(saved.id, "submitted")
    with pytest.raises(PermissionDenied) as err:
        staffed.delegations.set_status(saved.id, "approved")
    assert "quyết định" in str(err.value)
    assert _as(staffed, "lanhdao").delegations.set_status(saved.id, "approved").data["status"] == "approved"


def test_only_a_unit_head_marks_a_document_signed(staffed):
    doc = _as(staffed, "canbo").documents.create("CV", "Công văn đề nghị cử đoàn")
    with pytest.raises(PermissionDenied) as err:
        staffed.documents.mark_signed(doc.id, date(2026, 1, 20), "Nguyễn Văn A")
    assert "Lãnh đạo" in str(err.value)
    assert _as(staffed, "lanhdao").documents.mark_signed(doc.id, date(2026, 1, 20), "Nguyễn Văn A").number == 1


@pytest.mark.parametrize("user", ["canbo", "lanhdao", "tinh"])
def test_only_the_administrator_changes_a_rule(staffed, user):
    with pytest.raises(PermissionDenied) as err:
        _as(staffed, user).rules.update("R1", {"lead_working_days": 25}, "Quyết định 01/2026")
    assert "Quản trị" in str(err.value)
    view = _as(staffed, "quantri").rules.update("R1", {"lead_working_days": 25}, "Quyết định 01/2026")
    assert view.params["lead_working_days"] == 25
    with staffed.ctx.db.read() as s:
        entry = [e for e in audit.entries(s) if e.kind == "setting"][-1]
    assert entry.record_id == "R1" and entry.details["params"][1]["lead_working_days"] == 25


def test_only_the_administrator_trusts_a_key(staffed):
    key = "GKOC7kP0mcR6sDW3GzQ4q5V3dC1nSbcuP4Xb6oRj1qM="
    with pytest.raises(PermissionDenied) as err:
        _as(staffed, "canbo").sync.trust("8c1f0a2b-0000-4000-8000-000000000001", key, role="province")
    assert "khóa" in str(err.value)
    with pytest.raises(PermissionDenied):
        staffed.sync.untrust("8c1f0a2b-0000-4000-8000-000000000001")
    peer = _as(staffed, "quantri").sync.trust("8c1f0a2b-0000-4000-8000-000000000001", key, role="province")
    assert peer.device_id.startswith("8c1f0a2b")


def test_province_work_is_province_staffs(staffed):
    _as(staffed, "quantri").sync.set_province_mode(True)
    with pytest.raises(PermissionDenied) as err:
        _as(staffed, "canbo").sync.import_paths([])
    assert "Cán bộ tỉnh" in str(err.value)
    with pytest.raises(PermissionDenied):
        staffed.inspections.save({"unit_code": "DL-BMT", "start_date": date(2026, 1, 5), "team": "Đoàn 1",
                                  "scope": "Công tác đối ngoại 2025"})
    assert _as(staffed, "tinh").sync.import_paths([]) == []


def test_nobody_logged_in_may_do_nothing_guarded_once_accounts_exist(staffed):
    with pytest.raises(PermissionDenied) as err:
        staffed.rules.update("R1", {"lead_working_days": 25}, "Quyết định 01/2026")
    assert "đăng nhập" in str(err.value)


def test_only_a_unit_head_decides_a_conference(staffed):
    from tests.services.test_conferences import conference

    _as(staffed, "canbo")
    saved = staffed.conferences.save(conference())
    submitted = staffed.conferences.save({**saved.data, "status": "submitted"}, saved.id)
    with pytest.raises(PermissionDenied):
        staffed.conferences.save({**submitted.data, "status": "approved"}, saved.id)
    assert staffed.conferences.get(saved.id).data["status"] == "submitted"
    approved = _as(staffed, "lanhdao").conferences.save({**submitted.data, "status": "approved"}, saved.id)
    assert approved.data["status"] == "approved"
