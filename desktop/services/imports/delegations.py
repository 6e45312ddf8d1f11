"""Importing delegations (đoàn ra, đoàn vào): a duplicate is the same folded title and start date.

A unit's own register is read as it is kept: one sheet per direction ("Đoàn ra 2024", the direction
guessed from that name or a title row), the purpose standing in for a title no column is named for,
the trip's dates in one «Thời gian» cell, and the head of the delegation by name (`heads`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.domain.text import fold
from desktop.domain.validation import format_date, validate_delegation
from desktop.i18n import N_, _
from desktop.models import Delegation
from desktop.models.base import new_id
from desktop.services.imports.base import EntitySpec
from desktop.services.imports.heads import write_head
from desktop.services.spreadsheets import ColumnSpec
from desktop.sync.records import apply_data


def extra_columns() -> tuple[ColumnSpec, ...]:
    """The head of the delegation by name, and the trip's dates in one cell."""
    return (ColumnSpec("head", _("Trưởng đoàn"), "head"), ColumnSpec("period", _("Thời gian"), "period"))


def _keys(d: dict) -> list[tuple]:
    title, start = fold(d.get("title")), d.get("start_date")
    return [("title", title, start)] if title and isinstance(start, date) else []


def _finish(d: dict) -> dict:
    return {**d, "countries": d.get("countries") or [], "attachments": [],
            "in_annual_plan": bool(d.get("in_annual_plan"))}


def _write(s: Any, data: dict, unit_code: str) -> None:
    """The delegation, then its head, in the import's transaction."""
    delegation = Delegation(id=new_id(), unit_code=unit_code)
    apply_data(delegation, data)
    s.add(delegation)
    write_head(s, delegation.id, data, unit_code)


SPEC = EntitySpec(
    entity="delegation",
    required=("direction", "title", "countries", "start_date", "end_date"),
    defaults={"kind": "other", "status": "draft"},
    validate=lambda d, today: validate_delegation(d),
    key_fields=("title", "start_date"), keys=_keys,
    describe=lambda d: f"{d.get('title') or ''} ({format_date(d.get('start_date'))})",
    note=N_("Cột trưởng đoàn («Họ và tên trưởng đoàn») được ghi là trưởng đoàn: đoàn ra thì ghép với cán bộ "
            "cùng tên của đơn vị, chưa có thì tạo cán bộ mới; đoàn vào thì ghi là khách. Các thành viên khác "
            "hãy thêm trong từng đoàn sau khi nhập."),
    skip=("override_reason",), finish=_finish, write=_write, extra=extra_columns, title=N_("Nhập đoàn từ Excel"),
    stand_ins={"title": ("purpose", "partner")}, provides={"period": ("start_date", "end_date")},
    guess_fixed=("direction",),
    aliases={
        "direction": ("Đoàn ra/vào", "Đoàn ra, đoàn vào", "Chiều", "Direction"),
        "kind": ("Loại hình", "Hình thức chuyến đi", "Tính chất", "Kind", "Type"),
        "title": ("Tên đoàn", "Tên đoàn công tác", "Đoàn", "Title", "Delegation"),
        "purpose": ("Mục đích", "Nội dung", "Nội dung/Mục đích", "Nội dung, mục đích", "Mục đích, nội dung",
                    "Mục đích chuyến đi", "Nội dung làm việc", "Nội dung công tác", "Purpose"),
        "countries": ("Quốc gia", "Nước", "Nước đến", "Nước đi", "Đi nước", "Nước đến công tác", "Quốc gia đến",
                      "Nước, vùng lãnh thổ", "Đoàn của nước", "Quốc tịch", "Countries", "Country"),
        "partner": ("Đối tác", "Đơn vị mời", "Cơ quan mời", "Cơ quan, tổ chức mời", "Đối tác nước ngoài",
                    "Cơ quan, đơn vị đón tiếp", "Partner", "Inviting organisation", "Host"),
        "start_date": ("Ngày đi", "Ngày đến", "Từ ngày", "Ngày xuất cảnh", "Thời gian đi", "Start date", "From"),
        "end_date": ("Ngày về", "Ngày rời", "Đến ngày", "Ngày nhập cảnh", "Thời gian về", "End date", "To"),
        "period": ("Thời gian", "Thời gian công tác", "Thời gian đi công tác", "Thời gian thực hiện",
                   "Thời gian làm việc", "Period", "Dates"),
        "funding": ("Nguồn kinh phí", "Nguồn", "Kinh phí do", "Funding"),
        "cost_estimate_vnd": ("Kinh phí", "Kinh phí (đồng)", "Kinh phí (VNĐ)", "Kinh phí dự kiến",
                              "Dự toán kinh phí", "Tổng kinh phí", "Cost", "Cost (VND)"),
        "decision_number": ("Số QĐ", "Số quyết định cử đoàn", "Quyết định số", "Decision number"),
        "decision_date": ("Ngày QĐ", "Ngày ban hành quyết định", "Decision date"),
        "head": ("Họ và tên trưởng đoàn", "Họ tên trưởng đoàn", "Trưởng đoàn", "Trưởng đoàn (họ tên, chức vụ)",
                 "Họ tên, chức vụ trưởng đoàn", "Head of delegation", "Head"),
        "notes": ("Ghi chú", "Notes", "Remarks"),
    },
)
