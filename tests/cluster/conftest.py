"""A real 3-node Weaviate cluster on 127.0.0.1 (three server processes), one per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.base.errors import ExplorerError
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.cluster import LocalCluster

REPLICATED = "Replicated"
OBJECTS = 30


@pytest.fixture
async def cluster(server_binary: Path, tmp_path: Path) -> AsyncIterator[LocalCluster]:
    cluster = LocalCluster(server_binary, tmp_path / "cluster", size=3)
    try:
        await cluster.start()
    except ExplorerError as exc:
        pytest.fail(f"The 3-node test cluster did not start: {exc}", pytrace=False)
    yield cluster
    await cluster.stop()


@pytest.fixture
def node0_options(cluster: LocalCluster) -> ConnectionOptions:
    """The first node: tests kill the others, never this one."""
    node = cluster.nodes[0]
    return ConnectionOptions(url=node.url, grpc_port=node.grpc_port)


@pytest.fixture
async def replicated(node0_options: ConnectionOptions) -> str:
    """A collection with replication factor 3 and known objects (a word each, for bm25)."""
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.data import DataObject

    async with ExplorerSession(node0_options) as session:
        await session.client.collections.create(
            REPLICATED,
            properties=[
                Property(name="word", data_type=DataType.TEXT),
                Property(name="n", data_type=DataType.INT),
            ],
            replication_config=Configure.replication(factor=3),
        )
        collection = session.client.collections.use(REPLICATED)
        result = await collection.data.insert_many(
            [DataObject(properties={"word": f"word{i % 3}", "n": i}) for i in range(OBJECTS)]
        )
        assert not result.errors
    return REPLICATED
