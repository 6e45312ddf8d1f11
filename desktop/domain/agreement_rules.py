"""Relations with foreign localities and international agreements: validation, and which agreements a
year counts (the report's `agreements.active`, `agreements.signed`).

The kinds follow the Law on International Agreements 2020 (Luật Thỏa thuận quốc tế số 70/2020/QH14)
as provincial units sign them: a twinning agreement, a cooperation agreement, a memorandum of
understanding, a letter of intent. A relation being negotiated has no signing date yet.

Counting, decided once: an agreement is **active** in a year when it was signed on or before the
year's last day and is valid on its first day or later (no end date: still valid), and it is not
being negotiated; one expired or terminated without an end date is not counted (the day it ended is
unknown). It is **signed** in the year of its signing date. A signing date cannot lie in the future.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .messages import tr
from .validation import FUTURE_MARGIN, FieldError, _date, _enum, _not_before, _required, format_date

_ISO_LENGTH = 2
SIGNED = ("in_force", "expired", "terminated")
LINKS = ("delegation_ids", "conference_ids", "promotion_ids")


def active_in(year: int, signed_on: date | None, valid_until: date | None, status: str) -> bool:
    """Whether an agreement counts as active in `year` (see the module's docstring)."""
    if status not in SIGNED or signed_on is None or signed_on > date(year, 12, 31):
        return False
    if valid_until is None:
        return status == "in_force"
    return valid_until >= date(year, 1, 1)


def signed_in(year: int, signed_on: date | None, status: str) -> bool:
    """Whether an agreement was signed in `year`."""
    return status in SIGNED and signed_on is not None and signed_on.year == year


def validate_agreement(data: Mapping[str, Any], today: date | None = None) -> list[FieldError]:
    """A partner, its kind and country, the agreement's kind and title; a signed one has its signing date,
    not in the future."""
    errors = _required(data, "partner", tr("Chưa nhập tên đối tác nước ngoài (địa phương hoặc tổ chức)."))
    errors += _enum(data, "partner_kind", enum="partner_kind")
    errors += _country(data.get("country"))
    errors += _enum(data, "kind", enum="agreement_kind")
    errors += _required(data, "title", tr("Chưa nhập tên văn bản thỏa thuận."))
    errors += _enum(data, "status", enum="agreement_status")
    errors += _date(data, "signed_on", tr("Ngày ký"), required=data.get("status") in SIGNED)
    errors += _date(data, "valid_until", tr("Hiệu lực đến"))
    errors += _not_before(data, "valid_until", "signed_on", tr("Ngày hết hiệu lực phải sau ngày ký."))
    signed = data.get("signed_on")
    if today is not None and isinstance(signed, date) and signed > today + FUTURE_MARGIN:
        errors.append(FieldError("signed_on", tr("Ngày ký không được ở tương lai: {day}").format(
            day=format_date(signed))))
    for key in LINKS:
        value = data.get(key)
        if value is not None and not (isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)):
            errors.append(FieldError(key, tr("Danh sách hoạt động không hợp lệ: {value}").format(value=value)))
    return errors


def _country(value: Any) -> list[FieldError]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return [FieldError("country", tr("Chưa chọn quốc gia của đối tác."))]
    if not (isinstance(value, str) and len(value) == _ISO_LENGTH and value.isalpha() and value.isupper()):
        message = tr("Mã quốc gia không hợp lệ: {codes} (2 chữ cái in hoa theo ISO 3166, ví dụ KR)")
        return [FieldError("country", message.format(codes=value))]
    return []
