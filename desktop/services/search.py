"""Search everywhere (Ctrl+K): one box over every register, diacritics and đ ignored, ranked.

Each register keeps a folded `search_key`; a query's words must all occur in it.
Ranking happens in SQL per register (the key starting with the query first, then a
word starting with it, then anywhere; newer records first), so a register with
100,000 rows still returns its best few without loading the rest.

On SQLite the words of three letters or more are first looked up in a trigram
index of the keys (desktop/storage/search_index.py): a register is then read
only at the records that contain them. A word found in thousands of records of a
register is cheaper to check by reading that register once (and so is every
query on PostgreSQL, or where the index is unavailable): same hits either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, case, literal, or_, select, text
from sqlalchemy.exc import DBAPIError

from desktop.domain.text import fold
from desktop.domain.validation import ENUM_LABELS, enum_label
from desktop.i18n import N_, _, country_name, format_date
from desktop.models import (
    AidProject,
    AnnualPlan,
    Conference,
    Delegation,
    FaBudget,
    ForeignNgo,
    Inspection,
    InternationalAgreement,
    OutgoingDocument,
    OverseasActivity,
    OverseasContact,
    Person,
    PlannedActivity,
    PromotionActivity,
    Reminder,
)
from desktop.services.common import search_filter
from desktop.services.context import ServiceContext
from desktop.storage import search_index

PER_REGISTER = 25
# Looking records up one by one from the index costs about ten times reading one in a
# straight pass: above a tenth of a register (and at least INDEX_CAP), the pass is cheaper
INDEX_SHARE = 10
INDEX_CAP = 200
WORD_STARTS = (" ", "'", "-", "(")  # "hen" starts a word in "h'hen niê", "do" in "gyeongsangbuk-do"


@dataclass(frozen=True)
class SearchHit:
    """One result: which register, which record, what to show."""

    entity: str
    record_id: str
    register: str
    title: str
    detail: str
    rank: int
    when: date | None


@dataclass(frozen=True)
class Register:
    """How one register is searched and shown."""

    entity: str
    label: str
    model: Any
    title: Callable[[Any], str]
    detail: Callable[[Any], str]
    when: Any  # the column that orders equal ranks, newest first


def _delegation_detail(d: Delegation) -> str:
    kind = _(ENUM_LABELS["direction"].get(d.direction, d.direction))
    return f"{kind} · {format_date(d.start_date)}–{format_date(d.end_date)}"


REGISTERS = (
    Register("delegation", N_("Đoàn"), Delegation, lambda d: d.title, _delegation_detail, Delegation.start_date),
    Register("person", N_("Cán bộ"), Person, lambda p: p.full_name,
             lambda p: p.position or "", Person.birth_date),
    Register("conference", N_("Hội nghị, hội thảo"), Conference, lambda c: c.title,
             lambda c: f"{c.place or ''} · {format_date(c.start_date)}", Conference.start_date),
    Register("foreign_ngo", N_("Tổ chức phi chính phủ"), ForeignNgo, lambda n: n.name_vi or n.name_original,
             lambda n: n.name_original if n.name_vi else "", ForeignNgo.updated_at),
    Register("promotion_activity", N_("Xúc tiến, quảng bá"), PromotionActivity, lambda a: a.title,
             lambda a: f"{a.place or ''} · {format_date(a.start_date)}", PromotionActivity.start_date),
    Register("aid_project", N_("Viện trợ"), AidProject, lambda a: a.title,
             lambda a: " · ".join(x for x in (a.donor_name, a.location, format_date(a.approval_date)) if x),
             AidProject.approval_date),
    Register("overseas_contact", N_("Người Việt Nam ở nước ngoài"), OverseasContact, lambda c: c.name,
             lambda c: " · ".join(x for x in (country_name(c.country) if c.country else "", c.city) if x),
             OverseasContact.updated_at),
    Register("overseas_activity", N_("Hoạt động của kiều bào"), OverseasActivity, lambda a: a.title,
             lambda a: f"{_(ENUM_LABELS['overseas_activity_kind'].get(a.kind, a.kind))} · {format_date(a.date)}",
             OverseasActivity.date),
    Register("annual_plan", N_("Kế hoạch năm"), AnnualPlan, lambda p: p.title,
             lambda p: f"{p.year} · {enum_label('plan_status', p.status)}", AnnualPlan.updated_at),
    Register("planned_activity", N_("Hoạt động trong kế hoạch"), PlannedActivity, lambda a: a.title,
             lambda a: " · ".join(x for x in (enum_label("planned_kind", a.kind),
                                              format_date(a.planned_from)) if x), PlannedActivity.planned_from),
    Register("inspection", N_("Thanh tra, kiểm tra"), Inspection, lambda i: i.scope,
             lambda i: " · ".join(x for x in (i.unit_code, i.decision_number, format_date(i.start_date)) if x),
             Inspection.start_date),
    Register("international_agreement", N_("Thỏa thuận quốc tế"), InternationalAgreement, lambda a: a.partner,
             lambda a: " · ".join(x for x in (a.title, format_date(a.signed_on)) if x), InternationalAgreement.signed_on),
    Register("fa_budget", N_("Kinh phí đối ngoại"), FaBudget, lambda b: _("Kinh phí đối ngoại năm {year}").format(
        year=b.year), lambda b: " · ".join(x for x in (b.unit_code, b.decision) if x), FaBudget.updated_at),
    Register("reminder", N_("Đôn đốc"), Reminder, lambda r: r.subject,
             lambda r: f"{r.unit_code} · {format_date(r.sent_on)}", Reminder.sent_on),
    Register("outgoing_document", N_("Văn bản đi"), OutgoingDocument,
             lambda o: o.summary, lambda o: o.symbol or _("(dự thảo)"), OutgoingDocument.issued_on),
)


class SearchService:
    """The global search over every register."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        self._ranges: dict[str, tuple[int, int]] | None = None  # index rows per register, once known

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """The best `limit` hits across registers for `text` (empty for an empty query)."""
        query = fold(text)
        if not query:
            return []
        ranges = self.index_ranges()
        hits: list[SearchHit] = []
        with self.ctx.db.read() as s:
            for register in REGISTERS:
                hits.extend(_hits(s, register, query, ranges.get(register.entity)))
        hits.sort(key=lambda h: _order(h, query))
        return hits[:limit]

    def index_ranges(self) -> dict[str, tuple[int, int]]:
        """The trigram index's row numbers of each register ({} where there is no index).

        Checked once per service: a register not (or no longer) kept by its triggers is
        indexed now, so registers added after the migration are searched the same way.
        """
        if self._ranges is None:
            self._ranges = self._ensure_index()
        return self._ranges

    def _ensure_index(self) -> dict[str, tuple[int, int]]:
        tables = {r.entity: r.model.__tablename__ for r in REGISTERS}
        orders = {r.entity: r.when.property.columns[0].name for r in REGISTERS}
        engine = self.ctx.db.engine
        try:
            with engine.connect() as conn:
                if not search_index.supported(conn):
                    return {}
                stale = search_index.missing(conn, tables, orders)
            if stale:
                with engine.begin() as conn:
                    search_index.install(conn, tables, orders)
            with engine.connect() as conn:
                ranges = {e: search_index.row_range(conn, e) for e in tables}
        except DBAPIError:  # a read-only or locked file: LIKE still finds everything
            return {}
        return {e: r for e, r in ranges.items() if r is not None}


def _order(hit: SearchHit, query: str) -> tuple:
    """Rank from SQL, then how early the query stands in the title, then newest first."""
    title = fold(hit.title)
    where = title.find(query)
    return (hit.rank, where if where >= 0 else len(title) + 1,
            -(hit.when.toordinal() if hit.when else 0), title)


def _hits(s: Any, register: Register, query: str, rows: tuple[int, int] | None) -> list[SearchHit]:
    model = register.model
    key = model.search_key
    rank = case(
        (key.startswith(query, autoescape=True), literal(0)),
        (or_(*[key.contains(mark + query, autoescape=True) for mark in WORD_STARTS]), literal(1)),
        else_=literal(2),
    )
    # IS NOT TRUE rather than = FALSE: SQLite would otherwise walk a list index in date order
    # and fetch every row from it, 3–4× slower than reading the table straight through
    where = [model.deleted.is_not(True)]
    words = query.split()
    found = _indexed(s, rows, words) if rows is not None else None
    if found is None:
        where.append(search_filter(key, query))
    else:
        if not found:
            return []
        # every word is checked on the rows found too: the index only narrows, a row it
        # wrongly kept (say, written while its triggers were missing) is not a hit
        where += [model.id.in_(found), search_filter(key, query)]
    stmt = (
        select(model.id, rank)
        .where(*where)
        .order_by(rank, register.when.desc(), model.id)
        .limit(PER_REGISTER)
    )
    ranked = s.execute(stmt).all()
    if not ranked:
        return []
    # the best few are loaded whole only now: sorting whole records costs more than the ranking
    records = {o.id: o for o in s.scalars(select(model).where(model.id.in_([r_id for r_id, _r in ranked])))}
    return [_hit(register, records[r_id], r) for r_id, r in ranked]


_MATCHES = text(f"SELECT rowid FROM {search_index.INDEX} WHERE {search_index.INDEX} MATCH :match "
                "AND rowid BETWEEN :lo AND :hi LIMIT :cap")
_SIZE = text(f"SELECT coalesce(max(rowid), :lo) - :lo FROM {search_index.DOCS} WHERE rowid BETWEEN :lo AND :hi")
_RECORDS = text(f"SELECT record_id FROM {search_index.DOCS} WHERE rowid IN :rows").bindparams(
    bindparam("rows", expanding=True))


def _indexed(s: Any, rows: tuple[int, int], words: list[str]) -> list[str] | None:
    """Ids of the register's records holding every long word (None: not worth the index)."""
    match = search_index.match_expression(words)
    if match is None:
        return None
    lo, hi = rows
    cap = max(INDEX_CAP, s.execute(_SIZE, {"lo": lo, "hi": hi}).scalar() // INDEX_SHARE)
    found = s.execute(_MATCHES, {"match": match, "lo": lo, "hi": hi, "cap": cap + 1}).scalars().all()
    if len(found) > cap:
        return None
    return list(s.execute(_RECORDS, {"rows": found}).scalars()) if found else []


def _hit(register: Register, obj: Any, rank: int) -> SearchHit:
    when = getattr(obj, register.when.key)
    when = when.date() if hasattr(when, "date") and callable(when.date) else when
    return SearchHit(register.entity, obj.id, _(register.label), register.title(obj) or "",
                     register.detail(obj), int(rank), when)
