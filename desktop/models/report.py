"""The typed parts of a yearly report (SYNC.md's `report_text`): one record per unit, year and section.

The figures are counted from the registers every time; what the officer writes — III Đánh giá,
IV Phương hướng, V Kiến nghị — is kept here and travels to the province like any record. Its id
is derived from (unit, year, section), so two PCs of one unit writing the same section meet as
versions of one record (a conflict the province resolves), never as two records.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info

REPORT_TEXT_NAMESPACE = uuid.UUID("3c0b8f5e-8a8e-4f4b-9d0e-6a1f2b7c9d41")


def report_text_id(unit_code: str, year: int, section: str) -> str:
    """The one id of a unit's section of a year's report."""
    return str(uuid.uuid5(REPORT_TEXT_NAMESPACE, f"{unit_code}:{year}:{section}"))


class ReportText(Synced, Base):
    """One typed section of one unit's report for one year."""

    __tablename__ = "report_text"
    __entity__ = "report_text"
    __sync_fields__ = ("year", "section", "text")
    __search_fields__ = ("text",)
    __table_args__ = (Index("ix_report_text_year", "unit_code", "year"),)

    year: Mapped[int] = mapped_column(Integer, info=field_info("Năm báo cáo", required=True))
    section: Mapped[str] = mapped_column(String(16), info=field_info("Phần", enum="report_section"))
    text: Mapped[str] = mapped_column(Text, default="", info=field_info("Nội dung", max_length=20000))
    search_key: Mapped[str] = mapped_column(Text, default="")
