"""Every ExplorerSession method against a real Weaviate server, checked against known data."""

from __future__ import annotations

import asyncio
import time

import pytest

from explorer.core.base.errors import ConnectionFailed, ExplorerError, TargetVectorRequired
from explorer.core.client.connection import ConnectionOptions, Timeouts
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import AggregateRequest, GenerateSpec, RerankSpec, SearchRequest
from explorer.core.where.filters import And, Condition, Not, Or
from tests.integration.books import TITLES


async def test_server_info_names_version_and_offline_modules(session: ExplorerSession) -> None:
    info = await session.refresh_server_info()
    assert info.version == "1.38.11"
    assert {"text2vec-bigram", "generative-dummy", "reranker-dummy", "backup-filesystem"} <= set(
        info.modules
    )
    assert session.is_connected()


async def test_list_collections_counts_and_vectors(session: ExplorerSession, books) -> None:
    name, data = books
    summaries = {s.name: s for s in await session.list_collections()}
    summary = summaries[name]
    assert summary.count == len(data)
    assert {(v.name, v.vectorizer) for v in summary.vectors} == {
        ("custom", "none"),
        ("bigram", "text2vec-bigram"),
    }
    assert summary.multi_tenant is False


async def test_multi_tenant_collection_has_badge_and_no_count(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from weaviate.classes.config import Configure

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name, multi_tenancy_config=Configure.multi_tenancy(enabled=True)
    )
    summary = {s.name: s for s in await session.list_collections()}[collection_name]
    assert summary.multi_tenant is True
    assert summary.count is None


async def test_collection_config(session: ExplorerSession, books) -> None:
    name, _ = books
    config = await session.collection_config(name, refresh=True)
    types = {p.name: p.data_type for p in config.properties}
    assert types == {
        "title": "text",
        "summary": "text",
        "year": "int",
        "rating": "number",
        "in_print": "boolean",
        "genre": "text",
        "published": "date",
    }
    assert {p.name: p.tokenization for p in config.properties}["genre"] == "field"
    assert config.generative_module == "generative-dummy"
    assert config.reranker_module == "reranker-dummy"
    assert config.named_vectors
    assert config.raw["class"] == name


async def test_cursor_paging_visits_every_object_once(session: ExplorerSession, books) -> None:
    name, data = books
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = await session.fetch_page(name, limit=5, after=after)
        seen.extend(o.uuid for o in page.objects)
        pages += 1
        if page.next_after is None:
            break
        after = page.next_after
    assert sorted(seen) == sorted(b.uuid for b in data)
    assert pages == 3  # 5 + 5 + 2


async def test_get_object_has_properties_vectors_and_times(session: ExplorerSession, books) -> None:
    name, data = books
    book = data[3]
    record = await session.get_object(name, book.uuid)
    assert record is not None
    assert record.properties["title"] == book.properties["title"]
    assert record.properties["year"] == book.properties["year"]
    assert record.properties["published"] == book.properties["published"]
    assert record.vectors["custom"] == pytest.approx(tuple(book.vector))
    assert len(record.vectors["bigram"]) > 0
    assert record.created is not None and record.updated is not None
    assert list(record.properties) == list(book.properties)  # the schema's order
    assert await session.get_object(name, "00000000-0000-0000-0000-000000000000") is None


async def test_count_with_filter(session: ExplorerSession, books) -> None:
    name, data = books
    expected = sum(1 for b in data if b.properties["year"] >= 2000)
    assert await session.count(name, filters=Condition("year", ">=", 2000)) == expected


async def test_bm25_ranks_matching_titles(session: ExplorerSession, books) -> None:
    name, _ = books
    result = await session.search(
        SearchRequest(name, "bm25", text="harbour", query_properties=("title",), limit=5)
    )
    titles = {o.properties["title"] for o in result.objects}
    assert titles == {t for t in TITLES if "harbour" in t.lower()}
    assert all(o.score is not None and o.score > 0 for o in result.objects)


async def test_near_vector_finds_the_exact_vector_first(session: ExplorerSession, books) -> None:
    name, data = books
    target = data[7]
    result = await session.search(
        SearchRequest(
            name, "near_vector", vector=tuple(target.vector), target_vector="custom", limit=3
        )
    )
    assert result.objects[0].uuid == target.uuid
    assert result.objects[0].distance == pytest.approx(0.0, abs=1e-5)


async def test_near_object_starts_with_the_object_itself(session: ExplorerSession, books) -> None:
    name, data = books
    result = await session.search(
        SearchRequest(name, "near_object", object_id=data[2].uuid, target_vector="custom", limit=2)
    )
    assert result.objects[0].uuid == data[2].uuid


async def test_hybrid_on_the_bigram_vector(session: ExplorerSession, books) -> None:
    name, _ = books
    result = await session.search(
        SearchRequest(
            name,
            "hybrid",
            text="lighthouse keeper",
            alpha=0.5,
            fusion="relative",
            target_vector="bigram",
            limit=3,
        )
    )
    assert result.objects[0].properties["title"] == "The lighthouse keeper"
    assert result.objects[0].explain_score


async def test_hybrid_picks_the_only_vectorized_target(session: ExplorerSession, books) -> None:
    name, _ = books
    result = await session.search(SearchRequest(name, "hybrid", text="river keeper", limit=2))
    assert result.objects[0].properties["title"] == "The river keeper"


async def test_missing_target_vector_is_a_clear_error_not_a_server_error(
    session: ExplorerSession, books
) -> None:
    name, data = books
    with pytest.raises(ExplorerError) as caught:
        await session.search(SearchRequest(name, "near_vector", vector=tuple(data[0].vector)))
    assert isinstance(caught.value, TargetVectorRequired)
    assert "bigram" in caught.value.message and "custom" in caught.value.message
    with pytest.raises(ExplorerError, match="no vector 'nope'"):
        await session.search(
            SearchRequest(name, "near_object", object_id=data[0].uuid, target_vector="nope")
        )
    with pytest.raises(ExplorerError, match="has none"):
        await session.search(SearchRequest(name, "hybrid", text="x y", target_vector="custom"))


async def test_filters_and_or_not(session: ExplorerSession, books) -> None:
    name, data = books
    expression = And(
        (
            Or((Condition("genre", "=", "drama"), Condition("genre", "=", "travel"))),
            Not(Condition("in_print", "=", True)),
            Condition("rating", "<", 4.0),
        )
    )
    result = await session.search(SearchRequest(name, "fetch", filters=expression, limit=100))
    expected = {
        b.uuid
        for b in data
        if b.properties["genre"] in ("drama", "travel")
        and not b.properties["in_print"]
        and b.properties["rating"] < 4.0
    }
    assert expected, "the filter should match something"
    assert {o.uuid for o in result.objects} == expected


async def test_filter_by_id_and_like(session: ExplorerSession, books) -> None:
    name, data = books
    ids = (data[0].uuid, data[5].uuid)
    result = await session.search(SearchRequest(name, "fetch", filters=Condition("id", "in", ids)))
    assert {o.uuid for o in result.objects} == set(ids)
    liked = await session.search(
        SearchRequest(name, "fetch", filters=Condition("title", "like", "*keeper*"), limit=50)
    )
    assert {o.properties["title"] for o in liked.objects} == {t for t in TITLES if "keeper" in t}


async def test_generative_single_prompt_and_grouped_task(session: ExplorerSession, books) -> None:
    name, _ = books
    result = await session.search(
        SearchRequest(
            name,
            "bm25",
            text="storm",
            limit=2,
            generate=GenerateSpec(single_prompt="Describe {title}", grouped_task="Compare these"),
        )
    )
    assert result.objects
    for record in result.objects:
        # generative-dummy echoes the prompt, with the property filled in.
        assert record.generated is not None
        assert f"Describe {record.properties['title']}" in record.generated
    assert result.generated is not None and "Compare these" in result.generated


async def test_rerank_orders_by_dummy_score(session: ExplorerSession, books) -> None:
    name, _ = books
    result = await session.search(
        SearchRequest(name, "bm25", text="book", limit=12, rerank=RerankSpec("summary", "anything"))
    )
    assert len(result.objects) == 12
    scores = [o.rerank_score or 0.0 for o in result.objects]
    assert all(o.rerank_score is not None for o in result.objects)
    # reranker-dummy scores each document by its length.
    assert scores == [float(len(o.properties["summary"])) for o in result.objects]
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(ExplorerError, match="rerank reorders search results"):
        await session.search(SearchRequest(name, "fetch", rerank=RerankSpec("summary")))


async def test_aggregate_metrics_and_group_by(session: ExplorerSession, books) -> None:
    name, data = books
    years = [b.properties["year"] for b in data]
    overall = await session.aggregate(AggregateRequest(name, metrics=("year", "genre")))
    assert overall.total_count == len(data)
    assert overall.metrics["year"]["minimum"] == min(years)
    assert overall.metrics["year"]["maximum"] == max(years)
    assert overall.metrics["year"]["sum"] == sum(years)
    grouped = await session.aggregate(AggregateRequest(name, group_by="genre", metrics=("rating",)))
    counts = {g.value: g.count for g in grouped.groups}
    assert counts == {"drama": 4, "mystery": 4, "travel": 4}
    with pytest.raises(ExplorerError, match="no property 'nope'"):
        await session.aggregate(AggregateRequest(name, metrics=("nope",)))


async def test_use_is_local_and_sets_current_collection(session: ExplorerSession, books) -> None:
    name, _ = books
    before = session.last_latency_ms
    session.use(name)
    assert session.current_collection == name
    assert session.last_latency_ms == before  # no request was made


async def test_unknown_collection_is_a_translated_error(session: ExplorerSession) -> None:
    with pytest.raises(ExplorerError) as caught:
        await session.search(SearchRequest("NoSuchCollectionHere", "fetch"))
    assert "NoSuchCollectionHere" in str(caught.value) or caught.value.title == "Not found"


async def test_grpc_unreachable_fails_fast_naming_the_address(
    server_options: ConnectionOptions,
) -> None:
    from explorer.local.ports import allocate_ports

    dead_port = allocate_ports().grpc
    options = ConnectionOptions(
        url=server_options.url, grpc_port=dead_port, timeouts=Timeouts(init=2)
    )
    started = time.monotonic()
    with pytest.raises(ConnectionFailed) as caught:
        await ExplorerSession(options).connect()
    assert time.monotonic() - started < 10
    assert f"127.0.0.1:{dead_port}" in caught.value.message


async def test_rest_unreachable_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    from explorer.local.ports import allocate_ports

    ports = allocate_ports()
    options = ConnectionOptions(url=f"http://127.0.0.1:{ports.http}", grpc_port=ports.grpc)
    with pytest.raises(ConnectionFailed) as caught:
        await ExplorerSession(options).connect()
    assert caught.value.title == "Cannot reach Weaviate"
    assert f"127.0.0.1:{ports.http}" in caught.value.message
    assert await ExplorerSession(options).server_ready() is False
    assert capsys.readouterr().out == ""  # nothing leaks onto the terminal


async def test_server_ready_is_quiet_and_true_when_up(
    session: ExplorerSession, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await session.server_ready() is True
    assert capsys.readouterr().out == ""


async def test_concurrent_connects_share_one_client(server_options: ConnectionOptions) -> None:
    session = ExplorerSession(server_options)
    try:
        infos = await asyncio.gather(*(session.connect() for _ in range(5)))
        assert len({id(i) for i in infos}) == 1
        assert session.is_connected()
    finally:
        await session.close()
    assert not session.is_connected()


async def test_latency_and_in_flight_are_tracked(session: ExplorerSession, books) -> None:
    name, _ = books
    task = asyncio.ensure_future(session.count(name))
    await asyncio.sleep(0)
    assert session.calls_in_flight >= 1
    await task
    assert session.calls_in_flight == 0
    assert session.last_latency_ms is not None and session.last_latency_ms > 0


async def test_tenants_are_listed_and_a_missing_tenant_is_explained(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from weaviate.classes.config import Configure
    from weaviate.classes.tenants import Tenant, TenantActivityStatus

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name, multi_tenancy_config=Configure.multi_tenancy(enabled=True)
    )
    await session.client.collections.use(collection_name).tenants.create(
        [Tenant(name="b"), Tenant(name="a", activity_status=TenantActivityStatus.INACTIVE)]
    )
    tenants = await session.list_tenants(collection_name)
    assert [(t.name, t.activity_status) for t in tenants] == [("a", "INACTIVE"), ("b", "ACTIVE")]
    with pytest.raises(ExplorerError) as caught:
        await session.fetch_page(collection_name)
    assert caught.value.title == "Tenant needed"
    page = await session.fetch_page(collection_name, tenant="b")
    assert page.objects == () and page.next_after is None
