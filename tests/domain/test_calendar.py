import time
from datetime import date, timedelta

import pytest

from desktop.domain.calendar import USER_DAY_OFF_NAME, WorkingCalendar, add_months


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.mark.parametrize("day", [16, 17, 18, 19, 20])
def test_tet_2026_is_off(cal, day):
    d = date(2026, 2, day)
    assert not cal.is_working_day(d)
    assert cal.holiday_name(d) is not None


def test_tet_2026_edges(cal):
    assert cal.is_working_day(date(2026, 2, 13))  # Friday before Tết
    assert cal.is_working_day(date(2026, 2, 23))  # Monday after
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert cal.subtract_working_days(date(2026, 2, 23), 1) == date(2026, 2, 13)
    assert cal.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"


@pytest.mark.parametrize("day", [4, 5, 8, 9, 10])
def test_tet_2027_weekdays_are_off(cal, day):
    assert not cal.is_working_day(date(2027, 2, day))


def test_tet_2027_spans_a_week(cal):
    assert cal.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)
    # Mon 1 – Wed 3, then Thu 11 – Fri 12.
    assert cal.working_days_between(date(2027, 2, 1), date(2027, 2, 15)) == 5


def test_compensatory_days_off(cal):
    # Giỗ Tổ 2026 falls on a Sunday; Labour Day 2027 on a Saturday.
    assert not cal.is_working_day(date(2026, 4, 27))
    assert "nghỉ bù" in cal.holiday_name(date(2026, 4, 27))
    assert not cal.is_working_day(date(2027, 5, 3))


def test_announced_swap_makes_a_saturday_working(cal):
    # 2026: Monday 31/08 off, in exchange for working Saturday 22/08.
    assert not cal.is_working_day(date(2026, 8, 31))
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 29))


def test_ordinary_weekend_and_weekday(cal):
    assert not cal.is_working_day(date(2026, 3, 7))
    assert cal.is_working_day(date(2026, 3, 9))
    assert cal.holiday_name(date(2026, 3, 9)) is None


def test_user_extra_day_off():
    cal = WorkingCalendar(extra_days_off=[date(2026, 3, 2)])
    assert not cal.is_working_day(date(2026, 3, 2))
    assert cal.holiday_name(date(2026, 3, 2)) == USER_DAY_OFF_NAME
    assert cal.add_working_days(date(2026, 2, 27), 1) == date(2026, 3, 3)


def test_user_makeup_saturday():
    saturday = date(2026, 3, 7)
    cal = WorkingCalendar(makeup_working_days=[saturday])
    assert cal.is_working_day(saturday)
    assert cal.add_working_days(date(2026, 3, 6), 1) == saturday
    assert cal.working_days_between(date(2026, 3, 2), date(2026, 3, 9)) == 6


def test_makeup_day_does_not_override_a_public_holiday():
    cal = WorkingCalendar(makeup_working_days=[date(2026, 2, 17)])
    assert not cal.is_working_day(date(2026, 2, 17))


def test_twenty_working_days_before_tet_spans_five_weeks(cal):
    start = date(2026, 3, 2)  # Monday, the second week after Tết
    deadline = cal.subtract_working_days(start, 20)
    assert deadline == date(2026, 1, 26)
    assert (start - deadline).days == 35
    assert cal.working_days_between(deadline, start) == 20
    # Without Tết the same lead time is four calendar weeks.
    assert WorkingCalendar().subtract_working_days(date(2026, 6, 1), 20) == date(2026, 5, 4)


def test_zero_days_returns_the_date_itself(cal):
    tet = date(2026, 2, 17)
    assert cal.add_working_days(tet, 0) == tet
    assert cal.subtract_working_days(tet, 0) == tet


def test_negative_count_is_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 1, 5), -1)
    with pytest.raises(ValueError):
        cal.subtract_working_days(date(2026, 1, 5), -1)


def test_steps_across_new_year(cal):
    assert cal.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert cal.subtract_working_days(date(2027, 1, 4), 1) == date(2026, 12, 31)
    assert cal.working_days_between(date(2026, 12, 31), date(2027, 1, 4)) == 1


def test_long_steps_across_years(cal):
    start = date(2025, 6, 2)
    far = cal.add_working_days(start, 700)
    assert far.year == 2028
    assert cal.working_days_between(start + timedelta(days=1), far + timedelta(days=1)) == 700
    assert cal.subtract_working_days(far, 700) == start


def test_working_days_between_half_open(cal):
    monday, friday = date(2026, 3, 2), date(2026, 3, 6)
    assert cal.working_days_between(monday, friday) == 4
    assert cal.working_days_between(monday, monday) == 0
    assert cal.working_days_between(friday, monday) == 0


def test_thousands_of_deadlines_are_fast():
    cal = WorkingCalendar()
    starts = [date(2024, 1, 1) + timedelta(days=i % 1500) for i in range(5000)]
    began = time.perf_counter()
    for start in starts:
        cal.subtract_working_days(start, 20)
    assert time.perf_counter() - began < 1.0


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 8), 6, date(2026, 9, 8)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 1, 31), -2, date(2025, 11, 30)),
        (date(2025, 3, 3), 12, date(2026, 3, 3)),
    ],
)
def test_add_months_clamps_the_day(start, months, expected):
    assert add_months(start, months) == expected
