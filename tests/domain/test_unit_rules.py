"""R15: every unit must have a designated part-time foreign-affairs officer."""

from __future__ import annotations

from desktop.domain.rules import RuleConfig
from desktop.domain.unit_rules import UnitFacts, evaluate_units


def test_a_unit_without_a_designated_officer_is_warned():
    units = [UnitFacts("u1", "DL-BMT", "Thành phố Buôn Ma Thuột", 0),
             UnitFacts("u2", "DL-EKA", "Huyện Ea Kar", 1)]
    found = evaluate_units(units, RuleConfig.defaults())
    assert [(f.rule, f.severity, f.record_id) for f in found] == [("R15", "warning", "u1")]
    assert "Thành phố Buôn Ma Thuột chưa có cán bộ" in found[0].message
    assert "13/CT-UBND" in found[0].source


def test_the_rule_can_be_switched_off():
    config = RuleConfig.defaults().with_overrides("R15", enabled=False)
    assert evaluate_units([UnitFacts("u1", "DL-BMT", "Thành phố Buôn Ma Thuột", 0)], config) == []
