"""One reading of typed amounts for the whole program (editors and the Excel import)."""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.money import parse_amount


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["vi_VN", "en_GB", "en_US"]),
       st.sampled_from(["", " ₫", " đ", " VND", " đồng", "₫"]))
def test_an_amount_shown_in_any_language_reads_back(amount, locale, suffix):
    assert parse_amount(format_decimal(amount, locale=locale) + suffix) == amount


@pytest.mark.parametrize(("text", "value"), [
    ("1.250.000", 1_250_000), ("1,250,000", 1_250_000), ("1 250 000", 1_250_000), ("1250000", 1_250_000),
    ("1.250.000,00", 1_250_000), ("1,250,000.00", 1_250_000), ("185.000 USD", 185_000), ("USD 185,000", 185_000),
    ("  ", None), ("0", 0), ("1\u00a0250\u00a0000 ₫", 1_250_000),
])
def test_what_officers_type(text, value):
    assert parse_amount(text, "USD") == value


@pytest.mark.parametrize("text", ["1.5", "1,25", "12.34.567", "-5", "abc", "1.250,5", "1.250.000.00", "5 triệu"])
def test_what_is_not_a_whole_amount_is_refused_never_misread(text):
    with pytest.raises(ValueError):
        parse_amount(text)
