"""Search quality: the server's near_vector results against the exact k nearest neighbours.

All of the target's vectors are read by cursor into one float32 matrix (so the collection must
fit in the memory the user allows), N sample objects are drawn from it with a fixed seed, the
exact neighbours of each are computed with numpy in a thread, and each sample's own vector is
sent as a near_vector query with limit k. recall@k of a query is the share of the exact k
nearest that the server returned.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession
from explorer.core.lab.distances import Metric, checked_metric
from explorer.core.lab.exact_knn import exact_neighbours
from explorer.core.lab.vector_scan import (
    ProgressCallback,
    checked_target,
    index_config,
    is_multi_vector,
    read_matrix,
)
from explorer.core.query.requests import MAX_LIMIT, SearchRequest
from explorer.core.query.vector_dimensions import vector_dimensions

DEFAULT_SAMPLE = 100
DEFAULT_K = 10
#: The memory the vectors may take unless the user allows more (``--max-memory``).
DEFAULT_MAX_MEMORY_MB = 1024
#: Below this mean recall@k the report advises raising ef.
LOW_RECALL = 0.95
#: near_vector queries in flight at once.
CONCURRENT_QUERIES = 8
SEED = 20261203


#: The index settings a report shows, as the server names them.
INDEX_KEYS = (
    "ef",
    "efConstruction",
    "maxConnections",
    "dynamicEfMin",
    "dynamicEfMax",
    "dynamicEfFactor",
    "flatSearchCutoff",
)


class VectorMemoryExceeded(ExplorerError):
    """The vectors a recall check must hold are more than the memory the user allows."""


@dataclass(frozen=True)
class IndexSettings:
    index_type: str
    distance: str
    #: The index's own settings as stored (ef, efConstruction, maxConnections, dynamic ef…).
    settings: dict[str, Any]

    def describe(self) -> str:
        keys = INDEX_KEYS[:-1]  # the flat-search cutoff matters only to filtered searches
        shown = ", ".join(f"{k}={self.settings[k]}" for k in keys if k in self.settings)
        return f"{self.index_type or 'hnsw'} ({self.distance}){': ' + shown if shown else ''}"

    def to_data(self) -> dict[str, Any]:
        return {"index_type": self.index_type, "distance": self.distance, **self.settings}


@dataclass(frozen=True)
class QueryRecall:
    uuid: str
    recall: float


@dataclass(frozen=True)
class RecallReport:
    collection: str
    target: str
    k: int
    sample: int
    #: Objects whose vectors were compared (the collection, less objects without a usable one).
    compared: int
    recall: float
    worst: QueryRecall
    per_query: tuple[QueryRecall, ...]
    index: IndexSettings
    #: The ef the queries ran with when ``--ef`` set it for the measurement.
    ef_used: int | None
    advice: str
    elapsed: float
    #: The near_vector query of the worst sample, for copy-as-code.
    worst_request: SearchRequest | None = None


def index_settings(config: CollectionConfig, target: str) -> IndexSettings:
    info = next(v for v in config.vectors if v.name == target)
    raw = index_config(config, target)
    return IndexSettings(
        info.index_type, info.distance or "cosine", {k: raw[k] for k in INDEX_KEYS if k in raw}
    )


def check_memory(count: int, dimensions: int, limit_mb: int) -> None:
    """Refuse before reading when ``count`` float32 vectors would pass ``limit_mb``."""
    needed_mb = count * dimensions * 4 / 2**20
    if needed_mb > limit_mb:
        raise VectorMemoryExceeded(
            "Too many vectors for the memory allowed",
            f"{count:,} vectors of {dimensions} dimensions need about {needed_mb:,.0f} MB and the "
            f"limit is {limit_mb:,} MB: raise the limit (the REPL's recall --max-memory MB, the "
            "app's lab_max_memory_mb in tui.json) or check a smaller tenant",
        )


def advice(recall: float, settings: IndexSettings, k: int) -> str:
    if recall >= LOW_RECALL:
        return ""
    ef = settings.settings.get("ef")
    now = f" (now {ef}{', dynamic' if ef == -1 else ''})" if ef is not None else ""
    return (
        f"recall@{k} is below {LOW_RECALL:.0%}: raise ef{now}, e.g. recall --ef {max(4 * k, 128)} "
        "to measure it, then set it in the vector index config; a low efConstruction or "
        "maxConnections needs a rebuilt index"
    )


def _recalls(
    exact: np.ndarray[Any, Any], found: list[list[int]], k: int
) -> list[float]:  # blocking
    return [len(set(row.tolist()) & set(hits)) / k for row, hits in zip(exact, found, strict=True)]


@contextlib.asynccontextmanager
async def ef_for_measurement(
    session: ExplorerSession, config: CollectionConfig, target: str, ef: int | None
) -> AsyncIterator[None]:
    """Set the index's ef for the measurement, and put the stored value back afterwards."""
    if ef is None:
        yield
        return
    from weaviate.classes.config import Reconfigure

    previous = index_config(config, target).get("ef", -1)
    await session.approve(
        f"set ef of {config.name}'s vector {target!r} to {ef} while recall runs "
        f"(then back to {previous})"
    )

    async def set_ef(value: int) -> None:
        handle = session.collection(config.name)
        async with session.call():
            if config.named_vectors:
                await handle.config.update(
                    vector_config=Reconfigure.Vectors.update(
                        name=target, vector_index_config=Reconfigure.VectorIndex.hnsw(ef=value)
                    )
                )
            else:
                await handle.config.update(
                    vector_index_config=Reconfigure.VectorIndex.hnsw(ef=value)
                )

    await set_ef(ef)
    try:
        yield
    finally:
        await asyncio.shield(set_ef(int(previous)))
        session.forget_config(config.name)


async def measure_recall(
    session: ExplorerSession,
    collection: str,
    *,
    target: str | None = None,
    sample: int = DEFAULT_SAMPLE,
    k: int = DEFAULT_K,
    ef: int | None = None,
    tenant: str | None = None,
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
    progress: ProgressCallback | None = None,
) -> RecallReport:
    started = time.monotonic()
    if ef is not None:  # a schema change: refused before any reading on a read-only connection
        session.require_writable(f"set ef of {collection} for a recall measurement")
    config = await session.collection_config(collection)
    name = checked_target(config, target)
    if is_multi_vector(config, name):
        raise ExplorerError(
            "Multi-vector recall not supported",
            f"{name!r} is a multi-vector (late interaction) index: recall compares single "
            "vectors; choose another --target",
        )
    if k > MAX_LIMIT:
        raise ExplorerError("k too large", f"k is at most {MAX_LIMIT:,} (a query's limit)")
    settings = index_settings(config, name)
    metric: Metric = checked_metric(settings.distance)
    count = await session.count(collection, tenant=tenant)
    dimensions = (await vector_dimensions(session, collection, tenant)).get(name)
    if count == 0 or dimensions is None:
        raise ExplorerError("No vectors", f"{collection} has no {name!r} vectors to check")
    check_memory(count, dimensions, max_memory_mb)
    matrix = await read_matrix(
        session, collection, name, tenant=tenant, total=count, progress=progress
    )
    data = await asyncio.to_thread(matrix.matrix)
    if len(data) == 0:
        raise ExplorerError("No vectors", f"no object of {collection} has a usable {name!r} vector")
    k = min(k, len(data))
    picks = await asyncio.to_thread(_pick, len(data), sample)
    neighbours = await asyncio.to_thread(exact_neighbours, data[picks], data, k, metric)
    index_of, query_vectors = await asyncio.to_thread(_lookups, matrix.uuids, data, picks)
    limit = asyncio.Semaphore(CONCURRENT_QUERIES)
    query_target = name if config.named_vectors else None

    requests: dict[int, SearchRequest] = {}

    async def server_hits(row: int) -> list[int]:
        request = requests[row] = SearchRequest(
            collection,
            "near_vector",
            vector=query_vectors[row],
            target_vector=query_target,
            limit=k,
            tenant=tenant,
        )
        async with limit:
            result = await session.search(request)
        return [index_of.get(o.uuid, -1) for o in result.objects]

    async with ef_for_measurement(session, config, name, ef):
        found = await asyncio.gather(*(server_hits(int(row)) for row in picks))
    recalls = await asyncio.to_thread(_recalls, neighbours.indices, found, k)
    per_query = tuple(
        QueryRecall(matrix.uuids[int(row)], value)
        for row, value in zip(picks, recalls, strict=True)
    )
    mean = float(np.mean(recalls))
    worst_row = int(picks[int(np.argmin(recalls))])
    return RecallReport(
        collection=collection,
        target=name,
        k=k,
        sample=len(picks),
        compared=len(data),
        recall=mean,
        worst=QueryRecall(matrix.uuids[worst_row], float(min(recalls))),
        per_query=per_query,
        index=settings,
        ef_used=ef,
        advice=advice(mean, settings, k),
        elapsed=time.monotonic() - started,
        worst_request=requests.get(worst_row),
    )


def _lookups(
    uuids: list[str], data: np.ndarray[Any, Any], picks: np.ndarray[Any, Any]
) -> tuple[dict[str, int], dict[int, tuple[float, ...]]]:
    """Row by uuid, and each sample's query vector (blocking: run it in a thread)."""
    index_of = {uuid: i for i, uuid in enumerate(uuids)}
    return index_of, {int(row): tuple(float(x) for x in data[int(row)]) for row in picks}


def _pick(rows: int, sample: int) -> np.ndarray[Any, Any]:
    """``sample`` distinct row numbers (all rows when there are fewer), the same every run."""
    if sample >= rows:
        return np.arange(rows)
    return np.sort(np.random.default_rng(SEED).choice(rows, size=sample, replace=False))


def recall_data(report: RecallReport) -> dict[str, Any]:
    return {
        "target": report.target,
        "k": report.k,
        "sample": report.sample,
        "recall": report.recall,
        "worst": {"uuid": report.worst.uuid, "recall": report.worst.recall},
        "per_query": [{"uuid": q.uuid, "recall": q.recall} for q in report.per_query],
        "collection": report.collection,
        "compared": report.compared,
        "index": report.index.to_data(),
        "ef_used": report.ef_used,
        "advice": report.advice,
    }
