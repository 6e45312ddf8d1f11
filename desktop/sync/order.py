"""SYNC.md import step 4, "Order": which bundle numbers a device still owes, said as ranges.

A held bundle waits for the numbers between what is applied and itself. Those are described by their
first and last missing numbers — never listed one by one: a hostile (or badly broken) manifest may
claim bundle number 2 000 000 000, and a list of the gap would then fill the memory and the message.
"""

from __future__ import annotations

from collections.abc import Iterable

Range = tuple[int, int]  # first and last missing number, both included
LISTED_MAX = 100  # `missing_seqs` lists at most this many numbers (the ranges always say all)


def gaps(applied: int, upto: int, present: Iterable[int] = ()) -> list[Range]:
    """The numbers above `applied` and below `upto` that are not `present` (held already), as ranges."""
    out: list[Range] = []
    start = applied + 1
    for n in sorted({p for p in present if applied < p < upto}):
        if n > start:
            out.append((start, n - 1))
        start = n + 1
    if start < upto:
        out.append((start, upto - 1))
    return out


def count(ranges: Iterable[Range]) -> int:
    """How many numbers the ranges hold."""
    return sum(last - first + 1 for first, last in ranges)


def listed(ranges: Iterable[Range], limit: int = LISTED_MAX) -> list[int]:
    """The first `limit` numbers of the ranges, in order (for reports that list them)."""
    out: list[int] = []
    for first, last in ranges:
        for n in range(first, min(last, first + limit - len(out) - 1) + 1):
            out.append(n)
        if len(out) >= limit:
            break
    return out


def text(ranges: Iterable[Range], group: str = "{first}–{last}") -> str:
    """"3, 5–9" (en dash between the first and last missing numbers of a range); "—" when none."""
    parts = [str(first) if first == last else group.format(first=first, last=last) for first, last in ranges]
    return ", ".join(parts) or "—"


def as_ranges(stored: Iterable) -> list[Range]:
    """Ranges from what a held bundle's row keeps: [[3, 7], [9, 9]] (or, from older rows, plain numbers)."""
    out: list[Range] = []
    for item in stored or ():
        if isinstance(item, list | tuple) and len(item) == 2:
            out.append((int(item[0]), int(item[1])))
        elif isinstance(item, int):
            out.append((item, item))
    return out


__all__ = ["gaps", "count", "listed", "text", "as_ranges", "Range", "LISTED_MAX"]
