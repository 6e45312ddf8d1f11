"""Text fields hold no more than their column: one limit for the editors, the checks, the import and bundles."""

from __future__ import annotations

import pytest

from desktop.errors import ValidationError
from desktop.models import Delegation
from desktop.models.base import TEXT_MAX, max_length, text_limits
from tests.services.builders import outbound


def test_a_title_longer_than_its_column_is_refused_with_the_field_named(services):
    limit = max_length(Delegation, "title")
    with pytest.raises(ValidationError) as caught:
        services.delegations.save(outbound(title="Đ" * (limit + 1)), [])
    (problem,) = caught.value.problems
    assert problem.field == "title" and str(limit) in problem.message
    assert services.delegations.count() == 0
    saved = services.delegations.save(outbound(title="Đ" * limit), [])  # exactly the limit is fine
    assert len(services.delegations.get(saved.id).data["title"]) == limit


def test_a_long_note_is_refused_too(services):
    with pytest.raises(ValidationError) as caught:
        services.delegations.save(outbound(notes="x" * (TEXT_MAX + 1)), [])
    assert [p.field for p in caught.value.problems] == ["notes"]


def test_the_bundle_schema_publishes_the_same_limits():
    from desktop.sync.schema import entity_schema

    props = entity_schema("delegation")["properties"]
    for name, limit in text_limits(Delegation).items():
        if Delegation.__table__.c[name].info.get("enum"):
            continue  # an enum says its values, not a length
        node = props[name]
        node = next((b for b in node.get("anyOf", [node]) if b.get("type") != "null"), node)
        assert node.get("maxLength") == limit, name


def test_the_excel_import_refuses_an_overlong_cell_naming_it(services, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Chức vụ"])
    sheet.append(["Nguyễn Văn An", "C" * 201])
    path = tmp_path / "can-bo.xlsx"
    book.save(path)
    imp = services.imports
    sheet = imp.open(path)[0]
    preview = imp.preview(path, sheet.name, "person", imp.guess_mapping("person", sheet.headers))
    (row,) = preview.rows
    assert row.status == "invalid" and "B2" in row.problems[0] and "200" in row.problems[0]
