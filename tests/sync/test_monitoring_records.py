"""The province's inspections and reminders reach the inspected unit in its ack; the unit answers in
`done_on` and `result` only; the province sees when each reminder reached the unit and when it was done
(issue 11, section 4; SYNC.md's monitoring records)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import AppError
from desktop.models import Reminder
from desktop.storage.tracking import ReadOnlyRecord
from tests.services.builders import officer
from tests.sync.engine_helpers import TODAY, machine, pair


@pytest.fixture
def kpa(tmp_path):
    services = machine(tmp_path, "kpa", "DL-KPA")
    yield services
    services.close()


@pytest.fixture
def province(tmp_path, unit, kpa, db_url):
    services = machine(tmp_path, "province", "DL", province=True, url=db_url)
    pair(unit, services)
    pair(kpa, services)
    yield services
    services.close()


def _origin(services) -> str:
    return services.sync.keys().device_id


def _import(into, path):
    (report,) = into.sync.import_paths([path])
    assert report.outcome == "applied", report.message
    return report


def _inspection(province, unit_code="DL-BMT"):
    detail = province.inspections.save({
        "unit_code": unit_code, "start_date": date(2026, 1, 6), "end_date": date(2026, 1, 8),
        "team": "Đoàn kiểm tra Sở Ngoại vụ (Trưởng đoàn: Lê Văn Tâm)",
        "scope": "Việc thực hiện Chỉ thị 13/CT-UBND năm 2025", "findings": "Còn 3 hồ sơ đoàn ra nộp chậm.",
        "decision_number": "05/QĐ-SNgV"})
    rec = province.inspections.save_recommendation(detail.id, {
        "content": "Rà soát, nộp bổ sung báo cáo kết quả chuyến đi còn thiếu", "due_date": date(2026, 1, 25)})
    return detail.id, rec.id


def _reminder(province, unit_code="DL-BMT"):
    return province.inspections.save_reminder({
        "unit_code": unit_code, "subject": "Đôn đốc ban hành kế hoạch đối ngoại năm 2026",
        "body": "Đề nghị đơn vị ban hành kế hoạch đối ngoại năm 2026, gửi Sở Ngoại vụ.", "indicator": "R16",
        "sent_on": date(2026, 1, 15)}).id


def test_inspections_and_reminders_reach_the_unit_and_its_answers_come_back(unit, kpa, province, tmp_path):
    officer(unit)
    _import(province, unit.sync.export_bundle(tmp_path / "u1").path)
    inspection_id, rec_id = _inspection(province)
    reminder_id = _reminder(province)
    other = _reminder(province, "DL-KPA")
    assert [r.state for r in province.inspections.reminders()] == ["sent", "sent"]

    _import(unit, province.sync.write_ack(_origin(unit), tmp_path / "ack1"))
    assert [r.id for r in unit.inspections.reminders()] == [reminder_id]  # not DL-KPA's
    assert unit.inspections.get(inspection_id).recommendations[0].id == rec_id
    due = {(f.entity, f.record_id): f for f in unit.inspections.due_items()}
    assert due[("reminder", reminder_id)].message.startswith("Sở Ngoại vụ đôn đốc")
    assert due[("inspection_recommendation", rec_id)].rule == "R17"  # due in 5 days (notice: 7)
    later = province.inspections.save_recommendation(inspection_id, {"content": "Ban hành quy chế",
                                                                     "due_date": date(2026, 6, 30)})
    _import(unit, province.sync.write_ack(_origin(unit), tmp_path / "ack1b"))
    far = {(f.entity, f.record_id): f for f in unit.inspections.due_items()}[("inspection_recommendation", later.id)]
    assert far.rule == "TT" and far.due_date == date(2026, 6, 30)  # on Tổng quan by its due day, long before R17
    province.inspections.delete_recommendation(later.id)

    # the unit may answer, and nothing else
    with pytest.raises(AppError, match="Chỉ Sở Ngoại vụ"):
        unit.inspections.save_reminder({**unit.inspections.get_reminder(reminder_id).data, "subject": "Sửa"},
                                       reminder_id)
    with pytest.raises(AppError, match="Chỉ Sở Ngoại vụ"):
        unit.inspections.save({"unit_code": "DL-BMT", "start_date": TODAY, "team": "x", "scope": "y"})
    with pytest.raises(ReadOnlyRecord), unit.ctx.db.session() as s:  # below the service, the tracker
        s.get(Reminder, reminder_id).subject = "Sửa"
    from desktop.errors import ValidationError

    with pytest.raises(ValidationError) as too_long:  # an answer longer than its field: refused by name
        unit.inspections.answer_reminder(reminder_id, "x" * 5000, date(2026, 1, 19))
    assert [p.field for p in too_long.value.problems] == ["result"]
    unit.inspections.answer_reminder(reminder_id, "Đã ban hành Kế hoạch số 12/KH-UBND ngày 19/01/2026",
                                     date(2026, 1, 19))
    unit.inspections.answer_recommendation(rec_id, "Đã nộp đủ 3 báo cáo", date(2026, 1, 20))
    _import(unit, province.sync.write_ack(_origin(unit), tmp_path / "ack1c"))  # the later one withdrawn
    assert unit.inspections.due_items() == []

    before = province.inspections.get_reminder(reminder_id)
    assert before.received_at is None  # the province cannot know yet
    _import(province, unit.sync.export_bundle(tmp_path / "u2").path)
    after = province.inspections.get_reminder(reminder_id)
    assert after.state == "done" and after.received_at is not None
    assert after.data["result"].startswith("Đã ban hành")
    assert province.inspections.get_reminder(other).state == "sent"  # DL-KPA never got an ack
    recs = province.inspections.get(inspection_id).recommendations
    assert recs[0].answered and recs[0].data["done_on"] == date(2026, 1, 20)
    assert province.inspections.inspections()[0].open_recommendations == 0


def test_a_reminder_is_received_once_the_unit_has_read_an_ack_written_after_it(unit, province, tmp_path):
    officer(unit)
    _import(province, unit.sync.export_bundle(tmp_path / "u1").path)
    _import(unit, province.sync.write_ack(_origin(unit), tmp_path / "ack1"))  # before the reminder
    reminder_id = _reminder(province)
    officer(unit, "Người thứ hai", passport_number="C7776665")
    _import(province, unit.sync.export_bundle(tmp_path / "u2").path)  # names ack 1: the reminder was not in it
    assert province.inspections.get_reminder(reminder_id).state == "sent"
    _import(unit, province.sync.write_ack(_origin(unit), tmp_path / "ack2"))
    officer(unit, "Người thứ ba", passport_number="C5554443")
    _import(province, unit.sync.export_bundle(tmp_path / "u3").path)
    assert province.inspections.get_reminder(reminder_id).state == "received"


def test_a_record_already_made_keeps_its_unit(province):
    """The ack carries a unit's records only: one moved away would stay at the old unit for ever."""
    from desktop.errors import ValidationError

    inspection_id, _rec = _inspection(province)
    detail = province.inspections.get(inspection_id)
    with pytest.raises(ValidationError, match="Không đổi được đơn vị"):
        province.inspections.save({**detail.data, "unit_code": "DL-KPA"}, inspection_id, detail.version)
    reminder = province.inspections.get_reminder(_reminder(province))
    with pytest.raises(ValidationError, match="Không đổi được đơn vị"):
        province.inspections.save_reminder({**reminder.data, "unit_code": "DL-KPA"}, reminder.id, reminder.version)
    assert province.inspections.get(inspection_id).data["unit_code"] == "DL-BMT"


def test_r17_is_overdue_after_the_due_day_until_answered(province):
    inspection_id, rec_id = _inspection(province)
    province.ctx.today = lambda: date(2026, 1, 26)
    [finding] = province.inspections.all_findings()
    assert (finding.rule, finding.severity, finding.record_id) == ("R17", "overdue", rec_id)
    assert "quá hạn 1 ngày" in finding.message and "Chỉ thị số 13/CT-UBND" in finding.source
    province.inspections.answer_recommendation(rec_id, "Đơn vị báo cáo bằng văn bản giấy", date(2026, 1, 26))
    assert province.inspections.all_findings() == []


def test_a_reminder_to_every_unit_failing_an_indicator_is_written_all_or_nothing(province):
    data = {"subject": "Đôn đốc cử cán bộ kiêm nhiệm đối ngoại", "body": "Đề nghị phân công cán bộ.",
            "indicator": "R15", "sent_on": date(2026, 1, 15)}
    with pytest.raises(AppError, match="KHONG-CO"):
        province.inspections.remind(["DL-BMT", "KHONG-CO"], data)
    assert province.inspections.reminders() == []
    ids = province.inspections.remind(["DL-BMT", "DL-KPA"], data)
    assert sorted(r.unit_code for r in province.inspections.reminders()) == ["DL-BMT", "DL-KPA"] and len(ids) == 2
