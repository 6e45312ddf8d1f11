"""Overseas Vietnamese (người Việt Nam ở nước ngoài): validation of contacts and their activities.

No rule of DOMAIN.md sets a deadline for this work, so nothing here produces
findings; open citizen-protection cases are listed by the service at the top of
the register's page instead of on Tổng quan with an invented rule number.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from .messages import tr
from .validation import (
    FieldError,
    _date,
    _enum,
    _format,
    _not_before,
    _required,
    validate_email,
    validate_phone,
)

OPEN_STATUSES = ("open", "in_progress")
CASE_KIND = "citizen_protection"
_ISO_LENGTH = 2


def validate_contact(data: Mapping[str, Any], countries: Collection[str] | None = None) -> list[FieldError]:
    """Check a contact: kind, name, an ISO 3166 alpha-2 country (one of `countries` when given),
    e-mail and phone formats."""
    errors = _enum(data, "kind", enum="overseas_contact_kind")
    errors += _required(data, "name", tr("Chưa nhập họ tên kiều bào hoặc tên hội."))
    errors += _country(data.get("country"), countries)
    errors += _format(data, "email", validate_email)
    errors += _format(data, "phone", validate_phone)
    return errors


def validate_activity(data: Mapping[str, Any]) -> list[FieldError]:
    """Check an activity: kind, content, date, status, a non-negative amount, closed not before it began."""
    errors = _enum(data, "kind", enum="overseas_activity_kind")
    errors += _required(data, "title", tr("Chưa nhập nội dung hoạt động."))
    errors += _date(data, "date", tr("Ngày"), required=True)
    errors += _enum(data, "status", enum="follow_up_status")
    errors += _date(data, "closed_on", tr("Ngày kết thúc"))
    errors += _not_before(data, "closed_on", "date", tr("Ngày kết thúc không được trước ngày của hoạt động."))
    errors += _amount(data.get("value_vnd"))
    if data.get("kind") == CASE_KIND and data.get("status") == "done":
        errors += _required(data, "result", tr("Hãy ghi kết quả giải quyết vụ việc bảo hộ công dân."))
    return errors


def is_open_case(kind: str | None, status: str | None) -> bool:
    """True for a citizen-protection case not yet settled (open or in progress)."""
    return kind == CASE_KIND and status in OPEN_STATUSES


def default_status(kind: str | None, closed_on: date | None) -> str:
    """The status an activity gets when none is chosen: a case is open until closed; a visit,
    investment or donation that is recorded has happened."""
    if kind == CASE_KIND and closed_on is None:
        return "open"
    return "done"


def _country(value: Any, countries: Collection[str] | None) -> list[FieldError]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return [FieldError("country", tr("Chưa chọn quốc gia, vùng lãnh thổ nơi kiều bào sinh sống."))]
    known = isinstance(value, str) and len(value) == _ISO_LENGTH and value.isalpha() and value.isupper()
    if known and countries is not None:
        known = value in countries
    if not known:
        message = tr("Mã quốc gia không hợp lệ: {codes} (2 chữ cái in hoa theo ISO 3166, ví dụ KR)")
        return [FieldError("country", message.format(codes=value))]
    return []


def _amount(value: Any) -> list[FieldError]:
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        message = tr("Giá trị phải là số đồng không âm: {value}").format(value=value)
        return [FieldError("value_vnd", message)]
    return []
