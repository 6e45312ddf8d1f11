"""Small builders of rule facts for the domain tests."""

from dataclasses import replace
from datetime import date

from desktop.domain.calendar import WorkingCalendar
from desktop.domain.rules import DelegationFacts, MemberFacts, RuleConfig

# A trip starting the Monday two weeks after Tết 2026: 20 working days before is 26/01/2026.
START = date(2026, 3, 2)
END = date(2026, 3, 8)
R1_DEADLINE = date(2026, 1, 26)
CALENDAR = WorkingCalendar()
CONFIG = RuleConfig.defaults()


def member(**changes) -> MemberFacts:
    """An eligible officer with a good passport, changed by keyword."""
    base = MemberFacts(
        member_id="m-1",
        person_id="p-1",
        name="Nguyễn Văn An",
        role="member",
        unit_code="DL-BMT",
        passport_number="B1234567",
        passport_expiry=date(2030, 1, 1),
    )
    return replace(base, **changes)


def delegation(**changes) -> DelegationFacts:
    """An outbound draft delegation in the annual plan, changed by keyword."""
    base = DelegationFacts(
        id="d-1",
        direction="outbound",
        kind="promotion",
        title="Xúc tiến cà phê tại Hàn Quốc",
        start_date=START,
        end_date=END,
        status="draft",
        in_annual_plan=True,
        members=(member(),),
    )
    return replace(base, **changes)
