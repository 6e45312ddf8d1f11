"""Thanh tra, kiểm tra và đôn đốc: the province's inspections of a unit with their recommendations, its
reminders to units, and the unit's answers (rule R17).

Only the province writes these records (`__province_only__`); they reach the unit concerned in its
acks, where the unit answers in `done_on` and `result` and nothing else. The province sees, for each
reminder, when it was sent, when it reached the unit and when the unit reported it done. "Reached"
is proven, not guessed: a unit's bundle names, in `acked_bundle_seq`, the ack it last applied; the
province keeps each ack's `applied_through_bundle_seq`, so when every ack bearing that number was
written after the reminder, the unit holds the reminder (acks are cumulative).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import access
from desktop.domain.inspection_rules import (
    INDICATORS,
    RecommendationFacts,
    answered,
    evaluate_recommendations,
    recommendation_overdue,
    validate_answer,
    validate_inspection,
    validate_recommendation,
    validate_reminder,
)
from desktop.domain.rules import Finding
from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import _, format_date
from desktop.models import ChangeLog, Inspection, InspectionRecommendation, Reminder, Unit
from desktop.services.common import cascade_deleted, check_version, clean, load, raise_if
from desktop.services.context import ServiceContext
from desktop.services.dashboard import own_unit
from desktop.services.rules import RuleService
from desktop.sync.records import apply_data, to_data


@dataclass(frozen=True)
class RecommendationDetail:
    """A recommendation as its table shows it."""

    id: str
    version: int
    data: dict[str, Any]
    overdue: bool
    answered: bool


@dataclass(frozen=True)
class InspectionRow:
    """An inspection as the list shows it."""

    id: str
    unit_code: str
    unit_name: str
    start_date: date
    end_date: date | None
    team: str
    scope: str
    decision_number: str | None
    recommendations: int
    open_recommendations: int
    overdue_recommendations: int


@dataclass(frozen=True)
class InspectionDetail:
    """An inspection with its recommendations, for the editor."""

    id: str
    version: int
    unit_name: str
    data: dict[str, Any]
    recommendations: list[RecommendationDetail]


@dataclass(frozen=True)
class ReminderRow:
    """A reminder with what the province knows of its fate."""

    id: str
    version: int
    unit_code: str
    unit_name: str
    data: dict[str, Any]
    received_at: datetime | None  # when the province learned the unit holds it (None: not yet known)

    @property
    def done(self) -> bool:
        return self.data.get("done_on") is not None

    @property
    def state(self) -> str:
        """"done", "received" or "sent" (as Theo dõi's column reads it)."""
        return "done" if self.done else "received" if self.received_at else "sent"


class InspectionService:
    """Inspections, recommendations and reminders: written at the province, answered at the unit."""

    def __init__(self, ctx: ServiceContext, rules: RuleService):
        self.ctx = ctx
        self.rules = rules

    def may_write(self) -> bool:
        """Whether this store is the province's (the only one that makes these records)."""
        from desktop.services.province import province_mode

        return province_mode(self.ctx)

    def _require_province(self) -> None:
        if not self.may_write():
            raise AppError(_("Chỉ Sở Ngoại vụ (máy của tỉnh) lập và sửa đợt thanh tra, kiểm tra và văn bản đôn "
                             "đốc. Ở đơn vị, hãy ghi kết quả thực hiện bằng nút “Ghi kết quả”."))
        self.ctx.require(access.INSPECT)

    # --- inspections -----------------------------------------------------------------------------

    def inspections(self, year: int | None = None, unit_code: str | None = None) -> list[InspectionRow]:
        """The inspections this store sees (a unit: those of itself and the units under it), newest first."""
        today = self.ctx.today()
        with self.ctx.db.read() as s:
            stmt = self._listed(s, select(Inspection), Inspection, Inspection.start_date, year, unit_code)
            rows = s.scalars(stmt.order_by(Inspection.start_date.desc(), Inspection.id)).all()
            recs = _recommendations_of(s, [r.id for r in rows])
            names = _unit_names(s)
        out = []
        for r in rows:
            mine = recs.get(r.id, [])
            out.append(InspectionRow(
                r.id, r.unit_code, names.get(r.unit_code, r.unit_code), r.start_date, r.end_date, r.team, r.scope,
                r.decision_number, len(mine), sum(1 for x in mine if not answered(x.status, x.done_on)),
                sum(1 for x in mine if recommendation_overdue(x.due_date, x.status, x.done_on, today))))
        return out

    def years(self) -> list[int]:
        """The years that have inspections or reminders, newest first (the year filter)."""
        with self.ctx.db.read() as s:
            found = {d.year for (d,) in s.execute(select(Inspection.start_date).where(Inspection.deleted.is_(False)))}
            found |= {d.year for (d,) in s.execute(select(Reminder.sent_on).where(Reminder.deleted.is_(False)))}
        return sorted(found, reverse=True)

    def get(self, inspection_id: str) -> InspectionDetail:
        """An inspection with its live recommendations (by due date)."""
        today = self.ctx.today()
        with self.ctx.db.read() as s:
            obj = load(s, Inspection, inspection_id, _("đợt thanh tra, kiểm tra"))
            recs = _recommendations_of(s, [obj.id]).get(obj.id, [])
            name = _unit_names(s).get(obj.unit_code, obj.unit_code)
            return InspectionDetail(obj.id, obj.version, name, to_data(obj),
                                    [_recommendation_detail(r, today) for r in recs])

    def validate(self, data: dict[str, Any]) -> list[FieldProblem]:
        """Problems of an inspection as typed (no write)."""
        return [FieldProblem(p.field, p.message) for p in validate_inspection(clean(data))]

    def save(self, data: dict[str, Any], inspection_id: str | None = None,
             expected_version: int | None = None) -> InspectionDetail:
        """Create or change an inspection (province only); one already made keeps its unit (see `_same_unit`)."""
        self._require_province()
        data = clean(data)
        raise_if(validate_inspection(data))
        with self.ctx.db.session() as s:
            _known_unit(s, data["unit_code"])
            obj = Inspection() if inspection_id is None else load(s, Inspection, inspection_id,
                                                                   _("đợt thanh tra, kiểm tra"))
            check_version(obj, expected_version)
            _same_unit(obj, data["unit_code"])
            apply_data(obj, data)
            obj.unit_code = data["unit_code"]
            s.add(obj)
            s.flush()
            saved = obj.id
        return self.get(saved)

    def delete(self, inspection_id: str, deleted: bool = True) -> None:
        """Tombstone an inspection with its recommendations; `deleted=False` undoes exactly that."""
        self._require_province()
        with self.ctx.db.session() as s:
            obj = s.get(Inspection, inspection_id)
            if obj is None:
                load(s, Inspection, inspection_id, _("đợt thanh tra, kiểm tra"))
            children = s.scalars(select(InspectionRecommendation).where(
                InspectionRecommendation.inspection_id == inspection_id))
            cascade_deleted(obj, children, deleted)

    # --- recommendations -------------------------------------------------------------------------

    def save_recommendation(self, inspection_id: str, data: dict[str, Any], record_id: str | None = None,
                            expected_version: int | None = None) -> RecommendationDetail:
        """Add or change a recommendation of an inspection (province only). An answer the unit sent while the
        editor was open is not overwritten (the version check says so); reopening a closed one clears the
        day it was done, so R17 watches it again."""
        self._require_province()
        today = self.ctx.today()
        data = clean({**data, "inspection_id": inspection_id})
        data["status"] = data.get("status") or "open"
        if data["status"] == "done" and not data.get("done_on"):
            data["done_on"] = today
        with self.ctx.db.session() as s:
            parent = load(s, Inspection, inspection_id, _("đợt thanh tra, kiểm tra"))
            obj = (InspectionRecommendation() if record_id is None
                   else load(s, InspectionRecommendation, record_id, _("kiến nghị")))
            check_version(obj, expected_version)
            if obj.inspection_id not in (None, inspection_id):
                raise AppError(_("Kiến nghị này thuộc một đợt thanh tra, kiểm tra khác."))
            if record_id is not None and obj.status != "open" and data["status"] == "open":
                data["done_on"] = None  # reopened: not done any more
            raise_if(validate_recommendation(data, today))
            apply_data(obj, data)
            obj.unit_code = parent.unit_code
            s.add(obj)
            s.flush()
            return _recommendation_detail(obj, today)

    def delete_recommendation(self, record_id: str, deleted: bool = True) -> None:
        """Tombstone (or restore) one recommendation (province only)."""
        self._require_province()
        with self.ctx.db.session() as s:
            obj = s.get(InspectionRecommendation, record_id)
            if obj is None:
                load(s, InspectionRecommendation, record_id, _("kiến nghị"))
            obj.deleted = deleted

    def answer_recommendation(self, record_id: str, result: str | None, done_on: date | str | None) -> RecommendationDetail:
        """The inspected unit's answer: what it did, and the day it was done (either side may record it)."""
        today = self.ctx.today()
        with self.ctx.db.session() as s:
            obj = load(s, InspectionRecommendation, record_id, _("kiến nghị"))
            self._answer(obj, result, done_on, today)
            s.flush()
            return _recommendation_detail(obj, today)

    # --- reminders -------------------------------------------------------------------------------

    def reminders(self, year: int | None = None, unit_code: str | None = None,
                  open_only: bool = False) -> list[ReminderRow]:
        """The reminders this store sees, newest first, with when each reached its unit."""
        with self.ctx.db.read() as s:
            stmt = self._listed(s, select(Reminder), Reminder, Reminder.sent_on, year, unit_code)
            scope = self._scope(s)
            if open_only:
                stmt = stmt.where(Reminder.done_on.is_(None))
            rows = s.scalars(stmt.order_by(Reminder.sent_on.desc(), Reminder.id)).all()
            names = _unit_names(s)
            received = self._received(s, rows) if scope is None else {}
            return [_reminder_row(r, names, received.get(r.id)) for r in rows]

    def get_reminder(self, record_id: str) -> ReminderRow:
        """One reminder."""
        with self.ctx.db.read() as s:
            obj = load(s, Reminder, record_id, _("văn bản đôn đốc"))
            received = self._received(s, [obj]) if self._scope(s) is None else {}
            return _reminder_row(obj, _unit_names(s), received.get(obj.id))

    def validate_reminder(self, data: dict[str, Any]) -> list[FieldProblem]:
        """Problems of a reminder as typed (no write)."""
        return [FieldProblem(p.field, p.message) for p in validate_reminder(clean(data), self.ctx.today())]

    def save_reminder(self, data: dict[str, Any], record_id: str | None = None,
                      expected_version: int | None = None) -> ReminderRow:
        """Write or change one reminder (province only)."""
        self._require_province()
        data = clean(data)
        raise_if(validate_reminder(data, self.ctx.today()))
        with self.ctx.db.session() as s:
            _known_unit(s, data["unit_code"])
            obj = Reminder() if record_id is None else load(s, Reminder, record_id, _("văn bản đôn đốc"))
            check_version(obj, expected_version)
            _same_unit(obj, data["unit_code"])
            apply_data(obj, data)
            obj.unit_code = data["unit_code"]
            s.add(obj)
            s.flush()
            saved = obj.id
        return self.get_reminder(saved)

    def remind(self, unit_codes: list[str], data: dict[str, Any]) -> list[str]:
        """One reminder of the same text to each unit of `unit_codes` (the units failing an indicator), in
        one transaction: all are written or none. Returns their ids."""
        self._require_province()
        if not unit_codes:
            raise AppError(_("Chưa chọn đơn vị nào để đôn đốc."))
        checked = [clean({**data, "unit_code": code}) for code in dict.fromkeys(unit_codes)]
        for item in checked:
            raise_if(validate_reminder(item, self.ctx.today()))
        with self.ctx.db.session() as s:
            made = []
            for item in checked:
                _known_unit(s, item["unit_code"])
                obj = Reminder()
                apply_data(obj, item)
                obj.unit_code = item["unit_code"]
                s.add(obj)
                made.append(obj)
            s.flush()
            return [obj.id for obj in made]

    def answer_reminder(self, record_id: str, result: str | None, done_on: date | str | None) -> ReminderRow:
        """The unit marks a reminder done, with what it did (the province may record a paper answer)."""
        with self.ctx.db.session() as s:
            obj = load(s, Reminder, record_id, _("văn bản đôn đốc"))
            self._answer(obj, result, done_on, self.ctx.today())
            s.flush()
        return self.get_reminder(record_id)

    def delete_reminder(self, record_id: str, deleted: bool = True) -> None:
        """Tombstone (or restore) a reminder (province only)."""
        self._require_province()
        with self.ctx.db.session() as s:
            obj = s.get(Reminder, record_id)
            if obj is None:
                load(s, Reminder, record_id, _("văn bản đôn đốc"))
            obj.deleted = deleted

    @staticmethod
    def indicators() -> tuple[str, ...]:
        """The rules a reminder may name as its indicator."""
        return INDICATORS

    # --- rule R17 and Tổng quan ------------------------------------------------------------------

    def all_findings(self) -> list[Finding]:
        """R17 over every live recommendation this store sees."""
        config, today = self.rules.config(), self.ctx.today()
        if not config.is_enabled("R17"):
            return []
        with self.ctx.db.read() as s:
            stmt = select(InspectionRecommendation).where(
                InspectionRecommendation.deleted.is_(False), InspectionRecommendation.status == "open",
                InspectionRecommendation.done_on.is_(None))
            stmt = self._in_view(s, stmt, InspectionRecommendation)
            names = _unit_names(s)
            facts = [RecommendationFacts(r.id, r.content, names.get(r.unit_code, r.unit_code), r.due_date, r.status,
                                         r.done_on) for r in s.scalars(stmt)]
        return evaluate_recommendations(facts, config, today)

    def due_items(self) -> list[Finding]:
        """What Tổng quan shows: R17; at a unit also each reminder it has not marked done, and each
        recommendation it has not answered whose due day is still beyond R17's notice (by its due day)."""
        found = self.all_findings()
        if self.may_write():
            return found
        flagged = {f.record_id for f in found}
        with self.ctx.db.read() as s:
            stmt = select(InspectionRecommendation, Inspection.start_date).join(
                Inspection, Inspection.id == InspectionRecommendation.inspection_id).where(
                InspectionRecommendation.deleted.is_(False), Inspection.deleted.is_(False),
                InspectionRecommendation.status == "open", InspectionRecommendation.done_on.is_(None))
            for rec, inspected_on in s.execute(self._in_view(s, stmt, InspectionRecommendation)):
                if rec.id not in flagged:
                    found.append(Finding(
                        "TT", "reminder", "inspection_recommendation", rec.id,
                        _("Kiến nghị sau kiểm tra ngày {day}: {content} (hạn {due})").format(
                            day=format_date(inspected_on), content=rec.content, due=format_date(rec.due_date)),
                        _("Kết luận thanh tra, kiểm tra của Sở Ngoại vụ"), due_date=rec.due_date))
        for row in self.reminders(open_only=True):
            found.append(Finding(
                "ĐĐ", "warning", "reminder", row.id,
                _("Sở Ngoại vụ đôn đốc ({unit}): {subject}").format(unit=row.unit_name, subject=row.data["subject"]),
                _("Văn bản đôn đốc của Sở Ngoại vụ ngày {day}").format(day=format_date(row.data["sent_on"]))))
        return found

    def locate(self, entity: str, record_id: str) -> tuple[str, str]:
        """("inspection", id) or ("reminder", id): what opens for a finding or a search hit."""
        with self.ctx.db.read() as s:
            if entity == "reminder":
                return "reminder", load(s, Reminder, record_id, _("văn bản đôn đốc")).id
            if entity == "inspection_recommendation":
                record_id = load(s, InspectionRecommendation, record_id, _("kiến nghị")).inspection_id
            return "inspection", load(s, Inspection, record_id, _("đợt thanh tra, kiểm tra")).id

    # --- helpers ---------------------------------------------------------------------------------

    def _listed(self, s: Session, stmt, model, day, year: int | None, unit_code: str | None):
        """`stmt` narrowed to live records this store sees, of `unit_code` and of `year` (by `day`) when given."""
        stmt = self._in_view(s, stmt.where(model.deleted.is_(False)), model)
        if unit_code:
            stmt = stmt.where(model.unit_code == unit_code)
        if year:
            stmt = stmt.where(day.between(date(year, 1, 1), date(year, 12, 31)))
        return stmt

    def _in_view(self, s: Session, stmt, model):
        """`stmt` narrowed to the units whose records this store shows (at a unit: itself and those under it)."""
        scope = self._scope(s)
        return stmt if scope is None else stmt.where(model.unit_code.in_(scope))

    def _scope(self, s: Session) -> frozenset[str] | None:
        """The units whose records this store shows: None at the province (all)."""
        unit = own_unit(self.ctx)
        if unit is None or self.may_write():
            return None
        from desktop.domain.unit_rules import subtree

        return subtree(s.execute(select(Unit.code, Unit.parent_code).where(Unit.deleted.is_(False))), unit) or \
            frozenset({unit})

    def _answer(self, obj: InspectionRecommendation | Reminder, result: str | None, done_on: date | str | None,
                today: date) -> None:
        data = clean({"result": result, "done_on": done_on})
        raise_if(validate_answer(data, today))
        apply_data(obj, data)  # a result longer than the field holds is refused there, by name

    def _received(self, s: Session, reminders: list[Reminder]) -> dict[str, datetime]:
        """When the province learned that each reminder reached its unit (see the module's docstring)."""
        from desktop.domain.unit_rules import subtree
        from desktop.models.sync import ImportedBundle, PeerDevice, SentBundle

        tracker = self.ctx.db.tracker
        if tracker is None or not reminders:
            return {}
        ids = [r.id for r in reminders]
        first: dict[str, int] = dict(s.execute(
            select(ChangeLog.record_id, func.min(ChangeLog.change_seq))
            .where(ChangeLog.device_id == tracker.device_id, ChangeLog.record_id.in_(ids))
            .group_by(ChangeLog.record_id)).all())
        edges = s.execute(select(Unit.code, Unit.parent_code).where(Unit.deleted.is_(False))).all()
        peers = s.execute(select(PeerDevice.device_id, PeerDevice.unit_code).where(PeerDevice.role == "unit")).all()
        # per device: for each applied-through number, the earliest ack carrying it (its change_seq_to)
        earliest: dict[str, dict[int, int]] = defaultdict(dict)
        for device, through, seq_to in s.execute(
                select(SentBundle.to_device_id, SentBundle.applied_through_bundle_seq,
                       func.min(SentBundle.change_seq_to))
                .where(SentBundle.kind == "ack").group_by(SentBundle.to_device_id,
                                                          SentBundle.applied_through_bundle_seq)):
            earliest[device][through] = seq_to
        imports: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
        for device, at, acked in s.execute(select(ImportedBundle.device_id, ImportedBundle.imported_at,
                                                  ImportedBundle.acked_bundle_seq)
                                           .where(ImportedBundle.acked_bundle_seq > 0)
                                           .order_by(ImportedBundle.imported_at)):
            imports[device].append((at, acked))
        subtrees = {unit: subtree(edges, unit or "") for unit in {unit for _device, unit in peers}}
        out: dict[str, datetime] = {}
        for r in reminders:
            seq = first.get(r.id)
            if seq is None:
                continue
            for device, unit in peers:
                if r.unit_code not in subtrees[unit]:
                    continue
                for at, acked in imports.get(device, ()):
                    if earliest[device].get(acked, -1) >= seq:
                        if r.id not in out or at < out[r.id]:
                            out[r.id] = at
                        break
        return out


def _recommendations_of(s: Session, ids: list[str]) -> dict[str, list[InspectionRecommendation]]:
    out: dict[str, list[InspectionRecommendation]] = defaultdict(list)
    if not ids:
        return out
    for r in s.scalars(select(InspectionRecommendation).where(
            InspectionRecommendation.deleted.is_(False), InspectionRecommendation.inspection_id.in_(ids))
            .order_by(InspectionRecommendation.due_date, InspectionRecommendation.id)):
        out[r.inspection_id].append(r)
    return out


def _recommendation_detail(r: InspectionRecommendation, today: date) -> RecommendationDetail:
    return RecommendationDetail(r.id, r.version, to_data(r),
                                recommendation_overdue(r.due_date, r.status, r.done_on, today),
                                answered(r.status, r.done_on))


def _reminder_row(r: Reminder, names: dict[str, str], received: datetime | None) -> ReminderRow:
    return ReminderRow(r.id, r.version, r.unit_code, names.get(r.unit_code, r.unit_code), to_data(r), received)


def _unit_names(s: Session) -> dict[str, str]:
    return dict(s.execute(select(Unit.code, Unit.name)).all())


def _same_unit(obj: Inspection | Reminder, unit_code: str) -> None:
    """A record already sent stays with its unit: the acks carry a unit's records only, so a record moved
    away would stay at the old unit for ever (and its answer be refused). Delete it and make a new one."""
    if obj.id is not None and obj.unit_code and obj.unit_code != unit_code:
        raise ValidationError([FieldProblem("unit_code", _(
            "Không đổi được đơn vị của văn bản đã lập (đơn vị cũ đã hoặc sẽ nhận nó). Hãy xóa văn bản này rồi lập "
            "văn bản mới cho đúng đơn vị."))])


def _known_unit(s: Session, code: str) -> None:
    if s.scalar(select(Unit.code).where(Unit.code == code, Unit.deleted.is_(False))) is None:
        raise AppError(_("Không có đơn vị mã {code} trong danh sách đơn vị.").format(code=code))
