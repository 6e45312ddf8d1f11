"""Promotion activities (xúc tiến, quảng bá) and the follow-up actions that keep their results alive."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info, sort_column


class PromotionActivity(Synced, Base):
    """An investment, trade, tourism or culture promotion event, at home or abroad."""

    __tablename__ = "promotion_activity"
    __entity__ = "promotion_activity"
    __sync_fields__ = (
        "kind", "title", "start_date", "end_date", "place", "abroad", "countries", "partners",
        "participants", "cost_vnd", "outcomes", "mou_count", "lead_count", "delegation_id",
        "in_annual_plan", "notes", "attachments",
    )
    __search_fields__ = ("title", "place", "partners", "outcomes", "notes")
    __table_args__ = (Index("ix_promotion_activity_list", "deleted", "start_date"),)

    kind: Mapped[str] = mapped_column(String(12), info=field_info("Loại hoạt động", enum="promotion_kind"))
    title: Mapped[str] = mapped_column(String(500), info=field_info("Tên hoạt động", required=True))
    start_date: Mapped[date] = mapped_column(Date, info=field_info("Từ ngày", required=True))
    end_date: Mapped[date | None] = mapped_column(Date, info=field_info("Đến ngày"))
    place: Mapped[str | None] = mapped_column(String(300), info=field_info("Địa điểm"))
    abroad: Mapped[bool] = mapped_column(Boolean, default=False, info=field_info("Tổ chức ở nước ngoài"))
    countries: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Quốc gia đối tác"))
    partners: Mapped[str | None] = mapped_column(Text, info=field_info("Đối tác"))
    participants: Mapped[str | None] = mapped_column(Text, info=field_info("Thành phần tham gia"))
    cost_vnd: Mapped[int | None] = mapped_column(BigInteger, info=field_info("Kinh phí (VND)"))
    outcomes: Mapped[str | None] = mapped_column(Text, info=field_info("Kết quả"))
    mou_count: Mapped[int | None] = mapped_column(Integer, info=field_info("Số biên bản ghi nhớ (MoU)"))
    lead_count: Mapped[int | None] = mapped_column(Integer, info=field_info("Số đối tác tiềm năng"))
    delegation_id: Mapped[str | None] = mapped_column(ForeignKey("delegation.id"), index=True, info=field_info("Đoàn liên quan"))
    in_annual_plan: Mapped[bool] = mapped_column(Boolean, default=False, info=field_info("Trong kế hoạch năm"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    attachments: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Tệp đính kèm"))
    search_key: Mapped[str] = mapped_column(Text, default="")
    title_sort: Mapped[bytes | None] = sort_column("title")
    place_sort: Mapped[bytes | None] = sort_column("place")


class FollowUpAction(Synced, Base):
    """What must happen after the event (samples sent, buyers called back, MoUs signed)."""

    __tablename__ = "follow_up_action"
    __entity__ = "follow_up_action"
    __sync_fields__ = ("activity_id", "action", "owner", "owner_person_id", "due_date", "status", "result", "done_on")
    __table_args__ = (Index("ix_follow_up_action_due", "deleted", "status", "due_date"),)

    activity_id: Mapped[str] = mapped_column(ForeignKey("promotion_activity.id"), index=True, info=field_info("Hoạt động"))
    action: Mapped[str] = mapped_column(Text, info=field_info("Việc cần làm", required=True))
    owner: Mapped[str | None] = mapped_column(String(200), info=field_info("Người phụ trách"))
    owner_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), info=field_info("Cán bộ phụ trách"))
    due_date: Mapped[date | None] = mapped_column(Date, info=field_info("Hạn"))
    status: Mapped[str] = mapped_column(String(12), default="open", info=field_info("Tình trạng", enum="follow_up_status"))
    result: Mapped[str | None] = mapped_column(Text, info=field_info("Kết quả"))
    done_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày hoàn thành"))
