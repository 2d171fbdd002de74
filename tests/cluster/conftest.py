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


async def started_cluster(server_binary: Path, base_dir: Path) -> LocalCluster:
    cluster = LocalCluster(server_binary, base_dir, size=3)
    try:
        await cluster.start()
    except ExplorerError as exc:
        pytest.fail(f"The 3-node test cluster did not start: {exc}", pytrace=False)
    return cluster


def first_node(cluster: LocalCluster) -> ConnectionOptions:
    """The first node: tests kill the others, never this one."""
    node = cluster.nodes[0]
    return ConnectionOptions(url=node.url, grpc_port=node.grpc_port)


async def create_replicated(options: ConnectionOptions) -> str:
    """A collection with replication factor 3 and known objects (a word each, for bm25)."""
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.data import DataObject

    async with ExplorerSession(options) as session:
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


@pytest.fixture
async def cluster(server_binary: Path, tmp_path: Path) -> AsyncIterator[LocalCluster]:
    """A cluster of this test's own, for tests that kill a node."""
    cluster = await started_cluster(server_binary, tmp_path / "cluster")
    yield cluster
    await cluster.stop()


@pytest.fixture
def node0_options(cluster: LocalCluster) -> ConnectionOptions:
    return first_node(cluster)


@pytest.fixture
async def replicated(node0_options: ConnectionOptions) -> str:
    return await create_replicated(node0_options)


@pytest.fixture(scope="module")
async def intact_cluster(
    server_binary: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LocalCluster]:
    """One cluster for the tests of a module that leave every node up and change no data."""
    cluster = await started_cluster(server_binary, tmp_path_factory.mktemp("cluster"))
    yield cluster
    await cluster.stop()


@pytest.fixture(scope="module")
def intact_node0_options(intact_cluster: LocalCluster) -> ConnectionOptions:
    return first_node(intact_cluster)


@pytest.fixture(scope="module")
async def intact_replicated(intact_node0_options: ConnectionOptions) -> str:
    return await create_replicated(intact_node0_options)
