"""Query overhead: a hybrid query through ExplorerSession.search vs the raw async client."""

from __future__ import annotations

import time

from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from tests.benchmarks.server import HYBRID_COLLECTION, HYBRID_TARGET, HYBRID_TEXTS, BenchServer
from tests.benchmarks.stats import Figure, median
from tests.benchmarks.timing import alternate_async

LIMIT = 10
ALPHA = 0.7


async def query_overhead(server: BenchServer, runs: int) -> Figure:
    from weaviate.classes.query import MetadataQuery

    figure = Figure.new(
        "query_overhead_ratio",
        "hybrid query (limit 10) via ExplorerSession.search into result dataclasses, over the "
        "same query via the raw async client (same connection, same metadata)",
        measured_unit="ms",
    )
    async with ExplorerSession(server.options) as session:
        raw_collection = session.client.collections.use(HYBRID_COLLECTION)
        # What session.search asks for on a hybrid query, so both sides do the same work.
        metadata = MetadataQuery(
            creation_time=True, last_update_time=True, score=True, explain_score=True
        )

        async def ours(index: int) -> float:
            request = SearchRequest(
                HYBRID_COLLECTION,
                "hybrid",
                text=HYBRID_TEXTS[index % len(HYBRID_TEXTS)],
                target_vector=HYBRID_TARGET,
                alpha=ALPHA,
                limit=LIMIT,
            )
            started = time.perf_counter()
            result = await session.search(request)
            elapsed = (time.perf_counter() - started) * 1000
            assert len(result.objects) == LIMIT
            return elapsed

        async def raw(index: int) -> float:
            started = time.perf_counter()
            result = await raw_collection.query.hybrid(
                query=HYBRID_TEXTS[index % len(HYBRID_TEXTS)],
                alpha=ALPHA,
                target_vector=HYBRID_TARGET,
                limit=LIMIT,
                return_metadata=metadata,
            )
            elapsed = (time.perf_counter() - started) * 1000
            assert len(result.objects) == LIMIT
            return elapsed

        await alternate_async(20, ours, raw)  # warm-up: connections, caches; not counted
        ours_ms, raw_ms = await alternate_async(runs, ours, raw)
    figure.ours, figure.baseline, figure.samples = median(ours_ms), median(raw_ms), runs
    return figure
