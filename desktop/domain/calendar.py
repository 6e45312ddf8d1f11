"""Vietnamese working-day calendar: Mon–Fri minus public holidays, plus announced swaps.

Working days of each year are computed once into a sorted list, so counting and
stepping over working days is a binary search instead of a day-by-day walk: the
dashboard asks for thousands of deadlines at a time.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache

from .messages import N_

# A message id like the holiday names: the UI shows holiday_name() through `_()`.
USER_DAY_OFF_NAME = N_("Ngày nghỉ bổ sung")
_SATURDAY = 5


def add_months(d: date, months: int) -> date:
    """Return `d` moved by whole calendar months, clamping the day (31/08 + 6 → 28/02 or 29/02)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last_day = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last_day))


@cache
def _public_holidays(year: int) -> tuple[Mapping[date, str], frozenset[date]]:
    """Vietnamese public holidays of `year` (date → name) and the weekend days made working.

    Cached per process: building the holidays table costs milliseconds and every
    calendar instance (one per request or screen) needs the same data.
    """
    import holidays  # loaded on first use: the start-up path shows no calendar yet

    table = holidays.country_holidays("VN", years=year, language="vi")
    names = dict(table.items())
    # The package keeps a few swaps of other years in this set; keep only `year`'s.
    swaps = frozenset(d for d in getattr(table, "weekend_workdays", ()) if d.year == year)
    return names, swaps


class WorkingCalendar:
    """Working days in a Vietnamese state office, with the user's own corrections.

    A day is working when it is Monday–Friday or an announced make-up working day,
    and is neither a public holiday nor a day off the user added.
    """

    def __init__(
        self,
        extra_days_off: Iterable[date] = (),
        makeup_working_days: Iterable[date] = (),
    ) -> None:
        """Build a calendar with the user's extra days off and make-up working days."""
        self._days_off = frozenset(extra_days_off)
        self._makeup = frozenset(makeup_working_days)
        self._years: dict[int, list[date]] = {}

    def is_working_day(self, d: date) -> bool:
        """Return True when `d` is a working day."""
        names, swaps = _public_holidays(d.year)
        if d in names or d in self._days_off:
            return False
        return d.weekday() < _SATURDAY or d in swaps or d in self._makeup

    def holiday_name(self, d: date) -> str | None:
        """Return the Vietnamese name of the holiday on `d`, or None on an ordinary day."""
        name = _public_holidays(d.year)[0].get(d)
        if name is None and d in self._days_off:
            return USER_DAY_OFF_NAME
        return name

    def add_working_days(self, d: date, n: int) -> date:
        """Return the `n`-th working day strictly after `d` (`d` itself when n == 0)."""
        _check_count(n)
        if n == 0:
            return d
        year = d.year
        days = self._working_days(year)
        index = bisect_right(days, d) + n - 1
        while index >= len(days):
            index -= len(days)
            year += 1
            days = self._working_days(year)
        return days[index]

    def subtract_working_days(self, d: date, n: int) -> date:
        """Return the `n`-th working day strictly before `d` (`d` itself when n == 0)."""
        _check_count(n)
        if n == 0:
            return d
        year = d.year
        days = self._working_days(year)
        index = bisect_left(days, d) - n
        while index < 0:
            year -= 1
            days = self._working_days(year)
            index += len(days)
        return days[index]

    def working_days_between(self, a: date, b: date) -> int:
        """Return how many working days lie in the half-open range [a, b) (0 when b <= a)."""
        if b <= a:
            return 0
        whole_years = sum(len(self._working_days(y)) for y in range(a.year, b.year))
        return whole_years - self._index_in_year(a) + self._index_in_year(b)

    def _index_in_year(self, d: date) -> int:
        """Number of working days of d's year that fall before `d`."""
        return bisect_left(self._working_days(d.year), d)

    def _working_days(self, year: int) -> list[date]:
        """Sorted working days of `year`, computed once per calendar instance."""
        days = self._years.get(year)
        if days is None:
            first = date(year, 1, 1)
            length = 366 if _stdlib_calendar.isleap(year) else 365
            every_day = (first + timedelta(days=i) for i in range(length))
            days = [d for d in every_day if self.is_working_day(d)]
            self._years[year] = days
        return days


def _check_count(n: int) -> None:
    """Refuse a negative count: callers pick add or subtract explicitly."""
    if n < 0:
        raise ValueError(f"Số ngày làm việc phải không âm (nhận được {n})")
