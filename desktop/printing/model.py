"""The plain data a form is drawn from: the unit's print settings, the record, the document number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.errors import AppError


@dataclass(frozen=True)
class FormInfo:
    """A form as menus list it; `title` is a Vietnamese message id (show it through `_()`)."""

    code: str
    title: str
    doc_type: str  # the symbol's type part: "TTr", "CV", "DS", "BC"
    direction: str | None  # "outbound" / "inbound" / None for both
    entity: str = "delegation"  # the register whose records the form prints ("conference")


@dataclass(frozen=True)
class PrintSettings:
    """The unit's own header, place, signer and addressees (Settings › In ấn)."""

    managing_body: str  # "UBND TỈNH ĐẮK LẮK" ("" when the issuing unit has none)
    issuing_unit: str  # "UBND THÀNH PHỐ BUÔN MA THUỘT"
    unit_abbrev: str  # "UBND": the part after the document type in "05/TTr-UBND"
    place: str  # "Buôn Ma Thuột"
    signer_authority: str  # "TM." / "KT." / "TL." / ""
    signer_body: str  # "ỦY BAN NHÂN DÂN" (after TM.), "CHỦ TỊCH" (after KT.)
    signer_title: str  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    signer_name: str
    recipients: tuple[str, ...]  # "Kính gửi:" — the addressees, e.g. ("Sở Ngoại vụ tỉnh Đắk Lắk",)


class PrintError(AppError):
    """The record (or the print settings) lacks what the form needs; `missing` says what to fill."""

    def __init__(self, missing: list[str], summary: str | None = None):
        self.missing = list(missing)
        text = "\n".join(f"- {m}" for m in self.missing)
        super().__init__(f"{summary}\n{text}" if summary else text)


@dataclass(frozen=True)
class Member:
    """One line of the member list, every field ready to print (Vietnamese)."""

    name: str
    position: str = ""  # chức vụ (officer) or chức danh (guest)
    unit: str = ""  # đơn vị (officer) or cơ quan, tổ chức (guest)
    role: str = ""  # "head", "deputy_head", "member", "interpreter", "other"
    passport: str = ""
    nationality: str = ""  # guests: the country's Vietnamese name
    honorific: str = ""  # "Ông" / "Bà" when the gender is known
    note: str = ""


@dataclass(frozen=True)
class Trip:
    """A delegation as the forms print it: text already in Vietnamese, dates as dates."""

    direction: str  # "outbound" / "inbound"
    title: str
    kind: str = ""  # "working_trip" … (ENUMS["kind"])
    purpose: str = ""
    countries: tuple[str, ...] = ()  # Vietnamese names: "Hàn Quốc"
    partner: str = ""
    start_date: date | None = None
    end_date: date | None = None
    funding: str = ""  # "state_budget" … (ENUMS["funding"]; "" when not chosen)
    cost_estimate_vnd: int | None = None
    in_annual_plan: bool = False
    status: str = "draft"
    decision_number: str = ""
    decision_date: date | None = None
    decision_authority: str = ""
    notes: str = ""
    members: tuple[Member, ...] = ()


@dataclass(frozen=True)
class DocumentNumber:
    """The register entry's number and date; both None while the document is unsigned."""

    symbol: str | None = None  # "05/TTr-UBND"
    issued_on: date | None = None


@dataclass(frozen=True)
class Job:
    """Everything one form needs: settings, record, template, number, and which year it is."""

    settings: PrintSettings
    trip: Trip
    template: str
    issuer: str  # the issuing unit as a sentence names it: "UBND thành phố Buôn Ma Thuột"
    today: date
    number: DocumentNumber = field(default_factory=DocumentNumber)
