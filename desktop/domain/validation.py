"""Field validation of the core registers, with Vietnamese messages for the editors and importer.

The `data` mappings hold already-typed values (date, int, bool, list, str) or None,
keyed by the snake_case field names of SYNC.md.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .messages import N_, tr

ENUMS: dict[str, tuple[str, ...]] = {
    "direction": ("outbound", "inbound"),
    "kind": ("official_visit", "working_trip", "training", "conference", "promotion", "other"),
    "status": ("draft", "submitted", "approved", "rejected", "cancelled", "completed"),
    "funding": ("state_budget", "partner", "self", "mixed"),
    "role": ("head", "deputy_head", "member", "interpreter", "other"),
    "gender": ("male", "female", "other"),
    "discipline_form": (
        "reprimand",
        "warning",
        "demotion",
        "dismissal",
        "removal",
        "under_consideration",
    ),
    "unit_level": ("province", "district", "commune"),
    "conference_mode": ("offline", "online", "hybrid"),
    "sensitive_topic": (
        "sovereignty", "security", "defence", "ethnicity", "religion", "human_rights", "state_secrets",
    ),
    "ngo_certificate_kind": ("activity_registration", "representative_office", "project_office"),
    "ngo_sector": (
        "health", "education", "agriculture", "environment", "social_welfare", "disaster_relief",
        "water_sanitation", "livelihoods", "ethnic_minorities", "other",
    ),
    "promotion_kind": ("investment", "trade", "tourism", "culture", "other"),
    "follow_up_status": ("open", "in_progress", "done", "cancelled"),
    "aid_form": ("programme", "project", "non_project"),
    "aid_type": ("technical_assistance", "investment"),
    "aid_status": ("proposed", "approved", "in_progress", "completed", "suspended", "lapsed"),
    "overseas_contact_kind": ("person", "association"),
    "overseas_activity_kind": ("home_visit", "investment", "donation", "citizen_protection", "programme", "other"),
    "plan_status": ("draft", "approved"),
    "report_section": ("assessment", "directions", "recommendations"),
    "recommendation_status": ("open", "done", "cancelled"),
    "partner_kind": ("locality", "organisation"),
    "agreement_kind": ("twinning", "cooperation", "mou", "letter_of_intent", "other"),
    "agreement_status": ("negotiating", "in_force", "expired", "terminated"),
    "planned_kind": ("outbound", "inbound", "conference", "promotion", "ngo", "overseas", "training", "other"),
    "planned_status": ("planned", "done", "postponed", "cancelled"),
}

# Vietnamese label of every enum value (a message id: show it through `_()`, or use enum_label).
ENUM_LABELS: dict[str, dict[str, str]] = {
    "direction": {"outbound": N_("Đoàn ra"), "inbound": N_("Đoàn vào")},
    "kind": {
        "official_visit": N_("Thăm chính thức"),
        "working_trip": N_("Công tác, làm việc"),
        "training": N_("Đào tạo, tập huấn"),
        "conference": N_("Hội nghị, hội thảo"),
        "promotion": N_("Xúc tiến, quảng bá"),
        "other": N_("Khác"),
    },
    "status": {
        "draft": N_("Đang soạn"),
        "submitted": N_("Đã trình"),
        "approved": N_("Đã được cho phép"),
        "rejected": N_("Không được cho phép"),
        "cancelled": N_("Đã hủy"),
        "completed": N_("Đã thực hiện"),
    },
    "funding": {
        "state_budget": N_("Ngân sách nhà nước"),
        "partner": N_("Đối tác chi trả"),
        "self": N_("Tự túc"),
        "mixed": N_("Kết hợp nhiều nguồn"),
    },
    "role": {
        "head": N_("Trưởng đoàn"),
        "deputy_head": N_("Phó trưởng đoàn"),
        "member": N_("Thành viên"),
        "interpreter": N_("Phiên dịch"),
        "other": N_("Khác"),
    },
    "gender": {"male": N_("Nam"), "female": N_("Nữ"), "other": N_("Khác")},
    "discipline_form": {
        "reprimand": N_("Khiển trách"),
        "warning": N_("Cảnh cáo"),
        "demotion": N_("Giáng chức"),
        "dismissal": N_("Cách chức"),
        "removal": N_("Buộc thôi việc"),
        "under_consideration": N_("Đang xem xét kỷ luật"),
    },
    "unit_level": {
        "province": N_("Cấp tỉnh"),
        "district": N_("Cấp huyện"),
        "commune": N_("Cấp xã"),
    },
    "conference_mode": {
        "offline": N_("Trực tiếp"),
        "online": N_("Trực tuyến"),
        "hybrid": N_("Trực tiếp kết hợp trực tuyến"),
    },
    "sensitive_topic": {
        "sovereignty": N_("Chủ quyền, biên giới, lãnh thổ"),
        "security": N_("An ninh"),
        "defence": N_("Quốc phòng"),
        "ethnicity": N_("Dân tộc"),
        "religion": N_("Tôn giáo"),
        "human_rights": N_("Nhân quyền"),
        "state_secrets": N_("Bí mật nhà nước"),
    },
    "ngo_certificate_kind": {
        "activity_registration": N_("Giấy đăng ký hoạt động"),
        "representative_office": N_("Giấy đăng ký lập Văn phòng đại diện"),
        "project_office": N_("Giấy đăng ký lập Văn phòng dự án"),
    },
    "ngo_sector": {
        "health": N_("Y tế"),
        "education": N_("Giáo dục, đào tạo"),
        "agriculture": N_("Nông nghiệp, phát triển nông thôn"),
        "environment": N_("Môi trường, biến đổi khí hậu"),
        "social_welfare": N_("An sinh xã hội"),
        "disaster_relief": N_("Phòng chống thiên tai, cứu trợ"),
        "water_sanitation": N_("Nước sạch, vệ sinh"),
        "livelihoods": N_("Sinh kế, giảm nghèo"),
        "ethnic_minorities": N_("Đồng bào dân tộc thiểu số"),
        "other": N_("Khác"),
    },
    "promotion_kind": {
        "investment": N_("Xúc tiến đầu tư"),
        "trade": N_("Xúc tiến thương mại"),
        "tourism": N_("Quảng bá du lịch"),
        "culture": N_("Giao lưu văn hóa"),
        "other": N_("Khác"),
    },
    "follow_up_status": {
        "open": N_("Chưa làm"),
        "in_progress": N_("Đang làm"),
        "done": N_("Đã xong"),
        "cancelled": N_("Hủy bỏ"),
    },
    "aid_form": {
        "programme": N_("Chương trình"),
        "project": N_("Dự án"),
        "non_project": N_("Phi dự án"),
    },
    "aid_type": {
        "technical_assistance": N_("Hỗ trợ kỹ thuật"),
        "investment": N_("Đầu tư"),
    },
    "aid_status": {
        "proposed": N_("Đang đề xuất"),
        "approved": N_("Đã phê duyệt"),
        "in_progress": N_("Đang thực hiện"),
        "completed": N_("Đã hoàn thành"),
        "suspended": N_("Tạm dừng"),
        "lapsed": N_("Hết hiệu lực phê duyệt"),
    },
    "overseas_contact_kind": {"person": N_("Cá nhân"), "association": N_("Hội, đoàn thể")},
    "overseas_activity_kind": {
        "home_visit": N_("Về thăm quê"),
        "investment": N_("Đầu tư, kinh doanh"),
        "donation": N_("Tài trợ, từ thiện"),
        "citizen_protection": N_("Bảo hộ công dân"),
        "programme": N_("Tham gia chương trình"),
        "other": N_("Khác"),
    },
    "plan_status": {"draft": N_("Dự thảo"), "approved": N_("Đã ban hành")},
    "report_section": {"assessment": N_("Đánh giá: tồn tại, hạn chế, nguyên nhân"),
                       "directions": N_("Phương hướng, nhiệm vụ năm tới"),
                       "recommendations": N_("Kiến nghị, đề xuất")},
    "recommendation_status": {"open": N_("Đang thực hiện"), "done": N_("Đã thực hiện"), "cancelled": N_("Hủy bỏ")},
    "partner_kind": {"locality": N_("Địa phương nước ngoài"), "organisation": N_("Tổ chức nước ngoài")},
    "agreement_kind": {"twinning": N_("Thỏa thuận kết nghĩa"), "cooperation": N_("Thỏa thuận hợp tác"),
                       "mou": N_("Bản ghi nhớ"), "letter_of_intent": N_("Ý định thư"), "other": N_("Khác")},
    "agreement_status": {"negotiating": N_("Đang đàm phán"), "in_force": N_("Đang có hiệu lực"),
                         "expired": N_("Hết hiệu lực"), "terminated": N_("Đã chấm dứt")},
    "planned_kind": {
        "outbound": N_("Đoàn ra"),
        "inbound": N_("Đoàn vào"),
        "conference": N_("Hội nghị, hội thảo quốc tế"),
        "promotion": N_("Xúc tiến, quảng bá"),
        "ngo": N_("Vận động viện trợ, PCPNN"),
        "overseas": N_("Công tác người Việt Nam ở nước ngoài"),
        "training": N_("Bồi dưỡng nghiệp vụ"),
        "other": N_("Khác"),
    },
    "planned_status": {
        "planned": N_("Chưa thực hiện"),
        "done": N_("Đã thực hiện"),
        "postponed": N_("Hoãn"),
        "cancelled": N_("Hủy bỏ"),
    },
}

_ENUM_NAMES = {
    "direction": N_("Loại đoàn"),
    "kind": N_("Hình thức"),
    "status": N_("Trạng thái"),
    "funding": N_("Nguồn kinh phí"),
    "role": N_("Vai trò"),
    "gender": N_("Giới tính"),
    "discipline_form": N_("Hình thức kỷ luật"),
    "unit_level": N_("Cấp đơn vị"),
    "conference_mode": N_("Hình thức tổ chức"),
    "sensitive_topic": N_("Nội dung nhạy cảm"),
    "ngo_certificate_kind": N_("Loại giấy đăng ký"),
    "ngo_sector": N_("Lĩnh vực"),
    "promotion_kind": N_("Loại hoạt động xúc tiến"),
    "follow_up_status": N_("Tình trạng"),
    "aid_form": N_("Hình thức viện trợ"),
    "aid_type": N_("Loại viện trợ"),
    "aid_status": N_("Tình trạng dự án"),
    "overseas_contact_kind": N_("Loại liên hệ"),
    "overseas_activity_kind": N_("Loại hoạt động"),
    "plan_status": N_("Trạng thái kế hoạch"),
    "planned_kind": N_("Loại hoạt động kế hoạch"),
    "planned_status": N_("Tình trạng thực hiện"),
    "recommendation_status": N_("Tình trạng kiến nghị"),
    "partner_kind": N_("Loại đối tác"),
    "agreement_kind": N_("Loại thỏa thuận"),
    "agreement_status": N_("Tình trạng thỏa thuận"),
}

STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("submitted", "cancelled"),
    "submitted": ("approved", "rejected", "cancelled", "draft"),
    "approved": ("completed", "cancelled"),
    "rejected": ("draft",),
    "cancelled": (),
    "completed": (),
}

# Office PCs often have a wrong clock, so "not in the future" allows this margin.
FUTURE_MARGIN = timedelta(days=30)

# The plausible range of every date the registers hold (birth dates to certificate expiries). One
# source: the editors (parse_date), the record checks (_date), the Excel import and the bundle schema
# (desktop/sync/schema.py) all read it, so no rule, list or report meets a date outside it.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2099, 12, 31)

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VN_PASSPORT = re.compile(r"[A-Z]\d{7,8}")
_FOREIGN_PASSPORT = re.compile(r"[A-Z0-9]{6,9}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE_CHARS = re.compile(r"\+?[0-9 .\-]+")
_COUNTRY = re.compile(r"[A-Z]{2}")

DATE_FORMAT_MESSAGE = N_("Ngày phải có dạng dd/mm/yyyy")


@dataclass(frozen=True)
class FieldError:
    """A problem with one field of a record, in the current language (Vietnamese by default)."""

    field: str
    message: str


# ---------------------------------------------------------------- dates


def parse_date(text: str) -> date:
    """Parse "dd/mm/yyyy", "d/m/yyyy" (also with . or -) or "yyyy-mm-dd".

    Raises ValueError with a Vietnamese message saying what is wrong.
    """
    cleaned = (text or "").strip()
    if match := _DMY.fullmatch(cleaned):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.fullmatch(cleaned):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(tr(DATE_FORMAT_MESSAGE))
    _check_date_parts(cleaned, year, month, day)
    return date(year, month, day)


def _check_date_parts(text: str, year: int, month: int, day: int) -> None:
    """Raise ValueError naming the impossible part of a typed date."""
    if year < 1:
        message = tr("Ngày không hợp lệ: {text} (không có năm {year})")
    elif not DATE_MIN.year <= year <= DATE_MAX.year:
        message = tr("Ngày không hợp lệ: {text} (năm phải từ {first} đến {last})")
    elif not 1 <= month <= 12:
        message = tr("Ngày không hợp lệ: {text} (không có tháng {month})")
    elif not 1 <= day <= _stdlib_calendar.monthrange(year, month)[1]:
        message = tr("Ngày không hợp lệ: {text} (tháng {month} năm {year} không có ngày {day})")
    else:
        return
    raise ValueError(message.format(text=text, year=year, month=month, day=day,
                                    first=DATE_MIN.year, last=DATE_MAX.year))


def in_date_range(value: date) -> bool:
    """Whether `value` lies in the registers' plausible range (DATE_MIN … DATE_MAX)."""
    return DATE_MIN <= value <= DATE_MAX


def date_range_message(label: str, value: date) -> str:
    """"Ngày sinh ngoài khoảng cho phép: 01/01/0001 (từ 01/01/1900 đến 31/12/2099)"."""
    return tr("{field} ngoài khoảng cho phép: {value} (từ {first} đến {last})").format(
        field=label, value=format_date(value), first=format_date(DATE_MIN), last=format_date(DATE_MAX))


def format_date(d: date | None) -> str:
    """Format a date as dd/mm/yyyy ("05/02/2026"); "" for None."""
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# ---------------------------------------------------------------- single values


def normalize_passport(number: str | None) -> str:
    """Return a passport number as stored: upper case, no surrounding spaces."""
    return (number or "").strip().upper()


def validate_passport(number: str, vietnamese: bool = True) -> str | None:
    """Return an error message for a malformed passport number, or None.

    Vietnamese passports: one letter and 7 or 8 digits (B1234567, C12345678);
    foreign ones: 6–9 letters or digits. A blank number is "not given" and passes.
    """
    value = normalize_passport(number)
    if not value:
        return None
    if vietnamese and not _VN_PASSPORT.fullmatch(value):
        return tr(
            "Số hộ chiếu không hợp lệ: {number} (hộ chiếu Việt Nam gồm 1 chữ cái và "
            "7 hoặc 8 chữ số, ví dụ B1234567, C12345678)"
        ).format(number=value)
    if not vietnamese and not _FOREIGN_PASSPORT.fullmatch(value):
        return tr(
            "Số hộ chiếu không hợp lệ: {number} (gồm 6 đến 9 chữ cái hoặc chữ số, không dấu cách)"
        ).format(number=value)
    return None


def validate_email(s: str) -> str | None:
    """Return an error message for a malformed e-mail address, or None (blank passes)."""
    value = (s or "").strip()
    if value and not _EMAIL.fullmatch(value):
        return tr("Địa chỉ e-mail không hợp lệ: {email}").format(email=value)
    return None


def validate_phone(s: str) -> str | None:
    """Return an error message for a malformed phone number, or None (blank passes).

    Allowed: digits, spaces, dots, hyphens and a leading +; 8 to 15 digits.
    """
    value = (s or "").strip()
    if not value:
        return None
    if not _PHONE_CHARS.fullmatch(value):
        return tr(
            "Số điện thoại không hợp lệ: {phone} (chỉ gồm chữ số, dấu cách, dấu chấm, "
            "dấu gạch ngang và dấu + ở đầu)"
        ).format(phone=value)
    if not 8 <= sum(ch.isdigit() for ch in value) <= 15:
        return tr("Số điện thoại không hợp lệ: {phone} (phải có từ 8 đến 15 chữ số)").format(
            phone=value
        )
    return None


def check_transition(old: str, new: str) -> str | None:
    """Return why a delegation cannot move from status `old` to `new`, or None if it can."""
    for status in (old, new):
        if status not in STATUS_TRANSITIONS:
            return tr("Trạng thái không hợp lệ: {status}").format(status=status)
    if old == new or new in STATUS_TRANSITIONS[old]:
        return None
    return tr("Không thể chuyển trạng thái từ “{old}” sang “{new}”.").format(
        old=enum_label("status", old), new=enum_label("status", new)
    )


def enum_label(enum: str, value: str) -> str:
    """The label of one enum value in the current language; the raw value when unknown."""
    label = ENUM_LABELS.get(enum, {}).get(value)
    return tr(label) if label else value


# ---------------------------------------------------------------- records


def validate_person(data: Mapping[str, Any], today: date | None = None) -> list[FieldError]:
    """Check a person record: name required, birth date not in the future, contact formats."""
    today = today or date.today()
    errors = _required(data, "full_name", tr("Chưa nhập họ và tên."))
    errors += _enum(data, "gender", required=False)
    errors += _date(data, "birth_date", tr("Ngày sinh"))
    errors += _date(data, "passport_expiry", tr("Ngày hết hạn hộ chiếu"))
    birth = data.get("birth_date")
    if isinstance(birth, date) and birth > today:
        errors.append(FieldError("birth_date", tr("Ngày sinh không được sau ngày hôm nay.")))
    errors += _format(data, "email", validate_email)
    errors += _format(data, "phone", validate_phone)
    errors += _format(data, "passport_number", validate_passport)
    return errors


def validate_discipline(data: Mapping[str, Any], today: date | None = None) -> list[FieldError]:
    """Check a discipline record: known form, start date, end not before start."""
    today = today or date.today()
    errors = _enum(data, "form", enum="discipline_form")
    errors += _date(data, "effective_from", tr("Ngày bắt đầu thi hành kỷ luật"), required=True)
    errors += _date(data, "effective_until", tr("Ngày kết thúc thi hành kỷ luật"))
    errors += _date(data, "decision_date", tr("Ngày quyết định"))
    errors += _not_before(
        data,
        "effective_until",
        "effective_from",
        tr("Ngày kết thúc không được trước ngày bắt đầu thi hành kỷ luật."),
    )
    decided = data.get("decision_date")
    if isinstance(decided, date) and decided > today + FUTURE_MARGIN:
        errors.append(FieldError("decision_date", tr("Ngày quyết định không được ở tương lai.")))
    return errors


def validate_training(data: Mapping[str, Any]) -> list[FieldError]:
    """Check a training course attended: its name, its dates in order."""
    errors = _required(data, "course", tr("Hãy nhập tên khóa bồi dưỡng."))
    errors += _date(data, "start_date", tr("Ngày bắt đầu"))
    errors += _date(data, "end_date", tr("Ngày kết thúc"))
    errors += _not_before(data, "end_date", "start_date", tr("Ngày kết thúc trước ngày bắt đầu."))
    return errors


def validate_delegation(data: Mapping[str, Any]) -> list[FieldError]:
    """Check a delegation: enums, title, dates, countries, cost, submission date."""
    errors = _enum(data, "direction") + _enum(data, "kind") + _enum(data, "status")
    errors += _enum(data, "funding", required=False)
    errors += _required(data, "title", tr("Chưa nhập tên đoàn."))
    errors += _date(data, "start_date", tr("Ngày bắt đầu"), required=True)
    errors += _date(data, "end_date", tr("Ngày kết thúc"), required=True)
    errors += _not_before(
        data, "end_date", "start_date", tr("Ngày kết thúc không được trước ngày bắt đầu.")
    )
    errors += _countries(data.get("countries"))
    errors += _cost(data.get("cost_estimate_vnd"))
    for key, label in (
        ("submitted_on", tr("Ngày trình")),
        ("decision_date", tr("Ngày quyết định")),
        ("report_received_on", tr("Ngày nhận báo cáo")),
    ):
        errors += _date(data, key, label)
    if data.get("status") in ("submitted", "approved", "rejected", "completed"):
        errors += _required(data, "submitted_on", tr("Chưa nhập ngày trình hồ sơ xin phép."))
    return errors


def validate_member(data: Mapping[str, Any], direction: str) -> list[FieldError]:
    """Check a delegation member: an officer for outbound trips, a foreign guest for inbound."""
    errors = _enum(data, "role")
    if direction == "outbound":
        return errors + _required(data, "person_id", tr("Chưa chọn cán bộ tham gia đoàn."))
    if direction != "inbound":
        message = tr("Loại đoàn không hợp lệ: {direction}").format(direction=direction)
        return errors + [FieldError("direction", message)]
    errors += _required(data, "guest_name", tr("Chưa nhập họ tên khách."))
    errors += _format(data, "guest_passport", lambda v: validate_passport(v, vietnamese=False))
    nationality = data.get("guest_nationality")
    if nationality and not (isinstance(nationality, str) and _COUNTRY.fullmatch(nationality)):
        message = tr(
            "Mã quốc tịch không hợp lệ: {code} (2 chữ cái in hoa theo ISO 3166, ví dụ KR)"
        ).format(code=nationality)
        errors.append(FieldError("guest_nationality", message))
    return errors


# ---------------------------------------------------------------- helpers


def _blank(value: Any) -> bool:
    """True for None, empty or whitespace-only strings and empty collections."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == ()


def _required(data: Mapping[str, Any], key: str, message: str) -> list[FieldError]:
    """Error when `key` is missing or blank."""
    return [FieldError(key, message)] if _blank(data.get(key)) else []


def _enum(
    data: Mapping[str, Any], key: str, enum: str | None = None, required: bool = True
) -> list[FieldError]:
    """Error when `key` is not one of the enum's values (or missing while required)."""
    enum = enum or key
    value = data.get(key)
    name = tr(_ENUM_NAMES[enum])
    if _blank(value):
        # TRANSLATORS: {field} is a field name in lower case, e.g. “loại đoàn”.
        message = tr("Chưa chọn {field}.").format(field=name.lower())
        return [FieldError(key, message)] if required else []
    if value not in ENUMS[enum]:
        return [
            FieldError(key, tr("{field} không hợp lệ: {value}").format(field=name, value=value))
        ]
    return []


def _date(
    data: Mapping[str, Any], key: str, label: str, required: bool = False
) -> list[FieldError]:
    """Error when `key` is not a date (or missing while required)."""
    value = data.get(key)
    if value is None:
        # TRANSLATORS: {field} is a field name in lower case, e.g. “ngày bắt đầu”.
        message = tr("Chưa nhập {field}.").format(field=label.lower())
        return [FieldError(key, message)] if required else []
    if not isinstance(value, date):
        return [
            FieldError(key, tr("{field} không hợp lệ: {value}").format(field=label, value=value))
        ]
    if not in_date_range(value):
        return [FieldError(key, date_range_message(label, value))]
    return []


def _not_before(
    data: Mapping[str, Any], later: str, earlier: str, message: str
) -> list[FieldError]:
    """Error on `later` when both are dates and it falls before `earlier`."""
    end, start = data.get(later), data.get(earlier)
    if isinstance(end, date) and isinstance(start, date) and end < start:
        return [FieldError(later, message)]
    return []


def _format(
    data: Mapping[str, Any], key: str, check: Callable[[str], str | None]
) -> list[FieldError]:
    """Apply a single-value check to `key` when it is given."""
    value = data.get(key)
    if _blank(value):
        return []
    if isinstance(value, str):
        message = check(value)
    else:
        message = tr("Giá trị không hợp lệ: {value}").format(value=value)
    return [FieldError(key, message)] if message else []


def _countries(value: Any) -> list[FieldError]:
    """Error unless `value` is a non-empty list of ISO 3166 alpha-2 codes."""
    if _blank(value):
        return [FieldError("countries", tr("Chưa chọn quốc gia, vùng lãnh thổ nào."))]
    if not isinstance(value, list | tuple):
        message = tr("Danh sách quốc gia không hợp lệ: {value}").format(value=value)
        return [FieldError("countries", message)]
    bad = [str(code) for code in value if not (isinstance(code, str) and _COUNTRY.fullmatch(code))]
    if bad:
        message = tr(
            "Mã quốc gia không hợp lệ: {codes} (2 chữ cái in hoa theo ISO 3166, ví dụ KR)"
        ).format(codes=", ".join(bad))
        return [FieldError("countries", message)]
    return []


def _cost(value: Any) -> list[FieldError]:
    """Error unless the cost estimate is absent or a non-negative whole number of đồng."""
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        message = tr("Dự toán kinh phí phải là số đồng không âm: {value}").format(value=value)
        return [FieldError("cost_estimate_vnd", message)]
    return []
