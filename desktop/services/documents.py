"""The outgoing-document register (sổ văn bản đi): drafts, signing with a number, lists.

Numbering (Decree 30/2020): a number is given when a document is marked signed,
per issuing unit (the document's `unit_code`) and year of the signing date, from
01, and never given again — a signed document cannot be deleted, and the counter
only moves forward. Allocation happens inside the signing transaction and its
first statement is a write on the counter row, so SQLite hands the write lock to
one signer at a time (PostgreSQL: the row lock); a transaction that fails, or a
program that dies before the commit, gives its number back. The UNIQUE
constraint on (unit_code, year, number) is the last guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from desktop.domain import access
from desktop.domain.documents import DEFAULT_UNIT_ABBREV, DOCUMENT_TYPES, document_symbol
from desktop.domain.text import nfc
from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import _, format_date
from desktop.models import SYNCED_MODELS, AppSetting, DocumentCounter, OutgoingDocument
from desktop.services.common import EVERYTHING, ListQuery, load, ordered, search_filter
from desktop.services.context import ServiceContext

UNIT_ABBREV_SETTING = "print.unit_abbrev"
FORM_CODE_MAX = 40
SORTS: dict[str, tuple[Any, ...]] = {
    "number": (OutgoingDocument.year, OutgoingDocument.number),
    "symbol": (OutgoingDocument.year, OutgoingDocument.number),
    "issued_on": (OutgoingDocument.issued_on,),
    "doc_type": (OutgoingDocument.doc_type,),
    "summary": (OutgoingDocument.summary_sort,),
    "signer": (OutgoingDocument.signer_sort,),
    "status": (OutgoingDocument.status,),
    "created_at": (OutgoingDocument.created_at,),
}


@dataclass(frozen=True)
class DocumentRow:
    """One entry of the register; `symbol` is "" and `number` None while a draft."""

    id: str
    unit_code: str
    year: int | None
    number: int | None
    symbol: str
    doc_type: str
    form: str | None
    issued_on: date | None
    summary: str
    signer: str
    entity: str | None
    record_id: str | None
    status: str  # "draft" | "signed"


class DocumentService:
    """Use cases of the outgoing-document register."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # --- one document ----------------------------------------------------------------------

    def create(self, doc_type: str, summary: str, form: str | None = None, entity: str | None = None,
               record_id: str | None = None) -> DocumentRow:
        """Enter a draft (no number yet), optionally made from `form` for a record."""
        summary = nfc(summary) or ""
        _check_new(doc_type, summary, form, entity, record_id)
        unit = self.ctx.local_unit()
        if not unit:
            raise AppError(_("Máy chưa được thiết lập: hãy chọn đơn vị trước khi vào sổ văn bản đi."))
        with self.ctx.db.session() as s:
            if entity is not None:
                load(s, SYNCED_MODELS[entity], record_id, _("hồ sơ"))
            doc = OutgoingDocument(unit_code=unit, doc_type=doc_type, summary=summary, form=form or None,
                                   entity=entity, record_id=record_id, status="draft", signer="", symbol="")
            s.add(doc)
            s.flush()
            return _row(doc)

    def get(self, document_id: str) -> DocumentRow:
        """One live document."""
        with self.ctx.db.read() as s:
            return _row(load(s, OutgoingDocument, document_id, _("văn bản")))

    def mark_signed(self, document_id: str, signed_on: date, signer: str) -> DocumentRow:
        """Record the signature and give the document its number and symbol ("05/TTr-UBND").

        The number is the next of the document's unit in the year of `signed_on`.
        Signing twice is refused; nothing is written (and no number taken) on error.
        """
        self.ctx.require(access.SIGN)
        signer = nfc(signer) or ""
        _check_signature(signed_on, signer)
        unit = self._unit_of(document_id)  # fixed at creation: safe to read before the lock
        with self.ctx.db.session() as s:
            number = allocate_number(s, unit, signed_on.year)  # first statement: takes the write lock
            doc = load(s, OutgoingDocument, document_id, _("văn bản"))
            if doc.status != "draft":
                raise _already_signed(doc)
            _stamp_signed(doc, number, signed_on, signer, _unit_abbrev(s))
            s.flush()
            return _row(doc)

    def delete(self, document_id: str) -> None:
        """Delete a draft (tombstone). A signed document stays: its number is taken for good."""
        with self.ctx.db.session() as s:
            doc = load(s, OutgoingDocument, document_id, _("văn bản"))
            if doc.status != "draft":
                raise ValidationError([FieldProblem("status", _(
                    "Văn bản số {symbol} đã ký và đã được cấp số nên không thể xóa; số đã cấp "
                    "được giữ trong sổ văn bản đi.").format(symbol=doc.symbol))])
            doc.deleted = True

    def _unit_of(self, document_id: str) -> str:
        with self.ctx.db.read() as s:
            return load(s, OutgoingDocument, document_id, _("văn bản")).unit_code

    # --- lists -------------------------------------------------------------------------------

    def _filtered(self, stmt, q: ListQuery, year: int | None):
        stmt = stmt.where(OutgoingDocument.deleted.is_(False))
        if year is not None:  # drafts belong to no year yet: they stay in view until signed
            stmt = stmt.where(or_(OutgoingDocument.year == year, OutgoingDocument.status == "draft"))
        if q.unit_code:
            stmt = stmt.where(OutgoingDocument.unit_code == q.unit_code)
        cond = search_filter(OutgoingDocument.search_key, q.search)
        return stmt if cond is None else stmt.where(cond)

    def count(self, q: ListQuery = EVERYTHING, year: int | None = None) -> int:
        """How many documents match (with `year`: that year's signed ones, and every draft)."""
        with self.ctx.db.read() as s:
            return s.scalar(self._filtered(select(func.count()).select_from(OutgoingDocument), q, year))

    def page(self, q: ListQuery = EVERYTHING, year: int | None = None) -> list[DocumentRow]:
        """One sorted page (default: by year and number)."""
        columns = SORTS.get(q.sort) or SORTS["number"]
        order = [ordered(c, q.descending) for c in columns]
        stmt = (self._filtered(select(OutgoingDocument), q, year)
                .order_by(*order, OutgoingDocument.created_at, OutgoingDocument.id)
                .offset(q.offset).limit(q.limit))
        with self.ctx.db.read() as s:
            return [_row(d) for d in s.scalars(stmt)]

    def for_record(self, entity: str, record_id: str) -> list[DocumentRow]:
        """The live documents made for one record, oldest first."""
        stmt = (select(OutgoingDocument)
                .where(OutgoingDocument.entity == entity, OutgoingDocument.record_id == record_id,
                       OutgoingDocument.deleted.is_(False))
                .order_by(OutgoingDocument.created_at, OutgoingDocument.id))
        with self.ctx.db.read() as s:
            return [_row(d) for d in s.scalars(stmt)]

    def years(self) -> list[int]:
        """Years with signed documents, newest first (for the year filter)."""
        stmt = (select(OutgoingDocument.year)
                .where(OutgoingDocument.deleted.is_(False), OutgoingDocument.year.is_not(None)).distinct())
        with self.ctx.db.read() as s:
            return sorted(s.scalars(stmt), reverse=True)


def allocate_number(session: Session, unit_code: str, year: int) -> int:
    """Take the next number of `unit_code` in `year`, in the caller's transaction.

    Must be the transaction's first statement: the upsert takes the write lock
    before anything is read. The counter also skips past any number already in
    the register (records from elsewhere, a counter lost in a restore).
    """
    session.execute(_insert(session)(DocumentCounter)
                    .values(unit_code=unit_code, year=year, last_number=0).on_conflict_do_nothing())
    taken = (select(func.coalesce(func.max(OutgoingDocument.number), 0))
             .where(OutgoingDocument.unit_code == unit_code, OutgoingDocument.year == year)
             .scalar_subquery())
    last = DocumentCounter.last_number
    stmt = (update(DocumentCounter)
            .where(DocumentCounter.unit_code == unit_code, DocumentCounter.year == year)
            .values(last_number=case((last >= taken, last), else_=taken) + 1)
            .returning(DocumentCounter.last_number))
    return session.execute(stmt).scalar_one()


def _insert(session: Session) -> Any:
    """The dialect's INSERT with ON CONFLICT (PostgreSQL's module loads only where it is used)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _stamp_signed(doc: OutgoingDocument, number: int, signed_on: date, signer: str, abbrev: str) -> None:
    doc.status, doc.signer, doc.issued_on = "signed", signer, signed_on
    doc.year, doc.number = signed_on.year, number
    doc.symbol = document_symbol(number, doc.doc_type, abbrev)


def _unit_abbrev(s: Session) -> str:
    row = s.get(AppSetting, UNIT_ABBREV_SETTING)
    return (nfc(row.value) if row else "") or DEFAULT_UNIT_ABBREV


def _check_new(doc_type: str, summary: str, form: str | None, entity: str | None, record_id: str | None) -> None:
    problems = []
    if doc_type not in DOCUMENT_TYPES:
        problems.append(FieldProblem("doc_type", _("Loại văn bản «{value}» không có trong danh mục ({known}).")
                                     .format(value=doc_type, known=", ".join(DOCUMENT_TYPES))))
    if not summary:
        problems.append(FieldProblem("summary", _("Hãy nhập trích yếu nội dung văn bản.")))
    if form is not None and len(form) > FORM_CODE_MAX:
        problems.append(FieldProblem("form", _("Mã mẫu in quá dài.")))
    if (entity is None) != (record_id is None) or (entity is not None and entity not in SYNCED_MODELS):
        problems.append(FieldProblem("record_id", _("Hồ sơ gắn với văn bản không hợp lệ.")))
    if problems:
        raise ValidationError(problems)


def _check_signature(signed_on: date, signer: str) -> None:
    problems = []
    if not isinstance(signed_on, date):
        problems.append(FieldProblem("signed_on", _("Hãy nhập ngày ký.")))
    if not signer:
        problems.append(FieldProblem("signer", _("Hãy nhập họ tên người ký.")))
    if problems:
        raise ValidationError(problems)


def _already_signed(doc: OutgoingDocument) -> ValidationError:
    return ValidationError([FieldProblem("status", _(
        "Văn bản đã được ký ngày {day} và đã có số {symbol}; không thể ký và cấp số lần nữa.")
        .format(day=format_date(doc.issued_on), symbol=doc.symbol))])


def _row(d: OutgoingDocument) -> DocumentRow:
    return DocumentRow(d.id, d.unit_code, d.year, d.number, d.symbol or "", d.doc_type, d.form, d.issued_on,
                       d.summary, d.signer or "", d.entity, d.record_id, d.status)

