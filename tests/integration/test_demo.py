"""The demo dataset through the core: idempotent load, hybrid on bigram, RAG and rerank."""

from __future__ import annotations

import pytest

from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import GenerateSpec, RerankSpec, SearchRequest
from explorer.core.transfer.demo import (
    BIGRAM_VECTOR,
    DEMO_COLLECTION,
    PRECOMPUTED_VECTOR,
    load_demo,
    read_demo_rows,
)


@pytest.fixture(scope="module")
async def demo_loaded(session: ExplorerSession) -> None:
    await load_demo(session.client)


def test_demo_rows_are_typed_and_deterministic() -> None:
    first, second = read_demo_rows(), read_demo_rows()
    assert len(first) == 1000
    assert [r.uuid for r in first] == [r.uuid for r in second]
    row = first[0]
    assert isinstance(row.properties["value"], int)
    assert row.properties["air_date"].tzinfo is not None
    assert len(row.vector) == 1536


async def test_load_is_idempotent_with_progress(
    session: ExplorerSession, demo_loaded: None
) -> None:
    seen: list[tuple[int, int]] = []
    report = await load_demo(session.client, lambda done, total: seen.append((done, total)))
    assert report.created_collection is False
    assert report.loaded == 1000 and report.failed == 0
    assert report.total_in_collection == 1000
    assert seen[0] == (0, 1000) and seen[-1] == (1000, 1000)
    assert await session.count(DEMO_COLLECTION) == 1000


async def test_hybrid_on_the_bigram_vector(session: ExplorerSession, demo_loaded: None) -> None:
    result = await session.search(
        SearchRequest(
            DEMO_COLLECTION,
            "hybrid",
            text="Abraham Lincoln theatre",
            target_vector=BIGRAM_VECTOR,
            limit=3,
        )
    )
    assert "Lincoln" in result.objects[0].properties["question"]


async def test_near_vector_on_the_precomputed_vector(
    session: ExplorerSession, demo_loaded: None
) -> None:
    rows = read_demo_rows()
    result = await session.search(
        SearchRequest(
            DEMO_COLLECTION,
            "near_vector",
            vector=tuple(rows[42].vector),
            target_vector=PRECOMPUTED_VECTOR,
            limit=1,
        )
    )
    assert result.objects[0].uuid == rows[42].uuid


async def test_generative_and_rerank_on_the_demo(
    session: ExplorerSession, demo_loaded: None
) -> None:
    result = await session.search(
        SearchRequest(
            DEMO_COLLECTION,
            "bm25",
            text="theatre",
            limit=3,
            generate=GenerateSpec(single_prompt="Explain {answer}", grouped_task="Summarise"),
            rerank=RerankSpec("question", "theatre"),
        )
    )
    assert result.generated and "Summarise" in result.generated
    for record in result.objects:
        assert record.generated and f"Explain {record.properties['answer']}" in record.generated
        assert record.rerank_score == float(len(record.properties["question"]))


async def test_near_text_on_bigram_explains_what_to_use(
    session: ExplorerSession, demo_loaded: None
) -> None:
    from explorer.core.base.errors import ExplorerError

    with pytest.raises(ExplorerError) as caught:
        await session.search(
            SearchRequest(DEMO_COLLECTION, "near_text", text="theatre", target_vector=BIGRAM_VECTOR)
        )
    assert "hybrid with alpha 1" in caught.value.message
