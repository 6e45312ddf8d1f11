"""The unit's annual foreign-affairs plan and its planned activities (Directive 38-CT/TW).

A planned activity links to the delegation, conference or promotion activity
that carried it out; a trip linked to no planned activity of its year is
"ngoài kế hoạch" (rule R7).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info


class AnnualPlan(Synced, Base):
    """One unit's plan for one calendar year."""

    __tablename__ = "annual_plan"
    __entity__ = "annual_plan"
    __sync_fields__ = ("year", "title", "status", "approval_number", "approval_date", "notes")
    __search_fields__ = ("title", "approval_number", "notes")
    __table_args__ = (Index("ix_annual_plan_year", "unit_code", "year"),)

    year: Mapped[int] = mapped_column(Integer, info=field_info("Năm", required=True))
    title: Mapped[str] = mapped_column(String(500), info=field_info("Tên kế hoạch", required=True))
    status: Mapped[str] = mapped_column(String(12), default="draft", info=field_info("Trạng thái", enum="plan_status"))
    approval_number: Mapped[str | None] = mapped_column(String(60), info=field_info("Số quyết định ban hành"))
    approval_date: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày ban hành"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    search_key: Mapped[str] = mapped_column(Text, default="")


class PlannedActivity(Synced, Base):
    """One line of the plan, and the record that carried it out once it happened."""

    __tablename__ = "planned_activity"
    __entity__ = "planned_activity"
    __sync_fields__ = (
        "plan_id", "kind", "title", "planned_from", "planned_to", "countries", "budget_vnd", "owner",
        "owner_person_id", "delegation_id", "conference_id", "promotion_id", "status", "notes",
    )
    __search_fields__ = ("title", "owner", "notes")

    plan_id: Mapped[str] = mapped_column(ForeignKey("annual_plan.id"), index=True, info=field_info("Kế hoạch"))
    kind: Mapped[str] = mapped_column(String(16), info=field_info("Loại hoạt động", enum="planned_kind"))
    title: Mapped[str] = mapped_column(String(500), info=field_info("Nội dung", required=True))
    planned_from: Mapped[date | None] = mapped_column(Date, info=field_info("Thời gian dự kiến từ"))
    planned_to: Mapped[date | None] = mapped_column(Date, info=field_info("Thời gian dự kiến đến"))
    countries: Mapped[list] = mapped_column(default=list, info=field_info("Quốc gia"))
    budget_vnd: Mapped[int | None] = mapped_column(BigInteger, info=field_info("Kinh phí dự kiến (VND)"))
    owner: Mapped[str | None] = mapped_column(String(200), info=field_info("Đơn vị, người chủ trì"))
    owner_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), info=field_info("Cán bộ chủ trì"))
    delegation_id: Mapped[str | None] = mapped_column(ForeignKey("delegation.id"), index=True, info=field_info("Đoàn đã thực hiện"))
    conference_id: Mapped[str | None] = mapped_column(ForeignKey("conference.id"), index=True, info=field_info("Hội nghị đã tổ chức"))
    promotion_id: Mapped[str | None] = mapped_column(ForeignKey("promotion_activity.id"), index=True, info=field_info("Hoạt động xúc tiến đã thực hiện"))
    status: Mapped[str] = mapped_column(String(12), default="planned", info=field_info("Tình trạng", enum="planned_status"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    search_key: Mapped[str] = mapped_column(Text, default="")
