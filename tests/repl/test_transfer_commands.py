"""``export`` and ``import`` in the REPL, against the real server."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from tests.integration.books import Book
from tests.integration.test_transfer import files_in
from tests.repl.harness import ReplHarness


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    yield harness
    await harness.context.schema.close()


async def test_export_then_import_into_another_collection(
    repl: ReplHarness,
    session: ExplorerSession,
    books: tuple[str, list[Book]],
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    name, data = books
    await repl.run(f"use {name}")
    path = tmp_path / "books.jsonl"
    report = await repl.json(f"export {path} --where 'year >= 1995' --vectors")
    expected = {b.uuid for b in data if b.properties["year"] >= 1995}
    assert report["written"] == len(expected) and report["source"] == "filtered"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {line["uuid"] for line in lines} == expected
    assert all(set(line["vectors"]) == {"custom", "bigram"} for line in lines)

    copy = f"{name}Copy"
    cleanup_collections.insert(0, copy)
    await session.client.collections.create_from_dict(
        {**dict((await session.collection_config(name)).raw), "class": copy}
    )
    table = await repl.run(f"import {path} --into {copy}")
    assert table.ok, table.err
    assert (
        f"read {len(expected)} rows: {len(expected)} imported + 0 failed (reconciled)" in table.out
    )
    assert await session.count(copy) == len(expected)
    record = await session.get_object(copy, next(iter(expected)))
    assert record is not None and record.vectors["custom"]


async def test_import_reports_failures_and_the_table_lists_them(
    repl: ReplHarness, session: ExplorerSession, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    name, _data = books
    path = tmp_path / "some.csv"
    path.write_text("title,year\nOne,2001\nTwo,twenty\n", encoding="utf-8")
    await repl.run(f"use {name}")
    report = await repl.json(f"import {path}")
    assert (report["read"], report["imported"], report["failed"]) == (2, 1, 1)
    assert report["reconciled"] is True
    assert report["failed_path"] == str(tmp_path / "some.csv.failed.jsonl")
    table = await repl.run(f"import {path}")
    assert "failed rows in" in table.out and "twenty" in table.out
    assert "3" in table.out  # the failed row's line number


async def test_progress_goes_to_stderr_at_the_prompt(
    session: ExplorerSession,
    books: tuple[str, list[Book]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, _data = books
    path = tmp_path / "rows.csv"
    path.write_text("title\nA\nB\n", encoding="utf-8")
    harness = ReplHarness(session, interactive=True)
    try:
        ran = await harness.run(f"use {name}; import {path}")
        assert ran.ok, ran.err
    finally:
        await harness.context.schema.close()
    err = capsys.readouterr().err
    assert "import rows.csv: 2/2 · " in err and "/s" in err
    assert "2 imported + 0 failed (reconciled)" in ran.out


async def test_bad_input_is_one_clear_line(
    repl: ReplHarness, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    name, _data = books
    repl.context.session.current_collection = None  # the session is shared between tests
    no_collection = await repl.run(f"export {tmp_path / 'x.json'}")
    assert not no_collection.ok and "No collection selected" in no_collection.err
    await repl.run(f"use {name}")
    bad_format = await repl.run(f"export {tmp_path / 'x.parquet'}")
    assert not bad_format.ok and "Unknown file format" in bad_format.err
    bad_where = await repl.run(f"export {tmp_path / 'x.json'} --where 'nope > 1'")
    assert not bad_where.ok and "nope" in bad_where.err
    missing = await repl.run(f"import {tmp_path / 'absent.csv'}")
    assert not missing.ok and "File not found" in missing.err
    assert files_in(tmp_path) == []


async def test_read_only_refuses_import_with_a_clear_message(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    books: tuple[str, list[Book]],
    tmp_path: Path,
) -> None:
    name, _data = books
    path = tmp_path / "rows.csv"
    path.write_text("title\nNew\n", encoding="utf-8")
    async with ExplorerSession(dataclasses.replace(server_options, read_only=True)) as read_only:
        harness = ReplHarness(read_only)
        try:
            ran = await harness.run(f"use {name}; import {path}")
            assert not ran.ok
            assert "Read-only connection" in ran.err and "refused to import rows.csv" in ran.err
            exported = await harness.json(f"export {tmp_path / 'out.csv'}")
            assert exported["written"] == 12
        finally:
            await harness.context.schema.close()
    assert await session.count(name) == 12


@pytest.mark.parametrize("suffix", ["json", "jsonl"])
async def test_exports_of_unchanged_data_are_byte_identical_with_sorted_maps(
    repl: ReplHarness, books: tuple[str, list[Book]], tmp_path: Path, suffix: str
) -> None:
    """Issue 15 item 21: the order of the named vectors varied between two exports."""
    name, _ = books
    await repl.run(f"use {name}")
    first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
    assert (await repl.run(f"export {first} --vectors")).ok
    assert (await repl.run(f"export {second} --vectors")).ok
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    objects = (
        json.loads(text)["objects"]
        if suffix == "json"
        else [json.loads(line) for line in text.splitlines()]
    )
    for exported in objects:
        for key in ("properties", "vectors"):
            assert list(exported[key]) == sorted(exported[key]), exported[key]


async def test_a_csv_with_extra_and_renamed_columns_into_a_tenant(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    from weaviate.classes.config import DataType

    from tests.tenanted import create_tenanted

    cleanup_collections.append(collection_name)
    await create_tenanted(
        session,
        collection_name,
        {"title": DataType.TEXT, "points": DataType.INT},
        ["tenantA", "tenantB"],
    )
    path = tmp_path / "wine.csv"
    path.write_text("name,score,country,notes\nMerlot,92,France,x\nRioja,88,Spain,y\n")
    into = f"--into {collection_name}"
    refused = await repl.run(f"import {path} {into} --tenant tenantA")
    assert not refused.ok and "country, notes" in refused.err
    tenant_needed = await repl.run(
        f"import {path} --into {collection_name} --ignore-columns country,notes "
        "--map name=title,score=points"
    )
    assert not tenant_needed.ok and "--tenant NAME" in tenant_needed.err
    no_column = await repl.run(f"import {path} {into} --tenant tenantA --ignore-columns region")
    assert not no_column.ok and "has no column region" in no_column.err
    bad_map = await repl.run(f"import {path} {into} --tenant tenantA --map name")
    assert not bad_map.ok and "column=the property" in bad_map.err

    done = await repl.json(
        f"import {path} --into {collection_name} --tenant tenantB --ignore-columns country "
        "--ignore-columns notes --map name=title --map score=points"
    )
    assert (done["imported"], done["failed"]) == (2, 0)
    stored = await session.collection(collection_name, "tenantB").query.fetch_objects()
    assert sorted((o.properties["title"], o.properties["points"]) for o in stored.objects) == [
        ("Merlot", 92),
        ("Rioja", 88),
    ]
    assert await session.count(collection_name, tenant="tenantA") == 0


async def test_a_csv_reference_cell_may_be_a_bare_uuid(
    repl: ReplHarness,
    session: ExplorerSession,
    books: tuple[str, list[Book]],
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    """Issue 15 item 24: a CSV reference cell had to be JSON; a bare uuid was refused."""
    from weaviate.classes.config import DataType, Property, ReferenceProperty

    name, data = books
    source = f"{name}Notes"
    cleanup_collections.append(source)
    await session.client.collections.create(
        source,
        properties=[Property(name="note", data_type=DataType.TEXT)],
        references=[ReferenceProperty(name="about", target_collection=name)],
    )
    path = tmp_path / "notes.csv"
    path.write_text(
        f'note,about\nbare,{data[0].uuid}\njson,"[""{data[1].uuid}""]"\n', encoding="utf-8"
    )
    ran = await repl.run(f"use {source}; import {path}")
    assert ran.ok, ran.err
    handle = session.client.collections.use(source)
    from weaviate.classes.query import QueryReference

    fetched = await handle.query.fetch_objects(return_references=QueryReference(link_on="about"))
    about = {
        str(o.properties["note"]): [str(t.uuid) for t in o.references["about"].objects]
        for o in fetched.objects
    }
    assert about == {"bare": [data[0].uuid], "json": [data[1].uuid]}


async def test_export_never_replaces_a_file_without_confirmation(
    repl: ReplHarness, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    """Issue 15 item 24: REPL export replaced an existing file silently (the TUI asks first)."""
    name, data = books
    await repl.run(f"use {name}")
    path = tmp_path / "kept.jsonl"
    path.write_text("precious\n", encoding="utf-8")
    refused = await repl.run(f"export {path}")
    assert not refused.ok and "exists: replace it" in refused.err and "--yes" in refused.err
    assert path.read_text(encoding="utf-8") == "precious\n"
    replaced = await repl.run(f"export {path} --yes")
    assert replaced.ok, replaced.err
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(data)


async def test_import_create_makes_the_collection_from_the_config_next_to_the_data(
    repl: ReplHarness,
    session: ExplorerSession,
    server_options: ConnectionOptions,
    books: tuple[str, list[Book]],
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    """Issue 15 item 23: import into a missing collection only said "create it first"."""
    name, data = books
    await repl.run(f"use {name}")
    path = tmp_path / "books.jsonl"
    assert (await repl.run(f"export {path} --vectors")).ok
    new = f"{name}Created"
    missing = await repl.run(f"import {path} --into {new} --create --yes --config nope.json")
    assert not missing.ok and "nope.json does not exist" in missing.err, missing.err
    assert (await repl.run(f"config {name} --json {tmp_path / 'books.config.json'}")).ok

    async with ExplorerSession(dataclasses.replace(server_options, read_only=True)) as ro:
        refused = await ReplHarness(ro).run(f"import {path} --into {new} --create --yes")
    assert not refused.ok and "read-only" in refused.err.lower()
    unasked = await repl.run(f"import {path} --into {new} --create")  # nobody to ask
    assert not unasked.ok and "--yes" in unasked.err
    assert new not in await session.client.collections.list_all(simple=True)

    cleanup_collections.append(new)
    created = await repl.json(f"import {path} --into {new} --create --yes")
    assert created["imported"] == len(data), created
    config = await session.collection_config(new, refresh=True)
    assert {v.name for v in config.vectors} == {"custom", "bigram"}
    again = await repl.run(f"import {path} --into {new} --create --yes")
    assert not again.ok and "exists already" in again.err
