"""Importing foreign NGOs (Decree 58/2022/NĐ-CP), each with its registration certificate and one
contact person when the file has them.

A duplicate is the same folded name (original or Vietnamese) in the same country.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.domain.ngo_rules import validate_certificate, validate_contact, validate_ngo
from desktop.domain.rule_config import RuleConfig
from desktop.domain.text import fold
from desktop.domain.validation import FieldError
from desktop.i18n import N_, _, country_name
from desktop.models import ForeignNgo, NgoCertificate, NgoContact
from desktop.models.base import new_id
from desktop.services.imports.base import EntitySpec
from desktop.services.spreadsheets import ColumnSpec
from desktop.sync.records import apply_data

CERTIFICATE = {"certificate_kind": "kind", "certificate_number": "number",
               "certificate_issued_on": "issued_on", "certificate_expires_on": "expires_on"}
CONTACT = {"contact_name": "full_name", "contact_phone": "phone", "contact_email": "email"}


def extra_columns() -> tuple[ColumnSpec, ...]:
    """The certificate and contact columns, labelled in the current language."""
    return (
        ColumnSpec("certificate_kind", _("Loại giấy đăng ký"), "enum", enum="ngo_certificate_kind"),
        ColumnSpec("certificate_number", _("Số giấy đăng ký"), "text"),
        ColumnSpec("certificate_issued_on", _("Ngày cấp giấy đăng ký"), "date"),
        ColumnSpec("certificate_expires_on", _("Ngày hết hạn giấy đăng ký"), "date"),
        ColumnSpec("contact_name", _("Người liên hệ"), "text"),
        ColumnSpec("contact_phone", _("Điện thoại người liên hệ"), "text"),
        ColumnSpec("contact_email", _("E-mail người liên hệ"), "text"),
    )


def _part(d: dict, names: dict[str, str]) -> dict[str, Any]:
    """The certificate (or contact) inside a row, in its own model's field names."""
    return {field: d.get(column) for column, field in names.items() if d.get(column) is not None}


def _renamed(errors: list[FieldError], names: dict[str, str]) -> list[FieldError]:
    back = {field: column for column, field in names.items()}
    return [FieldError(back.get(e.field, e.field), e.message) for e in errors]


def _validate(d: dict, today: date, config: RuleConfig | None = None) -> list[FieldError]:
    """The NGO editor's checks, and the certificate's and contact's when the row has them; the
    certificate's longest validity is the one set in Cài đặt › Quy tắc."""
    errors = validate_ngo(d)
    certificate = _part(d, CERTIFICATE)
    if certificate:
        errors += _renamed([e for e in validate_certificate(certificate, config) if e.field in CERTIFICATE.values()],
                           CERTIFICATE)
    contact = _part(d, CONTACT)
    if contact:
        errors += _renamed(validate_contact(contact), CONTACT)
    return errors


def _finish(d: dict) -> dict:
    out = {**d, "sectors": list(dict.fromkeys(d.get("sectors") or [])), "attachments": [],
           "areas": list(dict.fromkeys(d.get("areas") or []))}
    if isinstance(out.get("certificate_number"), str):
        out["certificate_number"] = out["certificate_number"].upper()
    return out


def _keys(d: dict) -> list[tuple]:
    country = d.get("country") or ""
    names = {fold(d.get("name_original")), fold(d.get("name_vi"))} - {""}
    return [("name", name, country) for name in sorted(names)]


def _describe(d: dict) -> str:
    name = d.get("name_original") or ""
    if d.get("name_vi"):
        name += f" ({d['name_vi']})"
    return f"{name} — {country_name(d['country'])}" if d.get("country") else name


def _write(s: Any, data: dict, unit_code: str) -> None:
    """The NGO, then its certificate and contact, in the import's transaction."""
    ngo = ForeignNgo(id=new_id(), unit_code=unit_code)
    apply_data(ngo, data)
    s.add(ngo)
    certificate = _part(data, CERTIFICATE)
    if certificate:
        cert = NgoCertificate(unit_code=unit_code)
        apply_data(cert, {**certificate, "ngo_id": ngo.id})
        s.add(cert)
    contact = _part(data, CONTACT)
    if contact:
        person = NgoContact(unit_code=unit_code)
        apply_data(person, {**contact, "ngo_id": ngo.id})
        s.add(person)


SPEC = EntitySpec(
    entity="foreign_ngo", required=("name_original",), defaults={},
    validate=_validate, key_fields=("name_original", "name_vi", "country"), keys=_keys, describe=_describe,
    finish=_finish, write=_write, extra=extra_columns, uses_rules=True, title=N_("Nhập tổ chức phi chính phủ nước ngoài từ Excel"),
    note=N_("Mỗi dòng là một tổ chức; nếu có cột giấy đăng ký và người liên hệ thì giấy đăng ký và người "
            "liên hệ đó được ghi kèm tổ chức. Báo cáo hằng năm nhập trong từng tổ chức sau khi nhập."),
    aliases={
        "name_original": ("Tên tổ chức", "Tên tổ chức (tiếng Anh)", "Tên tổ chức PCPNN", "Tên gốc", "Tên giao dịch",
                          "Tên tiếng Anh", "Tên viết bằng tiếng Anh", "Original name",
                          "Name", "Organisation", "Organization", "NGO"),
        "name_vi": ("Tên tiếng Việt", "Tên Việt", "Tên tổ chức (tiếng Việt)", "Tên viết bằng tiếng Việt",
                    "Vietnamese name"),
        "country": ("Quốc gia", "Nước", "Quốc tịch", "Country", "Nationality"),
        "sectors": ("Lĩnh vực", "Lĩnh vực hoạt động", "Lĩnh vực tài trợ", "Lĩnh vực ưu tiên", "Sectors", "Sector"),
        "areas": ("Địa bàn", "Địa bàn hoạt động", "Areas", "Area", "Locations"),
        "vn_counterpart": ("Đối tác", "Cơ quan đối tác", "Đối tác Việt Nam", "Cơ quan phối hợp", "Counterpart",
                           "Vietnamese counterpart"),
        "certificate_kind": ("Loại giấy", "Certificate type", "Certificate kind"),
        "certificate_number": ("Số giấy", "Số giấy phép", "Số GĐK", "Certificate number", "Certificate no"),
        "certificate_issued_on": ("Ngày cấp", "Issue date", "Issued on", "Date of issue"),
        "certificate_expires_on": ("Ngày hết hạn", "Hết hạn", "Expiry date", "Expires on", "Valid until"),
        "contact_name": ("Người liên lạc", "Contact person", "Contact"),
        "contact_phone": ("Contact phone", "Điện thoại liên hệ"),
        "contact_email": ("Contact email", "Contact e-mail", "Email liên hệ", "E-mail liên hệ"),
        "phone": ("Phone", "Telephone", "Điện thoại"), "email": ("Email", "E-mail"),
        "address": ("Address", "Địa chỉ"),
    },
)
