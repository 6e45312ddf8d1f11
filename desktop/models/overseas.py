"""Overseas Vietnamese (người Việt Nam ở nước ngoài): contacts, associations and what they do at home."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info, sort_column


class OverseasContact(Synced, Base):
    """A person of Vietnamese origin abroad, or an association of them, kept in touch with."""

    __tablename__ = "overseas_contact"
    __entity__ = "overseas_contact"
    __sync_fields__ = (
        "kind", "name", "country", "city", "hometown", "occupation", "association",
        "phone", "email", "notes",
    )
    __search_fields__ = ("name", "city", "hometown", "occupation", "association", "notes")
    __table_args__ = (Index("ix_overseas_contact_list", "deleted", "country"),)

    kind: Mapped[str] = mapped_column(String(12), default="person", info=field_info("Loại", enum="overseas_contact_kind"))
    name: Mapped[str] = mapped_column(String(300), info=field_info("Họ tên / tên hội", required=True))
    country: Mapped[str] = mapped_column(String(2), info=field_info("Quốc gia", required=True))
    city: Mapped[str | None] = mapped_column(String(200), info=field_info("Thành phố"))
    hometown: Mapped[str | None] = mapped_column(String(300), info=field_info("Quê quán"))
    occupation: Mapped[str | None] = mapped_column(String(300), info=field_info("Nghề nghiệp, lĩnh vực"))
    association: Mapped[str | None] = mapped_column(String(300), info=field_info("Hội, đoàn thể tham gia"))
    phone: Mapped[str | None] = mapped_column(String(40), info=field_info("Điện thoại"))
    email: Mapped[str | None] = mapped_column(String(200), info=field_info("Thư điện tử"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    search_key: Mapped[str] = mapped_column(Text, default="")
    name_sort: Mapped[bytes | None] = sort_column("name")
    city_sort: Mapped[bytes | None] = sort_column("city")


class OverseasActivity(Synced, Base):
    """A home visit, investment, donation, citizen-protection case or programme taken part in."""

    __tablename__ = "overseas_activity"
    __entity__ = "overseas_activity"
    __sync_fields__ = (
        "contact_id", "kind", "title", "date", "location", "value_vnd", "status", "closed_on",
        "result", "notes",
    )
    __search_fields__ = ("title", "location", "result", "notes")
    __table_args__ = (Index("ix_overseas_activity_list", "deleted", "date"),)

    contact_id: Mapped[str | None] = mapped_column(ForeignKey("overseas_contact.id"), index=True, info=field_info("Kiều bào / hội"))
    kind: Mapped[str] = mapped_column(String(20), info=field_info("Loại hoạt động", enum="overseas_activity_kind"))
    title: Mapped[str] = mapped_column(String(500), info=field_info("Nội dung", required=True))
    date: Mapped[date] = mapped_column(Date, info=field_info("Ngày", required=True))
    location: Mapped[str | None] = mapped_column(String(300), info=field_info("Địa bàn"))
    value_vnd: Mapped[int | None] = mapped_column(BigInteger, info=field_info("Giá trị (VND)"))
    status: Mapped[str] = mapped_column(String(12), default="open", info=field_info("Tình trạng", enum="follow_up_status"))
    closed_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày kết thúc"))
    result: Mapped[str | None] = mapped_column(Text, info=field_info("Kết quả"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    search_key: Mapped[str] = mapped_column(Text, default="")
    title_sort: Mapped[bytes | None] = sort_column("title")
