"""Dangling references (to objects that do not exist) are data: get shows them, export writes
them, import restores them, in every format, single and multi-target."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.exporter import ExportRequest, export_objects
from explorer.core.transfer.importer import ImportRequest, import_file
from tests.integration.dangling import add_dangling, missing_uuid, raw_references

REFERENCES = ["hasCategory", "mentions"]


async def make_questions(session: ExplorerSession, name: str, category: str, other: str) -> None:
    from weaviate.classes.config import DataType, Property, ReferenceProperty

    await session.client.collections.create(
        name,
        properties=[Property(name="answer", data_type=DataType.TEXT)],
        references=[
            ReferenceProperty(name="hasCategory", target_collection=category),
            ReferenceProperty.MultiTarget(name="mentions", target_collections=[category, other]),
        ],
    )


@pytest.fixture
async def questions(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> tuple[str, list[str], str]:
    """Questions whose references mix existing and missing targets; returns (name, uuids, a
    category uuid)."""
    from weaviate.classes.config import DataType, Property

    category, other = f"{collection_name}Cat", f"{collection_name}Other"
    cleanup_collections.extend([collection_name, category, other])
    for target in (category, other):
        await session.client.collections.create(
            target, properties=[Property(name="title", data_type=DataType.TEXT)]
        )
    science = str(await session.client.collections.use(category).data.insert({"title": "SCIENCE"}))
    await make_questions(session, collection_name, category, other)
    questions = session.client.collections.use(collection_name)
    uuids = [str(await questions.data.insert({"answer": f"a{i}"})) for i in range(3)]
    await add_dangling(
        session,
        collection_name,
        [
            (uuids[0], "hasCategory", science, None),
            (uuids[1], "hasCategory", missing_uuid("cat-1"), None),
            (uuids[2], "hasCategory", missing_uuid("cat-2"), None),
            (uuids[2], "hasCategory", science, None),
            (uuids[0], "mentions", missing_uuid("other-0"), other),
            (uuids[0], "mentions", science, category),
            (uuids[1], "mentions", missing_uuid("cat-3"), category),
        ],
    )
    return collection_name, uuids, science


@pytest.mark.parametrize("extension", ["json", "jsonl", "csv"])
async def test_export_import_round_trip_keeps_dangling_references(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    questions: tuple[str, list[str], str],
    cleanup_collections: list[str],
    tmp_path: Path,
    extension: str,
) -> None:
    name, _uuids, _science = questions
    original = await raw_references(server_options.url, name, REFERENCES)
    assert sum(len(t) for refs in original.values() for t in refs.values()) == 7

    path = tmp_path / f"questions.{extension}"
    await export_objects(session, ExportRequest(name, path))
    copy = f"{name}Copy"
    cleanup_collections.insert(0, copy)
    await make_questions(session, copy, f"{name}Cat", f"{name}Other")
    report = await import_file(session, ImportRequest(path, copy))
    assert (report.imported, report.failed) == (3, 0)
    assert (report.references_added, report.references_failed) == (7, 0)
    assert await raw_references(server_options.url, copy, REFERENCES) == original


async def test_get_object_shows_dangling_references_as_missing(
    session: ExplorerSession, questions: tuple[str, list[str], str]
) -> None:
    name, uuids, science = questions
    record = await session.get_object(name, uuids[2])
    assert record is not None
    category = f"{name}Cat"
    assert record.reference_labels("hasCategory") == [
        f"{missing_uuid('cat-2')} ({category}, missing)",
        f"{category} {science}",
    ]
    assert record.reference_data("hasCategory") == [
        {"uuid": missing_uuid("cat-2"), "collection": category, "missing": True},
        {"uuid": science, "collection": category},
    ]
    first = await session.get_object(name, uuids[0])
    assert first is not None
    assert first.reference_labels("mentions") == [
        f"{missing_uuid('other-0')} ({name}Other, missing)",
        f"{category} {science}",
    ]


async def test_filtered_and_selected_exports_keep_dangling_references(
    session: ExplorerSession, questions: tuple[str, list[str], str], tmp_path: Path
) -> None:
    import json

    from explorer.core.where.filters import Condition

    name, uuids, science = questions
    category = f"{name}Cat"
    expected = [
        {"uuid": missing_uuid("cat-2"), "collection": category},
        {"uuid": science, "collection": category},
    ]
    for request in (
        ExportRequest(name, tmp_path / "filtered.json", filters=Condition("answer", "=", "a2")),
        ExportRequest(name, tmp_path / "selected.json", uuids=(uuids[2], uuids[1])),
    ):
        await export_objects(session, request)
        objects = json.loads(request.path.read_text())["objects"]
        by_uuid = {o["uuid"]: o for o in objects}
        assert by_uuid[uuids[2]]["references"]["hasCategory"] == [e["uuid"] for e in expected]
    assert [o["uuid"] for o in objects] == [uuids[2], uuids[1]]
    assert by_uuid[uuids[1]]["references"]["mentions"] == [
        {"uuid": missing_uuid("cat-3"), "collection": category}
    ]
