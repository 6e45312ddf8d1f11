"""Printing the request dossiers: forms as PDF bytes, the unit's print settings and body templates.

The forms themselves are drawn by `desktop.printing` from plain data; this service loads the
delegation, its members and the unit's settings, checks that the form can be printed (a
PrintError lists what to fill in) and hands back the PDF. `render` does no UI work and holds
no lock after its read, so the GUI runs it on a worker thread. Settings are device settings
"print.<field>", edited body templates "print.template.<form>".
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.conference_rules import needs_pm_approval
from desktop.domain.text import fold, nfc
from desktop.errors import AppError, FieldProblem, ValidationError
from desktop.i18n import _
from desktop.models import (
    AppSetting,
    Conference,
    Delegation,
    DelegationMember,
    Device,
    Person,
    Unit,
)
from desktop.printing import forms as form_registry
from desktop.printing import templates
from desktop.printing.forms.conference_plan import PLACEHOLDERS as PLAN_PLACEHOLDERS
from desktop.printing.forms.conference_plan import ConferencePlan
from desktop.printing.model import (
    DocumentNumber,
    FormInfo,
    Job,
    Member,
    PrintError,
    PrintSettings,
    Trip,
)
from desktop.services.common import load
from desktop.services.context import ServiceContext
from desktop.services.delegations import ROLE_ORDER
from desktop.services.device import DeviceService
from desktop.services.documents import DocumentService

__all__ = ["FORMS", "FormInfo", "PrintError", "PrintService", "PrintSettings"]

FORMS: dict[str, FormInfo] = form_registry.FORMS
SETTING_PREFIX = "print."
TEMPLATE_PREFIX = "print.template."
AUTHORITIES = ("TM.", "KT.", "TL.", "TUQ.", "Q.", "")  # Decree 30/2020: signing on behalf of …
PROVINCE_BODY = "ỦY BAN NHÂN DÂN"
_UNIT_PREFIXES = ("Thành phố ", "Thị xã ", "Thị trấn ", "Huyện ", "Quận ", "Tỉnh ", "Xã ", "Phường ")
_HONORIFICS = {"male": "Ông", "female": "Bà"}
_ENTITIES = {"delegation": (Delegation, "đoàn"), "conference": (Conference, "hội nghị, hội thảo")}

# Statements built once: printing reads the same three things every time.
_STORED = select(AppSetting.key, AppSetting.value).where(AppSetting.key.startswith(SETTING_PREFIX, autoescape=True))
_PARENT = aliased(Unit)
_UNIT_NAMES = (select(Unit.name, _PARENT.name).select_from(Device)
               .join(Unit, Unit.code == Device.unit_code).outerjoin(_PARENT, _PARENT.code == Unit.parent_code)
               .where(Device.id == bindparam("device")))
_MEMBERS = (select(DelegationMember, Person, Unit.name)
            .outerjoin(Person, Person.id == DelegationMember.person_id)
            .outerjoin(Unit, Unit.code == Person.unit_code)
            .where(DelegationMember.delegation_id == bindparam("delegation"), DelegationMember.deleted.is_(False))
            .order_by(DelegationMember.created_at, DelegationMember.id))


class PrintService:
    """Forms, print settings and body templates of this unit."""

    def __init__(self, ctx: ServiceContext, device: DeviceService, documents: DocumentService):
        self.ctx = ctx
        self.device = device
        self.documents = documents  # the outgoing-document register: numbers and dates of signed ones

    # --- forms -----------------------------------------------------------------------------

    def forms_for(self, delegation_id: str) -> list[FormInfo]:
        """The forms that apply to this delegation's direction, titles in the current language."""
        with self.ctx.db.read() as s:
            direction = load(s, Delegation, delegation_id, _("đoàn")).direction
        return [replace(info, title=_(info.title)) for info in FORMS.values()
                if info.entity == "delegation" and info.direction in (None, direction)]

    def forms_for_conference(self, conference_id: str) -> list[FormInfo]:
        """The forms a conference prints (the plan, Form 01 of Decision 06/2020)."""
        with self.ctx.db.read() as s:
            load(s, Conference, conference_id, _("hội nghị, hội thảo"))
        return [replace(info, title=_(info.title)) for info in FORMS.values() if info.entity == "conference"]

    def record_title(self, form: str, record_id: str) -> str:
        """The title of the record `form` prints (a delegation's or a conference's)."""
        _check_form(form)
        model, what = _ENTITIES[FORMS[form].entity]
        with self.ctx.db.read() as s:
            return load(s, model, record_id, _(what)).title or ""

    def missing(self, form: str, record_id: str) -> list[str]:
        """What must be filled in before `form` prints for this record; [] when it can print."""
        job = self._job(form, record_id, None, None)
        return form_registry.missing(form, job.settings, job.trip, self.ctx.today())

    def render(self, form: str, record_id: str, document_id: str | None = None) -> bytes:
        """The PDF of `form` for the delegation `record_id`.

        With `document_id` (an entry of the outgoing-document register for this record)
        a signed document prints its number, date and signer; a draft prints blanks.
        Raises PrintError listing what to fill in when the record or settings lack something.
        """
        job = self._job(form, record_id, document_id, None)
        problems = form_registry.missing(form, job.settings, job.trip, self.ctx.today())
        if problems:
            raise PrintError(problems, _("Chưa in được «{form}». Hãy bổ sung:").format(
                form=_(FORMS[form].title)))
        return form_registry.render(form, job)

    def write(self, form: str, record_id: str, out: Path, document_id: str | None = None) -> Path:
        """Render and save to `out` atomically (a temporary file, then a rename): never half a PDF."""
        data = self.render(form, record_id, document_id)
        out = Path(out)
        write_atomically(out, data)
        self.ctx.audit("export", "", record_id, {"what": "pdf", "form": form, "file": out.name})
        return out

    def preview_template(self, form: str, text: str, record_id: str) -> bytes:
        """The form drawn with an unsaved body `text` (checked first), for the template editor.

        Drawn even when the record or settings lack something, so the wording can be judged.
        """
        _check_form(form)
        templates.check(text, _placeholders(form))
        return form_registry.render(form, self._job(form, record_id, None, text))

    # --- settings --------------------------------------------------------------------------

    def settings(self) -> PrintSettings:
        """The unit's print settings: what was saved, else the defaults from the device's unit."""
        with self.ctx.db.read() as s:
            return self._local(s).settings

    def default_settings(self) -> PrintSettings:
        """What a unit prints before it sets anything: names derived from the device's unit."""
        with self.ctx.db.read() as s:
            return self._local(s).defaults()

    def save_settings(self, settings: PrintSettings) -> None:
        """Store the print settings (text NFC-normalised); ValidationError for a wrong TM./KT./TL."""
        clean = {k: (nfc(v) or "") if isinstance(v, str) else tuple(x for x in (nfc(i) for i in v) if x)
                 for k, v in asdict(settings).items()}
        if clean["signer_authority"].upper() not in AUTHORITIES:
            raise ValidationError([FieldProblem("signer_authority", _(
                "Thẩm quyền ký phải là một trong: {values} (hoặc để trống).").format(
                    values=", ".join(a for a in AUTHORITIES if a)))])
        clean["signer_authority"] = clean["signer_authority"].upper()
        clean["recipients"] = "\n".join(clean["recipients"])
        self.device.put_settings({SETTING_PREFIX + k: v for k, v in clean.items()})

    # --- templates -------------------------------------------------------------------------

    def template(self, form: str) -> str:
        """The body template `form` prints with: the unit's edit, else the default."""
        _check_form(form)
        return self.device.get_setting(TEMPLATE_PREFIX + form) or templates.default_template(form)

    def default_template(self, form: str) -> str:
        """The shipped body template of `form`."""
        _check_form(form)
        return templates.default_template(form)

    def save_template(self, form: str, text: str) -> None:
        """Store the unit's body for `form`; ValidationError naming any unknown placeholder."""
        _check_form(form)
        text = (nfc(text) or "").replace("\r\n", "\n")
        if not text:
            raise ValidationError([FieldProblem("template", _("Mẫu không được để trống."))])
        templates.check(text, _placeholders(form))
        self.device.put_setting(TEMPLATE_PREFIX + form, text)

    def restore_template(self, form: str) -> None:
        """Go back to the shipped body of `form`."""
        _check_form(form)
        self.device.delete_setting(TEMPLATE_PREFIX + form)

    def placeholders(self, form: str) -> list[tuple[str, str]]:
        """(name, description in the current language) of every placeholder a body may use."""
        _check_form(form)
        return [(name, _(text)) for name, text in _placeholders(form).items()]

    # --- loading ---------------------------------------------------------------------------

    def _job(self, form: str, record_id: str, document_id: str | None, text: str | None) -> Job:
        """Settings, record and template in one read; then the register entry when asked for."""
        _check_form(form)
        with self.ctx.db.read() as s:
            local = self._local(s)
            trip = _conference(s, record_id) if FORMS[form].entity == "conference" else _trip(s, record_id)
        settings = local.settings
        number = self._number(form, record_id, document_id)
        if number.symbol and number.signer:
            settings = replace(settings, signer_name=number.signer)
        template = text if text is not None else (local.stored.get(TEMPLATE_PREFIX + form)
                                                  or templates.default_template(form))
        return Job(settings, trip, template, local.issuer() or settings.issuing_unit, self.ctx.today(),
                   DocumentNumber(number.symbol, number.issued_on))

    def _local(self, s: Session) -> _Local:
        """This device's unit, the unit above it and the stored "print.*" settings."""
        stored = dict(s.execute(_STORED).all())
        tracker = self.ctx.db.tracker
        names = s.execute(_UNIT_NAMES, {"device": tracker.device_id}).first() if tracker else None
        return _Local(stored, (names[0] or "") if names else "", (names[1] or "") if names else "")

    def _number(self, form: str, record_id: str, document_id: str | None) -> _Number:
        if document_id is None:
            return _Number()
        doc = self.documents.get(document_id)
        if doc.record_id not in (None, record_id) or (doc.form and doc.form != form):
            raise AppError(_("Văn bản này không phải là «{form}» của hồ sơ đang in.").format(
                form=_(FORMS[form].title)))
        if doc.status != "signed":
            return _Number()
        return _Number(doc.symbol or None, doc.issued_on, doc.signer)

@dataclass(frozen=True)
class _Local:
    """What this installation prints with: stored settings and its unit's names."""

    stored: dict[str, str]
    unit: str  # "Thành phố Buôn Ma Thuột" ("" before set-up)
    parent: str  # "Tỉnh Đắk Lắk" ("" for a province)

    def defaults(self) -> PrintSettings:
        """The settings of a unit that has set nothing."""
        return PrintSettings(
            managing_body=f"UBND {self.parent.upper()}" if self.parent else "",
            issuing_unit=f"UBND {self.unit.upper()}" if self.unit else "", unit_abbrev="UBND",
            place=place_name(self.unit), signer_authority="TM.", signer_body=PROVINCE_BODY,
            signer_title="CHỦ TỊCH", signer_name="", recipients=("Sở Ngoại vụ tỉnh Đắk Lắk",))

    @property
    def settings(self) -> PrintSettings:
        """The stored settings over the defaults."""
        defaults, values = self.defaults(), {}
        for f in fields(PrintSettings):
            raw = self.stored.get(SETTING_PREFIX + f.name)
            if raw is None:
                values[f.name] = getattr(defaults, f.name)
            else:
                values[f.name] = _lines(raw) if f.name == "recipients" else raw
        return PrintSettings(**values)

    def issuer(self) -> str:
        """The unit as a sentence names it: "UBND thành phố Buôn Ma Thuột"."""
        return f"UBND {self.unit[:1].lower()}{self.unit[1:]}" if self.unit else ""


@dataclass(frozen=True)
class _Number:
    """A register entry as the header needs it: number, date and signer once signed."""

    symbol: str | None = None
    issued_on: date | None = None
    signer: str = ""


def _trip(s: Session, record_id: str) -> Trip:
    """The delegation and its members, head first, as the forms print them."""
    d = load(s, Delegation, record_id, _("đoàn"))
    rows = s.execute(_MEMBERS, {"delegation": d.id}).all()
    # head first, then by role; members saved together (one created_at) by name, so the order is stable
    members = sorted(rows, key=lambda r: (ROLE_ORDER.get(r[0].role, 9), r[0].created_at,
                                          fold(r[1].full_name if r[1] else r[0].guest_name)))
    return Trip(
        direction=d.direction, title=d.title, kind=d.kind or "", purpose=d.purpose or "",
        countries=tuple(vietnamese_country(c) for c in d.countries or []),
        partner=d.partner or "", start_date=d.start_date, end_date=d.end_date,
        funding=d.funding or "", cost_estimate_vnd=d.cost_estimate_vnd,
        in_annual_plan=bool(d.in_annual_plan), status=d.status,
        decision_number=d.decision_number or "", decision_date=d.decision_date,
        decision_authority=d.decision_authority or "", notes=d.notes or "",
        members=tuple(_member(m, p, unit_name) for m, p, unit_name in members),
    )


def _conference(s: Session, record_id: str) -> ConferencePlan:
    """A conference as its plan prints it (it rides in the job's record slot)."""
    c = load(s, Conference, record_id, _("hội nghị, hội thảo"))
    topics = tuple(c.sensitive_topics or ())
    return ConferencePlan(
        title=c.title, purpose=c.purpose or "", start_date=c.start_date, end_date=c.end_date,
        place=c.place or "", organiser=c.organiser or "", mode=c.mode or "offline",
        foreign_participants=c.foreign_participants,
        countries=tuple(vietnamese_country(code) for code in c.participant_countries or []),
        ministerial_guests=bool(c.ministerial_guests), sensitive_topics=topics,
        pm_approval=needs_pm_approval(bool(c.ministerial_guests), topics), funding=c.funding or "",
        foreign_sponsor=c.foreign_sponsor or "", cost_estimate_vnd=c.cost_estimate_vnd,
        in_annual_plan=bool(c.in_annual_plan), status=c.status, decision_number=c.decision_number or "",
        decision_date=c.decision_date, decision_authority=c.decision_authority or "", notes=c.notes or "",
    )


def _placeholders(form: str) -> dict[str, str]:
    """The placeholders a body of `form` may use: the conference plan has its own."""
    return PLAN_PLACEHOLDERS if FORMS[form].entity == "conference" else templates.PLACEHOLDERS


def _member(m: DelegationMember, p: Person | None, unit_name: str | None) -> Member:
    if p is not None:
        return Member(name=p.full_name, position=p.position or "", unit=unit_name or p.unit_code or "",
                      role=m.role or "member", passport=p.passport_number or "",
                      honorific=_HONORIFICS.get(p.gender or "", ""))
    return Member(name=m.guest_name or "", position=m.guest_title or "", unit=m.guest_organisation or "",
                  role=m.role or "member", passport=m.guest_passport or "",
                  nationality=vietnamese_country(m.guest_nationality) if m.guest_nationality else "")


def _check_form(form: str) -> None:
    if form not in FORMS:
        raise AppError(_("Không có mẫu in «{form}». Các mẫu có: {names}.").format(
            form=form, names=", ".join(FORMS)))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def place_name(unit_name: str) -> str:
    """The place on the date line: the unit's name without "Thành phố", "Huyện" … ("Buôn Ma Thuột")."""
    for prefix in _UNIT_PREFIXES:
        if unit_name.lower().startswith(prefix.lower()):
            return unit_name[len(prefix):].strip()
    return unit_name


@lru_cache(maxsize=512)
def vietnamese_country(code: str) -> str:
    """A country's Vietnamese name, whatever the interface language: documents are in Vietnamese."""
    from babel import Locale

    return Locale.parse("vi").territories.get(code.upper(), code.upper())


def write_atomically(out: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `out`, sync it, then rename it over `out`."""
    if not out.parent.is_dir():
        raise AppError(_("Không có thư mục {path}.").format(path=out.parent))
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise AppError(_("Không ghi được tệp {path}: {error}").format(path=out, error=exc.strerror)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, out)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise AppError(_("Không ghi được tệp {path}: {error}").format(path=out, error=exc.strerror)) from exc
        raise
