import pytest

from desktop.domain.rules import DEFAULT_RULES, SEVERITIES, RuleConfig


def test_registry_holds_the_first_rules():
    assert set(DEFAULT_RULES) >= {"R1", "R2", "R4", "R5", "R6", "R7", "R8", "R9"}


@pytest.mark.parametrize("code", sorted(DEFAULT_RULES))
def test_each_rule_is_documented(code):
    rule = DEFAULT_RULES[code]
    assert rule.code == code
    assert rule.severity in SEVERITIES
    assert rule.title and rule.source
    assert set(rule.param_labels) == set(rule.params)


def test_documented_defaults():
    assert DEFAULT_RULES["R1"].params["lead_working_days"] == 20
    assert DEFAULT_RULES["R2"].params["lead_working_days"] == 5
    assert DEFAULT_RULES["R4"].severity == "blocking"
    assert DEFAULT_RULES["R5"].params["max_trips_per_year"] == 2
    assert DEFAULT_RULES["R8"].params["report_due_days"] == 15
    assert DEFAULT_RULES["R9"].params["valid_months_after_return"] == 6


def test_param_falls_back_to_default():
    config = RuleConfig(params={}, sources={}, enabled={})
    assert config.param("R1", "lead_working_days") == 20
    assert config.source("R1") == DEFAULT_RULES["R1"].source
    assert config.is_enabled("R1")


def test_with_overrides_merges_and_leaves_the_original_alone():
    base = RuleConfig.defaults()
    changed = base.with_overrides(
        "R1", params={"lead_working_days": 15}, source="Quyết định mới", enabled=False
    )
    assert changed.param("R1", "lead_working_days") == 15
    assert changed.param("R1", "notice_working_days") == 10
    assert changed.sources["R1"] == "Quyết định mới"
    assert changed.enabled["R1"] is False
    assert base.param("R1", "lead_working_days") == 20
    assert base.enabled["R1"] is True
    assert DEFAULT_RULES["R1"].params["lead_working_days"] == 20


def test_with_overrides_refuses_unknown_names():
    with pytest.raises(KeyError):
        RuleConfig.defaults().with_overrides("R99", params={})
    with pytest.raises(KeyError):
        RuleConfig.defaults().with_overrides("R1", params={"lead_days": 3})
