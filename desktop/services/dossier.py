"""The dossier checklist of a request: what it needs, what is generated, attached or on paper.

The rule itself (which items, what satisfies them) is desktop/domain/dossier.py;
this service gathers the facts from the database — the delegation's direction,
funding and attachments, whether a key leader goes, its register entries and
paper marks — and keeps the marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import dossier as rule
from desktop.domain.text import nfc
from desktop.errors import FieldProblem, ValidationError
from desktop.i18n import _, format_date
from desktop.models import Delegation, DelegationMember, DossierMark, OutgoingDocument, Person
from desktop.services.common import load
from desktop.services.context import ServiceContext
from desktop.services.rules import RuleService

NOTE_MAX = 300


@dataclass(frozen=True)
class DossierItem:
    """One line of a request's checklist, as the editor and the CLI show it."""

    key: str
    title: str
    required: bool
    state: str  # "missing" | "generated" | "attached" | "paper" | "info"
    detail: str


class DossierService:
    """Checklists of requests and their "supplied on paper" marks."""

    def __init__(self, ctx: ServiceContext, rules: RuleService):
        self.ctx = ctx
        self.rules = rules

    def checklist(self, delegation_id: str) -> list[DossierItem]:
        """Every item the delegation's dossier needs, with how it stands."""
        with self.ctx.db.read() as s:
            d = load(s, Delegation, delegation_id, _("đoàn"))
            people = s.scalars(select(DelegationMember.person_id).where(
                DelegationMember.delegation_id == d.id, DelegationMember.deleted.is_(False)))
            facts = _facts(s, _content(d), list(people), d.id)
        return _items(rule.checklist(facts))

    def missing(self, delegation_id: str) -> list[DossierItem]:
        """The required items nothing satisfies yet."""
        return [i for i in self.checklist(delegation_id) if i.required and i.state == "missing"]

    def mark_paper(self, delegation_id: str, key: str, supplied: bool, note: str = "") -> list[DossierItem]:
        """Mark an item as supplied on paper (or take the mark back); returns the new checklist."""
        note = nfc(note) or ""
        with self.ctx.db.session() as s:
            d = load(s, Delegation, delegation_id, _("đoàn"))
            _check_mark(d.direction, key, note)
            marks = list(s.scalars(select(DossierMark).where(
                DossierMark.delegation_id == d.id, DossierMark.item_key == key, DossierMark.deleted.is_(False))))
            if not marks and supplied:
                marks = [DossierMark(unit_code=d.unit_code, delegation_id=d.id, item_key=key)]
            for mark in marks:
                mark.supplied = supplied
                if supplied:  # taking a mark back keeps its note in the record's history
                    mark.note = note
                s.add(mark)
        return self.checklist(delegation_id)

    def submission_problems(self, data: dict[str, Any], members: Iterable[dict[str, Any]],
                            delegation_id: str | None) -> list[FieldProblem]:
        """Why this content cannot be moved to "submitted" (rule D1): [] when the dossier is
        complete or the rule is switched off. `data` and `members` are the editor's content."""
        if not self.rules.config().is_enabled("D1"):
            return []
        with self.ctx.db.read() as s:
            facts = _facts(s, data, [m.get("person_id") for m in members], delegation_id)
        lacking = rule.missing(rule.checklist(facts))
        return [FieldProblem("status", rule.missing_message(lacking))] if lacking else []


def _content(d: Delegation) -> dict[str, Any]:
    return {"direction": d.direction, "funding": d.funding, "attachments": d.attachments}


def _facts(s: Session, data: dict[str, Any], person_ids: list[str | None],
           delegation_id: str | None) -> rule.DossierFacts:
    direction = data.get("direction") or "outbound"
    return rule.DossierFacts(
        direction=direction, funding=data.get("funding"),
        key_leader=direction == "outbound" and _any_key_leader(s, [p for p in person_ids if p]),
        documents=_documents(s, delegation_id) if delegation_id else {},
        attachments=_attachments(data.get("attachments") or []),
        paper=_paper(s, delegation_id) if delegation_id else {},
    )


def _any_key_leader(s: Session, person_ids: list[str]) -> bool:
    if not person_ids:
        return False
    stmt = select(Person.id).where(Person.id.in_(person_ids), Person.is_key_leader.is_(True),
                                   Person.deleted.is_(False)).limit(1)
    return s.scalar(stmt) is not None


def _documents(s: Session, delegation_id: str) -> dict[str, str]:
    """Form code → label of its register entry; a signed entry wins over a draft."""
    stmt = (select(OutgoingDocument)
            .where(OutgoingDocument.entity == "delegation", OutgoingDocument.record_id == delegation_id,
                   OutgoingDocument.deleted.is_(False), OutgoingDocument.form.is_not(None))
            .order_by(OutgoingDocument.created_at))
    out: dict[str, str] = {}
    for doc in s.scalars(stmt):
        if doc.status == "signed":
            out[doc.form] = _("Số {symbol} ngày {day}").format(symbol=doc.symbol, day=format_date(doc.issued_on))
        else:
            out.setdefault(doc.form, _("Đã lập, chưa ký (chưa cấp số)"))
    return out


def _attachments(entries: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        kind = entry.get("kind") or "other"
        out[kind] = (*out.get(kind, ()), entry.get("name") or "")
    return out


def _paper(s: Session, delegation_id: str) -> dict[str, str]:
    stmt = select(DossierMark).where(DossierMark.delegation_id == delegation_id,
                                     DossierMark.deleted.is_(False), DossierMark.supplied.is_(True))
    return {m.item_key: m.note or "" for m in s.scalars(stmt)}


def _check_mark(direction: str, key: str, note: str) -> None:
    if key not in rule.item_keys(direction):
        raise ValidationError([FieldProblem("key", _("Hồ sơ đoàn này không có thành phần «{key}».").format(key=key))])
    if len(note) > NOTE_MAX:
        raise ValidationError([FieldProblem("note", _("Ghi chú quá dài (tối đa 300 ký tự)."))])


def _items(entries: list[rule.ChecklistEntry]) -> list[DossierItem]:
    return [DossierItem(e.key, e.title, e.required, e.state, e.detail) for e in entries]
