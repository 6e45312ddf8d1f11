"""Rule settings and the working-day calendar, both editable by the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.domain import access
from desktop.domain.calendar import WorkingCalendar
from desktop.domain.rules import DEFAULT_RULES, RuleConfig
from desktop.domain.text import nfc
from desktop.errors import FieldProblem, ValidationError
from desktop.i18n import _
from desktop.models import CalendarDay, RuleSetting
from desktop.services.context import ServiceContext


@dataclass(frozen=True)
class RuleView:
    """One rule as the Settings screen lists it."""

    code: str
    title: str
    severity: str
    enabled: bool
    params: dict[str, Any]
    param_labels: dict[str, str]
    source: str
    edited: bool


@dataclass(frozen=True)
class CalendarDayView:
    """A day off or make-up working day entered by the user."""

    day: date
    kind: str
    note: str


class RuleService:
    """Reads and edits rule parameters and the calendar exceptions."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def config(self) -> RuleConfig:
        """The effective rule settings: defaults with the stored edits applied."""
        config = RuleConfig.defaults()
        with self.ctx.db.read() as s:
            for row in s.scalars(select(RuleSetting)):
                known = DEFAULT_RULES.get(row.code)
                if known is not None:  # settings of a rule or parameter this version no longer has are ignored
                    params = {k: v for k, v in dict(row.params).items() if k in known.params}
                    config = config.with_overrides(row.code, params, row.source, row.enabled)
        return config

    def list(self) -> list[RuleView]:
        """Every rule with its effective parameters and source."""
        config = self.config()
        with self.ctx.db.read() as s:
            edited = set(s.scalars(select(RuleSetting.code)))
        return [_view(d, config, d.code in edited) for d in DEFAULT_RULES.values()]

    def update(self, code: str, params: dict[str, Any], source: str, enabled: bool = True) -> RuleView:
        """Store new parameters for one rule: whole numbers 0–3650, lists drawn from the defaults."""
        self.ctx.require(access.RULES)
        if code not in DEFAULT_RULES:
            raise ValidationError([FieldProblem("code", _("Không có quy tắc {code}.").format(code=code))])
        config = self.config()
        current = {k: config.param(code, k) for k in DEFAULT_RULES[code].params}
        clean = _check_params(DEFAULT_RULES[code].params, current, params)
        source = nfc(source) or ""
        if not source:
            raise ValidationError([FieldProblem("source", _("Hãy ghi căn cứ pháp lý của quy tắc."))])
        with self.ctx.db.session() as s:
            row = s.get(RuleSetting, code) or RuleSetting(code=code)
            row.params, row.source, row.enabled = clean, source, enabled
            row.updated_by = self.ctx.officer()
            s.add(row)
            self.ctx.audit_in(s, "setting", "rule_setting", code, {
                "params": [current, clean], "source": source, "enabled": enabled})
        return next(r for r in self.list() if r.code == code)

    def restore_default(self, code: str) -> None:
        """Forget the edits of one rule."""
        self.ctx.require(access.RULES)
        with self.ctx.db.session() as s:
            row = s.get(RuleSetting, code)
            if row is not None:
                s.delete(row)
                self.ctx.audit_in(s, "setting", "rule_setting", code, {"params": [row.params, "default"]})

    def calendar(self) -> WorkingCalendar:
        """The working-day calendar with the user's days off and make-up days."""
        days = self.calendar_days()
        return WorkingCalendar(
            extra_days_off=[d.day for d in days if d.kind == "off"],
            makeup_working_days=[d.day for d in days if d.kind == "work"],
        )

    def calendar_days(self) -> list[CalendarDayView]:
        """The days the user entered, in date order."""
        with self.ctx.db.read() as s:
            rows = s.scalars(select(CalendarDay).order_by(CalendarDay.day)).all()
            return [CalendarDayView(r.day, r.kind, r.note) for r in rows]

    def set_calendar_day(self, day: date, kind: str, note: str = "") -> None:
        """Add or change a day off ("off") or make-up working day ("work")."""
        if kind not in ("off", "work"):
            raise ValidationError([FieldProblem("kind", _("Loại ngày không hợp lệ."))])
        if kind == "work" and day.weekday() < 5:
            raise ValidationError([FieldProblem("day", _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật."))])
        self.ctx.require(access.RULES)
        with self.ctx.db.session() as s:
            self.ctx.audit_in(s, "setting", "calendar_day", day.isoformat(), {"kind": kind, "note": note})
            row = s.get(CalendarDay, day) or CalendarDay(day=day)
            row.kind, row.note = kind, nfc(note) or ""
            s.add(row)

    def remove_calendar_day(self, day: date) -> None:
        """Forget a day the user entered."""
        self.ctx.require(access.RULES)
        with self.ctx.db.session() as s:
            self.ctx.audit_in(s, "setting", "calendar_day", day.isoformat(), {"kind": None})
            row = s.get(CalendarDay, day)
            if row is not None:
                s.delete(row)


def _check_params(defaults: dict[str, Any], current: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    # a misspelt key must not be dropped silently: the user would think it was saved
    problems = [FieldProblem(key, _("Quy tắc không có thông số «{key}».").format(key=key))
                for key in params if key not in defaults]
    clean: dict[str, Any] = {}
    for key, default in defaults.items():
        value = params.get(key, current[key])  # a parameter not given keeps its current value
        message = _param_problem(key, default, value)
        if message:
            problems.append(FieldProblem(key, message))
        else:
            clean[key] = value
    if problems:
        raise ValidationError(problems)
    return clean


def _param_problem(key: str, default: Any, value: Any) -> str | None:
    if isinstance(default, list):  # a choice among the default's values (R7: directions)
        if isinstance(value, list) and all(v in default for v in value):
            return None
        return _("Giá trị «{key}» chỉ được gồm: {values}.").format(key=key, values=", ".join(default))
    if isinstance(default, bool):
        return None if isinstance(value, bool) else _("Giá trị «{key}» phải là có hoặc không.").format(key=key)
    if isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3650:
            return None
        return _("Giá trị «{key}» phải là số nguyên từ 0 đến 3650.").format(key=key)
    if is_date_param(default):  # a day such as R13's "decree_313_from", stored as yyyy-mm-dd
        return None if is_date_param(value) else _("Giá trị «{key}» phải là một ngày (dd/mm/yyyy).").format(key=key)
    return None


def is_date_param(value: Any) -> bool:
    """Whether a rule parameter is a day written yyyy-mm-dd (edited with a date field)."""
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _view(defn: Any, config: RuleConfig, edited: bool) -> RuleView:
    params = {k: config.param(defn.code, k) for k in defn.params}
    return RuleView(defn.code, defn.title, defn.severity, config.enabled.get(defn.code, True),
                    params, dict(defn.param_labels), config.sources.get(defn.code, defn.source), edited)
