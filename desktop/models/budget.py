"""Kinh phí đối ngoại (directive 13/CT-UBND, group 5): each unit's foreign-affairs budget for a year —
the estimate allocated, the additions for tasks that arise during the year — and the actual cost of
the delegations and conferences it paid for (a promotion activity carries its own cost).

A year's budget has its id derived from (unit, year), and an actual cost from the activity it is
the cost of, so two PCs of one unit writing the same one meet as versions of one record (a
conflict the province resolves), never as two.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import DEFERRABLE, Base, Synced, field_info

BUDGET_NAMESPACE = uuid.UUID("7d1f4a52-3b8e-4c61-9f0a-2e5b8c7d6a13")


def budget_id(unit_code: str, year: int) -> str:
    """The one id of a unit's budget of a year."""
    return str(uuid.uuid5(BUDGET_NAMESPACE, f"budget:{unit_code}:{year}"))


def actual_cost_id(entity: str, record_id: str) -> str:
    """The one id of the actual cost of a delegation or a conference."""
    return str(uuid.uuid5(BUDGET_NAMESPACE, f"cost:{entity}:{record_id}"))


class FaBudget(Synced, Base):
    """The foreign-affairs estimate allocated to one unit for one year."""

    __tablename__ = "fa_budget"
    __entity__ = "fa_budget"
    __sync_fields__ = ("unit_code", "year", "allocated_vnd", "decision", "notes")
    __search_fields__ = ("decision", "notes")
    __table_args__ = (Index("ix_fa_budget_year", "unit_code", "year"),)

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
    __sync_fields__ = ("delegation_id", "conference_id", "amount_vnd", "notes")
    __table_args__ = (Index("ix_actual_cost_delegation", "delegation_id"),
                      Index("ix_actual_cost_conference", "conference_id"))

    delegation_id: Mapped[str | None] = mapped_column(ForeignKey("delegation.id", **DEFERRABLE), info=field_info("Đoàn"))
    conference_id: Mapped[str | None] = mapped_column(ForeignKey("conference.id", **DEFERRABLE),
                                                      info=field_info("Hội nghị"))
    amount_vnd: Mapped[int] = mapped_column(BigInteger, info=field_info("Kinh phí thực chi (VND)", required=True))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
