"""Quan hệ với địa phương nước ngoài và thỏa thuận quốc tế: the unit's partners abroad and the agreements
signed with them (Law on International Agreements 2020, Luật Thỏa thuận quốc tế số 70/2020/QH14).

One record is one agreement (or, for a relation without a signed text yet, the relation being
negotiated) with one foreign partner — a locality (a city, a province, a prefecture) or an
organisation — and the activities carried out under it: the delegations, conferences and promotion
activities of the registers, by their ids.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info, sort_column


class InternationalAgreement(Synced, Base):
    """A relation with a foreign locality or organisation, and the agreement that carries it."""

    __tablename__ = "international_agreement"
    __entity__ = "international_agreement"
    __sync_fields__ = ("partner", "partner_kind", "country", "kind", "title", "signed_on", "valid_until",
                       "signing_authority", "status", "delegation_ids", "conference_ids", "promotion_ids", "notes")
    __search_fields__ = ("partner", "title", "signing_authority", "notes")
    __table_args__ = (Index("ix_international_agreement_list", "deleted", "signed_on"),)

    partner: Mapped[str] = mapped_column(String(300), info=field_info("Đối tác nước ngoài", required=True))
    partner_kind: Mapped[str] = mapped_column(String(12), default="locality",
                                              info=field_info("Loại đối tác", enum="partner_kind"))
    country: Mapped[str] = mapped_column(String(2), info=field_info("Quốc gia", required=True))
    kind: Mapped[str] = mapped_column(String(12), info=field_info("Loại thỏa thuận", enum="agreement_kind"))
    title: Mapped[str] = mapped_column(String(500), info=field_info("Tên văn bản", required=True))
    signed_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày ký"))
    valid_until: Mapped[date | None] = mapped_column(Date, info=field_info("Hiệu lực đến"))
    signing_authority: Mapped[str | None] = mapped_column(String(300), info=field_info("Cơ quan, người ký"))
    status: Mapped[str] = mapped_column(String(12), default="in_force",
                                        info=field_info("Tình trạng", enum="agreement_status"))
    delegation_ids: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Đoàn thực hiện"))
    conference_ids: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Hội nghị, hội thảo"))
    promotion_ids: Mapped[list] = mapped_column(JSON, default=list, info=field_info("Hoạt động xúc tiến"))
    notes: Mapped[str | None] = mapped_column(Text, info=field_info("Ghi chú"))
    search_key: Mapped[str] = mapped_column(Text, default="")
    partner_sort: Mapped[bytes | None] = sort_column("partner")
