"""Foreign non-governmental organisations working in the area (Decree 58/2022/NĐ-CP)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info, sort_column


class ForeignNgo(Synced, Base):
    """A foreign NGO: who it is, what it does and where."""

    __tablename__ = "foreign_ngo"
    __entity__ = "foreign_ngo"
    __sync_fields__ = (
        "name_original", "name_vi", "country", "sectors", "areas", "vn_counterpart", "address",
        "phone", "email", "notes", "attachments",
    )
    __search_fields__ = ("name_original", "name_vi", "vn_counterpart", "address", "email")

    name_original: Mapped[str] = mapped_column(String(300), info=field_info("Tên gốc", required=True))
    name_vi: Mapped[str | None] = mapped_column(String(300), info=field_info("Tên tiếng Việt"))
    country: Mapped[str | None] = mapped_column(String(2), info=field_info("Quốc gia"))
    sectors: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Lĩnh vực hoạt động", enum="ngo_sector"))
    areas: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Địa bàn hoạt động"))
    vn_counterpart: Mapped[str | None] = mapped_column(String(300), info=field_info("Đối tác Việt Nam"))
    address: Mapped[str | None] = mapped_column(String(300), info=field_info("Địa chỉ"))
    phone: Mapped[str | None] = mapped_column(String(40), info=field_info("Điện thoại"))
    email: Mapped[str | None] = mapped_column(String(200), info=field_info("Thư điện tử"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    attachments: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Tệp đính kèm"))
    search_key: Mapped[str] = mapped_column(Text, default="")
    name_sort: Mapped[bytes | None] = sort_column("name_vi", "name_original")


class NgoCertificate(Synced, Base):
    """A registration certificate: activity registration (≤ 3 years) or representative office (≤ 5)."""

    __tablename__ = "ngo_certificate"
    __entity__ = "ngo_certificate"
    __sync_fields__ = ("ngo_id", "kind", "number", "issued_on", "expires_on", "issuer", "plan_notified_on")

    ngo_id: Mapped[str] = mapped_column(ForeignKey("foreign_ngo.id"), index=True, info=field_info("Tổ chức"))
    kind: Mapped[str] = mapped_column(String(24), info=field_info("Loại giấy", enum="ngo_certificate_kind"))
    number: Mapped[str] = mapped_column(String(60), info=field_info("Số giấy", required=True))
    issued_on: Mapped[date] = mapped_column(Date, info=field_info("Ngày cấp", required=True))
    expires_on: Mapped[date] = mapped_column(Date, index=True, info=field_info("Ngày hết hạn", required=True))
    issuer: Mapped[str | None] = mapped_column(String(200), info=field_info("Cơ quan cấp"))
    plan_notified_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày thông báo kế hoạch hoạt động"))


class NgoContact(Synced, Base):
    """A person to call at the NGO."""

    __tablename__ = "ngo_contact"
    __entity__ = "ngo_contact"
    __sync_fields__ = ("ngo_id", "full_name", "title", "nationality", "phone", "email")

    ngo_id: Mapped[str] = mapped_column(ForeignKey("foreign_ngo.id"), index=True, info=field_info("Tổ chức"))
    full_name: Mapped[str] = mapped_column(String(200), info=field_info("Họ tên", required=True))
    title: Mapped[str | None] = mapped_column(String(200), info=field_info("Chức danh"))
    nationality: Mapped[str | None] = mapped_column(String(2), info=field_info("Quốc tịch"))
    phone: Mapped[str | None] = mapped_column(String(40), info=field_info("Điện thoại"))
    email: Mapped[str | None] = mapped_column(String(200), info=field_info("Thư điện tử"))


class NgoReport(Synced, Base):
    """An annual report received, by reporting year (15/12 of the year before to 14/12)."""

    __tablename__ = "ngo_report"
    __entity__ = "ngo_report"
    __sync_fields__ = ("ngo_id", "reporting_year", "received_on", "notes")

    ngo_id: Mapped[str] = mapped_column(ForeignKey("foreign_ngo.id"), index=True, info=field_info("Tổ chức"))
    reporting_year: Mapped[int] = mapped_column(Integer, info=field_info("Năm báo cáo", required=True))
    received_on: Mapped[date] = mapped_column(Date, info=field_info("Ngày nhận", required=True))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
