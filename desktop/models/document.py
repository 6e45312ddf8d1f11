"""The outgoing-document register (sổ văn bản đi) and the dossier's "supplied on paper" marks."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, field_info, sort_column


class OutgoingDocument(Synced, Base):
    """A document the unit issues: a draft until signed, then numbered for good.

    The number is given when the document is signed, per issuing unit (`unit_code`)
    and year of signing, from 01; the unique constraint makes a second "05/2026" of
    the same unit impossible, whatever happens to the counter. Drafts have no number
    (NULLs never collide).
    """

    __tablename__ = "outgoing_document"
    __entity__ = "outgoing_document"
    __sync_fields__ = (
        "doc_type", "form", "summary", "signer", "status", "issued_on", "year", "number", "symbol",
        "entity", "record_id",
    )
    __search_fields__ = ("symbol", "summary", "signer")
    __table_args__ = (
        UniqueConstraint("unit_code", "year", "number", name="uq_outgoing_document_number"),
        Index("ix_outgoing_document_record", "entity", "record_id"),
        Index("ix_outgoing_document_list", "deleted", "year", "number"),
    )

    doc_type: Mapped[str] = mapped_column(String(8), info=field_info("Loại văn bản"))
    form: Mapped[str | None] = mapped_column(String(40), info=field_info("Mẫu in"))
    summary: Mapped[str] = mapped_column(Text, info=field_info("Trích yếu", required=True))
    signer: Mapped[str] = mapped_column(String(200), default="", info=field_info("Người ký"))
    status: Mapped[str] = mapped_column(String(8), default="draft", info=field_info("Trạng thái"))
    issued_on: Mapped[date | None] = mapped_column(Date, info=field_info("Ngày ban hành"))
    year: Mapped[int | None] = mapped_column(Integer, info=field_info("Năm"))
    number: Mapped[int | None] = mapped_column(Integer, info=field_info("Số"))
    symbol: Mapped[str] = mapped_column(String(60), default="", info=field_info("Số, ký hiệu"))
    entity: Mapped[str | None] = mapped_column(String(40), info=field_info("Loại hồ sơ"))
    record_id: Mapped[str | None] = mapped_column(String(36), info=field_info("Hồ sơ"))
    search_key: Mapped[str] = mapped_column(Text, default="")
    summary_sort: Mapped[bytes | None] = sort_column("summary")
    signer_sort: Mapped[bytes | None] = sort_column("signer")


class DocumentCounter(Base):
    """The last number given per issuing unit and year (local: numbering happens where documents are signed).

    Allocation updates this row first, inside the signing transaction: the UPDATE takes
    SQLite's write lock (PostgreSQL: the row lock), so two writers queue instead of
    reading the same number, and a transaction that fails gives its number back.
    """

    __tablename__ = "document_counter"

    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class DossierMark(Synced, Base):
    """An item of a delegation's dossier marked as supplied on paper (or the mark taken back)."""

    __tablename__ = "dossier_mark"
    __entity__ = "dossier_mark"
    __sync_fields__ = ("delegation_id", "item_key", "supplied", "note")

    delegation_id: Mapped[str] = mapped_column(ForeignKey("delegation.id"), index=True, info=field_info("Đoàn"))
    item_key: Mapped[str] = mapped_column(String(40), info=field_info("Thành phần hồ sơ"))
    supplied: Mapped[bool] = mapped_column(Boolean, default=True, info=field_info("Đã nộp bản giấy"))
    note: Mapped[str] = mapped_column(String(300), default="", info=field_info("Ghi chú"))
