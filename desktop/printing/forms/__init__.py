"""The forms: one module each, registered in FORMS by code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import ModuleType

from desktop.i18n import _
from desktop.printing.layout import build_pdf
from desktop.printing.model import FormInfo, Job, PrintSettings, Trip


def _modules() -> dict[str, ModuleType]:
    from desktop.printing.forms import (
        conference_plan,
        delegation_request,
        guest_request,
        member_list,
        trip_report,
    )

    modules = (delegation_request, guest_request, member_list, trip_report, conference_plan)
    return {m.INFO.code: m for m in modules}


MODULES: dict[str, ModuleType] = _modules()
FORMS: dict[str, FormInfo] = {code: module.INFO for code, module in MODULES.items()}


def missing(form: str, settings: PrintSettings, trip: Trip, today: date) -> list[str]:
    """Everything `form` still needs before it can print this trip ([] when printable)."""
    info = FORMS[form]
    if info.direction and trip.direction != info.direction:
        kind = _("đoàn ra") if info.direction == "outbound" else _("đoàn vào")
        return [_("Mẫu «{form}» chỉ dùng cho {kind}").format(form=_(info.title), kind=kind)]
    check: Callable[[PrintSettings, Trip, date], list[str]] = MODULES[form].missing
    return check(settings, trip, today)


def render(form: str, job: Job) -> bytes:
    """The PDF of `form` for `job` (call `missing` first: this draws whatever it is given)."""
    return build_pdf(MODULES[form].document(job))
