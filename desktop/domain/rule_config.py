"""Rule registry and settings: each rule's default parameters, labels and legal source.

Every number in DOMAIN.md's rules table is a default the user can change; the
Settings screen edits a `RuleConfig` built from `DEFAULT_RULES`, and the rule
logic (rules.py) reads numbers only from that config.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from .messages import N_

SEVERITIES = ("blocking", "warning", "reminder", "overdue")


@dataclass(frozen=True)
class RuleDefinition:
    """A rule's identity, default severity, default parameters and legal source.

    `title`, `param_labels` and `source` are Vietnamese message ids (marked with N_):
    show them through the translator (`_()` in the UI, `tr()` in the domain).
    """

    code: str
    title: str
    severity: str
    params: dict = field(hash=False)
    param_labels: dict = field(hash=False)
    source: str


DEFAULT_RULES: dict[str, RuleDefinition] = {}


def register_rule(rule: RuleDefinition) -> RuleDefinition:
    """Add a rule to DEFAULT_RULES (later registers extend the registry the same way)."""
    if rule.severity not in SEVERITIES:
        raise ValueError(f"unknown severity {rule.severity!r} for {rule.code}")
    DEFAULT_RULES[rule.code] = rule
    return rule


register_rule(
    RuleDefinition(
        code="R1",
        title=N_("Thời hạn gửi hồ sơ xin phép đoàn ra"),
        severity="warning",
        params={"lead_working_days": 20, "notice_working_days": 10},
        param_labels={
            "lead_working_days": N_("Số ngày làm việc nộp hồ sơ trước ngày khởi hành"),
            "notice_working_days": N_("Nhắc trước hạn nộp (ngày làm việc)"),
        },
        source=N_(
            "Thủ tục NV-CPRD-01 tỉnh Đắk Lắk: thời hạn giải quyết 20 ngày làm việc "
            "kể từ ngày nhận đủ hồ sơ hợp lệ"
        ),
    )
)
register_rule(
    RuleDefinition(
        code="R2",
        title=N_("Thời hạn gửi hồ sơ xin phép đón đoàn vào"),
        severity="warning",
        params={"lead_working_days": 5, "notice_working_days": 10},
        param_labels={
            "lead_working_days": N_("Số ngày làm việc nộp hồ sơ trước ngày đoàn đến"),
            "notice_working_days": N_("Nhắc trước hạn nộp (ngày làm việc)"),
        },
        source=N_("Thực tiễn của tỉnh (tham khảo quy định của tỉnh Bắc Giang)"),
    )
)
register_rule(
    RuleDefinition(
        code="R4",
        title=N_("Thành viên đang chịu kỷ luật hoặc đang bị xem xét kỷ luật"),
        severity="blocking",
        params={
            "months_reprimand": 12,
            "months_warning": 12,
            "months_demotion": 24,
            "months_dismissal": 24,
        },
        param_labels={
            "months_reprimand": N_("Thời hạn kỷ luật khiển trách (tháng)"),
            "months_warning": N_("Thời hạn kỷ luật cảnh cáo (tháng)"),
            "months_demotion": N_("Thời hạn kỷ luật giáng chức (tháng)"),
            "months_dismissal": N_("Thời hạn kỷ luật cách chức (tháng)"),
        },
        source=N_(
            "Quy định của Đảng về việc cử đảng viên đi nước ngoài; "
            "Chỉ thị số 13/CT-UBND ngày 26/4/2023 của UBND tỉnh Đắk Lắk"
        ),
    )
)
register_rule(
    RuleDefinition(
        code="R5",
        title=N_("Số chuyến công tác nước ngoài của một người trong năm"),
        severity="warning",
        params={"max_trips_per_year": 2},
        param_labels={"max_trips_per_year": N_("Số chuyến tối đa mỗi người mỗi năm")},
        source=N_("Quy định của các tỉnh, thành phố (Hà Nội, TP. Hồ Chí Minh, Bình Dương)"),
    )
)
register_rule(
    RuleDefinition(
        code="R6",
        title=N_("Hai lãnh đạo chủ chốt của một đơn vị cùng đi một đoàn"),
        severity="warning",
        params={"max_key_leaders_per_unit": 1},
        param_labels={"max_key_leaders_per_unit": N_("Số lãnh đạo chủ chốt tối đa của một đơn vị")},
        source=N_("Quy định của các tỉnh, thành phố (Hà Nội, TP. Hồ Chí Minh, Bình Dương)"),
    )
)
register_rule(
    RuleDefinition(
        code="R7",
        title=N_("Đoàn ngoài kế hoạch đối ngoại hằng năm"),
        severity="warning",
        params={"directions": ["outbound", "inbound"]},
        param_labels={"directions": N_("Áp dụng cho (đoàn ra, đoàn vào)")},
        source=N_("Chỉ thị số 38-CT/TW của Ban Bí thư"),
    )
)
register_rule(
    RuleDefinition(
        code="R8",
        title=N_("Báo cáo kết quả chuyến công tác sau khi về nước"),
        severity="reminder",
        params={"report_due_days": 15},
        param_labels={"report_due_days": N_("Hạn nộp báo cáo sau ngày về (ngày)")},
        source=N_(
            "Thông tư số 03/2023/TT-BNV (chuyến đi đào tạo, bồi dưỡng); quy định chung của các tỉnh"
        ),
    )
)
register_rule(
    RuleDefinition(
        code="R9",
        title=N_("Hộ chiếu của thành viên còn hạn sau ngày về"),
        severity="warning",
        params={"valid_months_after_return": 6},
        param_labels={"valid_months_after_return": N_("Hộ chiếu còn hạn sau ngày về (tháng)")},
        source=N_("Quy định nhập cảnh thông thường của các nước"),
    )
)


@dataclass(frozen=True)
class RuleConfig:
    """Effective rule settings: parameters, legal source and on/off switch per rule code."""

    params: Mapping[str, Mapping[str, Any]]
    sources: Mapping[str, str]
    enabled: Mapping[str, bool]

    @classmethod
    def defaults(cls) -> RuleConfig:
        """Return the settings of DEFAULT_RULES, every rule enabled."""
        return cls(
            params=MappingProxyType({c: dict(r.params) for c, r in DEFAULT_RULES.items()}),
            sources=MappingProxyType({c: r.source for c, r in DEFAULT_RULES.items()}),
            enabled=MappingProxyType(dict.fromkeys(DEFAULT_RULES, True)),
        )

    def param(self, code: str, key: str) -> Any:
        """Return a rule parameter, falling back to the rule's default."""
        params = self.params.get(code, {})
        return params[key] if key in params else DEFAULT_RULES[code].params[key]

    def source(self, code: str) -> str:
        """Return the rule's legal source, falling back to the default citation."""
        return self.sources.get(code) or DEFAULT_RULES[code].source

    def is_enabled(self, code: str) -> bool:
        """Return whether the rule is switched on (unknown to the settings = on)."""
        return self.enabled.get(code, True)

    def with_overrides(
        self,
        code: str,
        params: Mapping[str, Any] | None = None,
        source: str | None = None,
        enabled: bool | None = None,
    ) -> RuleConfig:
        """Return a copy with one rule's parameters (merged), source or switch changed.

        Raises KeyError for a rule or parameter the registry does not know, so a
        typo in stored settings is loud; callers loading settings of a newer
        version should skip unknown codes.
        """
        rule = DEFAULT_RULES[code]
        for key in params or {}:
            if key not in rule.params:
                raise KeyError(f"{code} has no parameter {key!r}")
        merged = {**self.params.get(code, {}), **(params or {})}
        return replace(
            self,
            params=_updated(self.params, code, merged),
            sources=_updated(self.sources, code, source) if source is not None else self.sources,
            enabled=_updated(self.enabled, code, enabled) if enabled is not None else self.enabled,
        )


def _updated(mapping: Mapping[str, Any], key: str, value: Any) -> Mapping[str, Any]:
    """Read-only copy of `mapping` with one key set; configs are shared, so never mutate."""
    return MappingProxyType({**mapping, key: value})
