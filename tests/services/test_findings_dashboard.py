"""Rule findings over stored records and Tổng quan: the right groups, over a bounded set."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.models import Delegation
from desktop.services import findings as findings_module
from desktop.services.dashboard import GROUPS
from tests.services.builders import TODAY, disciplined, officer, outbound, save_filed


def _items(services, group: str):
    return [i for i in services.dashboard.due() if i.group == group]


def _start_for_deadline_in(services, working_days: int) -> date:
    """A start date whose R1 deadline (20 working days before) is `working_days` after today."""
    return services.rules.calendar().add_working_days(TODAY, 20 + working_days)


def test_late_request_is_in_the_late_group(services):
    d = services.delegations.save(outbound(start_date=date(2026, 2, 3), end_date=date(2026, 2, 6)), [])
    [item] = _items(services, "late")
    assert (item.rule, item.severity, item.record_id, item.entity) == ("R1", "warning", d.id, "delegation")
    assert item.due_date < TODAY
    assert "NV-CPRD-01" in item.source


def test_request_due_soon_is_a_reminder(services):
    start = _start_for_deadline_in(services, 3)
    d = services.delegations.save(outbound(start_date=start, end_date=start + timedelta(days=4)), [])
    [item] = _items(services, "due_soon")
    assert (item.rule, item.severity, item.record_id) == ("R1", "reminder", d.id)
    assert "còn 3 ngày làm việc" in item.message
    assert _items(services, "late") == []


def test_far_request_is_not_on_the_dashboard(services):
    services.delegations.save(outbound(), [])  # deadline 18/05/2026
    assert _items(services, "late") == [] and _items(services, "due_soon") == []
    assert {i.entity for i in services.dashboard.due()} <= {"unit"}  # only R15: no officer designated yet


def test_the_unit_without_a_designated_officer_is_on_the_dashboard_until_one_is(services):
    [item] = _items(services, "unit")
    assert item.rule == "R15" and "Thành phố Buôn Ma Thuột chưa có cán bộ" in item.message
    services.persons.save({"full_name": "Lê Thị Thu Trang", "is_fa_officer": True})
    assert _items(services, "unit") == []


def _returned(services, end: date, title: str) -> str:
    """An approved outbound trip that ended on `end` without a report."""
    d = save_filed(services, outbound(title=title, start_date=end - timedelta(days=5), end_date=end,
                                      status="submitted", submitted_on=end - timedelta(days=60)))
    return services.delegations.set_status(d.id, "approved").id


def test_post_trip_report_due_and_overdue(services):
    due = _returned(services, date(2026, 1, 15), "Đoàn vừa về")
    overdue = _returned(services, date(2025, 12, 1), "Đoàn về lâu")
    [soon] = _items(services, "report_due")
    [late] = _items(services, "report_overdue")
    assert (soon.rule, soon.severity, soon.record_id, soon.due_date) == ("R8", "reminder", due, date(2026, 1, 30))
    assert (late.rule, late.severity, late.record_id, late.due_date) == ("R8", "overdue", overdue, date(2025, 12, 16))
    services.delegations.save({**services.delegations.get(due).data, "report_received_on": TODAY},
                              [], due)
    assert _items(services, "report_due") == []


def test_expiring_passports_are_listed(services):
    soon = officer(services, "Lê Thị Mai", passport_number="C2223334", passport_expiry=date(2026, 4, 1))
    officer(services, "Người hộ chiếu dài hạn", passport_number="C9998887", passport_expiry=date(2031, 1, 1))
    officer(services, "Người đơn vị khác", passport_number="C5556667", passport_expiry=date(2026, 3, 1),
            unit_code="DL-KBU")
    [item] = _items(services, "passport")
    assert (item.rule, item.entity, item.record_id, item.due_date) == ("R9", "person", soon, date(2026, 4, 1))
    assert "C2223334" in item.message and "01/04/2026" in item.message


def test_member_passport_too_short_for_the_trip(services):
    member = officer(services, "Lê Thị Mai", passport_number="C2223334", passport_expiry=date(2026, 9, 1))
    services.delegations.save(outbound(), [{"role": "member", "person_id": member}])
    r9 = [i for i in _items(services, "passport") if i.entity == "delegation_member"]
    assert len(r9) == 1 and "Lê Thị Mai" in r9[0].message


def test_disciplined_member_is_in_the_blocking_group_first(services):
    person = disciplined(services)
    start = date(2026, 2, 3)
    d = services.delegations.save(outbound(start_date=start, end_date=start + timedelta(days=3)),
                                  [{"role": "member", "person_id": person}])
    due = services.dashboard.due()
    assert due[0].group == "blocking"
    assert (due[0].rule, due[0].entity) == ("R4", "delegation_member")
    assert "Trần Văn Bình" in due[0].message
    assert {i.group for i in due} >= {"blocking", "late"}
    counts = services.dashboard.counts()
    assert set(counts) == set(GROUPS) and counts["blocking"] == 1 and counts["late"] == 1
    assert [f.rule for f in services.findings.for_delegation(d.id) if f.severity == "blocking"] == ["R4"]


@pytest.fixture
def evaluated(monkeypatch):
    """Ids of the delegations the rules were run on."""
    seen: list[str] = []
    real = findings_module.evaluate_delegation

    def spy(facts, *args):
        seen.append(facts.id)
        return real(facts, *args)

    monkeypatch.setattr(findings_module, "evaluate_delegation", spy)
    return seen


def test_dashboard_does_not_evaluate_old_finished_delegations(services, evaluated):
    old = _returned(services, date(2024, 5, 10), "Đoàn năm 2024 chưa báo cáo")
    services.delegations.set_status(old, "completed")
    recent = _returned(services, date(2026, 1, 15), "Đoàn vừa về")
    assert old in {f.record_id for f in services.findings.all() if f.rule == "R8"}
    evaluated.clear()
    due = services.dashboard.due()
    assert old not in evaluated and recent in evaluated
    assert old not in {i.record_id for i in due}


def _many_delegations(services, n: int) -> list[str]:
    """`n` inbound drafts outside the annual plan, written cheaply in one transaction."""
    start = date(2026, 9, 7)
    with services.ctx.db.session() as s:
        rows = [Delegation(direction="inbound", kind="other", title=f"Đoàn số {i}", countries=["LA"],
                           start_date=start, end_date=start + timedelta(days=2), status="draft",
                           in_annual_plan=False, unit_code="DL-BMT", attachments=[])
                for i in range(n)]
        s.add_all(rows)
        s.flush()
        return [d.id for d in rows]


def test_findings_all_covers_every_delegation_in_batches(services, monkeypatch):
    ids = _many_delegations(services, findings_module.BATCH + 7)
    sizes: list[int] = []
    real = findings_module.bulk_facts

    def spy(s, batch):
        sizes.append(len(batch))
        return real(s, batch)

    monkeypatch.setattr(findings_module, "bulk_facts", spy)
    found = services.findings.all()
    assert sizes == [findings_module.BATCH, 7]
    r7 = [f.record_id for f in found if f.rule == "R7"]
    assert sorted(r7) == sorted(ids)
    assert all(f.source and f.message for f in found)


def test_trips_per_year_count_other_delegations_only(services):
    person = officer(services)
    member = [{"role": "member", "person_id": person}]
    trips = [services.delegations.save(outbound(title=f"Chuyến {m}", start_date=date(2026, m, 1),
                                                end_date=date(2026, m, 5)), member) for m in (6, 8)]
    assert "R5" not in {f.rule for f in services.findings.all()}  # two trips: the limit
    third = services.delegations.save(outbound(title="Chuyến 10", start_date=date(2026, 10, 1),
                                               end_date=date(2026, 10, 5)), member)
    r5 = [f for f in services.findings.all() if f.rule == "R5"]
    assert len(r5) == 3 and "3 chuyến" in r5[0].message
    # the editor's live check of a stored trip does not count that trip twice
    stored = services.delegations.get(trips[0].id)
    live = services.delegations.check(stored.data, [{**m.data, "id": m.id} for m in stored.members], trips[0].id)
    assert [f.message for f in live if f.rule == "R5"] == [
        f.message for f in services.findings.for_delegation(trips[0].id) if f.rule == "R5"]
    services.delegations.set_status(third.id, "cancelled")
    assert "R5" not in {f.rule for f in services.findings.all()}


def test_other_registers_join_the_dashboard_in_their_groups(services):
    """Findings of the other registers (R3, R10–R12, R14) are listed under their own headings."""
    from datetime import date

    from desktop.domain.facts import Finding

    follow_up = Finding("R14", "overdue", "follow_up_action", "f-1", "Gửi mẫu cà phê: quá hạn.", "Chỉ thị 13",
                        due_date=date(2026, 1, 10))
    certificate = Finding("R10", "reminder", "ngo_certificate", "c-1", "Giấy đăng ký sắp hết hạn.", "NĐ 58",
                          due_date=date(2026, 3, 1))
    unrelated = Finding("R7", "warning", "delegation", "d-1", "Ngoài kế hoạch.", "CT 38")
    services.dashboard.sources.append(lambda: [follow_up, certificate, unrelated])
    groups = {(i.group, i.record_id) for i in services.dashboard.due()}
    assert ("follow_up", "f-1") in groups and ("ngo", "c-1") in groups
    assert all(record != "d-1" for _group, record in groups)
