"""Export then import into a new collection gives identical objects, for every data type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.exporter import ExportRequest, export_objects
from explorer.core.transfer.importer import ImportRequest, import_file
from tests.integration.all_types import (
    OBJECT_COUNT,
    PROPERTY_BY_TYPE,
    AllTypes,
    create_all_types,
    create_all_types_collection,
    stored_objects,
)
from tests.integration.test_transfer import files_in


@pytest.fixture
async def all_types(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> AllTypes:
    made = await create_all_types(session, collection_name)
    cleanup_collections.extend(made.collections)
    return made


@pytest.mark.parametrize("extension", ["json", "jsonl", "csv"])
async def test_round_trip_keeps_every_type_vectors_and_references(
    session: ExplorerSession,
    all_types: AllTypes,
    cleanup_collections: list[str],
    tmp_path: Path,
    extension: str,
) -> None:
    path = tmp_path / f"export.{extension}"
    exported = await export_objects(session, ExportRequest(all_types.name, path, with_vectors=True))
    assert exported.written == OBJECT_COUNT
    assert not [p for p in files_in(tmp_path) if p.name != path.name]

    copy = f"{all_types.name}Copy"
    cleanup_collections.insert(0, copy)
    await create_all_types_collection(session, copy, all_types.target_a, all_types.target_b)
    report = await import_file(session, ImportRequest(path, copy))
    assert (report.read, report.imported, report.failed) == (OBJECT_COUNT, OBJECT_COUNT, 0)
    assert report.reconciled and report.failed_path is None
    references = sum(len(t) for o in all_types.objects for t in o.references.values())
    assert (report.references_added, report.references_failed) == (references, 0)

    original = await stored_objects(session, all_types.name)
    copied = await stored_objects(session, copy)
    assert set(copied) == set(original) == {o.uuid for o in all_types.objects}
    for uuid, stored in original.items():
        # self-references point into the copy, every other reference to the same targets
        expected_refs = tuple(
            sorted(
                (prop, copy if target == all_types.name else target, to)
                for prop, target, to in stored.references
            )
        )
        assert copied[uuid].properties == stored.properties, uuid
        assert copied[uuid].vectors == stored.vectors, uuid
        assert copied[uuid].references == expected_refs, uuid
    # re-running replaces: no object and no reference is doubled
    again = await import_file(session, ImportRequest(path, copy))
    assert again.imported == OBJECT_COUNT and again.references_added == references
    assert await stored_objects(session, copy) == copied

    full = original[all_types.objects[0].uuid]
    assert set(full.properties) == set(PROPERTY_BY_TYPE.values())  # every type was compared
    assert set(full.vectors) == {"small", "large", "colbert"}
    assert {prop for prop, _t, _u in full.references} == {"author", "mentions", "related"}


async def test_export_file_shapes(
    session: ExplorerSession, all_types: AllTypes, tmp_path: Path
) -> None:
    """JSON holds {"objects": [...]}, CSV cells hold nested values as JSON text, dates ISO."""
    json_path, csv_path = tmp_path / "out.json", tmp_path / "out.csv"
    await export_objects(session, ExportRequest(all_types.name, json_path))
    data = json.loads(json_path.read_text())
    assert data["collection"] == all_types.name and len(data["objects"]) == OBJECT_COUNT
    first = next(o for o in data["objects"] if o["uuid"] == all_types.objects[0].uuid)
    assert "vectors" not in first
    assert first["properties"]["published"] == "2020-01-01T08:30:00Z"
    assert first["properties"]["image"] == all_types.objects[0].properties["image"]
    assert first["references"]["mentions"] == [
        {
            "uuid": all_types.objects[0].references["mentions"][0][1],
            "collection": all_types.target_a,
        },
        {
            "uuid": all_types.objects[0].references["mentions"][1][1],
            "collection": all_types.target_b,
        },
    ]

    await export_objects(session, ExportRequest(all_types.name, csv_path, with_vectors=True))
    import csv

    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == OBJECT_COUNT
    row = next(r for r in rows if r["uuid"] == all_types.objects[0].uuid)
    assert json.loads(row["details"])["meta"]["inner"]["code"] == "C-000"
    assert json.loads(row["vector.small"]) == all_types.objects[0].vectors["small"]
    assert json.loads(row["location"]) == {"latitude": 52.5, "longitude": 13.25}
    assert row["active"] == "true"
