"""The bench server: a real local Weaviate with the demo and the synthetic collections.

Its data dir lives in the user cache dir, keyed by server version, so the 100,000-object
collection is imported once and reused by later runs (its count is checked every time).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.core.base.paths import cache_dir
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.demo import DEMO_COLLECTION, load_demo
from explorer.local.binary import PINNED_WEAVIATE_VERSION, find_server_binary
from explorer.local.server import LocalServer

#: 100,000 small objects without vectors: what browsing and the 10k renders read.
BIG_COLLECTION = "BenchObjects"
BIG_COUNT = 100_000
#: 100,000 objects with a 32-dimension self-provided vector: what the lab's recall and map read.
VECTOR_COLLECTION = "BenchVectors"
VECTOR_COUNT = 100_000
VECTOR_DIMENSIONS = 32
#: The hybrid queries run on the demo (its bigram vectors are made by the server).
DEMO_COUNT = 1000
HYBRID_COLLECTION = DEMO_COLLECTION
HYBRID_TARGET = "bigram"
HYBRID_TEXTS = ("ocean", "president", "science", "river", "music", "history", "animal", "king")
WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
    "uniform",
    "victor",
    "whiskey",
    "xray",
    "yankee",
    "zulu",
]


def bench_data_dir(version: str = PINNED_WEAVIATE_VERSION) -> Path:
    return cache_dir() / "bench" / f"v{version}"


@dataclass(frozen=True)
class BenchServer:
    url: str
    grpc_port: int
    data_dir: Path
    #: name -> object count, as the collections list should show it.
    counts: dict[str, int]

    @property
    def options(self) -> ConnectionOptions:
        return ConnectionOptions(url=self.url, grpc_port=self.grpc_port)

    @property
    def http_port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


def synthetic_properties(index: int) -> dict[str, Any]:
    return {
        "title": f"{WORDS[index % len(WORDS)]} {WORDS[(index // 26) % len(WORDS)]} {index}",
        "n": index,
        "tag": WORDS[(index * 7) % len(WORDS)],
    }


async def ensure_big_collection(session: ExplorerSession, log: Any) -> None:
    """Create and fill BenchObjects unless it already holds exactly BIG_COUNT objects."""
    from weaviate.classes.config import DataType, Property, Tokenization
    from weaviate.util import generate_uuid5

    client = session.client
    if await client.collections.exists(BIG_COLLECTION):
        if await session.count(BIG_COLLECTION) == BIG_COUNT:
            return
        await client.collections.delete(BIG_COLLECTION)
    log(f"importing {BIG_COUNT:,} objects into {BIG_COLLECTION} (once; kept in the cache dir)…")
    started = time.monotonic()
    await client.collections.create(
        BIG_COLLECTION,
        description="Synthetic objects for the benchmarks: no vectors, three small properties",
        properties=[
            Property(name="title", data_type=DataType.TEXT),
            Property(name="n", data_type=DataType.INT),
            Property(name="tag", data_type=DataType.TEXT, tokenization=Tokenization.FIELD),
        ],
    )
    collection = client.collections.use(BIG_COLLECTION)
    async with collection.batch.stream(concurrency=2) as batch:
        for index in range(BIG_COUNT):
            await batch.add_object(
                properties=synthetic_properties(index),
                uuid=generate_uuid5(str(index), BIG_COLLECTION),
            )
    failed = collection.batch.failed_objects
    count = await session.count(BIG_COLLECTION)
    if failed or count != BIG_COUNT:
        raise RuntimeError(
            f"{BIG_COLLECTION}: {len(failed)} objects failed, {count} of {BIG_COUNT} stored"
        )
    log(f"imported {BIG_COUNT:,} objects in {time.monotonic() - started:.0f}s")


def bench_vectors(start: int, stop: int) -> Any:
    """Rows ``start..stop`` of the seeded vectors: 16 clusters, so the map has shapes to show."""
    import numpy as np

    generator = np.random.default_rng(start)
    centres = np.random.default_rng(16).standard_normal((16, VECTOR_DIMENSIONS)) * 3
    members = np.arange(start, stop) % 16
    noise = generator.standard_normal((stop - start, VECTOR_DIMENSIONS))
    return (centres[members] + noise).astype(np.float32)


async def ensure_vector_collection(session: ExplorerSession, log: Any) -> None:
    """Create and fill BenchVectors unless it already holds exactly VECTOR_COUNT objects.

    Called by the benchmarks that read it (not at every start: the import takes minutes).
    """
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.util import generate_uuid5

    client = session.client
    if await client.collections.exists(VECTOR_COLLECTION):
        if await session.count(VECTOR_COLLECTION) == VECTOR_COUNT:
            return
        await client.collections.delete(VECTOR_COLLECTION)
    log(f"importing {VECTOR_COUNT:,} vectors into {VECTOR_COLLECTION} (once; kept)…")
    started = time.monotonic()
    await client.collections.create(
        VECTOR_COLLECTION,
        description="Synthetic vectors for the lab benchmarks: 16 clusters, 32 dimensions",
        properties=[Property(name="cluster", data_type=DataType.INT)],
        vector_config=Configure.Vectors.self_provided(name="v"),
    )
    collection = client.collections.use(VECTOR_COLLECTION)
    chunk = 5000
    async with collection.batch.stream(concurrency=2) as batch:
        for start in range(0, VECTOR_COUNT, chunk):
            vectors = bench_vectors(start, min(start + chunk, VECTOR_COUNT))
            for offset, vector in enumerate(vectors):
                index = start + offset
                await batch.add_object(
                    properties={"cluster": index % 16},
                    vector={"v": vector.tolist()},
                    uuid=generate_uuid5(str(index), VECTOR_COLLECTION),
                )
    failed = collection.batch.failed_objects
    count = await session.count(VECTOR_COLLECTION)
    if failed or count != VECTOR_COUNT:
        raise RuntimeError(
            f"{VECTOR_COLLECTION}: {len(failed)} objects failed, {count} of {VECTOR_COUNT} stored"
        )
    log(f"imported {VECTOR_COUNT:,} vectors in {time.monotonic() - started:.0f}s")


@asynccontextmanager
async def bench_server(
    log: Any = print, *, with_vectors: bool = False
) -> AsyncIterator[BenchServer]:
    """Start the bench server, make sure its data is there, stop it at the end.

    ``with_vectors`` also makes sure of BenchVectors (the lab benchmarks read it).
    """
    import asyncio

    binary = await asyncio.to_thread(find_server_binary)
    data_dir = bench_data_dir()
    server = LocalServer(binary, data_dir)
    log(f"starting Weaviate {server.version} on {data_dir}…")
    await server.start()
    try:
        async with ExplorerSession(
            ConnectionOptions(url=server.url, grpc_port=server.grpc_port)
        ) as session:
            demo_loaded = (
                await session.client.collections.exists(DEMO_COLLECTION)
                and await session.count(DEMO_COLLECTION) == DEMO_COUNT
            )
            if not demo_loaded:
                log("loading the JeopardyQuestion demo…")
                await load_demo(session.client)
            await ensure_big_collection(session, log)
            if with_vectors:
                await ensure_vector_collection(session, log)
            counts = {c.name: c.count or 0 for c in await session.list_collections()}
        yield BenchServer(server.url, server.grpc_port, server.data_dir, counts)
    finally:
        await server.stop()
