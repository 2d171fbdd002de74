"""Nodes, shards, replication and consistency levels on a real 3-node cluster; one node killed."""

from __future__ import annotations

import asyncio
import signal

from explorer.core.admin.cluster import list_nodes, replication, shards_of
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.local.cluster import LocalCluster
from tests.cluster.conftest import OBJECTS
from tests.repl.harness import ReplHarness
from tests.restarts import kill


async def test_nodes_shards_and_replication_factor(
    intact_node0_options: ConnectionOptions, intact_replicated: str
) -> None:
    replicated = intact_replicated
    async with ExplorerSession(intact_node0_options) as session:
        nodes = await list_nodes(session, replicated)
        assert [n.name for n in nodes] == ["node0", "node1", "node2"]
        assert all(n.healthy and n.version == session.server_info.version for n in nodes)  # type: ignore[union-attr]
        shards = shards_of(nodes, replicated)
        # Every shard has a replica on each of the three nodes.
        by_shard: dict[str, set[str]] = {}
        for shard in shards:
            by_shard.setdefault(shard.name, set()).add(shard.node)
        assert by_shard and all(found == {"node0", "node1", "node2"} for found in by_shard.values())
        assert (await replication(session, replicated)).factor == 3


async def test_a_killed_node_shows_down_and_queries_at_one_keep_working(
    cluster: LocalCluster, node0_options: ConnectionOptions, replicated: str
) -> None:
    async with ExplorerSession(node0_options) as session:
        # As when a collection is opened: its config is read (and cached) before the kill;
        # a schema read right after a node dies can wait out a Raft election.
        await session.collection_config(replicated)
        kill(cluster.nodes[2], signal.SIGKILL)
        seen: list[tuple[str, ...]] = []

        async def node2_down() -> bool:
            nodes = await list_nodes(session)
            seen.append(tuple(n.status for n in nodes))
            return not next(n for n in nodes if n.name == "node2").healthy

        down = False
        for _ in range(20):
            if down := await node2_down():
                break
            await asyncio.sleep(0.5)
        assert down, f"node2 never shown down: {seen}"

        session.set_consistency_level("ONE")
        fetched = await session.search(SearchRequest(replicated, "fetch", limit=100))
        assert len(fetched.objects) == OBJECTS
        found = await session.search(SearchRequest(replicated, "bm25", text="word1", limit=100))
        assert len(found.objects) == OBJECTS // 3
        page = await session.fetch_page(replicated, limit=100)
        assert len(page.objects) == OBJECTS


async def test_repl_nodes_shards_and_consistency(
    intact_node0_options: ConnectionOptions, intact_replicated: str
) -> None:
    replicated = intact_replicated
    async with ExplorerSession(intact_node0_options) as session:
        repl = ReplHarness(session)
        nodes = await repl.json("nodes")
        assert [n["node"] for n in nodes] == ["node0", "node1", "node2"]
        assert {n["status"] for n in nodes} == {"HEALTHY"}
        shards = await repl.json(f"shards {replicated}")
        assert {s["node"] for s in shards} == {"node0", "node1", "node2"}
        table = await repl.run(f"shards {replicated}")
        assert "replication factor 3" in table.out

        assert (await repl.run("consistency one")).ok
        assert session.consistency_level == "ONE"
        assert await repl.json("consistency") == [
            {"consistency_level": "ONE", "choices": "ONE, QUORUM, ALL"}
        ]
        wrong = await repl.run("consistency SOME")
        assert not wrong.ok and "choose one of ONE, QUORUM, ALL" in wrong.err
        assert session.consistency_level == "ONE"  # unchanged by the bad input
