"""Plain builders of editor content for service tests (today is 20/01/2026 in the fixtures)."""

from __future__ import annotations

from datetime import date
from typing import Any

TODAY = date(2026, 1, 20)


def outbound(**changes: Any) -> dict[str, Any]:
    """An outbound working trip to Korea in June 2026, still a draft."""
    data = {
        "direction": "outbound", "kind": "working_trip",
        "title": "Đoàn công tác xúc tiến cà phê Buôn Ma Thuột tại Hàn Quốc",
        "purpose": "Giới thiệu sản phẩm OCOP", "countries": ["KR"], "partner": "Thành phố Gimhae",
        "start_date": date(2026, 6, 15), "end_date": date(2026, 6, 20), "funding": "state_budget",
        "cost_estimate_vnd": 1_250_000_000, "in_annual_plan": True, "status": "draft",
    }
    return {**data, **changes}


def inbound(**changes: Any) -> dict[str, Any]:
    """An inbound delegation of Korean folk artists for the coffee festival."""
    data = {
        "direction": "inbound", "kind": "promotion",
        "title": "Đoàn nghệ sĩ dân gian Hàn Quốc dự Lễ hội Cà phê", "countries": ["KR"],
        "partner": "Tỉnh Gyeongsangbuk-do", "start_date": date(2026, 3, 9),
        "end_date": date(2026, 3, 13), "in_annual_plan": True, "status": "draft",
    }
    return {**data, **changes}


def guest(name: str = "Kim Min-jun", **changes: Any) -> dict[str, Any]:
    """A foreign guest of an inbound delegation."""
    return {"role": "member", "guest_name": name, "guest_title": "Nghệ sĩ",
            "guest_organisation": "Đoàn nghệ thuật Andong", "guest_nationality": "KR",
            "guest_passport": "M12345678", **changes}


def officer(services, name: str = "Nguyễn Văn Hùng", **changes: Any) -> str:
    """Save an officer with a passport valid well after 2026; returns the person id."""
    data = {"full_name": name, "position": "Phó Chủ tịch UBND", "passport_number": "C7654321",
            "passport_expiry": date(2031, 1, 1), **changes}
    return services.persons.save(data).id


def disciplined(services, name: str = "Trần Văn Bình") -> str:
    """An officer under a reprimand from 01/12/2025 (12 months by default): blocks 2026 trips."""
    person_id = officer(services, name, passport_number="C1112223")
    services.persons.save_discipline(person_id, {
        "form": "reprimand", "effective_from": date(2025, 12, 1), "decision_number": "45/QĐ-UBND"})
    return person_id


def complete_dossier(services, delegation_id: str) -> None:
    """Mark every missing item of a delegation's dossier as supplied on paper (rule D1 then lets it be submitted)."""
    for item in services.dossier.missing(delegation_id):
        services.dossier.mark_paper(delegation_id, item.key, True)


def save_filed(services, data: dict[str, Any], members: list[dict[str, Any]] | None = None):
    """Store a request with `data`'s status (e.g. "submitted" on a past date) and a complete dossier.

    A new record has no dossier yet, so it is saved as a draft first, then completed, then moved on.
    """
    draft = services.delegations.save({**data, "status": "draft", "submitted_on": None}, list(members or []))
    complete_dossier(services, draft.id)
    kept = [{**m.data, "id": m.id} for m in draft.members]
    return services.delegations.save(dict(data), kept, draft.id, draft.version)


def received_unit(services, code: str, name: str, parent_code: str, level: str = "commune") -> None:
    """A unit of the province's list as it reaches a unit's machine with an ack (a unit's machine
    never adds one itself; the province's record is stored as received, not as a local change)."""
    from desktop.models import Unit
    from desktop.services.units import seed_id

    with services.ctx.db.session() as s:
        s.info["applying_bundle"] = True
        s.add(Unit(id=seed_id(code), code=code, name=name, level=level, parent_code=parent_code, unit_code=code,
                   version=1, base_version=0, origin_device="province"))
