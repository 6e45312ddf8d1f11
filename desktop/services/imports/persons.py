"""Importing officers (cán bộ): a duplicate is the same folded name with the same birth date or passport."""

from __future__ import annotations

from datetime import date

from desktop.domain.text import fold
from desktop.domain.validation import format_date, validate_person
from desktop.i18n import N_
from desktop.services.imports.base import EntitySpec


def _keys(d: dict) -> list[tuple]:
    name = fold(d.get("full_name"))
    if not name:
        return []
    keys = []
    if isinstance(d.get("birth_date"), date):
        keys.append(("birth", name, d["birth_date"]))
    if d.get("passport_number"):
        keys.append(("passport", name, str(d["passport_number"]).strip().upper()))
    return keys


def _finish(d: dict) -> dict:
    if isinstance(d.get("passport_number"), str):
        d["passport_number"] = d["passport_number"].upper()
    return {**d, "is_key_leader": bool(d.get("is_key_leader")), "is_fa_officer": bool(d.get("is_fa_officer"))}


SPEC = EntitySpec(
    entity="person", required=("full_name",), defaults={},
    validate=lambda d, today: validate_person(d, today=today),
    key_fields=("full_name", "birth_date", "passport_number"), keys=_keys,
    describe=lambda d: " — ".join(x for x in (d.get("full_name") or "", format_date(d.get("birth_date")),
                                              d.get("passport_number") or "") if x),
    finish=_finish, title=N_("Nhập cán bộ từ Excel"),
    aliases={"full_name": ("Họ và tên", "Họ tên", "Full name", "Name"),
             "birth_date": ("Ngày sinh", "Date of birth", "Birth date", "DOB"),
             "gender": ("Gender", "Sex"), "position": ("Position", "Chức vụ"),
             "passport_number": ("Passport", "Passport number", "Số hộ chiếu"), "phone": ("Phone", "SĐT"),
             "email": ("Email", "E-mail")},
)
