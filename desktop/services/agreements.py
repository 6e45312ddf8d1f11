"""Quan hệ với địa phương nước ngoài và thỏa thuận quốc tế: the register's use cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.agreement_rules import LINKS, active_in, validate_agreement
from desktop.errors import FieldProblem
from desktop.i18n import _
from desktop.models import Conference, Delegation, InternationalAgreement, PromotionActivity
from desktop.services.common import check_version, clean, load, raise_if, search_filter
from desktop.services.context import ServiceContext
from desktop.services.dashboard import own_unit
from desktop.sync.records import apply_data, to_data

# the registers an agreement's activities come from: (list field, entity, model, its title, its date)
SOURCES = (("delegation_ids", "delegation", Delegation, Delegation.title, Delegation.start_date),
           ("conference_ids", "conference", Conference, Conference.title, Conference.start_date),
           ("promotion_ids", "promotion_activity", PromotionActivity, PromotionActivity.title,
            PromotionActivity.start_date))


@dataclass(frozen=True)
class Linked:
    """An activity carried out under an agreement, as its list shows it."""

    entity: str
    id: str
    title: str
    on: date | None


@dataclass(frozen=True)
class AgreementRow:
    """An agreement as the list shows it."""

    id: str
    unit_code: str
    partner: str
    partner_kind: str
    country: str
    kind: str
    title: str
    signed_on: date | None
    valid_until: date | None
    status: str
    activities: int
    active: bool  # active this year


@dataclass(frozen=True)
class AgreementDetail:
    """An agreement for its editor, with its linked activities named."""

    id: str
    version: int
    data: dict[str, Any]
    linked: list[Linked]


class AgreementService:
    """The register of relations with foreign localities and international agreements."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def list(self, search: str = "", unit_code: str | None = None) -> list[AgreementRow]:
        """Every live agreement this store sees (a unit: its own), newest signature first."""
        year = self.ctx.today().year
        with self.ctx.db.read() as s:
            stmt = select(InternationalAgreement).where(InternationalAgreement.deleted.is_(False))
            unit = unit_code or own_unit(self.ctx)
            if unit:
                stmt = stmt.where(InternationalAgreement.unit_code == unit)
            if search.strip():
                stmt = stmt.where(search_filter(InternationalAgreement.search_key, search))
            rows = s.scalars(stmt.order_by(InternationalAgreement.signed_on.desc().nulls_first(),
                                           InternationalAgreement.partner_sort)).all()
            return [AgreementRow(a.id, a.unit_code, a.partner, a.partner_kind, a.country, a.kind, a.title,
                                 a.signed_on, a.valid_until, a.status,
                                 sum(len(getattr(a, key) or []) for key in LINKS),
                                 active_in(year, a.signed_on, a.valid_until, a.status)) for a in rows]

    def get(self, agreement_id: str) -> AgreementDetail:
        """One agreement, its activities named (an activity deleted since is left out)."""
        with self.ctx.db.read() as s:
            a = load(s, InternationalAgreement, agreement_id, _("thỏa thuận"))
            return AgreementDetail(a.id, a.version, to_data(a), _linked(s, a))

    def validate(self, data: dict[str, Any]) -> list[FieldProblem]:
        """Problems of an agreement as typed (no write)."""
        return [FieldProblem(p.field, p.message) for p in validate_agreement(clean(data), self.ctx.today())]

    def save(self, data: dict[str, Any], agreement_id: str | None = None,
             expected_version: int | None = None) -> AgreementDetail:
        """Create or change an agreement; every field's problem named at once."""
        data = clean(data)
        for key in LINKS:
            data[key] = list(dict.fromkeys(data.get(key) or []))
        data["partner_kind"] = data.get("partner_kind") or "locality"
        data["status"] = data.get("status") or "in_force"
        raise_if(validate_agreement(data, self.ctx.today()))
        with self.ctx.db.session() as s:
            a = (InternationalAgreement(unit_code=self.ctx.local_unit()) if agreement_id is None
                 else load(s, InternationalAgreement, agreement_id, _("thỏa thuận")))
            check_version(a, expected_version)
            for key, _entity, model, _title, _on in SOURCES:
                for rid in data[key]:
                    load(s, model, rid, _("hoạt động liên quan"))
            apply_data(a, data)
            s.add(a)
            s.flush()
            saved = a.id
        return self.get(saved)

    def delete(self, agreement_id: str, deleted: bool = True) -> None:
        """Tombstone an agreement (`deleted=False` brings it back)."""
        with self.ctx.db.session() as s:
            a = s.get(InternationalAgreement, agreement_id)
            if a is None:
                load(s, InternationalAgreement, agreement_id, _("thỏa thuận"))
            a.deleted = deleted

    def candidates(self, search: str = "", limit: int = 200) -> list[Linked]:
        """The unit's delegations, conferences and promotion activities an agreement may list, newest first."""
        unit = own_unit(self.ctx)
        out: list[Linked] = []
        with self.ctx.db.read() as s:
            for _key, entity, model, title, on in SOURCES:
                stmt = select(model.id, title, on).where(model.deleted.is_(False))
                if unit:
                    stmt = stmt.where(model.unit_code == unit)
                if search.strip():
                    stmt = stmt.where(search_filter(model.search_key, search))
                out += [Linked(entity, i, t, d) for i, t, d in s.execute(stmt.order_by(on.desc()).limit(limit))]
        return sorted(out, key=lambda x: x.on or date.min, reverse=True)[:limit]

    def locate(self, record_id: str) -> str:
        """The agreement a search hit or a report figure points at."""
        with self.ctx.db.read() as s:
            return load(s, InternationalAgreement, record_id, _("thỏa thuận")).id


def _linked(s: Session, a: InternationalAgreement) -> list[Linked]:
    out: list[Linked] = []
    for key, entity, model, title, on in SOURCES:
        ids = list(getattr(a, key) or [])
        if not ids:
            continue
        found = {i: (t, d) for i, t, d in s.execute(select(model.id, title, on).where(
            model.id.in_(ids), model.deleted.is_(False)))}
        out += [Linked(entity, i, *found[i]) for i in ids if i in found]
    return out
