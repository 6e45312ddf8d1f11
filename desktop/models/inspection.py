"""The province's monitoring records (SYNC.md): inspections of a unit with their recommendations,
and reminders (đôn đốc) to a unit.

Directive 13/CT-UBND (group 7) gives the provincial department the duty to monitor, inspect and urge
the units. These records are made at the province and travel to the unit concerned in its acks; the
unit answers in `done_on` and `result` (`__answer_fields__`) and in nothing else. A recommendation
is a child of its inspection and stands under the inspected unit (its `unit_code` is the
inspection's), so the ack to that unit carries it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import DEFERRABLE, Base, Synced, field_info


class Inspection(Synced, Base):
    """A thanh tra or kiểm tra of one unit's foreign-affairs work."""

    __tablename__ = "inspection"
    __entity__ = "inspection"
    __sync_fields__ = ("unit_code", "start_date", "end_date", "team", "scope", "findings", "decision_number")
    __search_fields__ = ("team", "scope", "findings", "decision_number")
    __province_only__ = True
    __table_args__ = (Index("ix_inspection_list", "deleted", "start_date"),)

    start_date: Mapped[date] = mapped_column(Date, info=field_info("Từ ngày", required=True))
    end_date: Mapped[date | None] = mapped_column(Date, info=field_info("Đến ngày"))
    team: Mapped[str] = mapped_column(String(500), info=field_info("Đoàn thanh tra, kiểm tra", required=True))
    scope: Mapped[str] = mapped_column(Text, info=field_info("Nội dung, phạm vi", required=True))
    findings: Mapped[str | None] = mapped_column(Text, info=field_info("Kết luận", max_length=20000))
    decision_number: Mapped[str | None] = mapped_column(String(60), info=field_info("Số quyết định, kết luận"))
    search_key: Mapped[str] = mapped_column(Text, default="")


class InspectionRecommendation(Synced, Base):
    """One thing the inspected unit must put right, by a day."""

    __tablename__ = "inspection_recommendation"
    __entity__ = "inspection_recommendation"
    __sync_fields__ = ("inspection_id", "content", "due_date", "status", "result", "done_on")
    __search_fields__ = ("content", "result")
    __answer_fields__ = ("done_on", "result")
    __province_only__ = True
    __table_args__ = (Index("ix_inspection_recommendation_due", "deleted", "status", "due_date"),)

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id", **DEFERRABLE), index=True,
                                               info=field_info("Đợt thanh tra, kiểm tra"))
    content: Mapped[str] = mapped_column(Text, info=field_info("Kiến nghị", required=True))
    due_date: Mapped[date] = mapped_column(Date, info=field_info("Hạn thực hiện", required=True))
    status: Mapped[str] = mapped_column(String(12), default="open",
                                        info=field_info("Tình trạng", enum="recommendation_status"))
    result: Mapped[str | None] = mapped_column(Text, info=field_info("Kết quả thực hiện"))
    done_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày thực hiện xong"))
    search_key: Mapped[str] = mapped_column(Text, default="")


class Reminder(Synced, Base):
    """A written reminder (đôn đốc) from the province to one unit."""

    __tablename__ = "reminder"
    __entity__ = "reminder"
    __sync_fields__ = ("unit_code", "subject", "body", "indicator", "sent_on", "done_on", "result")
    __search_fields__ = ("subject", "body", "result")
    __answer_fields__ = ("done_on", "result")
    __province_only__ = True
    __table_args__ = (Index("ix_reminder_list", "deleted", "sent_on"),)

    subject: Mapped[str] = mapped_column(String(300), info=field_info("Trích yếu", required=True))
    body: Mapped[str] = mapped_column(Text, info=field_info("Nội dung đôn đốc", required=True))
    indicator: Mapped[str | None] = mapped_column(String(8), info=field_info("Chỉ tiêu (quy tắc)"))
    sent_on: Mapped[date] = mapped_column(Date, info=field_info("Ngày gửi", required=True))
    done_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày đơn vị thực hiện xong"))
    result: Mapped[str | None] = mapped_column(Text, info=field_info("Kết quả đơn vị báo cáo"))
    search_key: Mapped[str] = mapped_column(Text, default="")
