"""SYNC.md import step 3, "Records": every change line of a bundle judged before anything is written.

One streaming pass over `changes.jsonl` runs, for each line:

- the published JSON Schema (`schema.validate_change`: types, required fields, enums, dates in range);
- the order: `change_seq` rises strictly from line to line and stays within the manifest's
  `change_seq_from`…`change_seq_to`;
- the editor's checks of the register (`domain.record_checks`: an end before its start, "submitted"
  without a submission date …), on the values as the store would hold them;
- the authority rules (`authority.Authority`): what the signing device may write here.

Then, against the store: every reference names a record of the bundle or of the store, members
meet their delegation's direction, and the authority checks that need stored units and origins.
The result is two lists of problems, each (line, record, field, what is wrong): invalid records, and
records outside the sender's authority. Either refuses the whole bundle.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.domain.messages import tr
from desktop.domain.record_checks import DIRECTIONS, check_member, check_record
from desktop.domain.rule_config import RuleConfig
from desktop.sync import state
from desktop.sync.authority import Authority
from desktop.sync.bundle import OpenedBundle
from desktop.sync.errors import Problem

MAX_PROBLEMS = 1000
RESULT_STATUSES = ("applied", "unchanged", "conflict", "rejected")


@dataclass
class Verdict:
    """What step 3 found in a bundle."""

    invalid: list[Problem] = field(default_factory=list)
    breaches: list[Problem] = field(default_factory=list)


@dataclass
class _Pass:
    """What the pass over the lines keeps for the checks against the store."""

    wanted: dict[str, dict[str, tuple[int, str, str, str]]] = field(default_factory=lambda: defaultdict(dict))
    directions: dict[str, str] = field(default_factory=dict)  # delegation id → direction, of the bundle
    # members valid for one direction only: (line, id, delegation id, {direction: problems})
    members: list[tuple[int, str, str, dict[str, list[Problem]]]] = field(default_factory=list)


def check_bundle(db, b: OpenedBundle, authority: Authority, today: date, config: RuleConfig) -> Verdict:
    """Step 3 over the whole bundle: its records, their order, their references, the sender's authority."""
    verdict = Verdict()
    verdict.breaches.extend(authority.check_manifest())
    seen = _Pass()
    _lines(b, authority, verdict, seen, _sender_day(b.manifest, today), config)
    if len(verdict.invalid) >= MAX_PROBLEMS:
        return verdict
    if b.kind == "ack":
        verdict.invalid.extend(validate_results(b))
        verdict.invalid.extend(validate_rule_settings(b.manifest.get("rule_settings")))
    with db.read() as s:
        verdict.invalid.extend(_dangling(s, authority, seen.wanted))
        verdict.invalid.extend(_member_directions(s, seen))
        if not verdict.invalid:
            verdict.breaches.extend(authority.check_store(s))
    verdict.invalid.sort(key=lambda p: p.line)
    verdict.breaches.sort(key=lambda p: p.line)
    return verdict


def _sender_day(manifest: dict, today: date) -> date:
    """The day the bundle was made on the sender's clock, when later than ours: the editor judged
    "not in the future" there (an office PC's clock may run ahead)."""
    from desktop.sync.bundle import parse_created_at

    made = parse_created_at(manifest.get("created_at") or "")
    return max(today, made.date()) if made is not None else today


def _lines(b: OpenedBundle, authority: Authority, verdict: Verdict, seen: _Pass, today: date,
           config: RuleConfig) -> None:
    from desktop.sync.schema import references, validate_change

    m = b.manifest
    low, high = m.get("change_seq_from"), m.get("change_seq_to")
    last_seq = 0
    for line, change in b.changes():
        try:
            found = validate_change(line, change)
        except Exception:  # a validator bug must refuse the line, not crash the import
            found = [Problem(line, _text(change.get("id")), _text(change.get("entity")), None,
                             tr("bản ghi không đọc được"))]
        if not found:
            found = _order(line, change, last_seq, low, high)
            last_seq = max(last_seq, change["change_seq"])
        if not found:
            found = _editor_checks(line, change, today, config, seen)
        if found:
            verdict.invalid.extend(found)
            if len(verdict.invalid) >= MAX_PROBLEMS:
                return
            continue
        entity, rid, data = change["entity"], change["id"], change.get("data") or {}
        for fname, target in references(entity).items():
            value = data.get(fname)
            if isinstance(value, str) and value:
                seen.wanted[target].setdefault(value, (line, rid, entity, fname))
        authority.check_line(line, change)


def _order(line: int, change: dict, last_seq: int, low: Any, high: Any) -> list[Problem]:
    seq = change["change_seq"]
    rid, entity = change["id"], change["entity"]
    if seq <= last_seq:
        return [Problem(line, rid, entity, "change_seq", tr(
            "số thay đổi {seq} không lớn hơn số của dòng trước ({last}): các dòng phải theo thứ tự tăng dần, "
            "không lặp lại").format(seq=seq, last=last_seq))]
    if (isinstance(low, int) and seq < low) or (isinstance(high, int) and seq > high):
        return [Problem(line, rid, entity, "change_seq", tr(
            "số thay đổi {seq} nằm ngoài khoảng {low}–{high} mà manifest.json ghi").format(
                seq=seq, low=low if low is not None else "…", high=high if high is not None else "…"))]
    return []


def _editor_checks(line: int, change: dict, today: date, config: RuleConfig, seen: _Pass) -> list[Problem]:
    """The register's editor checks on an upsert (a tombstone's data was checked when it was saved)."""
    entity, rid = change["entity"], change["id"]
    if change["op"] != "upsert":
        return []
    data = _as_edited(entity, change.get("data") or {})
    found = [Problem(line, rid, entity, e.field, e.message) for e in check_record(entity, data, today, config)]
    if entity == "delegation" and isinstance(data.get("direction"), str):
        seen.directions[rid] = data["direction"]
    elif entity == "delegation_member":
        by_direction = {d: [Problem(line, rid, entity, e.field, e.message) for e in check_member(data, d)]
                        for d in DIRECTIONS}
        if any(by_direction.values()):
            seen.members.append((line, rid, str(data.get("delegation_id")), by_direction))
    return found


def _as_edited(entity: str, data: dict) -> dict[str, Any]:
    """The values an editor would hand to the checks: typed, NFC, blank text as None."""
    values = state.converter(entity).typed(data)
    return {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in values.items()}


def _member_directions(s, seen: _Pass) -> list[Problem]:
    """Members that do not fit their delegation's direction (an outbound member without an officer …)."""
    if not seen.members:
        return []
    from desktop.models import Delegation

    directions = dict(seen.directions)
    outside = [d for _l, _r, d, _p in seen.members if d not in directions]
    for part in state.chunks(sorted(set(outside))):
        directions.update(s.execute(select(Delegation.id, Delegation.direction).where(Delegation.id.in_(part))).all())
    problems: list[Problem] = []
    for _line, _rid, delegation, by_direction in seen.members:
        problems.extend(by_direction.get(directions.get(delegation, ""), ()))
    return problems


def _dangling(s, authority: Authority, wanted: dict[str, dict[str, tuple]]) -> list[Problem]:
    """References to a record neither in the bundle (the lines the authority pass kept) nor in the store."""
    problems: list[Problem] = []
    for target, refs in wanted.items():
        outside = [v for v in refs if getattr(authority.lines.get(v), "entity", None) != target]
        if not outside or target not in state.SYNCED_MODELS:
            continue
        table = state.table_of(target)
        present: set[str] = set()
        for part in state.chunks(outside):
            present.update(s.scalars(select(table.c.id).where(table.c.id.in_(part))))
        for value in outside:
            if value not in present:
                line, rid, entity, fname = refs[value]
                problems.append(Problem(line, rid, entity, fname, tr(
                    "trỏ tới bản ghi {target} mã {value} không có trong gói lẫn trong cơ sở dữ liệu")
                    .format(target=target, value=value)))
    return problems


def validate_results(b: OpenedBundle) -> list[Problem]:
    """An ack's `results.jsonl`: each line an id, a known entity, a version, a status and a reason."""
    problems: list[Problem] = []
    for line, r in b.results():
        rid = r.get("id")
        for fname, ok in (("id", isinstance(rid, str) and bool(rid)),
                          ("entity", r.get("entity") in state.SYNCED_MODELS),
                          ("version", isinstance(r.get("version"), int) and not isinstance(r.get("version"), bool)),
                          ("status", r.get("status") in RESULT_STATUSES),
                          ("reason", r.get("reason") is None or isinstance(r.get("reason"), str))):
            if not ok:
                problems.append(Problem(line, _text(rid), _text(r.get("entity")), fname,
                                        tr("giá trị không hợp lệ trong kết quả nhập")))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def validate_rule_settings(settings: Any) -> list[Problem]:
    """The ack manifest's `rule_settings`: known rules, known parameters of the default's type."""
    from desktop.domain.rule_config import DEFAULT_RULES

    if settings is None:
        return []
    if not isinstance(settings, list):
        return [Problem(0, None, "rule_setting", "rule_settings", tr("phải là một danh sách"))]
    problems = []
    for item in settings:
        code = item.get("code") if isinstance(item, dict) else None
        known = DEFAULT_RULES.get(code) if isinstance(code, str) else None
        if known is None:
            problems.append(Problem(0, _text(code), "rule_setting", "code", tr("quy tắc không có trong phần mềm")))
            continue
        if item.get("default") is True:
            continue
        params = item.get("params")
        ok = (isinstance(item.get("enabled"), bool) and isinstance(item.get("source"), str)
              and isinstance(params, dict) and all(k in known.params and _same_kind(v, known.params[k])
                                                    for k, v in params.items()))
        if not ok:
            problems.append(Problem(0, code, "rule_setting", "params", tr("tham số của quy tắc không hợp lệ")))
    return problems


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return type(value) is type(default)
    if isinstance(default, int):
        return isinstance(value, int) and 0 <= value <= 3650
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def _text(value: Any) -> str | None:
    return value[:80] if isinstance(value, str) else None


__all__ = ["check_bundle", "Verdict", "validate_results", "validate_rule_settings", "MAX_PROBLEMS"]
