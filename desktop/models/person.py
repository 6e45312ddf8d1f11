"""Persons (officers) with their discipline records and training."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info, sort_column


class Person(Synced, Base):
    __tablename__ = "person"
    __entity__ = "person"
    __sync_fields__ = (
        "full_name", "gender", "birth_date", "position", "unit_code", "grade", "phone",
        "email", "passport_number", "passport_expiry", "is_key_leader", "is_fa_officer",
    )
    __search_fields__ = ("full_name", "position", "email", "phone", "passport_number")

    full_name: Mapped[str] = mapped_column(String(200), info=field_info("Họ và tên", required=True))
    gender: Mapped[str | None] = mapped_column(String(8), info=field_info("Giới tính", enum="gender"))
    birth_date: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày sinh"))
    position: Mapped[str | None] = mapped_column(String(200), info=field_info("Chức vụ"))
    grade: Mapped[str | None] = mapped_column(String(100), info=field_info("Ngạch công chức"))
    phone: Mapped[str | None] = mapped_column(String(40), info=field_info("Điện thoại"))
    email: Mapped[str | None] = mapped_column(String(200), info=field_info("Thư điện tử"))
    passport_number: Mapped[str | None] = mapped_column(String(20), info=field_info("Số hộ chiếu"))
    passport_expiry: Mapped[date | None] = mapped_column(Date, info=field_info("Hộ chiếu hết hạn"))
    is_key_leader: Mapped[bool] = mapped_column(Boolean, default=False, info=field_info("Lãnh đạo chủ chốt"))
    is_fa_officer: Mapped[bool] = mapped_column(Boolean, default=False, info=field_info("Cán bộ làm công tác đối ngoại"))
    search_key: Mapped[str] = mapped_column(Text, default="", index=False)
    full_name_sort: Mapped[bytes | None] = sort_column("full_name")
    position_sort: Mapped[bytes | None] = sort_column("position")


class DisciplineRecord(Synced, Base):
    __tablename__ = "discipline_record"
    __entity__ = "discipline_record"
    __sync_fields__ = (
        "person_id", "form", "decision_number", "decision_date", "effective_from", "effective_until",
    )

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True, info=field_info("Cán bộ"))
    form: Mapped[str] = mapped_column(String(24), info=field_info("Hình thức kỷ luật", enum="discipline_form"))
    decision_number: Mapped[str | None] = mapped_column(String(60), info=field_info("Số quyết định"))
    decision_date: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày quyết định"))
    effective_from: Mapped[date] = mapped_column(Date, info=field_info("Hiệu lực từ", required=True))
    effective_until: Mapped[date | None] = mapped_column(Date, info=field_info("Hiệu lực đến"))


class TrainingRecord(Synced, Base):
    """A training course an officer attended (DOMAIN.md: person, training courses)."""

    __tablename__ = "training_record"
    __entity__ = "training_record"
    __sync_fields__ = ("person_id", "course", "organiser", "start_date", "end_date")

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True, info=field_info("Cán bộ"))
    course: Mapped[str] = mapped_column(String(300), info=field_info("Khóa bồi dưỡng", required=True))
    organiser: Mapped[str | None] = mapped_column(String(300), info=field_info("Đơn vị tổ chức"))
    start_date: Mapped[date | None] = mapped_column(Date, info=field_info("Từ ngày"))
    end_date: Mapped[date | None] = mapped_column(Date, info=field_info("Đến ngày"))
