"""Import and export against the real server: uuids, upserts, failures, cancel, big and filtered."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from explorer.core.base.errors import ExplorerError, ReadOnlyRefused
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.exporter import ExportProgress, ExportRequest, export_objects
from explorer.core.transfer.importer import (
    ImportInterrupted,
    ImportProgress,
    ImportRequest,
    import_file,
)
from explorer.core.where.parser import parse_where
from tests.integration.books import Book

BIG_COUNT = 10_050


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, bom: bool = False) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def files_in(directory: Path) -> list[Path]:
    return sorted(directory.iterdir())


async def uuids_of(session: ExplorerSession, name: str) -> set[str]:
    collection = session.client.collections.use(name)
    return {str(o.uuid) async for o in collection.iterator(return_properties=[])}


async def create_plain(session: ExplorerSession, name: str) -> None:
    from weaviate.classes.config import Configure, DataType, Property

    await session.client.collections.create(
        name,
        properties=[
            Property(name="n", data_type=DataType.INT),
            Property(name="label", data_type=DataType.TEXT),
        ],
        vector_config=Configure.Vectors.self_provided(name="v"),
    )


@pytest.fixture
async def plain(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> str:
    cleanup_collections.append(collection_name)
    await create_plain(session, collection_name)
    return collection_name


# -- import -----------------------------------------------------------------------------------------


async def test_import_csv_without_uuids_lets_new_objects_in(
    session: ExplorerSession, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    name, _data = books
    path = write_csv(
        tmp_path / "new.csv",
        ["title", "year", "rating", "in_print", "published", "vector.custom"],
        [
            ["Fresh one", "2001", "4.5", "true", "2001-02-03T04:05:06Z", "[0.5, 0.25, 1]"],
            ["Fresh two", "2002", "3", "no", "2002-02-03", ""],
        ],
        bom=True,  # a byte-order mark, as spreadsheet programs write
    )
    before = await uuids_of(session, name)
    report = await import_file(session, ImportRequest(path, name))
    assert (report.read, report.imported, report.failed) == (2, 2, 0)
    new = await uuids_of(session, name) - before
    assert len(new) == 2
    fresh = [await session.get_object(name, uuid) for uuid in new]
    by_title = {r.properties["title"]: r for r in fresh if r is not None}
    assert by_title["Fresh one"].properties["year"] == 2001
    assert by_title["Fresh one"].properties["in_print"] is True
    assert by_title["Fresh one"].vectors["custom"] == (0.5, 0.25, 1.0)
    assert by_title["Fresh two"].properties["in_print"] is False
    assert by_title["Fresh two"].properties["rating"] == 3.0


async def test_reimport_with_uuids_replaces_and_never_duplicates(
    session: ExplorerSession, plain: str, tmp_path: Path
) -> None:
    uuids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(30)]
    rows: list[dict[str, Any]] = [
        {"uuid": u, "n": i, "label": f"first {i}", "vector": [i, 1, 0]} for i, u in enumerate(uuids)
    ]
    path = write_jsonl(tmp_path / "rows.jsonl", rows)
    first = await import_file(session, ImportRequest(path, plain))
    assert first.imported == 30 and await session.count(plain) == 30
    for row in rows:
        row["label"] = row["label"].replace("first", "second")
    write_jsonl(path, rows)
    second = await import_file(session, ImportRequest(path, plain))
    assert second.imported == 30 and second.reconciled
    assert await session.count(plain) == 30
    assert await uuids_of(session, plain) == set(uuids)
    record = await session.get_object(plain, uuids[7])
    assert record is not None and record.properties["label"] == "second 7"


async def test_failed_rows_go_to_a_file_and_the_counts_reconcile(
    session: ExplorerSession, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    name, _data = books
    path = tmp_path / "mixed.csv"
    # line 2 good, 3 bad int, 4 ragged, 5 wrong vector size (the server refuses), 6 good,
    # 7 bad date, 8 bad uuid
    path.write_text(
        "uuid,title,year,vector.custom\n"
        '11111111-1111-4111-8111-111111111111,Good one,1999,"[1, 2, 3]"\n'
        ",Bad year,nineteen,\n"
        ",Ragged,2000,,extra\n"
        ',Short vector,2001,"[1, 2]"\n'
        ",Good two,2002,\n",
        encoding="utf-8",
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write("not-a-uuid,Bad uuid,2003,\n")
    before = await session.count(name)
    report = await import_file(session, ImportRequest(path, name))
    assert (report.read, report.imported, report.failed) == (6, 2, 4)
    assert report.reconciled
    assert await session.count(name) == before + 2
    # the report matches the server: the good row with a uuid is there
    assert await session.get_object(name, "11111111-1111-4111-8111-111111111111") is not None
    assert report.failed_path == tmp_path / "mixed.csv.failed.jsonl"
    lines = [json.loads(line) for line in report.failed_path.read_text().splitlines()]
    by_row = {line["row"]: line for line in lines}
    assert sorted(by_row) == [3, 4, 5, 7], [(line["row"], line["error"]) for line in lines]
    assert "year" in by_row[3]["error"] and by_row[3]["data"]["year"] == "nineteen"
    assert "cells" in by_row[4]["error"]
    assert "expected 3 numbers" in by_row[5]["error"]  # the vector's size, checked before sending
    assert "uuid" in by_row[7]["error"]

    # a clean re-run leaves no stale failed-rows file
    path.write_text("title\nOnly good\n", encoding="utf-8")
    again = await import_file(session, ImportRequest(path, name))
    assert again.failed == 0 and again.failed_path is None
    assert not (tmp_path / "mixed.csv.failed.jsonl").exists()


async def test_json_file_with_every_form_of_row(
    session: ExplorerSession, plain: str, tmp_path: Path
) -> None:
    """A JSON array mixing the export form and the flat form; a bad one fails alone."""
    path = tmp_path / "rows.json"
    path.write_text(
        json.dumps(
            [
                {"uuid": "22222222-2222-4222-8222-222222222222", "properties": {"n": 1}},
                {"n": 2, "label": "flat", "vector.v": [1, 2]},
                {"n": "three"},
                {"unknown": 1},
            ]
        ),
        encoding="utf-8",
    )
    report = await import_file(session, ImportRequest(path, plain))
    assert (report.read, report.imported, report.failed) == (4, 2, 2)
    errors = {f.row: f.error for f in report.failures}
    assert "expected int" in errors[3]
    assert "no property 'unknown'" in errors[4]


async def test_file_level_problems_send_nothing(
    session: ExplorerSession, plain: str, tmp_path: Path
) -> None:
    with pytest.raises(ExplorerError, match="Unknown file format"):
        await import_file(session, ImportRequest(tmp_path / "rows.txt", plain))
    columns = write_csv(tmp_path / "cols.csv", ["n", "colour"], [["1", "red"]])
    with pytest.raises(ExplorerError) as caught:
        await import_file(session, ImportRequest(columns, plain))
    assert caught.value.title == "Unknown columns" and "colour" in caught.value.message
    with pytest.raises(ExplorerError) as missing:
        await import_file(session, ImportRequest(columns, plain + "Missing"))
    assert missing.value.title == "No such collection"
    broken = tmp_path / "broken.json"
    broken.write_text('[{"n": 1},', encoding="utf-8")
    with pytest.raises(ExplorerError, match="Invalid JSON"):
        await import_file(session, ImportRequest(broken, plain))
    assert await session.count(plain) == 0


async def test_cancel_mid_import_reports_exactly_what_the_server_has(
    session: ExplorerSession, plain: str, tmp_path: Path
) -> None:
    total = 6000
    path = write_jsonl(
        tmp_path / "big.jsonl",
        [{"n": i, "label": f"row {i}", "vector": [1, i, -i]} for i in range(total)],
    )
    halfway = asyncio.Event()
    seen: list[ImportProgress] = []

    def progress(update: ImportProgress) -> None:
        seen.append(update)
        if update.read >= 1000:
            halfway.set()

    task = asyncio.create_task(import_file(session, ImportRequest(path, plain), progress))
    await halfway.wait()
    task.cancel()
    with pytest.raises(ImportInterrupted) as caught:
        await task
    report = caught.value.report
    assert report.cancelled and caught.value.title == "Import cancelled"
    assert 1000 <= report.read < total
    assert report.reconciled
    assert report.imported == await session.count(plain)
    assert report.imported > 0
    assert f"{report.imported:,} imported" in caught.value.message
    assert seen[0].total == total and seen[-1].rate > 0


async def test_read_only_connection_refuses_import_up_front(
    server_options: ConnectionOptions, session: ExplorerSession, plain: str, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "rows.jsonl", [{"n": 1}])
    read_only = dataclasses.replace(server_options, read_only=True)
    async with ExplorerSession(read_only) as guarded:
        with pytest.raises(ReadOnlyRefused) as caught:
            await import_file(guarded, ImportRequest(path, plain))
        assert "import rows.jsonl" in caught.value.message
        # exporting reads only: allowed
        report = await export_objects(guarded, ExportRequest(plain, tmp_path / "out.jsonl"))
        assert report.written == 0
    assert await session.count(plain) == 0
    assert not (tmp_path / "rows.jsonl.failed.jsonl").exists()


async def test_import_and_export_a_tenant(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str], tmp_path: Path
) -> None:
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.tenants import Tenant

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name,
        properties=[Property(name="n", data_type=DataType.INT)],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    await session.client.collections.use(collection_name).tenants.create(
        [Tenant(name="t1"), Tenant(name="t2")]
    )
    path = write_jsonl(tmp_path / "rows.jsonl", [{"n": i} for i in range(5)])
    with pytest.raises(ExplorerError, match="multi-tenant"):
        await import_file(session, ImportRequest(path, collection_name))
    report = await import_file(session, ImportRequest(path, collection_name, tenant="t1"))
    assert report.imported == 5
    assert await session.count(collection_name, tenant="t1") == 5
    assert await session.count(collection_name, tenant="t2") == 0
    out = tmp_path / "t1.csv"
    exported = await export_objects(session, ExportRequest(collection_name, out, tenant="t1"))
    assert exported.written == 5
    assert sorted(r.split(",")[1] for r in out.read_text(encoding="utf-8").splitlines()[1:]) == [
        str(i) for i in range(5)
    ]


# -- export -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def big_collection(session: ExplorerSession) -> AsyncIterator[str]:
    """10,050 small objects without vectors, inserted in big chunks.

    Vectors would make this slow: HNSW takes ~2 ms per 3-d vector here, and far longer when
    many vectors are identical.
    """
    from weaviate.classes.data import DataObject

    name = "TransferBig"
    await session.client.collections.delete(name)
    await create_plain(session, name)
    collection = session.client.collections.use(name)
    for start in range(0, BIG_COUNT, 2000):
        result = await collection.data.insert_many(
            [
                DataObject(properties={"n": i, "label": f"item {i}"})
                for i in range(start, min(start + 2000, BIG_COUNT))
            ]
        )
        assert not result.errors
    yield name
    await session.client.collections.delete(name)


async def test_export_goes_past_ten_thousand_by_cursor(
    session: ExplorerSession, big_collection: str, tmp_path: Path
) -> None:
    path = tmp_path / "big.jsonl"
    updates: list[ExportProgress] = []
    report = await export_objects(session, ExportRequest(big_collection, path), updates.append)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert report.written == len(lines) == BIG_COUNT
    assert len({json.loads(line)["uuid"] for line in lines}) == BIG_COUNT
    assert sorted(json.loads(line)["properties"]["n"] for line in lines) == list(range(BIG_COUNT))
    assert updates[-1].written == BIG_COUNT and updates[-1].total == BIG_COUNT


async def test_filtered_export_goes_past_ten_thousand(
    session: ExplorerSession, big_collection: str, tmp_path: Path
) -> None:
    config = await session.collection_config(big_collection)
    path = tmp_path / "filtered.csv"
    report = await export_objects(
        session,
        ExportRequest(big_collection, path, filters=parse_where("n >= 25", config)),
    )
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert report.written == len(rows) == BIG_COUNT - 25
    assert report.source == "filtered"
    assert sorted(int(r["n"]) for r in rows) == list(range(25, BIG_COUNT))
    assert list(rows[0]) == ["uuid", "n", "label"]  # no vector columns unless asked


async def test_filtered_export_and_query_results_export(
    session: ExplorerSession, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    name, data = books
    config = await session.collection_config(name)
    path = tmp_path / "recent.json"
    await export_objects(
        session,
        ExportRequest(name, path, filters=parse_where("year > 1995 and in_print = true", config)),
    )
    exported = json.loads(path.read_text(encoding="utf-8"))["objects"]
    expected = {b.uuid for b in data if b.properties["year"] > 1995 and b.properties["in_print"]}
    assert {o["uuid"] for o in exported} == expected and expected

    chosen = (data[5].uuid, data[0].uuid, "00000000-0000-4000-8000-000000000000", data[3].uuid)
    results = tmp_path / "results.jsonl"
    report = await export_objects(
        session, ExportRequest(name, results, uuids=chosen, with_vectors=True)
    )
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert [r["uuid"] for r in rows] == [data[5].uuid, data[0].uuid, data[3].uuid]
    assert report.missing == 1 and report.source == "selection"
    assert rows[0]["vectors"]["custom"] == pytest.approx(data[5].vector)  # float32 on the server


async def test_failed_or_cancelled_export_leaves_no_file(
    session: ExplorerSession, big_collection: str, tmp_path: Path
) -> None:
    path = tmp_path / "cancelled.json"
    started = asyncio.Event()

    def progress(update: ExportProgress) -> None:
        if update.written >= 400:
            started.set()

    task = asyncio.create_task(
        export_objects(session, ExportRequest(big_collection, path), progress)
    )
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert files_in(tmp_path) == []

    with pytest.raises(ExplorerError, match="No such collection"):
        await export_objects(session, ExportRequest("NoSuchCollectionHere", tmp_path / "x.csv"))
    with pytest.raises(ExplorerError, match="Unknown file format"):
        await export_objects(session, ExportRequest(big_collection, tmp_path / "x.xlsx"))
    assert files_in(tmp_path) == []
