"""Persons (officers), their discipline records and training courses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.validation import validate_discipline, validate_person, validate_training
from desktop.i18n import _
from desktop.models import DisciplineRecord, Person, TrainingRecord, Unit
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

SORTS = {
    # Vietnamese order (desktop.domain.collation): "Dương" before "Đặng", "An" before "Ăn"
    "full_name": Person.full_name_sort, "position": Person.position_sort, "unit_code": Person.unit_code,
    "passport_expiry": Person.passport_expiry, "birth_date": Person.birth_date,
}


@dataclass(frozen=True)
class PersonRow:
    """A person as the list shows it."""

    id: str
    full_name: str
    position: str | None
    unit_code: str
    unit_name: str
    phone: str | None
    email: str | None
    passport_number: str | None
    passport_expiry: date | None
    is_key_leader: bool
    is_fa_officer: bool
    discipline_count: int


@dataclass(frozen=True)
class SubRecord:
    """A discipline or training record under a person."""

    id: str
    version: int
    data: dict[str, Any]


@dataclass(frozen=True)
class PersonDetail:
    """Everything the person editor shows."""

    id: str
    version: int
    data: dict[str, Any]
    discipline: list[SubRecord] = field(default_factory=list)
    training: list[SubRecord] = field(default_factory=list)


class PersonService:
    """Use cases of the persons register."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _filtered(self, stmt, q: ListQuery):
        stmt = stmt.where(Person.deleted.is_(False))
        if q.unit_code:
            stmt = stmt.where(Person.unit_code == q.unit_code)
        cond = search_filter(Person.search_key, q.search)
        return stmt if cond is None else stmt.where(cond)

    def count(self, q: ListQuery = EVERYTHING) -> int:
        """How many persons match the filter."""
        with self.ctx.db.read() as s:
            return s.scalar(self._filtered(select(func.count()).select_from(Person), q))

    def page(self, q: ListQuery = EVERYTHING) -> list[PersonRow]:
        """One sorted page of persons."""
        disc = (select(func.count(DisciplineRecord.id))
                .where(DisciplineRecord.person_id == Person.id, DisciplineRecord.deleted.is_(False))
                .scalar_subquery())
        stmt = select(Person, func.coalesce(Unit.name, Person.unit_code), disc).outerjoin(
            Unit, Unit.code == Person.unit_code)
        stmt = sorted_page(self._filtered(stmt, q), q, SORTS, "full_name", Person.id)
        with self.ctx.db.read() as s:
            return [_row(p, unit, n) for p, unit, n in s.execute(stmt)]

    def get(self, person_id: str) -> PersonDetail:
        """A person with discipline and training records."""
        with self.ctx.db.read() as s:
            return _detail(s, load(s, Person, person_id, _("cán bộ")))

    def save(self, data: dict[str, Any], person_id: str | None = None,
             expected_version: int | None = None) -> PersonDetail:
        """Create or update a person; validation problems raise with every field named."""
        data = clean(data)
        if data.get("passport_number"):
            data["passport_number"] = data["passport_number"].upper()
        raise_if(validate_person(data, today=self.ctx.today()))
        local_unit = self.ctx.local_unit()
        with self.ctx.db.session() as s:
            person = Person() if person_id is None else load(s, Person, person_id, _("cán bộ"))
            check_version(person, expected_version)
            # no unit given (or a blank choice): keep the stored one, else this device's unit
            data["unit_code"] = data.get("unit_code") or person.unit_code or local_unit
            apply_data(person, {**data, "is_key_leader": bool(data.get("is_key_leader")),
                                "is_fa_officer": bool(data.get("is_fa_officer"))})
            s.add(person)
            s.flush()
            return _detail(s, person)

    def delete(self, person_id: str) -> None:
        """Tombstone a person and the records under them (undo with `restore`)."""
        self._set_deleted(person_id, True)

    def restore(self, person_id: str) -> None:
        """Undo a delete."""
        self._set_deleted(person_id, False)

    def _set_deleted(self, person_id: str, deleted: bool) -> None:
        with self.ctx.db.session() as s:
            person = s.get(Person, person_id)
            if person is None:
                load(s, Person, person_id, _("cán bộ"))
            subs = [sub for model in (DisciplineRecord, TrainingRecord)
                    for sub in s.scalars(select(model).where(model.person_id == person_id))]
            cascade_deleted(person, subs, deleted)

    def save_discipline(self, person_id: str, data: dict[str, Any], record_id: str | None = None) -> SubRecord:
        """Add or change a discipline record of a person."""
        data = clean({**data, "person_id": person_id})
        raise_if(validate_discipline(data, today=self.ctx.today()))
        return self._save_sub(DisciplineRecord, person_id, data, record_id, _("quyết định kỷ luật"))

    def save_training(self, person_id: str, data: dict[str, Any], record_id: str | None = None) -> SubRecord:
        """Add or change a training course of a person."""
        data = clean({**data, "person_id": person_id})
        raise_if(validate_training(data))
        return self._save_sub(TrainingRecord, person_id, data, record_id, _("khóa bồi dưỡng"))

    def _save_sub(self, model, person_id: str, data: dict, record_id: str | None, what: str) -> SubRecord:
        with self.ctx.db.session() as s:
            person = load(s, Person, person_id, _("cán bộ"))
            obj = model(unit_code=person.unit_code) if record_id is None else load(s, model, record_id, what)
            apply_data(obj, data)
            s.add(obj)
            s.flush()
            return SubRecord(obj.id, obj.version, to_data(obj))

    def delete_sub(self, entity: str, record_id: str, deleted: bool = True) -> None:
        """Tombstone (or restore) a discipline or training record."""
        model = {"discipline_record": DisciplineRecord, "training_record": TrainingRecord}[entity]
        with self.ctx.db.session() as s:
            obj = s.get(model, record_id)
            if obj is None:
                load(s, model, record_id, _("bản ghi"))
            obj.deleted = deleted

    def choices(self, search: str = "", limit: int = 50, unit_code: str | None = None) -> list[PersonRow]:
        """Persons to pick as delegation members."""
        return self.page(ListQuery(search=search, limit=limit, unit_code=unit_code))


def _row(p: Person, unit_name: str, disc: int) -> PersonRow:
    return PersonRow(p.id, p.full_name, p.position, p.unit_code, unit_name, p.phone, p.email,
                     p.passport_number, p.passport_expiry, p.is_key_leader, p.is_fa_officer, disc or 0)


def _subs(s: Session, model, person_id: str, order) -> list[SubRecord]:
    rows = s.scalars(select(model).where(model.person_id == person_id, model.deleted.is_(False)).order_by(order))
    return [SubRecord(r.id, r.version, to_data(r)) for r in rows]


def _detail(s: Session, p: Person) -> PersonDetail:
    return PersonDetail(
        p.id, p.version, to_data(p),
        _subs(s, DisciplineRecord, p.id, DisciplineRecord.effective_from.desc()),
        _subs(s, TrainingRecord, p.id, TrainingRecord.start_date.desc()),
    )
