"""Delegations, outbound (đoàn ra) and inbound (đoàn vào), with their members."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info, sort_column


class Delegation(Synced, Base):
    __tablename__ = "delegation"
    __entity__ = "delegation"
    __sync_fields__ = (
        "direction", "kind", "title", "purpose", "countries", "partner", "start_date", "end_date",
        "funding", "cost_estimate_vnd", "in_annual_plan", "status", "submitted_on",
        "decision_number", "decision_date", "decision_authority", "report_received_on",
        "override_reason", "notes", "attachments",
    )
    __search_fields__ = ("title", "purpose", "partner", "decision_number", "notes")
    __table_args__ = (
        Index("ix_delegation_list", "direction", "deleted", "start_date"),
        Index("ix_delegation_end", "end_date"),
        # the diacritic-free search scans this narrow index instead of the whole table
        Index("ix_delegation_search", "direction", "deleted", "search_key"),
        # Tổng quan: a unit's upcoming trips and its trips back without a report (migration 0004)
        Index("ix_delegation_unit_start", "unit_code", "deleted", "start_date"),
        Index("ix_delegation_unit_end", "unit_code", "end_date"),
    )

    direction: Mapped[str] = mapped_column(String(10), info=field_info("Loại đoàn", enum="direction"))
    kind: Mapped[str] = mapped_column(String(20), info=field_info("Hình thức", enum="kind"))
    title: Mapped[str] = mapped_column(String(500), info=field_info("Tên đoàn", required=True))
    purpose: Mapped[str | None] = mapped_column(Text, info=field_info("Mục đích"))
    countries: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Quốc gia"))
    partner: Mapped[str | None] = mapped_column(String(500), info=field_info("Đối tác / cơ quan mời"))
    start_date: Mapped[date] = mapped_column(Date, info=field_info("Ngày đi / đến", required=True))
    end_date: Mapped[date] = mapped_column(Date, info=field_info("Ngày về / rời", required=True))
    funding: Mapped[str | None] = mapped_column(String(16), info=field_info("Nguồn kinh phí", enum="funding"))
    cost_estimate_vnd: Mapped[int | None] = mapped_column(BigInteger, info=field_info("Dự toán (VND)"))
    in_annual_plan: Mapped[bool] = mapped_column(Boolean, default=False, info=field_info("Trong kế hoạch năm"))
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True, info=field_info("Trạng thái", enum="status"))
    submitted_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày gửi hồ sơ"))
    decision_number: Mapped[str | None] = mapped_column(String(60), info=field_info("Số quyết định"))
    decision_date: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày quyết định"))
    decision_authority: Mapped[str | None] = mapped_column(String(200), info=field_info("Cơ quan quyết định"))
    report_received_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày nhận báo cáo"))
    override_reason: Mapped[str | None] = mapped_column(Text, info=field_info("Lý do vượt chặn"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    attachments: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Tệp đính kèm"))
    search_key: Mapped[str] = mapped_column(Text, default="")
    title_sort: Mapped[bytes | None] = sort_column("title")
    partner_sort: Mapped[bytes | None] = sort_column("partner")


class DelegationMember(Synced, Base):
    __tablename__ = "delegation_member"
    __entity__ = "delegation_member"
    __sync_fields__ = (
        "delegation_id", "role", "person_id", "guest_name", "guest_title",
        "guest_organisation", "guest_nationality", "guest_passport",
    )
    __search_fields__ = ("guest_name", "guest_organisation")

    delegation_id: Mapped[str] = mapped_column(ForeignKey("delegation.id"), index=True, info=field_info("Đoàn"))
    role: Mapped[str] = mapped_column(String(16), default="member", info=field_info("Vai trò", enum="role"))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True, info=field_info("Cán bộ"))
    guest_name: Mapped[str | None] = mapped_column(String(200), info=field_info("Họ tên khách"))
    guest_title: Mapped[str | None] = mapped_column(String(200), info=field_info("Chức danh"))
    guest_organisation: Mapped[str | None] = mapped_column(String(300), info=field_info("Cơ quan"))
    guest_nationality: Mapped[str | None] = mapped_column(String(2), info=field_info("Quốc tịch"))
    guest_passport: Mapped[str | None] = mapped_column(String(20), info=field_info("Số hộ chiếu"))
