"""Rule findings over stored records and Tổng quan: grouped by urgency, over a bounded set."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.models import Delegation, DelegationMember
from desktop.services import findings as findings_module
from desktop.services.dashboard import GROUP_ORDER, GROUPS
from tests.services.builders import TODAY, disciplined, inbound, officer, outbound, save_filed

# the unit's standing duties (a designated officer R15, an annual plan R16): undated, due now
UNIT_DUTIES = {"R15", "R16"}


def _items(services, group: str, rule: str | None = None):
    return [i for i in services.dashboard.due() if i.group == group and rule in (None, i.rule)]


def _start_for_deadline_in(services, working_days: int) -> date:
    """A start date whose R1 deadline (20 working days before) is `working_days` after today."""
    return services.rules.calendar().add_working_days(TODAY, 20 + working_days)


def test_late_request_is_in_the_late_group(services):
    d = services.delegations.save(outbound(start_date=date(2026, 2, 3), end_date=date(2026, 2, 6)), [])
    [item] = _items(services, "now", "R1")
    assert (item.rule, item.severity, item.record_id, item.entity) == ("R1", "warning", d.id, "delegation")
    assert item.due_date < TODAY and item.register == "outbound"
    assert "NV-CPRD-01" in item.source


def test_request_due_soon_is_a_reminder(services):
    start = _start_for_deadline_in(services, 3)
    d = services.delegations.save(outbound(start_date=start, end_date=start + timedelta(days=4)), [])
    [item] = _items(services, "week", "R1")
    assert (item.rule, item.severity, item.record_id) == ("R1", "reminder", d.id)
    assert "còn 3 ngày làm việc" in item.message
    assert _items(services, "now", "R1") == []


def test_far_request_is_not_on_the_dashboard(services):
    services.delegations.save(outbound(), [])  # deadline 18/05/2026
    assert {i.rule for i in services.dashboard.due()} <= UNIT_DUTIES


def test_the_unit_without_a_designated_officer_is_on_the_dashboard_until_one_is(services):
    [item] = _items(services, "now", "R15")  # a standing duty without a date: due now
    assert item.due_date is None and "Thành phố Buôn Ma Thuột chưa có cán bộ" in item.message
    services.persons.save({"full_name": "Lê Thị Thu Trang", "is_fa_officer": True})
    assert _items(services, "now", "R15") == []


def _returned(services, end: date, title: str) -> str:
    """An approved outbound trip that ended on `end` without a report."""
    d = save_filed(services, outbound(title=title, start_date=end - timedelta(days=5), end_date=end,
                                      status="submitted", submitted_on=end - timedelta(days=60)))
    return services.delegations.set_status(d.id, "approved").id


def test_post_trip_report_due_and_overdue(services):
    due = _returned(services, date(2026, 1, 15), "Đoàn vừa về")
    overdue = _returned(services, date(2025, 12, 1), "Đoàn về lâu")
    [soon] = _items(services, "month", "R8")  # due in 10 days
    [late] = _items(services, "now", "R8")
    assert (soon.rule, soon.severity, soon.record_id, soon.due_date) == ("R8", "reminder", due, date(2026, 1, 30))
    assert (late.rule, late.severity, late.record_id, late.due_date) == ("R8", "overdue", overdue, date(2025, 12, 16))
    services.delegations.save({**services.delegations.get(due).data, "report_received_on": TODAY},
                              [], due)
    assert _items(services, "month", "R8") == []


def test_expiring_passports_are_listed(services):
    soon = officer(services, "Lê Thị Mai", passport_number="C2223334", passport_expiry=date(2026, 4, 1))
    officer(services, "Người hộ chiếu dài hạn", passport_number="C9998887", passport_expiry=date(2031, 1, 1))
    officer(services, "Người đơn vị khác", passport_number="C5556667", passport_expiry=date(2026, 3, 1),
            unit_code="DL-KBU")
    [item] = _items(services, "later", "R9")
    assert (item.rule, item.entity, item.record_id, item.due_date) == ("R9", "person", soon, date(2026, 4, 1))
    assert item.register == "person"
    assert "C2223334" in item.message and "01/04/2026" in item.message


def test_member_passport_too_short_for_the_trip(services):
    member = officer(services, "Lê Thị Mai", passport_number="C2223334", passport_expiry=date(2026, 9, 1))
    services.delegations.save(outbound(), [{"role": "member", "person_id": member}])
    r9 = [i for i in services.dashboard.due() if i.rule == "R9" and i.entity == "delegation_member"]
    assert len(r9) == 1 and "Lê Thị Mai" in r9[0].message and r9[0].register == "outbound"


def test_disciplined_member_is_in_the_blocking_group_first(services):
    person = disciplined(services)
    start = date(2026, 2, 3)
    d = services.delegations.save(outbound(start_date=start, end_date=start + timedelta(days=3)),
                                  [{"role": "member", "person_id": person}])
    due = services.dashboard.due()
    assert due[0].group == "now" and due[0].severity == "blocking"
    assert (due[0].rule, due[0].entity) == ("R4", "delegation_member")
    assert "Trần Văn Bình" in due[0].message
    assert [(i.rule, i.severity) for i in due if i.group == "now" and i.rule not in UNIT_DUTIES] == [
        ("R4", "blocking"), ("R1", "warning")]
    assert {k: n for k, n in services.dashboard.counts().items() if k == "outbound"} == {"outbound": 2}
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

    def spy(s, batch, **options):
        sizes.append(len(batch))
        return real(s, batch, **options)

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
    groups = {(i.group, i.record_id, i.register) for i in services.dashboard.due()}
    assert ("now", "f-1", "follow_up_action") in groups  # overdue
    assert ("later", "c-1", "ngo_certificate") in groups  # 40 days ahead
    assert all(record != "d-1" for _group, record, _register in groups)


@pytest.mark.parametrize(("days", "severity", "group"), [
    (-1, "reminder", "now"), (0, "reminder", "week"), (7, "reminder", "week"), (8, "reminder", "month"),
    (30, "warning", "month"), (31, "reminder", "later"), (90, "blocking", "now"), (90, "overdue", "now"),
    (None, "warning", "now"), (None, "reminder", "later"),
])
def test_urgency_groups_by_date_and_severity(services, days, severity, group):
    from desktop.domain.facts import Finding

    due = None if days is None else TODAY + timedelta(days=days)
    services.persons.save({"full_name": "Lê Thị Thu Trang", "is_fa_officer": True})  # R15 off
    services.dashboard.sources.append(
        lambda: [Finding("R3", severity, "conference", "c-1", "Hội thảo.", "QĐ 06", due_date=due)])
    [item] = [i for i in services.dashboard.due() if i.rule not in UNIT_DUTIES]
    assert item.group == group and item.register == "conference"


def test_groups_come_in_urgency_order_and_dates_in_order_inside(services):
    from desktop.domain.facts import Finding

    def finding(record: str, days: int, severity: str = "reminder") -> Finding:
        return Finding("R14", severity, "follow_up_action", record, f"Việc {record}.", "CT 13",
                       due_date=TODAY + timedelta(days=days))

    services.persons.save({"full_name": "Lê Thị Thu Trang", "is_fa_officer": True})
    found = [finding("a", 20), finding("b", 3), finding("c", -5, "overdue"), finding("d", 60),
             finding("e", 1), finding("f", -20, "overdue"), finding("g", 5, "blocking")]
    services.dashboard.sources.append(lambda: found)
    due = [i for i in services.dashboard.due() if i.rule not in UNIT_DUTIES]
    assert [i.record_id for i in due] == ["g", "f", "c", "e", "b", "a", "d"]
    assert [i.group for i in due] == ["now", "now", "now", "week", "week", "month", "later"]
    assert [i.group for i in due] == sorted((i.group for i in due), key=GROUP_ORDER.index)
    assert set(GROUPS) == set(GROUP_ORDER)


def test_counts_per_register_separate_outbound_inbound_and_officers(services):
    services.persons.save({"full_name": "Lê Thị Thu Trang", "is_fa_officer": True})
    services.delegations.save(outbound(start_date=date(2026, 2, 3), end_date=date(2026, 2, 6)), [])
    services.delegations.save(inbound(start_date=date(2026, 2, 2), end_date=date(2026, 2, 4)), [])
    officer(services, "Lê Thị Mai", passport_number="C2223334", passport_expiry=date(2026, 4, 1))
    items, counts = services.dashboard.overview()
    items = [i for i in items if i.rule not in UNIT_DUTIES]
    counts = {k: n for k, n in counts.items() if k in ("outbound", "inbound", "person")}
    assert counts == {"outbound": 1, "inbound": 1, "person": 1}
    assert services.dashboard.counts(items) == counts
    assert services.dashboard.counts() == services.dashboard.overview()[1]


def test_dashboard_does_not_load_trips_per_year(services, monkeypatch):
    """R5 never reaches Tổng quan: its facts (every trip of every member that year) are not read."""
    person = officer(services)
    services.delegations.save(outbound(start_date=date(2026, 2, 3), end_date=date(2026, 2, 6)),
                              [{"role": "member", "person_id": person}])
    asked: list[list[int]] = []
    real = findings_module._trips

    def spy(s, person_ids, years):
        asked.append(list(years))
        return real(s, person_ids, years)

    monkeypatch.setattr(findings_module, "_trips", spy)
    assert [i.rule for i in services.dashboard.due() if i.rule not in UNIT_DUTIES] == ["R1"]
    assert asked == [[]]
    services.findings.all()
    assert asked[-1] == [2026]


def test_a_unit_sees_its_own_promotion_follow_ups_only(services):
    """Another unit's records (a province copy, a demo) stay off this unit's Tổng quan."""
    from desktop.models import PromotionActivity

    fair = services.promotions.save({
        "kind": "trade", "title": "Hội chợ cà phê Busan", "start_date": date(2025, 11, 3),
        "end_date": date(2025, 11, 6), "abroad": False, "countries": [], "mou_count": 2, "lead_count": 0})
    services.promotions.save_follow_up(fair.id, {"action": "Gửi mẫu", "due_date": TODAY - timedelta(days=1)})
    assert [i.rule for i in services.dashboard.due() if i.rule == "R14"] == ["R14"]
    with services.ctx.db.session() as s:
        s.get(PromotionActivity, fair.id).unit_code = "DL-KBU"
    assert [i.rule for i in services.dashboard.due() if i.rule == "R14"] == []


def test_on_change_calls_back_after_each_commit_until_stopped(services):
    calls: list[int] = []
    stop = services.dashboard.on_change(lambda: calls.append(1))
    services.persons.save({"full_name": "Lê Thị Thu Trang"})
    assert calls
    stop()
    before = len(calls)
    services.persons.save({"full_name": "Phạm Văn Nam"})
    assert len(calls) == before
    stop()  # twice is harmless


def test_no_rule_reads_the_members_of_an_inbound_delegation(services):
    """The evaluation leaves inbound members unloaded: with them, every rule must say the same."""
    from desktop.domain.rules import evaluate_delegation

    escort = disciplined(services)
    expired = officer(services, "Lê Thị Mai", passport_number="C2223334", passport_expiry=date(2026, 1, 1),
                      is_key_leader=True)
    d = services.delegations.save(inbound(start_date=date(2026, 2, 2), end_date=date(2026, 2, 4)), [])
    with services.ctx.db.session() as s:  # officers escorting the guests (as a bundle may carry them)
        s.add_all([DelegationMember(delegation_id=d.id, unit_code="DL-BMT", role=role, person_id=person)
                   for role, person in (("head", escort), ("member", expired))])
    config, calendar = services.findings.context()
    with services.ctx.db.read() as s:
        [row] = s.execute(select(*findings_module._DELEGATION_COLUMNS).where(Delegation.id == d.id)).all()
        [loaded] = findings_module.bulk_facts(s, [row])
    assert len(loaded.members) == 2
    full = evaluate_delegation(loaded, config, calendar, TODAY)
    assert full == services.findings.for_delegation(d.id)
    assert {f.rule for f in full} <= {"R2", "R7"}
