"""The cluster as Weaviate reports it: nodes, shards, replication and consistency level."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.client import convert
from explorer.core.client.session import ExplorerSession


@dataclass(frozen=True)
class ShardInfo:
    collection: str
    name: str
    node: str
    object_count: int
    indexing_status: str
    loaded: bool | None


@dataclass(frozen=True)
class NodeInfo:
    name: str
    status: str
    version: str
    object_count: int
    shard_count: int
    shards: tuple[ShardInfo, ...] = ()

    @property
    def healthy(self) -> bool:
        return self.status == "HEALTHY"


@dataclass(frozen=True)
class ReplicationInfo:
    collection: str
    factor: int
    async_enabled: bool
    deletion_strategy: str


def _node(raw: Any) -> NodeInfo:
    shards = tuple(
        ShardInfo(
            collection=shard.collection,
            name=shard.name,
            node=shard.node,
            object_count=int(shard.object_count or 0),
            indexing_status=str(shard.vector_indexing_status or ""),
            loaded=shard.loaded,
        )
        for shard in (raw.shards or ())
    )
    stats = raw.stats
    return NodeInfo(
        name=raw.name,
        status=str(raw.status),
        version=str(raw.version or ""),
        object_count=int(stats.object_count) if stats else sum(s.object_count for s in shards),
        shard_count=int(stats.shard_count) if stats else len(shards),
        shards=shards,
    )


async def list_nodes(
    session: ExplorerSession, collection: str | None = None
) -> tuple[NodeInfo, ...]:
    """Every node with its status, version and counts; shards of ``collection`` or of all."""
    async with session.call():
        raw = await session.client.cluster.nodes(collection, output="verbose")
    return tuple(sorted((_node(node) for node in raw), key=lambda n: n.name))


def with_missing(nodes: tuple[NodeInfo, ...], known: set[str]) -> tuple[NodeInfo, ...]:
    """``nodes`` plus the ``known`` ones the server no longer lists, as UNAVAILABLE.

    A dead node is reported UNAVAILABLE for a few seconds, then dropped from the member list;
    a pane that saw it keeps showing it down rather than a smaller, "all healthy" cluster.
    """
    listed = {n.name for n in nodes}
    gone = tuple(NodeInfo(name, "UNAVAILABLE", "", 0, 0) for name in known - listed)
    return tuple(sorted(nodes + gone, key=lambda n: n.name))


def shards_of(nodes: tuple[NodeInfo, ...], collection: str) -> tuple[ShardInfo, ...]:
    """The shard replicas of one collection, by shard then node."""
    return tuple(
        sorted(
            (s for n in nodes for s in n.shards if s.collection == collection),
            key=lambda s: (s.name, s.node),
        )
    )


async def replication(session: ExplorerSession, collection: str) -> ReplicationInfo:
    async with session.call():
        config = await session.client.collections.use(collection).config.get()
    rc = config.replication_config
    return ReplicationInfo(
        collection=collection,
        factor=int(rc.factor),
        async_enabled=bool(rc.async_enabled),
        deletion_strategy=convert.enum_text(rc.deletion_strategy),
    )


#: How long :func:`set_shard_ready` waits for a read to show the new status.
STATUS_SETTLE_SECONDS = 10.0


async def set_shard_ready(session: ExplorerSession, collection: str, shard: str) -> str:
    """Set one shard of ``collection`` READY again (after its cause, e.g. a full disk, is fixed).

    Returns the status the server reports for it afterwards. The update's answer says READY at
    once, but a shard held by another node reads as before for about 100 ms (v1.38.11, 3 nodes):
    this waits (at most :data:`STATUS_SETTLE_SECONDS`) until a read agrees, so checks run after
    it see the fix.
    """
    await session.approve(f"set the shard {shard} of {collection} READY")
    handle = session.client.collections.use(collection)
    async with session.call():
        known = {s.name for s in await handle.config.get_shards()}
    if shard not in known:
        raise ExplorerError(
            "Unknown shard",
            f"{collection} has no shard {shard!r}; its shards: {', '.join(sorted(known))}",
        )
    async with session.call():
        result = await handle.config.update_shards("READY", shard)
    status = str(result.get(shard, "READY"))
    if status != "READY":
        return status
    deadline = asyncio.get_running_loop().time() + STATUS_SETTLE_SECONDS
    while True:
        async with session.call():
            read = {str(s.name): str(s.status) for s in await handle.config.get_shards()}
        if read.get(shard) == "READY" or asyncio.get_running_loop().time() > deadline:
            return read.get(shard, status)
        await asyncio.sleep(0.05)


async def down_nodes(session: ExplorerSession) -> tuple[str, ...]:
    """The nodes of the cluster that are not HEALTHY, by name (empty when all are).

    A killed node is UNAVAILABLE in the node list for a few seconds, then gone from it; the
    Raft configuration still names it, so a node is down when Raft has it and the list does
    not say HEALTHY. Both requests answer at once with a node down.
    """
    async with session.call():
        raw_nodes = await session.client.cluster.nodes()
    healthy = {node.name for node in raw_nodes if str(node.status) == "HEALTHY"}
    members = {node.name for node in raw_nodes} | await raft_members(session)
    return tuple(sorted(members - healthy))


async def raft_members(session: ExplorerSession) -> frozenset[str]:
    """The nodes the cluster's Raft configuration names: a killed node stays there after it is
    gone from the node list. Empty when the statistics cannot be read (the node list alone
    then says what it can)."""
    try:
        async with session.call():
            statistics = await session.client.cluster.statistics()
    except ExplorerError:
        return frozenset()
    members: set[str] = set()
    for node in statistics.statistics:
        members.add(node.name)
        members.update(member.node_id for member in node.raft.latest_configuration)
    return frozenset(members)
