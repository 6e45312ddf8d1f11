"""Properties of the working-day calendar, checked on random dates around the holidays data."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.calendar import WorkingCalendar

CAL = WorkingCalendar(
    extra_days_off=[date(2026, 3, 2), date(2027, 12, 31)],
    makeup_working_days=[date(2026, 3, 7), date(2028, 1, 8)],
)
DAY = timedelta(days=1)
dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=400)


@settings(max_examples=300)
@given(dates, counts)
def test_add_lands_on_the_nth_working_day(d, n):
    result = CAL.add_working_days(d, n)
    if n:
        assert result > d and CAL.is_working_day(result)
    assert CAL.working_days_between(d + DAY, result + DAY) == n


@settings(max_examples=300)
@given(dates, st.integers(min_value=1, max_value=400))
def test_add_then_subtract_gives_the_last_working_day_not_after(d, n):
    back = CAL.subtract_working_days(CAL.add_working_days(d, n), n)
    assert back <= d and CAL.is_working_day(back)
    assert CAL.working_days_between(back + DAY, d + DAY) == 0
    if CAL.is_working_day(d):
        assert back == d


@settings(max_examples=200)
@given(dates, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_between_is_additive_and_matches_a_day_by_day_count(a, gap1, gap2):
    b, c = a + timedelta(days=gap1), a + timedelta(days=gap1 + gap2)
    assert CAL.working_days_between(a, c) == (
        CAL.working_days_between(a, b) + CAL.working_days_between(b, c)
    )
    naive = sum(CAL.is_working_day(a + timedelta(days=i)) for i in range(gap1 + gap2))
    assert CAL.working_days_between(a, c) == naive
