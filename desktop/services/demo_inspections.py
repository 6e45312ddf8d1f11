"""Demo monitoring records: what the province's acks would have brought the demo unit.

An inspection of the unit two months ago with three recommendations — one past due (rule R17), one
due within the week, one the unit has answered — and two reminders, one the unit still has to do
and one it has done. They are written as records received from the province (the origin is a
province device, nothing enters this device's change log), so the unit sees them read only and
answers them as it would the real ones.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from desktop.domain.inspection_rules import (
    validate_inspection,
    validate_recommendation,
    validate_reminder,
)
from desktop.models import Inspection, InspectionRecommendation, Reminder
from desktop.models.base import new_id, utcnow
from desktop.sync.records import apply_data

# the province's device, as an ack names it (a fixed id: the same demo writes the same records)
DEMO_PROVINCE_DEVICE = "d0a1e5f2-0000-4000-8000-00000000d1a1"


def fill_inspections(services: Any) -> int:
    """Write the demo's inspection and reminders for this device's unit; returns how many records."""
    today, unit = services.ctx.today(), services.ctx.local_unit()
    inspection = {"unit_code": unit, "start_date": today - timedelta(days=60), "end_date": today - timedelta(days=58),
                  "team": "Đoàn kiểm tra Sở Ngoại vụ (Trưởng đoàn: Lê Văn Tâm, Phó Giám đốc Sở)",
                  "scope": "Việc thực hiện Chỉ thị số 13/CT-UBND về tăng cường quản lý hoạt động đối ngoại",
                  "findings": "Đơn vị đã phân công cán bộ kiêm nhiệm, ban hành kế hoạch năm; còn một số hồ sơ đoàn "
                              "ra gửi chậm, báo cáo kết quả chuyến đi chưa đầy đủ.",
                  "decision_number": "12/QĐ-SNgV"}
    recommendations = [
        {"content": "Nộp đầy đủ báo cáo kết quả các chuyến công tác nước ngoài đã về quá 15 ngày",
         "due_date": today - timedelta(days=10), "status": "open"},
        {"content": "Ban hành quy chế quản lý hoạt động đối ngoại của đơn vị",
         "due_date": today + timedelta(days=5), "status": "open"},
        {"content": "Rà soát danh sách cán bộ đang bị kỷ luật, xem xét kỷ luật trước khi cử đi nước ngoài",
         "due_date": today - timedelta(days=30), "status": "open", "done_on": today - timedelta(days=35),
         "result": "Đã rà soát, cập nhật 4 trường hợp vào sổ cán bộ"},
    ]
    reminders = [
        {"unit_code": unit, "subject": f"Đôn đốc gửi báo cáo kết quả công tác đối ngoại năm {today.year - 1}",
         "body": "Đề nghị đơn vị gửi báo cáo kết quả công tác đối ngoại năm về Sở Ngoại vụ trước ngày 15/01 "
                 "để tổng hợp báo cáo UBND tỉnh.", "indicator": None, "sent_on": today - timedelta(days=20)},
        {"unit_code": unit, "subject": f"Đôn đốc ban hành kế hoạch công tác đối ngoại năm {today.year}",
         "body": "Đề nghị đơn vị ban hành kế hoạch công tác đối ngoại năm trước ngày 31/01.", "indicator": "R16",
         "sent_on": today - timedelta(days=90), "done_on": today - timedelta(days=80),
         "result": "Đã ban hành kế hoạch, gửi Sở Ngoại vụ"},
    ]
    _checked(validate_inspection(inspection))
    for item in recommendations:
        _checked(validate_recommendation(item, today))
    for item in reminders:
        _checked(validate_reminder(item, today))
    with services.ctx.db.session() as s:
        s.info["applying_bundle"] = True  # as an ack leaves them: the province's, not in this device's log
        parent = _received(Inspection(), inspection, unit)
        s.add(parent)
        s.flush()
        for item in recommendations:
            s.add(_received(InspectionRecommendation(), {**item, "inspection_id": parent.id}, unit))
        for item in reminders:
            s.add(_received(Reminder(), item, unit))
    return 1 + len(recommendations) + len(reminders)


def _received(obj: Any, data: dict, unit: str) -> Any:
    apply_data(obj, data)
    now = utcnow()
    obj.id, obj.unit_code, obj.version, obj.base_version = new_id(), unit, 1, 0
    obj.origin_device, obj.created_at, obj.updated_at, obj.deleted = DEMO_PROVINCE_DEVICE, now, now, False
    return obj


def _checked(problems: list) -> None:
    if problems:  # the demo writes only what an editor would accept
        raise ValueError("; ".join(p.message for p in problems))

