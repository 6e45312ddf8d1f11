"""Organisational units: data, not code (DOMAIN.md)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info


class Unit(Synced, Base):
    __tablename__ = "unit"
    __entity__ = "unit"
    __sync_fields__ = ("code", "name", "level", "parent_code", "valid_from", "valid_to")
    __search_fields__ = ("code", "name")

    code: Mapped[str] = mapped_column(String(32), unique=True, info=field_info("Mã đơn vị"))
    name: Mapped[str] = mapped_column(String(200), info=field_info("Tên đơn vị"))
    level: Mapped[str] = mapped_column(String(16), info=field_info("Cấp", enum="unit_level"))
    parent_code: Mapped[str | None] = mapped_column(String(32), info=field_info("Đơn vị cấp trên"))
    valid_from: Mapped[date | None] = mapped_column(Date, info=field_info("Hiệu lực từ"))
    valid_to: Mapped[date | None] = mapped_column(Date, info=field_info("Hiệu lực đến"))
