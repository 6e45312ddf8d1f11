"""Helpers every register service shares: cleaning input, search, sorting, loading."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_
from sqlalchemy.orm import Session

from desktop.domain.text import fold, nfc
from desktop.errors import AppError, FieldProblem, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import Synced


@dataclass(frozen=True)
class ListQuery:
    """What a list screen asks for: filter text, sort column, one page."""

    search: str = ""
    sort: str = ""
    descending: bool = False
    offset: int = 0
    limit: int = 100
    unit_code: str | None = None


EVERYTHING = ListQuery()


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """NFC text, blank text as None: what the editor typed, ready to validate."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = nfc(value) or None
        out[key] = value
    return out


def search_filter(column: Any, text: str) -> Any | None:
    """Every folded word of `text` must occur in `column` (diacritics and đ ignored)."""
    words = fold(text).split()
    if not words:
        return None
    return and_(*[column.contains(w, autoescape=True) for w in words])


def sorted_page(stmt: Select, q: ListQuery, columns: dict[str, Any], default: str, tiebreak: Any) -> Select:
    """Order by a whitelisted column (then a stable key) and cut one page, in SQL."""
    column = columns.get(q.sort) or columns[default]
    return stmt.order_by(ordered(column, q.descending), tiebreak).offset(q.offset).limit(q.limit)


def ordered(column: Any, descending: bool) -> Any:
    """Blanks first going up, last going down, on every store (PostgreSQL's default is the reverse
    of SQLite's); SQLite still sorts through the index."""
    return column.desc().nulls_last() if descending else column.asc().nulls_first()


def load(session: Session, model: type[Synced], record_id: str, what: str) -> Any:
    """A live record or a readable NotFoundError."""
    obj = session.get(model, record_id)
    if obj is None or obj.deleted:
        raise NotFoundError(_("Không tìm thấy {what} (có thể đã bị xóa).").format(what=what))
    return obj


def check_version(obj: Synced, expected: int | None) -> None:
    """Refuse to overwrite a record someone else saved since the editor opened it."""
    if expected is not None and obj.version != expected:
        raise AppError(
            _("Bản ghi đã được sửa ở nơi khác sau khi bạn mở nó (phiên bản {now}, bạn mở phiên bản {was}). "
              "Nội dung bạn nhập vẫn còn; hãy sao chép lại rồi mở bản mới.").format(now=obj.version, was=expected)
        )


def cascade_deleted(parent: Synced, children: Iterable[Synced], deleted: bool) -> None:
    """Tombstone a record with the records under it, or undo exactly that delete.

    The tracker stamps everything changed in one flush with the same `updated_at`,
    so a restore brings back only the children deleted together with the parent,
    not those the user had deleted on their own before.
    """
    children = list(children)  # loaded before the parent changes: one flush, one stamp
    if parent.deleted == deleted:
        return
    deleted_at = parent.updated_at
    parent.deleted = deleted
    for child in children:
        if deleted and not child.deleted:
            child.deleted = True
        elif not deleted and child.deleted and child.updated_at == deleted_at:
            child.deleted = False


def raise_if(problems: list[Any]) -> None:
    """Turn domain field errors into a ValidationError."""
    if problems:
        raise ValidationError([FieldProblem(p.field, p.message) for p in problems])


_GC_LOCK = threading.Lock()
_GC_PAUSES = [0, False]  # how many bulk reads are running; whether the collector was on before the first


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector off during a bulk read (the yearly report's count makes
    some 100,000 small rows and tuples, none in a reference cycle): its full passes over the whole heap
    cost a quarter of the count, and reference counting frees those rows anyway. Several reads may
    overlap (threads); the collector is back on when the last one ends, if it was on before."""
    with _GC_LOCK:
        if _GC_PAUSES[0] == 0:
            _GC_PAUSES[1] = gc.isenabled()
            gc.disable()
        _GC_PAUSES[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_PAUSES[0] -= 1
            if _GC_PAUSES[0] == 0 and _GC_PAUSES[1]:
                gc.enable()
