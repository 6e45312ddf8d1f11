"""Field values of the conflict view: shown as the officer reads them, read back into bundle form."""

from __future__ import annotations

import pytest

from desktop.errors import AppError
from desktop.ui.sync.values import FieldView


def test_money_shows_with_dots_and_reads_back():
    money = FieldView("cost_estimate_vnd", "Dự toán", "money")
    assert money.show(1_250_000_000) == "1.250.000.000"
    assert money.parse("1.300.000.000 ₫", 1) == 1_300_000_000
    with pytest.raises(AppError, match="không phải là số"):
        money.parse("một tỷ", 1)


def test_enum_by_label_or_value():
    status = FieldView("status", "Trạng thái", "enum", "status")
    assert status.show("approved") == "Đã được cho phép"
    assert status.parse(status.show("approved"), "draft") == "approved"
    assert status.parse("approved", "draft") == "approved"
    with pytest.raises(AppError, match="không có lựa chọn"):
        status.parse("Đã bay", "draft")


def test_booleans_dates_and_empty_values():
    flag = FieldView("in_annual_plan", "Trong kế hoạch năm", "bool")
    assert (flag.show(True), flag.show(False)) == ("Có", "Không")
    assert flag.parse("không", True) is False and flag.parse("Có", False) is True
    day = FieldView("start_date", "Ngày đi", "date")
    assert day.show("2026-02-05") == "05/02/2026"
    assert day.parse("05/02/2026", None) == day.parse("2026-02-05", None) == "2026-02-05"
    assert day.parse("", "2026-02-05") is None
    assert FieldView("countries", "Quốc gia", "country").parse("", ["KR"]) == []


def test_unknown_fields_stay_raw():
    raw = FieldView("notes", "notes")
    assert raw.show({"a": 1}) == '{"a": 1}'
    assert raw.parse('{"a": 2}', {}) == {"a": 2}
    assert raw.parse("Ghi chú", None) == "Ghi chú"
