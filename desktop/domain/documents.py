"""The outgoing-document register (sổ văn bản đi): document types and the number's symbol.

Decree 30/2020/NĐ-CP, Appendix I: a document's number runs per issuing unit from
01 on 1 January, is given when the document is signed, and is written with a
leading zero under 10, followed by the type's abbreviation and the unit's:
"05/TTr-UBND".
"""

from __future__ import annotations

from .messages import N_

# abbreviation → Vietnamese name (Decree 30/2020, Appendix III); shown through tr()/_()
DOCUMENT_TYPES: dict[str, str] = {
    "TTr": N_("Tờ trình"),
    "CV": N_("Công văn"),
    "BC": N_("Báo cáo"),
    "KH": N_("Kế hoạch"),
    "DS": N_("Danh sách"),
    "QĐ": N_("Quyết định"),
    "TB": N_("Thông báo"),
    "ĐA": N_("Đề án"),
}
DEFAULT_UNIT_ABBREV = "UBND"


def document_symbol(number: int, doc_type: str, unit_abbrev: str = DEFAULT_UNIT_ABBREV) -> str:
    """The number and symbol as printed: `document_symbol(5, "TTr")` is "05/TTr-UBND"."""
    if number < 1:
        raise ValueError(f"document numbers start at 1, not {number}")
    if doc_type not in DOCUMENT_TYPES:
        raise ValueError(f"unknown document type {doc_type!r}")
    return f"{number:02d}/{doc_type}-{unit_abbrev or DEFAULT_UNIT_ABBREV}"
