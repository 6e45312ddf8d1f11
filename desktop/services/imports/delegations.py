"""Importing delegations (đoàn ra, đoàn vào): a duplicate is the same folded title and start date."""

from __future__ import annotations

from datetime import date

from desktop.domain.text import fold
from desktop.domain.validation import format_date, validate_delegation
from desktop.i18n import N_
from desktop.services.imports.base import EntitySpec


def _keys(d: dict) -> list[tuple]:
    title, start = fold(d.get("title")), d.get("start_date")
    return [("title", title, start)] if title and isinstance(start, date) else []


def _finish(d: dict) -> dict:
    return {**d, "countries": d.get("countries") or [], "attachments": [],
            "in_annual_plan": bool(d.get("in_annual_plan"))}


SPEC = EntitySpec(
    entity="delegation",
    required=("direction", "title", "countries", "start_date", "end_date"),
    defaults={"kind": "other", "status": "draft"},
    validate=lambda d, today: validate_delegation(d),
    key_fields=("title", "start_date"), keys=_keys,
    describe=lambda d: f"{d.get('title') or ''} ({format_date(d.get('start_date'))})",
    note=N_("Thành viên đoàn không được nhập từ tệp này: hãy thêm thành viên trong từng đoàn sau khi nhập."),
    skip=("override_reason",), finish=_finish, title=N_("Nhập đoàn từ Excel"),
    aliases={"title": ("Tên đoàn", "Title", "Delegation"), "countries": ("Quốc gia", "Nước", "Countries", "Country"),
             "start_date": ("Ngày đi", "Ngày đến", "Từ ngày", "Start date", "From"),
             "end_date": ("Ngày về", "Ngày rời", "Đến ngày", "End date", "To")},
)
