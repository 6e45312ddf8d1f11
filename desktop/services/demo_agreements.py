"""Demo relations with foreign localities: a twin city in Korea with the trips made under it, a
cooperation agreement with a Lao province, a memorandum just signed in Japan, an expired one with
an NGO and one still being negotiated — so every figure of the report's section counts something."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from desktop.models import Delegation


def fill_agreements(services: Any) -> int:
    """Write the demo agreements through the service (validated as an editor would); returns how many."""
    today = services.ctx.today()
    year = today.year
    unit = services.ctx.local_unit()
    with services.ctx.db.read() as s:
        korea = [i for i, countries in s.execute(select(Delegation.id, Delegation.countries).where(
            Delegation.deleted.is_(False), Delegation.unit_code == unit)) if "KR" in (countries or [])][:3]
    items = [
        {"partner": "Thành phố Gimhae, tỉnh Gyeongsangnam-do", "partner_kind": "locality", "country": "KR",
         "kind": "twinning", "title": "Thỏa thuận thiết lập quan hệ hữu nghị và hợp tác",
         "signed_on": date(2014, 5, 20), "signing_authority": "Chủ tịch UBND thành phố", "status": "in_force",
         "delegation_ids": korea},
        {"partner": "Tỉnh Champasak", "partner_kind": "locality", "country": "LA", "kind": "cooperation",
         "title": "Thỏa thuận hợp tác giai đoạn 2025–2030", "signed_on": date(year - 1, 3, 15),
         "valid_until": date(year + 4, 12, 31), "signing_authority": "Chủ tịch UBND thành phố", "status": "in_force"},
        {"partner": "Thành phố Kōchi, tỉnh Kōchi", "partner_kind": "locality", "country": "JP", "kind": "mou",
         "title": "Bản ghi nhớ hợp tác về nông nghiệp và du lịch", "signed_on": today - timedelta(days=12),
         "signing_authority": "Phó Chủ tịch UBND thành phố", "status": "in_force"},
        {"partner": "Tổ chức Good Neighbors International", "partner_kind": "organisation", "country": "KR",
         "kind": "mou", "title": "Bản ghi nhớ về chương trình phát triển vùng", "signed_on": date(2019, 8, 1),
         "valid_until": date(year - 2, 12, 31), "status": "expired"},
        {"partner": "Tỉnh Mondulkiri", "partner_kind": "locality", "country": "KH", "kind": "cooperation",
         "title": "Dự thảo thỏa thuận hợp tác hữu nghị", "status": "negotiating"},
    ]
    for item in items:
        services.agreements.save(item)
    return len(items)
