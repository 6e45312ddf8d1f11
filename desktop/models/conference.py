"""International conferences and seminars held by the unit (Decision 06/2020/QĐ-TTg)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Boolean, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info, sort_column


class Conference(Synced, Base):
    """A conference or seminar with foreign participants or foreign funding.

    Whether Prime-Minister-level approval applies is derived by the rules from
    `ministerial_guests` and `sensitive_topics`, not stored.
    """

    __tablename__ = "conference"
    __entity__ = "conference"
    __sync_fields__ = (
        "title", "purpose", "start_date", "end_date", "place", "organiser", "mode",
        "foreign_participants", "participant_countries", "ministerial_guests", "sensitive_topics",
        "funding", "foreign_sponsor", "cost_estimate_vnd", "in_annual_plan", "status", "submitted_on",
        "decision_number", "decision_date", "decision_authority", "report_received_on", "notes",
        "attachments",
    )
    __search_fields__ = ("title", "purpose", "place", "organiser", "foreign_sponsor", "decision_number")
    __table_args__ = (Index("ix_conference_list", "deleted", "start_date"),)

    title: Mapped[str] = mapped_column(String(500), info=field_info("Tên hội nghị, hội thảo", required=True))
    purpose: Mapped[str | None] = mapped_column(Text, info=field_info("Mục đích, nội dung"))
    start_date: Mapped[date] = mapped_column(Date, info=field_info("Ngày bắt đầu", required=True))
    end_date: Mapped[date] = mapped_column(Date, info=field_info("Ngày kết thúc", required=True))
    place: Mapped[str | None] = mapped_column(String(300), info=field_info("Địa điểm"))
    organiser: Mapped[str | None] = mapped_column(String(300), info=field_info("Cơ quan tổ chức"))
    mode: Mapped[str] = mapped_column(String(8), default="offline", info=field_info("Hình thức", enum="conference_mode"))
    foreign_participants: Mapped[int | None] = mapped_column(Integer, info=field_info("Số đại biểu nước ngoài"))
    participant_countries: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Quốc gia tham dự"))
    ministerial_guests: Mapped[bool] = mapped_column(Boolean, default=False, info=field_info("Có khách cấp Bộ trưởng trở lên"))
    sensitive_topics: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Nội dung nhạy cảm", enum="sensitive_topic"))
    funding: Mapped[str | None] = mapped_column(String(16), info=field_info("Nguồn kinh phí", enum="funding"))
    foreign_sponsor: Mapped[str | None] = mapped_column(String(300), info=field_info("Nhà tài trợ nước ngoài"))
    cost_estimate_vnd: Mapped[int | None] = mapped_column(BigInteger, info=field_info("Dự toán (VND)"))
    in_annual_plan: Mapped[bool] = mapped_column(Boolean, default=False, info=field_info("Trong kế hoạch năm"))
    status: Mapped[str] = mapped_column(String(12), default="draft", info=field_info("Trạng thái", enum="status"))
    submitted_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày gửi hồ sơ"))
    decision_number: Mapped[str | None] = mapped_column(String(60), info=field_info("Số quyết định"))
    decision_date: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày quyết định"))
    decision_authority: Mapped[str | None] = mapped_column(String(200), info=field_info("Cơ quan cho phép"))
    report_received_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày gửi báo cáo kết quả"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    attachments: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Tệp đính kèm"))
    search_key: Mapped[str] = mapped_column(Text, default="")
    title_sort: Mapped[bytes | None] = sort_column("title")
    place_sort: Mapped[bytes | None] = sort_column("place")
