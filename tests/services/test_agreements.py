"""Quan hệ với địa phương nước ngoài, thỏa thuận quốc tế: the register, and how the yearly report counts it."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import ValidationError
from tests.services.builders import outbound


def _agreement(services, **changes):
    data = {"partner": "Thành phố Gimhae", "partner_kind": "locality", "country": "KR", "kind": "twinning",
            "title": "Thỏa thuận hữu nghị", "signed_on": date(2014, 5, 20), "status": "in_force"}
    data.update(changes)
    return services.agreements.save(data)


def test_an_agreement_is_saved_with_the_activities_carried_out_under_it(services):
    trip = services.delegations.save(outbound(title="Thăm Gimhae", countries=["KR"]), []).id
    saved = _agreement(services, delegation_ids=[trip, trip])
    assert saved.data["delegation_ids"] == [trip]  # once
    assert [(link.entity, link.title) for link in saved.linked] == [("delegation", "Thăm Gimhae")]
    services.delegations.delete(trip)
    assert services.agreements.get(saved.id).linked == []  # a deleted trip is left out, the agreement stays
    [row] = services.agreements.list("gimhae")
    assert row.active and row.activities == 1


def test_every_problem_is_named_at_once(services):
    with pytest.raises(ValidationError) as caught:
        services.agreements.save({"partner": " ", "country": "Korea", "kind": "alliance", "title": "",
                                  "status": "in_force", "valid_until": date(2020, 1, 1)})
    assert {p.field for p in caught.value.problems} == {"partner", "country", "kind", "title", "signed_on"}
    with pytest.raises(ValidationError, match="sau ngày ký"):
        _agreement(services, valid_until=date(2010, 1, 1))
    with pytest.raises(ValidationError, match="không được ở tương lai"):  # today is 20/01/2026
        _agreement(services, signed_on=date(2026, 3, 1))


def test_the_report_counts_active_and_signed_agreements_by_country(services):
    _agreement(services)  # 2014, no end: active in 2025
    _agreement(services, partner="Tỉnh Champasak", country="LA", kind="cooperation",
               signed_on=date(2025, 3, 15), valid_until=date(2030, 12, 31))  # signed in 2025
    _agreement(services, partner="Good Neighbors", partner_kind="organisation", kind="mou",
               signed_on=date(2019, 8, 1), valid_until=date(2024, 12, 31), status="expired")  # ended before 2025
    _agreement(services, partner="Tỉnh Kōchi", country="JP", kind="mou", signed_on=date(2026, 1, 10))  # 2026
    _agreement(services, partner="Mondulkiri", country="KH", signed_on=None, status="negotiating")
    gone = _agreement(services, partner="Đã xóa", signed_on=date(2025, 1, 1))
    services.agreements.delete(gone.id)
    _agreement(services, partner="Chấm dứt", signed_on=date(2016, 1, 1), status="terminated")  # end unknown
    _agreement(services, partner="Hết hạn", signed_on=date(2016, 1, 1), status="expired")  # end unknown
    f = services.reports.annual(2025).figures
    assert f["agreements.active"].value == 2 and f["agreements.signed"].value == 1
    assert f["agreements.by_country"].value == {"KR": 1, "LA": 1}
    assert {r[0] for r in f["agreements.active"].refs} == {"international_agreement"}
    assert services.reports.annual(2024).figures["agreements.active"].value == 2  # Gimhae, Good Neighbors
    assert services.reports.annual(2026).figures["agreements.signed"].value == 1
