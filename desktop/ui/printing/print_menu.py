"""The "In / Xem trước" menu of a record, and the file name offered when saving a PDF."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from desktop.domain.text import fold
from desktop.i18n import N_, _

# What the saved file is called, by the document type of its form.
FILE_PREFIXES = {"TTr": "To-trinh", "CV": "Cong-van", "DS": "Danh-sach", "BC": "Bao-cao", "KH": "Ke-hoach",
                 "DA": "De-an", "ĐA": "De-an"}
MAX_SLUG = 60
# The register's "trích yếu" of a document made from each form; {title} starts in lower case.
SUMMARIES = {"delegation-request": N_("Xin phép cử {title}"), "guest-request": N_("Xin phép đón {title}"),
             "member-list": N_("Danh sách thành viên {title}"),
             "trip-report": N_("Báo cáo kết quả chuyến công tác của {title}"),
             "conference-plan": N_("Đề án tổ chức {title}")}


def slug(text: str) -> str:
    """'Đoàn xúc tiến cà phê tại Hàn Quốc' → 'doan-xuc-tien-ca-phe-tai-han-quoc' (at most 60 characters)."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(words) <= MAX_SLUG:
        return words
    cut = words[:MAX_SLUG]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def pdf_file_name(doc_type: str, form: str, title: str) -> str:
    """'To-trinh-doan-xuc-tien-ca-phe.pdf': the document's kind, then the record's title."""
    prefix = FILE_PREFIXES.get(doc_type) or form.capitalize()
    tail = slug(title)
    return f"{prefix}-{tail}.pdf" if tail else f"{prefix}.pdf"


def register_summary(form: str, form_title: str, title: str) -> str:
    """The summary entered in the outgoing register: "Xin phép cử đoàn công tác … tại Hàn Quốc"."""
    if form not in SUMMARIES:
        return f"{form_title}: {title}"
    return _(SUMMARIES[form]).format(title=title[:1].lower() + title[1:])


def forms_menu(parent: QWidget, forms: list, chosen: Callable[[str], None]) -> QMenu:
    """A menu with one entry per printable form (FormInfo); picking one calls `chosen(code)`."""
    menu = QMenu(parent)
    for info in forms:
        action = menu.addAction(_(info.title))
        action.setData(info.code)
        action.triggered.connect(lambda _checked=False, code=info.code: chosen(code))
    return menu
