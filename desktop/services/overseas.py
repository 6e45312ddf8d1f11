"""Overseas Vietnamese (người Việt Nam ở nước ngoài): contacts and associations by country, and their
home visits, investments, donations, citizen-protection cases and programme participation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.overseas_rules import (
    CASE_KIND,
    OPEN_STATUSES,
    default_status,
    is_open_case,
    validate_activity,
    validate_contact,
)
from desktop.domain.validation import ENUMS
from desktop.errors import FieldProblem
from desktop.i18n import _, country_choices
from desktop.models import OverseasActivity, OverseasContact
from desktop.services.common import (
    EVERYTHING,
    ListQuery,
    cascade_deleted,
    check_version,
    clean,
    load,
    raise_if,
    search_filter,
    sorted_page,
)
from desktop.services.context import ServiceContext
from desktop.sync.records import apply_data, to_data

CONTACT_SORTS = {
    "name": OverseasContact.name_sort, "kind": OverseasContact.kind, "country": OverseasContact.country,
    "city": OverseasContact.city_sort, "updated_at": OverseasContact.updated_at,
}
ACTIVITY_SORTS = {
    "date": OverseasActivity.date, "kind": OverseasActivity.kind, "title": OverseasActivity.title_sort,
    "value_vnd": OverseasActivity.value_vnd, "status": OverseasActivity.status,
}


@dataclass(frozen=True)
class ContactRow:
    """A contact or association as the list shows it."""

    id: str
    kind: str
    name: str
    country: str
    city: str | None
    hometown: str | None
    association: str | None
    activity_count: int
    open_cases: int
    last_activity: date | None


@dataclass(frozen=True)
class ActivityRow:
    """An activity in the list of every activity (and in the open cases at the top of the page)."""

    id: str
    contact_id: str | None
    contact_name: str
    country: str | None
    kind: str
    title: str
    date: date
    location: str | None
    value_vnd: int | None
    status: str
    closed_on: date | None

    @property
    def open_case(self) -> bool:
        """A citizen-protection case not yet settled."""
        return is_open_case(self.kind, self.status)


@dataclass(frozen=True)
class ActivityDetail:
    """One activity under its contact."""

    id: str
    version: int
    data: dict[str, Any]

    @property
    def open_case(self) -> bool:
        """A citizen-protection case not yet settled."""
        return is_open_case(self.data.get("kind"), self.data.get("status"))


@dataclass(frozen=True)
class ContactDetail:
    """Everything the contact editor shows."""

    id: str
    version: int
    data: dict[str, Any]
    activities: list[ActivityDetail] = field(default_factory=list)


@dataclass(frozen=True)
class KindTotal:
    """One line of the yearly summary: activities of one kind, and the VND they carried."""

    kind: str
    count: int
    total_vnd: int


@lru_cache(maxsize=1)
def known_countries() -> frozenset[str]:
    """Every ISO 3166 alpha-2 code the app can name (from Babel's locale data)."""
    return frozenset(code for code, _name in country_choices())


class OverseasService:
    """Use cases of the overseas-Vietnamese register."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # --- contacts --------------------------------------------------------------------

    def _contacts(self, stmt, q: ListQuery, country: str | None, kind: str | None):
        stmt = stmt.where(OverseasContact.deleted.is_(False))
        if country:
            stmt = stmt.where(OverseasContact.country == country)
        if kind:
            stmt = stmt.where(OverseasContact.kind == kind)
        if q.unit_code:
            stmt = stmt.where(OverseasContact.unit_code == q.unit_code)
        cond = search_filter(OverseasContact.search_key, q.search)
        return stmt if cond is None else stmt.where(cond)

    def count_contacts(self, q: ListQuery = EVERYTHING, country: str | None = None,
                       kind: str | None = None) -> int:
        """How many contacts match."""
        stmt = self._contacts(select(func.count()).select_from(OverseasContact), q, country, kind)
        with self.ctx.db.read() as s:
            return s.scalar(stmt)

    def contacts(self, q: ListQuery = EVERYTHING, country: str | None = None,
                 kind: str | None = None) -> list[ContactRow]:
        """One sorted page of contacts, each with its activity count, open cases and latest activity."""
        live = and_(OverseasActivity.contact_id == OverseasContact.id, OverseasActivity.deleted.is_(False))
        n = select(func.count(OverseasActivity.id)).where(live).scalar_subquery()
        cases = (select(func.count(OverseasActivity.id))
                 .where(live, OverseasActivity.kind == CASE_KIND, OverseasActivity.status.in_(OPEN_STATUSES))
                 .scalar_subquery())
        last = select(func.max(OverseasActivity.date)).where(live).scalar_subquery()
        stmt = self._contacts(select(OverseasContact, n, cases, last), q, country, kind)
        stmt = sorted_page(stmt, q, CONTACT_SORTS, "name", OverseasContact.id)
        with self.ctx.db.read() as s:
            return [ContactRow(c.id, c.kind, c.name, c.country, c.city, c.hometown, c.association,
                               count or 0, open_n or 0, latest)
                    for c, count, open_n, latest in s.execute(stmt)]

    def countries(self) -> list[str]:
        """Countries that have contacts (for the country filter)."""
        with self.ctx.db.read() as s:
            return sorted(s.scalars(select(OverseasContact.country).where(
                OverseasContact.deleted.is_(False)).distinct()))

    def get_contact(self, contact_id: str) -> ContactDetail:
        """A contact with its activities, newest first."""
        with self.ctx.db.read() as s:
            c = load(s, OverseasContact, contact_id, _("kiều bào hoặc hội"))
            return ContactDetail(c.id, c.version, to_data(c), _activities_of(s, c.id))

    def validate_contact(self, data: dict[str, Any]) -> list[FieldProblem]:
        """Every problem in the contact editor's content, by field."""
        return [FieldProblem(p.field, p.message) for p in validate_contact(clean(data), known_countries())]

    def save_contact(self, data: dict[str, Any], contact_id: str | None = None,
                     expected_version: int | None = None) -> ContactDetail:
        """Create or update a contact; problems raise with every field named."""
        data = clean(data)
        data["kind"] = data.get("kind") or "person"
        if isinstance(data.get("country"), str):
            data["country"] = data["country"].strip().upper()
        raise_if(validate_contact(data, known_countries()))
        with self.ctx.db.session() as s:
            c = (OverseasContact(unit_code=self.ctx.local_unit()) if contact_id is None
                 else load(s, OverseasContact, contact_id, _("kiều bào hoặc hội")))
            check_version(c, expected_version)
            apply_data(c, data)
            s.add(c)
            s.flush()
            saved_id = c.id
        return self.get_contact(saved_id)

    def delete_contact(self, contact_id: str, deleted: bool = True) -> None:
        """Tombstone a contact with its activities; `deleted=False` undoes exactly that delete."""
        with self.ctx.db.session() as s:
            c = s.get(OverseasContact, contact_id)
            if c is None:
                load(s, OverseasContact, contact_id, _("kiều bào hoặc hội"))
            children = s.scalars(select(OverseasActivity).where(OverseasActivity.contact_id == contact_id))
            cascade_deleted(c, children, deleted)

    def restore_contact(self, contact_id: str) -> None:
        """Undo a delete (activities deleted on their own before stay deleted)."""
        self.delete_contact(contact_id, deleted=False)

    # --- activities ------------------------------------------------------------------

    def _activities(self, stmt, q: ListQuery, kind: str | None, year: int | None,
                    contact_id: str | None, country: str | None, contact_kind: str | None):
        stmt = (stmt.select_from(OverseasActivity)
                .outerjoin(OverseasContact, OverseasContact.id == OverseasActivity.contact_id)
                .where(OverseasActivity.deleted.is_(False)))
        if kind:
            stmt = stmt.where(OverseasActivity.kind == kind)
        if year:
            stmt = stmt.where(OverseasActivity.date.between(date(year, 1, 1), date(year, 12, 31)))
        if contact_id:
            stmt = stmt.where(OverseasActivity.contact_id == contact_id)
        if country:
            stmt = stmt.where(OverseasContact.country == country)
        if contact_kind:
            stmt = stmt.where(OverseasContact.kind == contact_kind)
        if q.unit_code:
            stmt = stmt.where(OverseasActivity.unit_code == q.unit_code)
        cond = search_filter(OverseasActivity.search_key, q.search)  # the activity's words, or its contact's
        return stmt if cond is None else stmt.where(or_(cond, search_filter(OverseasContact.search_key, q.search)))

    def count_activities(self, q: ListQuery = EVERYTHING, kind: str | None = None, year: int | None = None,
                         contact_id: str | None = None, country: str | None = None,
                         contact_kind: str | None = None) -> int:
        """How many activities match."""
        stmt = self._activities(select(func.count(OverseasActivity.id)), q, kind, year, contact_id,
                                country, contact_kind)
        with self.ctx.db.read() as s:
            return s.scalar(stmt)

    def activities(self, q: ListQuery = EVERYTHING, kind: str | None = None, year: int | None = None,
                   contact_id: str | None = None, country: str | None = None,
                   contact_kind: str | None = None) -> list[ActivityRow]:
        """One sorted page of activities (newest first by default), with the contact's name and country."""
        stmt = self._activities(select(OverseasActivity, OverseasContact.name, OverseasContact.country),
                                q, kind, year, contact_id, country, contact_kind)
        if not q.sort:
            q = ListQuery(q.search, "date", True, q.offset, q.limit, q.unit_code)
        stmt = sorted_page(stmt, q, ACTIVITY_SORTS, "date", OverseasActivity.id)
        with self.ctx.db.read() as s:
            return [_activity_row(a, name, country) for a, name, country in s.execute(stmt)]

    def open_cases(self) -> list[ActivityRow]:
        """Citizen-protection cases still open or in progress, oldest first: what needs attention."""
        stmt = (select(OverseasActivity, OverseasContact.name, OverseasContact.country)
                .outerjoin(OverseasContact, OverseasContact.id == OverseasActivity.contact_id)
                .where(OverseasActivity.deleted.is_(False), OverseasActivity.kind == CASE_KIND,
                       OverseasActivity.status.in_(OPEN_STATUSES))
                .order_by(OverseasActivity.date, OverseasActivity.id))
        with self.ctx.db.read() as s:
            return [_activity_row(a, name, country) for a, name, country in s.execute(stmt)]

    def years(self) -> list[int]:
        """Years that have activities, newest first (for the year filter)."""
        year = (func.strftime("%Y", OverseasActivity.date) if self.ctx.db.is_sqlite
                else func.extract("year", OverseasActivity.date))
        with self.ctx.db.read() as s:
            values = s.scalars(select(year).where(OverseasActivity.deleted.is_(False)).distinct())
            return sorted({int(v) for v in values if v}, reverse=True)

    def validate_activity(self, data: dict[str, Any]) -> list[FieldProblem]:
        """Every problem in an activity as typed, by field."""
        return [FieldProblem(p.field, p.message) for p in validate_activity(self._prepared(data))]

    def _prepared(self, data: dict[str, Any]) -> dict[str, Any]:
        data = clean(data)
        data["status"] = data.get("status") or default_status(data.get("kind"), data.get("closed_on"))
        if data["status"] == "done" and data.get("kind") == CASE_KIND and not data.get("closed_on"):
            data["closed_on"] = max(self.ctx.today(), data["date"]) if isinstance(data.get("date"), date) \
                else self.ctx.today()
        if data["status"] in OPEN_STATUSES and data.get("kind") == CASE_KIND:
            data["closed_on"] = None  # reopened: no closing date
        return data

    def save_activity(self, contact_id: str, data: dict[str, Any],
                      record_id: str | None = None) -> ActivityDetail:
        """Add or change an activity of a contact; a settled case is dated today unless told."""
        data = self._prepared({**data, "contact_id": contact_id})
        raise_if(validate_activity(data))
        with self.ctx.db.session() as s:
            c = load(s, OverseasContact, contact_id, _("kiều bào hoặc hội"))
            obj = (OverseasActivity(unit_code=c.unit_code) if record_id is None
                   else load(s, OverseasActivity, record_id, _("hoạt động")))
            apply_data(obj, data)
            s.add(obj)
            s.flush()
            return ActivityDetail(obj.id, obj.version, to_data(obj))

    def delete_activity(self, record_id: str, deleted: bool = True) -> None:
        """Tombstone (or restore) one activity."""
        with self.ctx.db.session() as s:
            obj = s.get(OverseasActivity, record_id)
            if obj is None:
                load(s, OverseasActivity, record_id, _("hoạt động"))
            obj.deleted = deleted

    def restore_activity(self, record_id: str) -> None:
        """Undo the delete of one activity."""
        self.delete_activity(record_id, deleted=False)

    def locate(self, entity: str, record_id: str) -> str:
        """The contact a search hit points at (the contact itself or one of its activities)."""
        with self.ctx.db.read() as s:
            if entity == "overseas_activity":
                record_id = load(s, OverseasActivity, record_id, _("hoạt động")).contact_id or ""
            return load(s, OverseasContact, record_id, _("kiều bào hoặc hội")).id

    # --- the annual report -----------------------------------------------------------

    def summary(self, year: int, unit_code: str | None = None) -> list[KindTotal]:
        """Activities of `year` by kind (every kind, zeros included): how many, and the VND they carried."""
        stmt = (select(OverseasActivity.kind, func.count(OverseasActivity.id),
                       func.coalesce(func.sum(OverseasActivity.value_vnd), 0))
                .where(OverseasActivity.deleted.is_(False),
                       OverseasActivity.date.between(date(year, 1, 1), date(year, 12, 31)))
                .group_by(OverseasActivity.kind))
        if unit_code:
            stmt = stmt.where(OverseasActivity.unit_code == unit_code)
        with self.ctx.db.read() as s:
            found = {kind: (n, int(total)) for kind, n, total in s.execute(stmt)}
        return [KindTotal(kind, *found.get(kind, (0, 0))) for kind in ENUMS["overseas_activity_kind"]]


def _activity_row(a: OverseasActivity, name: str | None, country: str | None) -> ActivityRow:
    return ActivityRow(a.id, a.contact_id, name or "", country, a.kind, a.title, a.date, a.location,
                       a.value_vnd, a.status, a.closed_on)


def _activities_of(s: Session, contact_id: str) -> list[ActivityDetail]:
    stmt = (select(OverseasActivity)
            .where(OverseasActivity.contact_id == contact_id, OverseasActivity.deleted.is_(False))
            .order_by(OverseasActivity.date.desc(), case((OverseasActivity.kind == CASE_KIND, 0), else_=1),
                      OverseasActivity.id))
    return [ActivityDetail(a.id, a.version, to_data(a)) for a in s.scalars(stmt)]
