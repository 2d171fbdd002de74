"""Every export format holds every value of every type as it was inserted, value by value.

The files are parsed and compared with the objects of tests/integration/all_types.py (not only
read back by the importer): properties of every type, the vectors (the multi-vector too) and
the references, for the plain collection and for each tenant of the multi-tenant one.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.exporter import ExportRequest, export_objects
from explorer.core.transfer.formats import EXTENSIONS
from tests.integration.all_types import (
    EMPTY_INDEX,
    MULTI_REFERENCE,
    OBJECT_COUNT,
    ODD_DATE_INDEX,
    ODD_GEO_INDEX,
    PROPERTY_BY_TYPE,
    SELF_REFERENCE,
    SINGLE_REFERENCE,
    SPARSE_INDEX,
    VECTOR_DIMENSIONS,
    AllTypes,
    AllTypesObject,
    shapes_fixture,
)
from tests.integration.shape_expectations import (
    export_properties,
    export_references,
    iso,
    phone_export,
    same,
)

PLAIN = "ShapesExport"
TENANTED = "ShapesExportMt"
TENANTS = ("t1", "t2")
TYPE_OF = {prop: data_type for data_type, prop in PROPERTY_BY_TYPE.items()}


shapes = shapes_fixture(PLAIN, TENANTED, TENANTS)


def check_json_object(made: AllTypes, found: dict[str, Any], obj: AllTypesObject) -> None:
    """One exported object (JSON or JSONL) against what was inserted."""
    assert set(found) == {"uuid", "properties", "vectors"} | (
        {"references"} if obj.references else set()
    ), found.keys()
    same(found["properties"], export_properties(obj), obj.uuid)
    assert found.get("references", {}) == export_references(made, obj), obj.uuid
    same(found["vectors"], obj.vectors, f"{obj.uuid}.vectors")


def parse_export(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        document = json.loads(text)
        assert document["collection"] in (PLAIN, TENANTED)
        objects: list[dict[str, Any]] = document["objects"]
        return objects
    return [json.loads(line) for line in text.splitlines()]


def test_every_format_is_covered() -> None:
    assert set(EXTENSIONS.values()) == {"json", "jsonl", "csv"}


@pytest.mark.parametrize("extension", ["json", "jsonl", "ndjson"])
async def test_json_exports_hold_every_value(
    session: ExplorerSession, shapes: tuple[AllTypes, AllTypes], tmp_path: Path, extension: str
) -> None:
    made, _ = shapes
    path = tmp_path / f"shapes.{extension}"
    report = await export_objects(session, ExportRequest(made.name, path, with_vectors=True))
    assert report.written == OBJECT_COUNT
    found = {o["uuid"]: o for o in parse_export(path)}
    assert set(found) == {o.uuid for o in made.objects}
    for obj in made.objects:
        check_json_object(made, found[obj.uuid], obj)

    # The rules the comparison rests on, spelled out once for the odd values.
    first = found[made.objects[0].uuid]["properties"]
    assert first["published"] == "2020-01-01T08:30:00Z"
    assert first["dates"] == ["2020-01-01T08:30:00Z", "2020-01-31T08:30:00.250000Z"]
    assert first["details"]["when"] == "2020-01-01T08:30:00Z"
    assert list(first["details"]) == [
        "label",
        "meta",
        "score",
        "tags",
        "when",
    ]  # sorted (byte-stable)
    assert list(first["details"]["meta"]["inner"]) == ["code", "values"]
    assert first["price"] == 0.0 and isinstance(first["price"], float)
    assert first["prices"] == [0.5, 0.0, -3.75]
    assert first["phone"] == phone_export("+49 30 1234560")
    assert first["phone"]["nationalFormatted"] == "030 1234560"
    odd_date = found[made.objects[ODD_DATE_INDEX].uuid]["properties"]
    assert odd_date["published"] == "2021-06-30T23:59:58.123456+02:00"
    odd_geo = found[made.objects[ODD_GEO_INDEX].uuid]["properties"]
    assert odd_geo["location"] == {"latitude": 52.37, "longitude": -4.89}
    sparse = found[made.objects[SPARSE_INDEX].uuid]
    assert sparse["properties"] == {"title": f"sparse #{SPARSE_INDEX}", "count": 0}
    assert "references" not in sparse
    empty = found[made.objects[EMPTY_INDEX].uuid]["properties"]
    assert empty["parts"] == [] and empty["tags"] == [] and empty["external_ids"] == []
    assert found[made.objects[0].uuid]["vectors"]["colbert"] == [
        [-1.0, -0.875, -0.75, -0.625],
        [-0.875, -0.75, -0.625, -0.5],
    ]


def csv_value(prop: str, text: str) -> Any:
    """A CSV cell read by its property's type: scalars as text, the rest as JSON text."""
    data_type = TYPE_OF[prop]
    if text == "":
        return None
    if data_type in ("text", "uuid", "blob", "date"):
        return text
    if data_type == "int":
        return int(text)
    if data_type == "number":
        assert "." in text or "e" in text, text  # written as a float, e.g. 8.0
        return float(text)
    if data_type == "boolean":
        assert text in ("true", "false"), text
        return text == "true"
    return json.loads(text)


async def test_csv_export_holds_every_value(
    session: ExplorerSession, shapes: tuple[AllTypes, AllTypes], tmp_path: Path
) -> None:
    made, _ = shapes
    path = tmp_path / "shapes.csv"
    await export_objects(session, ExportRequest(made.name, path, with_vectors=True))
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        header = reader.fieldnames
    vectors = [f"vector.{name}" for name in sorted(VECTOR_DIMENSIONS)]
    references = [SINGLE_REFERENCE, MULTI_REFERENCE, SELF_REFERENCE]
    assert header == ["uuid", *PROPERTY_BY_TYPE.values(), *references, *vectors]
    by_uuid = {row["uuid"]: row for row in rows}
    assert len(rows) == OBJECT_COUNT and set(by_uuid) == {o.uuid for o in made.objects}
    for obj in made.objects:
        row = by_uuid[obj.uuid]
        expected = export_properties(obj)
        for prop in PROPERTY_BY_TYPE.values():
            same(csv_value(prop, row[prop]), expected.get(prop), f"{obj.uuid}.{prop}")
        expected_refs = export_references(made, obj)
        for name in references:
            cell = row[name]
            same(json.loads(cell) if cell else None, expected_refs.get(name), f"{obj.uuid}.{name}")
        for name in VECTOR_DIMENSIONS:
            same(json.loads(row[f"vector.{name}"]), obj.vectors[name], f"{obj.uuid}.{name}")

    first = by_uuid[made.objects[0].uuid]
    assert first["price"] == "0.0" and first["count"] == "-20"
    assert first["counts"] == "[0, 0, 1099511627776]"
    assert first["published"] == iso(made.objects[0].properties["published"])
    assert first["location"] == '{"latitude": 52.5, "longitude": 13.25}'
    assert by_uuid[made.objects[ODD_GEO_INDEX].uuid]["location"] == (
        '{"latitude": 52.37, "longitude": -4.89}'
    )
    assert first["image"] == "aGVsbG8="
    assert first["details"] == (  # nested keys in schema order, dates ISO, floats as floats
        '{"label": "label 0", "score": 0.0, "tags": ["a", "b0"], "when": "2020-01-01T08:30:00Z", '
        '"meta": {"level": 0, "flags": [false, true], "inner": {"code": "C-000", "values": [1.5, 0.0]}}}'
    )
    assert first["parts"] == (
        '[{"name": "part 0.0", "count": 0, "sub": {"note": "n", "deep": {"ok": true}}}, '
        '{"name": "part 0.1", "count": 1, "sub": {"note": "n", "deep": {"ok": false}}}]'
    )
    assert (
        first["vector.colbert"] == "[[-1.0, -0.875, -0.75, -0.625], [-0.875, -0.75, -0.625, -0.5]]"
    )
    sparse = by_uuid[made.objects[SPARSE_INDEX].uuid]
    assert sparse["tags"] == "" and sparse["mentions"] == ""  # null is an empty cell
    assert by_uuid[made.objects[EMPTY_INDEX].uuid]["tags"] == "[]"  # an empty list is not null


@pytest.mark.parametrize("tenant", TENANTS)
@pytest.mark.parametrize("extension", ["jsonl", "csv"])
async def test_each_tenant_exports_its_own_objects(
    session: ExplorerSession,
    shapes: tuple[AllTypes, AllTypes],
    tmp_path: Path,
    tenant: str,
    extension: str,
) -> None:
    _, made = shapes
    path = tmp_path / f"{tenant}.{extension}"
    report = await export_objects(
        session, ExportRequest(made.name, path, tenant=tenant, with_vectors=True)
    )
    expected = made.objects_of(tenant)
    assert report.written == len(expected) == OBJECT_COUNT
    if extension == "jsonl":
        found = {o["uuid"]: o for o in parse_export(path)}
        assert set(found) == {o.uuid for o in expected}
        for obj in expected:
            check_json_object(made, found[obj.uuid], obj)
            assert found[obj.uuid]["properties"].get("title", "").endswith(f"({tenant})")
        return
    with path.open(newline="", encoding="utf-8") as handle:
        rows = {row["uuid"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {o.uuid for o in expected}
    for obj in expected:
        properties = export_properties(obj)
        for prop in PROPERTY_BY_TYPE.values():
            same(csv_value(prop, rows[obj.uuid][prop]), properties.get(prop), prop)
        refs = export_references(made, obj)
        for name in (SINGLE_REFERENCE, MULTI_REFERENCE, SELF_REFERENCE):
            cell = rows[obj.uuid][name]
            same(json.loads(cell) if cell else None, refs.get(name), name)
        for name in VECTOR_DIMENSIONS:
            same(json.loads(rows[obj.uuid][f"vector.{name}"]), obj.vectors[name], name)
