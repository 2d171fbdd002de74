"""Copy as code, for real: the generated async and sync scripts run against the test server
and print the same objects (uuids in order, properties, scores) as the explorer's own query."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.codegen.queries import (
    VARIANTS,
    Variant,
    aggregate_code,
    collection_config_code,
    import_code,
    search_code,
)
from explorer.core.query.requests import (
    AggregateRequest,
    GenerateSpec,
    MultiTarget,
    RerankSpec,
    SearchRequest,
    SortSpec,
)
from explorer.core.where.filters import And, Condition
from tests.integration.books import books as book_data
from tests.integration.books import create_books

BOOKS = book_data()


@pytest.fixture(scope="module")
async def books_collection(session: ExplorerSession) -> AsyncIterator[str]:
    name = f"TCodegenBooks{uuid.uuid4().hex[:8]}"
    await create_books(session, name)
    yield name
    await session.client.collections.delete(name)


async def run_script(source: str, tmp_path: Path, variant: Variant) -> Any:
    """Run a generated script with the project's Python; its stdout is JSON."""
    script = tmp_path / f"script_{variant}.py"
    script.write_text(source, encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(script),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, stderr.decode()
    return json.loads(stdout)


async def run_both(make: Any, tmp_path: Path) -> list[Any]:
    """Run the async and the sync script at once; their outputs, async first."""
    return list(
        await asyncio.gather(
            *(run_script(make(variant), tmp_path, variant) for variant in VARIANTS)
        )
    )


def plain(value: Any) -> Any:
    """What the scripts' ``json.dumps(..., default=str)`` makes of a value."""
    return json.loads(json.dumps(value, default=str))


SEARCHES = {
    "fetch_filtered_sorted": lambda name: SearchRequest(
        name,
        "fetch",
        filters=And((Condition("year", ">", 1992), Condition("genre", "in", ("drama", "travel")))),
        sort=(SortSpec("year", descending=True),),
        limit=4,
        offset=1,
    ),
    "bm25": lambda name: SearchRequest(
        name, "bm25", text="harbour keeper", query_properties=("title",), limit=5
    ),
    "near_vector": lambda name: SearchRequest(
        name,
        "near_vector",
        vector=(1.0, 0.35, 0.1),
        target_vector="custom",
        filters=Condition("in_print", "=", True),
        limit=4,
    ),
    "near_object": lambda name: SearchRequest(
        name, "near_object", object_id=BOOKS[3].uuid, target_vector="custom", limit=3
    ),
    "hybrid": lambda name: SearchRequest(
        name, "hybrid", text="harbour lights", alpha=0.5, fusion="relative", limit=5
    ),
    "multi_target": lambda name: SearchRequest(
        name,
        "near_object",
        object_id=BOOKS[2].uuid,
        multi_target=MultiTarget(
            ("custom", "bigram"), "manual", (("custom", 0.3), ("bigram", 0.7))
        ),
        limit=4,
    ),
    "rerank": lambda name: SearchRequest(
        name, "bm25", text="keeper storm", rerank=RerankSpec("summary", "keeper"), limit=4
    ),
    "generate": lambda name: SearchRequest(
        name,
        "near_vector",
        vector=(1.0, 0.5, 0.0),
        target_vector="custom",
        generate=GenerateSpec("Explain {title}", "Summarise these"),
        limit=3,
    ),
}


@pytest.mark.parametrize("case", sorted(SEARCHES))
async def test_generated_search_code_returns_the_explorers_results(
    case: str,
    session: ExplorerSession,
    server_options: ConnectionOptions,
    books_collection: str,
    tmp_path: Path,
) -> None:
    request = SEARCHES[case](books_collection)
    config = await session.collection_config(books_collection)
    expected = await session.search(request)
    assert expected.objects, "the query must find something to compare"
    outputs = await run_both(
        lambda variant: search_code(request, server_options, variant=variant, config=config),
        tmp_path,
    )
    for output in outputs:
        rows = output["objects"]
        assert [r["uuid"] for r in rows] == [o.uuid for o in expected.objects]
        assert [r["properties"] for r in rows] == [
            plain(dict(o.properties)) for o in expected.objects
        ]
        for row, record in zip(rows, expected.objects, strict=True):
            if request.kind in ("bm25", "hybrid"):
                assert row["score"] == pytest.approx(record.score)
            if request.kind.startswith("near_"):
                assert row["distance"] == pytest.approx(record.distance)
            if request.rerank:
                assert row["rerank_score"] == pytest.approx(record.rerank_score)
            if request.generate:
                assert row["generated"] == record.generated and record.generated
        if request.generate:
            assert output["generated"] == expected.generated and expected.generated


async def test_generated_code_for_a_tenant(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.tenants import Tenant

    cleanup_collections.append(collection_name)
    collection = await session.client.collections.create(
        collection_name,
        properties=[Property(name="label", data_type=DataType.TEXT)],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    await collection.tenants.create([Tenant(name="alpha"), Tenant(name="beta")])
    await collection.with_tenant("alpha").data.insert_many([{"label": f"a{i}"} for i in range(3)])
    await collection.with_tenant("beta").data.insert({"label": "b0"})
    request = SearchRequest(
        collection_name, "fetch", tenant="alpha", sort=(SortSpec("label"),), limit=10
    )
    expected = await session.search(request)
    for output in await run_both(
        lambda variant: search_code(request, server_options, variant=variant), tmp_path
    ):
        assert [r["uuid"] for r in output["objects"]] == [o.uuid for o in expected.objects]
        assert [r["properties"]["label"] for r in output["objects"]] == ["a0", "a1", "a2"]


async def test_generated_aggregate_code_matches(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    books_collection: str,
    tmp_path: Path,
) -> None:
    config = await session.collection_config(books_collection)
    grouped = AggregateRequest(books_collection, group_by="genre", metrics=("year",))
    total = AggregateRequest(
        books_collection, metrics=("rating",), filters=Condition("year", ">=", 1995)
    )
    expected_groups = await session.aggregate(grouped)
    expected_total = await session.aggregate(total)
    for output in await run_both(
        lambda variant: aggregate_code(grouped, server_options, variant=variant, config=config),
        tmp_path,
    ):
        counts = {g["value"]: g["count"] for g in output["groups"]}
        assert (
            counts
            == {g.value: g.count for g in expected_groups.groups}
            == {
                "drama": 4,
                "mystery": 4,
                "travel": 4,
            }
        )
    for output in await run_both(
        lambda variant: aggregate_code(total, server_options, variant=variant, config=config),
        tmp_path,
    ):
        assert output["total_count"] == expected_total.total_count == 7
        assert output["metrics"]["rating"]["maximum"] == pytest.approx(
            expected_total.metrics["rating"]["maximum"]
        )


async def test_generated_config_code_recreates_the_collection(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    books_collection: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    original = await session.collection_config(books_collection, refresh=True)
    copies = {variant: f"{books_collection}Copy{variant.title()}" for variant in VARIANTS}
    cleanup_collections.extend(copies.values())
    outputs = await run_both(
        lambda variant: collection_config_code(
            original.raw, server_options, variant=variant, name=copies[variant]
        ),
        tmp_path,
    )
    assert [o["created"] for o in outputs] == [copies[v] for v in VARIANTS]
    for name in copies.values():
        copy = await session.collection_config(name, refresh=True)
        assert copy.properties == original.properties
        assert copy.vectors == original.vectors
        assert (copy.generative_module, copy.reranker_module) == (
            original.generative_module,
            original.reranker_module,
        )


@pytest.mark.parametrize("file_format", ["json", "jsonl", "csv"])
async def test_generated_import_code_inserts_every_row(
    file_format: str,
    session: ExplorerSession,
    server_options: ConnectionOptions,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    from weaviate.classes.config import DataType, Property

    targets = {variant: f"{collection_name}{variant.title()}" for variant in VARIANTS}
    cleanup_collections.extend(targets.values())
    for name in targets.values():
        await session.client.collections.create(
            name,
            properties=[
                Property(name="title", data_type=DataType.TEXT),
                Property(name="genre", data_type=DataType.TEXT),
            ],
        )
    rows = [{"title": b.properties["title"], "genre": b.properties["genre"]} for b in BOOKS]
    path = tmp_path / f"rows.{file_format}"
    if file_format == "json":
        path.write_text(
            json.dumps([{**r, "uuid": b.uuid} for r, b in zip(rows, BOOKS, strict=True)])
        )
    elif file_format == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    else:
        path.write_text("title,genre\n" + "".join(f'"{r["title"]}",{r["genre"]}\n' for r in rows))
    outputs = await run_both(
        lambda variant: import_code(path, targets[variant], server_options, variant=variant),
        tmp_path,
    )
    assert (
        outputs
        == [{"inserted": len(rows), "failed": 0, "references_added": 0, "references_failed": 0}] * 2
    )
    for name in targets.values():
        assert await session.count(name) == len(rows)
        page = await session.fetch_page(name, limit=100)
        assert sorted(o.properties["title"] for o in page.objects) == sorted(
            r["title"] for r in rows
        )
        if file_format == "json":
            assert {o.uuid for o in page.objects} == {b.uuid for b in BOOKS}


async def test_generated_code_of_a_comparison_returns_each_list(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    books_collection: str,
    tmp_path: Path,
) -> None:
    from explorer.core.codegen.queries import several_searches_code
    from explorer.core.lab.compare import CompareRequest, plan_compare

    config = await session.collection_config(books_collection)
    plans, _notes = plan_compare(
        config, CompareRequest(books_collection, "harbour", alphas=(0.5,), limit=4)
    )
    expected = {plan.label: await session.search(plan.request) for plan in plans}
    source = several_searches_code(
        [(plan.label, plan.request) for plan in plans], server_options, config=config
    )
    output = await run_script(source, tmp_path, "async")
    assert set(output) == {"bm25", "vector", "hybrid 0.5"}
    for label, result in expected.items():
        assert [r["uuid"] for r in output[label]["objects"]] == [o.uuid for o in result.objects]
