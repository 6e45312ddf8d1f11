"""Rules about a unit's own organisation of foreign-affairs work (directive 13/CT-UBND)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .facts import Finding
from .messages import N_, tr
from .rule_config import RuleConfig, RuleDefinition, register_rule

R15 = register_rule(
    RuleDefinition(
        code="R15",
        title=N_("Đơn vị chưa phân công cán bộ kiêm nhiệm công tác đối ngoại"),
        severity="warning",
        params={},
        param_labels={},
        source=N_("Chỉ thị số 13/CT-UBND ngày 26/4/2023 của UBND tỉnh Đắk Lắk"),
    )
)


@dataclass(frozen=True)
class UnitFacts:
    """What R15 needs to know about a unit in service."""

    id: str
    code: str
    name: str
    fa_officers: int


def evaluate_units(units: Iterable[UnitFacts], config: RuleConfig) -> list[Finding]:
    """R15: a warning for each unit with no designated part-time foreign-affairs officer."""
    if not config.is_enabled("R15"):
        return []
    source = tr(config.source("R15"))
    message = tr("{unit} chưa có cán bộ được phân công kiêm nhiệm công tác đối ngoại: "
                 "hãy đánh dấu «Cán bộ làm công tác đối ngoại» cho người được phân công.")
    return [Finding("R15", "warning", "unit", u.id, message.format(unit=u.name), source, field="is_fa_officer")
            for u in units if u.fa_officers == 0]


def subtree(edges: Iterable[tuple[str, str | None]], code: str) -> frozenset[str]:
    """`code` and every unit under it, from (unit, parent) pairs; empty when `code` is not among them.

    Retired units are included: their records stay theirs, in sync and in the yearly report.
    """
    children: dict[str, list[str]] = {}
    known: set[str] = set()
    for unit, parent in edges:
        known.add(unit)
        if parent:
            children.setdefault(parent, []).append(unit)
    if code not in known:
        return frozenset()
    out, todo = {code}, [code]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return frozenset(out)
