"""The typed parts of a yearly report (SYNC.md's `report_text`): one record per unit, year and section.

The figures are counted from the registers every time; what the officer writes — III Đánh giá,
IV Phương hướng, V Kiến nghị — is kept here and travels to the province like any record. One record
per (unit, year, section), a UNIQUE key: ids are random where a record is made (SYNC.md), so two PCs of
one unit that both write a section send two records and the province's importer makes the second a
conflict for a person to decide. (Records made before migration 0012 have ids derived from the key;
they stay valid.)
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info


class ReportText(Synced, Base):
    """One typed section of one unit's report for one year."""

    __tablename__ = "report_text"
    __entity__ = "report_text"
    __sync_fields__ = ("year", "section", "text")
    __search_fields__ = ("text",)
    __table_args__ = (Index("ix_report_text_year", "unit_code", "year"),
                      UniqueConstraint("unit_code", "year", "section", name="uq_report_text_section"))

    year: Mapped[int] = mapped_column(Integer, info=field_info("Năm báo cáo", required=True))
    section: Mapped[str] = mapped_column(String(16), info=field_info("Phần", enum="report_section"))
    text: Mapped[str] = mapped_column(Text, default="", info=field_info("Nội dung", max_length=20000))
    search_key: Mapped[str] = mapped_column(Text, default="")
