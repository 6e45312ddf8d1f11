"""Kinh phí đối ngoại: validation of a year's budget, its additions and the actual costs.

What the report counts, decided once: `budget.allocated_vnd` is the estimate allocated for the year
plus every addition to that year's budget (an addition is decided within its budget's year); `budget.spent_vnd` is what the year's activities cost — the actual
cost recorded for each delegation and conference the report counts in the year (one without an actual
cost adds nothing: the estimate is not money spent), and the cost of each promotion activity of the
year (its record holds what it cost).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .messages import tr
from .validation import FieldError, _date, _required, format_date

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_VND = 10**15  # a thousand trillion đồng: more is a typing slip


def validate_budget(data: Mapping[str, Any]) -> list[FieldError]:
    """A unit, a year in range, a whole non-negative number of đồng."""
    errors = _required(data, "unit_code", tr("Chưa có đơn vị của kinh phí."))
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors.append(FieldError("year", tr("Năm phải từ {low} đến {high}: {value}").format(
            low=MIN_YEAR, high=MAX_YEAR, value=year if year is not None else "")))
    return errors + _money(data, "allocated_vnd", tr("Dự toán được giao"), required=False)


def validate_addition(data: Mapping[str, Any], year: int | None = None) -> list[FieldError]:
    """An addition: how much (more than nothing), decided when (within the budget's `year`), for which task."""
    errors = _money(data, "amount_vnd", tr("Số tiền bổ sung"), required=True, positive=True)
    errors += _date(data, "decided_on", tr("Ngày quyết định"), required=True)
    decided = data.get("decided_on")
    if year is not None and isinstance(decided, date) and decided.year != year and not errors:
        errors.append(FieldError("decided_on", tr("Khoản bổ sung của kinh phí năm {year} phải được quyết định trong "
                                                  "năm {year} (đã nhập: {day}).").format(year=year,
                                                                                       day=format_date(decided))))
    return errors + _required(data, "reason", tr("Chưa nhập nhiệm vụ phát sinh cần bổ sung kinh phí."))


def validate_actual_cost(data: Mapping[str, Any]) -> list[FieldError]:
    """The cost of exactly one delegation or conference (of the unit named), in whole đồng."""
    owners = [key for key in ("delegation_id", "conference_id") if data.get(key)]
    errors = _required(data, "unit_code", tr("Chưa có đơn vị của khoản thực chi."))
    errors += [] if len(owners) == 1 else [FieldError(
        "delegation_id", tr("Kinh phí thực chi phải thuộc đúng một đoàn hoặc một hội nghị."))]
    return errors + _money(data, "amount_vnd", tr("Kinh phí thực chi"), required=True)


def _money(data: Mapping[str, Any], key: str, label: str, required: bool, positive: bool = False) -> list[FieldError]:
    value = data.get(key)
    if value is None:
        return [FieldError(key, tr("Chưa nhập {field}.").format(field=label.lower()))] if required else []
    low = 1 if positive else 0
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_VND:
        return [FieldError(key, tr("{field} phải là số đồng {sign}: {value}").format(
            field=label, sign=tr("lớn hơn 0") if positive else tr("không âm"), value=value))]
    return []
