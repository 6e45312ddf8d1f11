"""Refusals of a bundle (SYNC.md import steps 1–3), in Vietnamese, naming the file.

A refused bundle writes nothing. `code` is a short stable id that tests, the
CLI's `--json` report and the GUI can switch on; `message` is what the officer
reads: what is wrong, in which bundle file, and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.domain.messages import N_, tr


@dataclass(frozen=True)
class Problem:
    """One invalid record field (or a whole line when `field` is None)."""

    line: int
    record_id: str | None
    entity: str | None
    field: str | None
    message: str

    def text(self) -> str:
        """One line of the report: where, then what."""
        where = [tr("dòng {line}").format(line=self.line)]
        if self.entity:
            where.append(self.entity)
        if self.record_id:
            where.append(tr("mã {id}").format(id=self.record_id))
        if self.field:
            where.append(tr("trường “{field}”").format(field=self.field))
        return tr("{where}: {message}").format(where=", ".join(where), message=self.message)

    def as_dict(self) -> dict[str, Any]:
        """JSON form for `bundle import --json` and ack results."""
        return {"line": self.line, "id": self.record_id, "entity": self.entity,
                "field": self.field, "message": self.message}


class BundleRefused(Exception):
    """Whole bundle refused, nothing written.

    code: short stable id, e.g. "archive.bad_name", "envelope.newer_format",
    "envelope.bad_signature", "envelope.unknown_key", "envelope.hash_mismatch",
    "records.invalid". message: Vietnamese, names the bundle file and what the
    officer can do. problems: the invalid record fields, for "records.*".
    details: machine-readable extras (entry, fingerprint, device_id, line…).
    """

    def __init__(self, code: str, message: str, problems: list[Problem] | None = None,
                 **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.problems: list[Problem] = list(problems or [])
        self.details: dict[str, Any] = details

    def __str__(self) -> str:
        return self.message

    def report(self, max_problems: int = 50) -> str:
        """The message followed by the first problems, one a line (for the CLI and dialogs)."""
        lines = [self.message]
        lines.extend("  • " + p.text() for p in self.problems[:max_problems])
        rest = len(self.problems) - max_problems
        if rest > 0:
            lines.append(tr("  … và {n} lỗi khác").format(n=rest))
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """JSON form for `bundle import --json`."""
        details = {k: (v if isinstance(v, str | int | float | bool | type(None)) else str(v))
                   for k, v in self.details.items()}
        return {"code": self.code, "message": self.message, "details": details,
                "problems": [p.as_dict() for p in self.problems]}


# What the officer can do, shared by many refusals.
ASK_RESEND = N_(
    "Đề nghị đơn vị xuất lại gói bằng phần mềm Sổ Đối ngoại rồi gửi lại; không sửa tệp gói bằng tay."
)


def ask_resend() -> str:
    """The usual advice: the sender should export the bundle again."""
    return tr(ASK_RESEND)


__all__ = ["BundleRefused", "Problem", "ask_resend"]
