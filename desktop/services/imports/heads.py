"""The head of a delegation named in the file ("Họ và tên trưởng đoàn").

An outbound delegation's head is an officer: matched by folded name within the delegation's
unit, or created with that name (and the position written after it, "Nguyễn Văn An - Phó Chủ tịch
UBND huyện") when the register has nobody of that name there; two rows naming the same new officer
make one officer. Several officers of that name in the unit: the delegation is imported without its
head, and the preview says so. An inbound delegation's head is a foreign guest, stored as a guest
member. Each row says which.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from desktop.domain.text import fold, nfc
from desktop.domain.validation import format_date
from desktop.i18n import _, country_name
from desktop.models import DelegationMember, Person
from desktop.models.base import new_id
from desktop.services.context import ServiceContext
from desktop.sync.records import apply_data, length_problems

_TITLES = re.compile(r"^(?:ông|bà|đồng chí|đ/c|mr\.?|mrs\.?|ms\.?|dr\.?|tiến sĩ|ts\.)\s+", re.IGNORECASE)
_POSITION = re.compile(r"\s+[-–—]\s+|\s*[,(]\s*")


def split_head(text: str) -> tuple[str, str | None]:
    """(name, position) of "Ông Nguyễn Văn An - Phó Chủ tịch UBND huyện" (no position: None)."""
    text = _TITLES.sub("", nfc(text) or "")
    parts = _POSITION.split(text, maxsplit=1)
    name = parts[0].strip()
    position = parts[1].strip(" )") if len(parts) > 1 else ""
    return name, position or None


class Heads:
    """The unit officers by folded name, read once; the new ones planned by this preview."""

    def __init__(self, ctx: ServiceContext):
        with ctx.db.read() as s:
            rows = s.execute(select(Person.id, Person.full_name, Person.unit_code, Person.birth_date,
                                    Person.position).where(Person.deleted.is_(False))).all()
        self.known: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for pid, name, unit, born, position in rows:
            about = ", ".join(x for x in (_("sinh {date}").format(date=format_date(born)) if born else "",
                                          position or "") if x)
            self.known.setdefault((fold(name), unit), []).append((pid, f"{name} ({about})" if about else name))
        self.planned: dict[tuple[str, str], str] = {}  # (folded name, unit) → id of an officer to create

    def read(self, typed: str, unit: str, direction: str | None, countries: list[str]) -> tuple[dict, str]:
        """The head's values for the row, and the sentence saying what was made of `typed`."""
        name, position = split_head(typed)
        too_long = length_problems(Person, {"full_name": name, "position": position})
        if too_long:
            raise ValueError(too_long[0].message)
        values: dict[str, Any] = {"head": name, "head_position": position}
        if direction == "inbound":
            nationality = countries[0] if len(countries) == 1 else None
            values.update(head_match="guest", head_nationality=nationality)
            where = f", {country_name(nationality)}" if nationality else ""
            return values, _("Trưởng đoàn «{name}»{where}: khách nước ngoài, ghi là trưởng đoàn khách.").format(
                name=name, where=where)
        key = (fold(name), unit)
        found = self.known.get(key, [])
        if len(found) == 1:
            values.update(head_match="existing", head_person_id=found[0][0])
            return values, _("Trưởng đoàn «{name}»: cán bộ đã có trong sổ, {who}.").format(name=name, who=found[0][1])
        if found:
            values["head_match"] = "ambiguous"
            return values, _("Trưởng đoàn «{name}»: có {n} cán bộ cùng tên ở đơn vị {unit} ({who}) — đoàn được "
                             "nhập chưa có trưởng đoàn; hãy chọn trong đoàn sau khi nhập.").format(
                name=name, n=len(found), unit=unit, who="; ".join(w for _i, w in found))
        values.update(head_match="new", head_person_id=self.planned.setdefault(key, new_id()))
        return values, _("Trưởng đoàn «{name}»: chưa có trong sổ Cán bộ — sẽ tạo cán bộ mới thuộc đơn vị "
                         "{unit}.").format(name=name, unit=unit)


def write_head(s: Any, delegation_id: str, data: dict, unit_code: str) -> None:
    """The head as a member of the delegation just written (and the officer, when new)."""
    match = data.get("head_match")
    member: dict[str, Any] = {"delegation_id": delegation_id, "role": "head"}
    if match == "guest":
        member.update(guest_name=data["head"], guest_title=data.get("head_position"),
                      guest_nationality=data.get("head_nationality"))
    elif match in ("existing", "new"):
        person_id = data["head_person_id"]
        if match == "new" and s.get(Person, person_id) is None:  # the first row naming this new officer
            person = Person(id=person_id, unit_code=unit_code)
            apply_data(person, {"full_name": data["head"], "position": data.get("head_position"),
                                "unit_code": unit_code, "is_key_leader": False, "is_fa_officer": False})
            s.add(person)
            s.flush()
        member["person_id"] = person_id
    else:
        return
    row = DelegationMember(unit_code=unit_code)
    apply_data(row, member)
    s.add(row)
