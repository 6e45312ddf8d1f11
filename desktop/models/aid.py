"""Non-refundable aid not ODA: programmes, projects and non-project aid, with disbursements.

Decree 80/2020/NĐ-CP, replaced by Decree 313/2025/NĐ-CP from 08/12/2025. Which
decree applies is derived by the rules from `approval_date`, not stored.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info, sort_column


class AidProject(Synced, Base):
    """An aid programme, project or non-project aid received in the unit's area."""

    __tablename__ = "aid_project"
    __entity__ = "aid_project"
    __sync_fields__ = (
        "title", "donor_ngo_id", "donor_name", "form", "aid_type", "sector", "location",
        "currency", "value_original", "value_vnd", "counterpart_vnd", "managing_agency", "aid_holder",
        "approval_number", "approval_date", "approval_authority", "start_date", "end_date", "status",
        "notes", "attachments",
    )
    __search_fields__ = ("title", "donor_name", "location", "managing_agency", "aid_holder", "approval_number")
    __table_args__ = (Index("ix_aid_project_list", "deleted", "approval_date"),)

    title: Mapped[str] = mapped_column(String(500), info=field_info("Tên chương trình, dự án", required=True))
    donor_ngo_id: Mapped[str | None] = mapped_column(ForeignKey("foreign_ngo.id"), index=True, info=field_info("Tổ chức tài trợ"))
    donor_name: Mapped[str | None] = mapped_column(String(300), info=field_info("Tên nhà tài trợ"))
    form: Mapped[str] = mapped_column(String(12), default="project", info=field_info("Hình thức", enum="aid_form"))
    aid_type: Mapped[str] = mapped_column(String(24), default="technical_assistance", info=field_info("Loại viện trợ", enum="aid_type"))
    sector: Mapped[str | None] = mapped_column(String(24), info=field_info("Lĩnh vực", enum="ngo_sector"))
    location: Mapped[str | None] = mapped_column(String(300), info=field_info("Địa bàn (xã, phường)"))
    currency: Mapped[str | None] = mapped_column(String(3), info=field_info("Loại tiền"))
    value_original: Mapped[int | None] = mapped_column(BigInteger, info=field_info("Giá trị (nguyên tệ)"))
    value_vnd: Mapped[int | None] = mapped_column(BigInteger, info=field_info("Giá trị quy đổi (VND)"))
    counterpart_vnd: Mapped[int | None] = mapped_column(BigInteger, info=field_info("Vốn đối ứng (VND)"))
    managing_agency: Mapped[str | None] = mapped_column(String(300), info=field_info("Cơ quan chủ quản"))
    aid_holder: Mapped[str | None] = mapped_column(String(300), info=field_info("Chủ khoản viện trợ"))
    approval_number: Mapped[str | None] = mapped_column(String(60), info=field_info("Số quyết định phê duyệt"))
    approval_date: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày phê duyệt"))
    approval_authority: Mapped[str | None] = mapped_column(String(200), info=field_info("Cấp phê duyệt"))
    start_date: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày bắt đầu thực hiện"))
    end_date: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày kết thúc"))
    status: Mapped[str] = mapped_column(String(12), default="proposed", info=field_info("Tình trạng", enum="aid_status"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    attachments: Mapped[list] = mapped_column(default=list, info=field_info("Tệp đính kèm"))
    search_key: Mapped[str] = mapped_column(Text, default="")
    title_sort: Mapped[bytes | None] = sort_column("title")
    donor_name_sort: Mapped[bytes | None] = sort_column("donor_name")
    location_sort: Mapped[bytes | None] = sort_column("location")


class AidDisbursement(Synced, Base):
    """Money actually disbursed for a project in one period."""

    __tablename__ = "aid_disbursement"
    __entity__ = "aid_disbursement"
    __sync_fields__ = ("project_id", "period_start", "period_end", "amount_original", "amount_vnd", "notes")

    project_id: Mapped[str] = mapped_column(ForeignKey("aid_project.id"), index=True, info=field_info("Dự án"))
    period_start: Mapped[date] = mapped_column(Date, info=field_info("Từ ngày", required=True))
    period_end: Mapped[date | None] = mapped_column(Date, info=field_info("Đến ngày"))
    amount_original: Mapped[int | None] = mapped_column(BigInteger, info=field_info("Giải ngân (nguyên tệ)"))
    amount_vnd: Mapped[int] = mapped_column(BigInteger, default=0, info=field_info("Giải ngân (VND)", required=True))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
