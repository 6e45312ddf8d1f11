"""Importing aid programmes and projects (non-refundable aid not ODA).

The donor column is read by name: a name (original or Vietnamese, accents ignored)
that belongs to exactly one foreign NGO of the register links the project to it;
a name shared by several NGOs makes the row invalid until the file says which; a
name the register does not have is kept as the donor's name without a link (aid
also comes from foreign governments' agencies, companies and individuals), and
the preview says so on that row.

A duplicate is a project with the same approval number; without a number, the
same folded title from the same donor.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.aid_rules import validate_project
from desktop.domain.text import fold
from desktop.domain.validation import format_date
from desktop.i18n import N_, _
from desktop.services.imports.base import EntitySpec
from desktop.services.spreadsheets import ColumnSpec


def extra_columns() -> tuple[ColumnSpec, ...]:
    """The donor, by name."""
    return (ColumnSpec("donor", _("Nhà tài trợ"), "ngo"),)


def _donor_key(d: dict) -> str:
    return d.get("donor_ngo_id") or fold(d.get("donor_name"))


def _number(d: dict) -> str:
    return fold(d.get("approval_number")).replace(" ", "")


def _keys(d: dict) -> list[tuple]:
    if _number(d):
        return [("approval", _number(d))]
    title = fold(d.get("title"))
    return [("title", title, _donor_key(d))] if title else []


def _stored_keys(d: dict) -> list[tuple]:
    keys = [("approval", _number(d))] if _number(d) else []
    title = fold(d.get("title"))
    return keys + ([("title", title, _donor_key(d))] if title else [])


def _finish(d: dict) -> dict:
    out = {**d, "attachments": []}
    if not out.get("status"):
        out["status"] = "approved" if isinstance(out.get("approval_date"), date) else "proposed"
    if isinstance(out.get("currency"), str):
        out["currency"] = out["currency"].strip().upper()
    return out


def _describe(d: dict) -> str:
    parts = [d.get("title") or "", d.get("donor_name") or ""]
    if d.get("approval_number"):
        parts.append(_("QĐ {number} ngày {date}").format(number=d["approval_number"],
                                                         date=format_date(d.get("approval_date"))))
    return " — ".join(p for p in parts if p)


SPEC = EntitySpec(
    entity="aid_project", required=("title", "donor"),
    defaults={"form": "project", "aid_type": "technical_assistance"},
    validate=lambda d, today: validate_project(d, today=today),
    key_fields=("title", "donor_ngo_id", "donor_name", "approval_number", "approval_date"),
    keys=_keys, stored_keys=_stored_keys, describe=_describe, finish=_finish, skip=("donor_name",),
    extra=extra_columns, error_fields={"donor_name": "donor", "donor_ngo_id": "donor"},
    title=N_("Nhập chương trình, dự án viện trợ từ Excel"),
    note=N_("Cột «Nhà tài trợ» được so với tên gốc và tên tiếng Việt của các tổ chức trong sổ Tổ chức PCP nước "
            "ngoài (không phân biệt dấu): khớp một tổ chức thì dự án được liên kết với tổ chức đó; không có "
            "trong sổ thì tên được ghi nguyên văn, không liên kết. Hãy nhập các tổ chức trước. Giải ngân "
            "nhập trong từng dự án sau khi nhập."),
    aliases={
        "title": ("Tên dự án", "Tên chương trình", "Tên khoản viện trợ", "Project", "Project title", "Title"),
        "donor": ("Nhà tài trợ", "Tổ chức tài trợ", "Bên tài trợ", "Donor", "Funded by", "Sponsor"),
        "location": ("Địa bàn", "Xã", "Xã, phường", "Địa điểm", "Commune", "Location"),
        "approval_number": ("Số quyết định", "Số QĐ", "Số QĐ phê duyệt", "Approval number", "Decision number"),
        "approval_date": ("Ngày phê duyệt", "Ngày QĐ", "Ngày quyết định", "Approval date", "Decision date"),
        "approval_authority": ("Cấp phê duyệt", "Cơ quan phê duyệt", "Approved by"),
        "value_vnd": ("Giá trị (VND)", "Giá trị (đồng)", "Giá trị quy đổi", "Value (VND)", "Value VND"),
        "value_original": ("Giá trị nguyên tệ", "Value", "Amount", "Value (original currency)"),
        "currency": ("Loại tiền", "Tiền tệ", "Currency"),
        "counterpart_vnd": ("Vốn đối ứng", "Đối ứng", "Counterpart funds", "Counterpart (VND)"),
        "managing_agency": ("Cơ quan chủ quản", "Managing agency"),
        "aid_holder": ("Chủ khoản viện trợ", "Chủ dự án", "Aid holder", "Project owner"),
        "start_date": ("Ngày bắt đầu", "Bắt đầu", "Start date", "Start"),
        "end_date": ("Ngày kết thúc", "Kết thúc", "End date", "End"),
        "form": ("Hình thức", "Form"), "aid_type": ("Loại viện trợ", "Type"), "sector": ("Lĩnh vực", "Sector"),
        "status": ("Tình trạng", "Status"),
    },
)
