"""Kinh phí đối ngoại (directive 13/CT-UBND, group 5): each unit's foreign-affairs budget for a year —
the estimate allocated, the additions for tasks that arise during the year — and the actual cost of
the delegations and conferences it paid for (a promotion activity carries its own cost).

One budget per unit and year, one actual cost per activity: UNIQUE keys, not ids derived from them.
Ids are random where a record is made (SYNC.md), so two PCs of one unit that both write the year's
budget send two records, and the province's importer turns the second into a conflict for a person
to decide (a derived id would have made the second PC's bundle refused outright, for claiming a
record another device made).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import DEFERRABLE, Base, Synced, field_info


class FaBudget(Synced, Base):
    """The foreign-affairs estimate allocated to one unit for one year."""

    __tablename__ = "fa_budget"
    __entity__ = "fa_budget"
    __sync_fields__ = ("unit_code", "year", "allocated_vnd", "decision", "notes")
    __search_fields__ = ("decision", "notes")
    __table_args__ = (UniqueConstraint("unit_code", "year", name="uq_fa_budget_year"),)

    year: Mapped[int] = mapped_column(Integer, info=field_info("Năm", required=True))
    allocated_vnd: Mapped[int] = mapped_column(BigInteger, default=0, info=field_info("Dự toán được giao (VND)"))
    decision: Mapped[str | None] = mapped_column(String(200), info=field_info("Quyết định giao dự toán"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    search_key: Mapped[str] = mapped_column(Text, default="")


class BudgetAddition(Synced, Base):
    """Money added during the year for a task that arose (bổ sung kinh phí)."""

    __tablename__ = "budget_addition"
    __entity__ = "budget_addition"
    __sync_fields__ = ("budget_id", "amount_vnd", "decided_on", "reason")
    __search_fields__ = ("reason",)

    budget_id: Mapped[str] = mapped_column(ForeignKey("fa_budget.id", **DEFERRABLE), index=True,
                                           info=field_info("Kinh phí năm"))
    amount_vnd: Mapped[int] = mapped_column(BigInteger, info=field_info("Số tiền bổ sung (VND)", required=True))
    decided_on: Mapped[date] = mapped_column(Date, info=field_info("Ngày quyết định", required=True))
    reason: Mapped[str] = mapped_column(Text, info=field_info("Nhiệm vụ phát sinh", required=True))
    search_key: Mapped[str] = mapped_column(Text, default="")


class ActualCost(Synced, Base):
    """What a delegation or a conference actually cost (its record holds only the estimate)."""

    __tablename__ = "actual_cost"
    __entity__ = "actual_cost"
    # its unit is the activity's: a district may record the cost of a commune's trip, and the report pairs
    # a cost with an activity of the same unit only (a cost sent for another unit's trip counts nowhere)
    __sync_fields__ = ("unit_code", "delegation_id", "conference_id", "amount_vnd", "notes")

    delegation_id: Mapped[str | None] = mapped_column(ForeignKey("delegation.id", **DEFERRABLE), unique=True,
                                                      info=field_info("Đoàn"))
    conference_id: Mapped[str | None] = mapped_column(ForeignKey("conference.id", **DEFERRABLE), unique=True,
                                                      info=field_info("Hội nghị"))
    amount_vnd: Mapped[int] = mapped_column(BigInteger, info=field_info("Kinh phí thực chi (VND)", required=True))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
