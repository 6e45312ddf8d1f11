"""Demo dossiers: what lets the showcase's requests be submitted, as an officer would have done it.

Each request about to be submitted gets its tờ trình / công văn (and, outbound,
its member list) entered in the outgoing-document register and signed on the
filing day — signed in date order, so each year's numbers run 01, 02 … as the
days go by — and the remaining items (invitation, programme …) marked as
supplied on paper. Requests left as drafts keep their checklist open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

SIGNER = "Trần Đức Hải"  # the chair of the demo unit (demo.PEOPLE)
PAPER_NOTE = "Bản giấy nộp kèm tờ trình"
FORMS = {
    "outbound": (("delegation-request", "TTr", "Xin phép cử {title}"),
                 ("member-list", "DS", "Danh sách thành viên {title}")),
    "inbound": (("guest-request", "CV", "Xin phép {title}"),),
}


def file_dossiers(services: Any, requests: list[tuple[str, dict[str, Any]]]) -> None:
    """Complete the dossier of each (delegation id, data) with a filing date `submitted_on`."""
    signing: list[tuple[date, int, str]] = []  # (day, order entered, id): a request before its list
    for delegation_id, data in requests:
        for form, doc_type, summary in FORMS[data["direction"]]:
            row = services.documents.create(doc_type, summary.format(title=_lower_first(data["title"])),
                                            form, "delegation", delegation_id)
            signing.append((data["submitted_on"], len(signing), row.id))
    for day, _order, document_id in sorted(signing):
        services.documents.mark_signed(document_id, day, SIGNER)
    for delegation_id, _data in requests:
        for item in services.dossier.missing(delegation_id):
            services.dossier.mark_paper(delegation_id, item.key, True, PAPER_NOTE)


def _lower_first(title: str) -> str:
    """"Đoàn công tác …" → "đoàn công tác …", to follow "Xin phép cử"."""
    return title[:1].lower() + title[1:]
