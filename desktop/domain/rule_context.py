"""What every rule check reads: the delegation's facts, the settings, the calendar, today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .calendar import WorkingCalendar
from .facts import DelegationFacts, Finding, MemberFacts
from .messages import tr
from .rule_config import RuleConfig

INACTIVE = ("cancelled", "rejected")


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule check reads, passed as one value."""

    facts: DelegationFacts
    config: RuleConfig
    calendar: WorkingCalendar
    today: date

    @property
    def active(self) -> bool:
        """False for cancelled or rejected requests, which no rule concerns."""
        return self.facts.status not in INACTIVE

    @property
    def outbound_active(self) -> bool:
        """True for an outbound request still going ahead."""
        return self.active and self.facts.direction == "outbound"

    @property
    def trip(self) -> tuple[date, date] | None:
        """First and last day of the trip (a one-day trip when the end is missing)."""
        start, end = self.facts.start_date, self.facts.end_date
        if start is None:
            return None
        return start, end or start

    @property
    def label(self) -> str:
        """How messages name the delegation at the start of a sentence ("Đoàn này" before
        the title is typed, never empty quotes)."""
        if not (self.facts.title or "").strip():
            return tr("Đoàn này")
        return tr("Đoàn “{title}”").format(title=self.facts.title)

    @property
    def inline_label(self) -> str:
        """How messages name the delegation inside a sentence."""
        if not (self.facts.title or "").strip():
            return tr("đoàn này")
        return tr("đoàn “{title}”").format(title=self.facts.title)

    def finding(self, code: str, severity: str, message: str, **extra: Any) -> Finding:
        """A finding about the delegation itself, with the configured source."""
        return Finding(
            code, severity, "delegation", self.facts.id, message, self.source(code), **extra
        )

    def source(self, code: str) -> str:
        """The rule's legal source; the default citation is translated, a user's own text is kept."""
        return tr(self.config.source(code))

    def member_finding(
        self, code: str, severity: str, member: MemberFacts, message: str, **extra: Any
    ) -> Finding:
        """A finding about one member; an unsaved member is reported on the delegation."""
        entity, record = (
            ("delegation_member", member.member_id)
            if member.member_id
            else ("delegation", self.facts.id)
        )
        return Finding(
            code,
            severity,
            entity,
            record,
            message,
            self.source(code),
            field="members",
            person_id=member.person_id,
            **extra,
        )
