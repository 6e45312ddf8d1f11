"""The dossier of a request: which documents it needs and which of them are still missing.

Outbound (Đắk Lắk procedure NV-CPRD-01 and provincial practice): the request
(tờ trình) of the head of the unit; the purpose and programme of the trip; the
invitation with its Vietnamese translation; the member list; a cost estimate
when the state budget pays; the Party committee's opinion when a chair or
vice-chair of a People's Committee goes (a key leader stands for them); three
copies. Inbound: the request, the guests' passport copies and the programme.

Each item is satisfied by a generated document (a register entry made from the
item's printed form), an attachment of the item's kind, or a mark that it was
supplied on paper — checked in that order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .messages import N_, tr
from .rule_config import RuleDefinition, register_rule
from .validation import enum_label

ATTACHMENT_KINDS: dict[str, str] = {
    "invitation": N_("Thư mời"),
    "invitation_translation": N_("Bản dịch thư mời"),
    "programme": N_("Chương trình"),
    "passport": N_("Hộ chiếu"),
    "cost_estimate": N_("Dự toán kinh phí"),
    "party_opinion": N_("Ý kiến của cấp ủy"),
    "other": N_("Khác"),
}
STATE_FUNDED = ("state_budget", "mixed")
STATES = ("missing", "generated", "attached", "paper", "info")

DOSSIER_RULE = register_rule(
    RuleDefinition(
        code="D1",
        title=N_("Hồ sơ xin phép phải đủ thành phần trước khi gửi"),
        severity="blocking",
        params={},
        param_labels={},
        source=N_("Thủ tục NV-CPRD-01 tỉnh Đắk Lắk (thành phần hồ sơ)"),
    )
)


@dataclass(frozen=True)
class Requirement:
    """One item of a dossier and what can satisfy it: a printed form, an attachment kind."""

    key: str
    title: str  # message id, translated where shown
    form: str | None = None
    kind: str | None = None
    required: bool = True


@dataclass(frozen=True)
class DossierFacts:
    """What the checklist needs to know about a delegation, as plain values.

    `documents` maps a form code to the label of its register entry ("05/TTr-UBND"),
    `attachments` an attachment kind to its file names, `paper` an item key to the
    note of its "supplied on paper" mark.
    """

    direction: str
    funding: str | None = None
    key_leader: bool = False
    documents: Mapping[str, str] = field(default_factory=dict)
    attachments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    paper: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChecklistEntry:
    """One line of the checklist: the item, whether it is required, how it stands."""

    key: str
    title: str
    required: bool
    state: str  # one of STATES
    detail: str


REQUEST_OUT = Requirement("request", N_("Tờ trình xin phép cử đoàn ra"), form="delegation-request")
PROGRAMME_OUT = Requirement("programme", N_("Mục đích và chương trình chuyến công tác"), kind="programme")
INVITATION = Requirement("invitation", N_("Thư mời của phía nước ngoài"), kind="invitation")
TRANSLATION = Requirement("invitation_translation", N_("Bản dịch tiếng Việt của thư mời"),
                          kind="invitation_translation")
MEMBER_LIST = Requirement("member_list", N_("Danh sách thành viên đoàn"), form="member-list")
COST_ESTIMATE = Requirement("cost_estimate", N_("Dự toán kinh phí (ngân sách nhà nước)"), kind="cost_estimate")
PARTY_OPINION = Requirement("party_opinion", N_("Ý kiến của cấp ủy (đoàn có lãnh đạo chủ chốt)"),
                            kind="party_opinion")
COPIES = Requirement("copies", N_("Nộp 03 bộ hồ sơ"), required=False)
REQUEST_IN = Requirement("request", N_("Công văn xin phép đón đoàn vào"), form="guest-request")
PASSPORTS = Requirement("passport", N_("Bản sao hộ chiếu của khách"), kind="passport")
PROGRAMME_IN = Requirement("programme", N_("Chương trình làm việc của đoàn"), kind="programme")


def requirements(facts: DossierFacts) -> list[Requirement]:
    """The items this delegation's dossier needs, in the order of the procedure."""
    if facts.direction == "inbound":
        return [REQUEST_IN, PASSPORTS, PROGRAMME_IN]
    items = [REQUEST_OUT, PROGRAMME_OUT, INVITATION, TRANSLATION, MEMBER_LIST]
    if facts.funding in STATE_FUNDED:
        items.append(COST_ESTIMATE)
    if facts.key_leader:
        items.append(PARTY_OPINION)
    return [*items, COPIES]


def item_keys(direction: str) -> set[str]:
    """Every required item a dossier of `direction` can have (what a paper mark may name)."""
    everything = DossierFacts(direction=direction, funding=STATE_FUNDED[0], key_leader=True)
    return {r.key for r in requirements(everything) if r.required}


def checklist(facts: DossierFacts) -> list[ChecklistEntry]:
    """Each needed item with its state: generated, attached, on paper, missing, or info."""
    return [_entry(r, facts) for r in requirements(facts)]


def missing(entries: list[ChecklistEntry]) -> list[ChecklistEntry]:
    """The required items nothing satisfies yet."""
    return [e for e in entries if e.required and e.state == "missing"]


def missing_message(entries: list[ChecklistEntry]) -> str:
    """Why a request cannot be submitted yet, naming every missing item."""
    names = "; ".join(e.title for e in entries)
    return tr("Hồ sơ chưa đủ, còn thiếu: {items}. Hãy lập, đính kèm hoặc đánh dấu đã nộp bản giấy "
              "trước khi chuyển sang «{status}».").format(items=names, status=enum_label("status", "submitted"))


def _entry(req: Requirement, facts: DossierFacts) -> ChecklistEntry:
    state, detail = _state(req, facts)
    return ChecklistEntry(req.key, tr(req.title), req.required, state, detail)


def _state(req: Requirement, facts: DossierFacts) -> tuple[str, str]:
    if not req.required:
        return "info", tr("Theo thủ tục NV-CPRD-01 tỉnh Đắk Lắk.")
    if req.form and req.form in facts.documents:
        return "generated", facts.documents[req.form]
    if req.kind and facts.attachments.get(req.kind):
        return "attached", ", ".join(facts.attachments[req.kind])
    if req.key in facts.paper:
        note = facts.paper[req.key]
        return "paper", tr("Đã nộp bản giấy: {note}").format(note=note) if note else tr("Đã nộp bản giấy")
    return "missing", _hint(req)


def _hint(req: Requirement) -> str:
    if req.form:
        return tr("Lập văn bản từ mẫu in, hoặc đánh dấu đã nộp bản giấy.")
    kind = tr(ATTACHMENT_KINDS.get(req.kind or "other", ATTACHMENT_KINDS["other"]))
    return tr("Đính kèm tệp loại «{kind}», hoặc đánh dấu đã nộp bản giấy.").format(kind=kind)
