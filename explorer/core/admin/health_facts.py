"""What the health checks look at, read from the server in a few bounded requests.

Reading is kept apart from judging (:mod:`explorer.core.admin.health_checks`), so the rules are
plain functions of these facts. Every per-collection request runs with bounded concurrency and
a time limit: with a node down, some requests wait on its replicas, and the doctor must still
answer. What could not be read is said in :attr:`HealthFacts.unchecked`, never guessed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from explorer.core.admin.cluster import NodeInfo, list_nodes, raft_members, shards_of
from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession
from explorer.core.query.codec import Request
from explorer.core.query.requests import SearchRequest
from explorer.core.where.filters import And, Condition, FilterExpr, Not, Or

#: Requests about collections run this many at a time.
CONCURRENCY = 8
#: Seconds one request may take before it is reported as unanswered.
REQUEST_SECONDS = 10.0
#: At most this many active tenants are counted (one aggregate each).
TENANT_COUNT_LIMIT = 1000
#: A schema read sent as the Raft leader dies waits on it for the whole query timeout (60 s); a
#: new read after the election answers at once (v1.38.11, 3 nodes: killed leader, first read
#: still waiting at 5 s, the next answered in 10 ms). So the schema is read in short tries.
SCHEMA_TRY_SECONDS = 5.0
SCHEMA_TRIES = 6
#: Searches that need a vector index.
VECTOR_SEARCHES = ("near_vector", "near_text", "near_object", "hybrid")

T = TypeVar("T")


@dataclass(frozen=True)
class CollectionFacts:
    name: str
    factor: int
    async_enabled: bool
    multi_tenant: bool
    index_null_state: bool
    #: The vectors (``default`` for the unnamed one) whose index is skipped, or every one if
    #: the collection has no vector index at all.
    unindexed_vectors: tuple[str, ...] = ()
    has_vector_index: bool = True
    #: Shard → status (``READY``, ``READONLY``, ``INDEXING``); empty for multi-tenant ones.
    shard_status: Mapping[str, str] = field(default_factory=dict)
    #: Why the shard status could not be read ("" when it was).
    shard_status_error: str = ""
    #: Shard → the listed nodes that hold a replica of it (a dead node's are not listed).
    replicas: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Active tenants found with no objects.
    empty_active_tenants: tuple[str, ...] = ()


@dataclass(frozen=True)
class HealthFacts:
    nodes: tuple[NodeInfo, ...]
    collections: tuple[CollectionFacts, ...]
    client_version: str
    server_version: str
    #: Collection → the saved queries that filter it with ``is null`` / ``is not null``.
    null_filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Collection → the saved queries that search it by vector.
    vector_searches: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: What was not checked, and why (a node down, too many tenants, no answer in time).
    unchecked: tuple[str, ...] = ()
    #: Nodes seen earlier (by a front end that polls): one no longer listed is missing.
    known_nodes: frozenset[str] = frozenset()


async def read_facts(
    session: ExplorerSession,
    saved_queries: Mapping[str, Request] | None = None,
    known_nodes: frozenset[str] = frozenset(),
) -> HealthFacts:
    """Everything the checks need, from the server and the saved queries."""
    import weaviate

    server = await session.connect()
    nodes = await list_nodes(session)
    # A node killed a few seconds ago is gone from the node list but still a Raft member: it
    # is known, so the checks report it missing (a fresh `doctor` has seen no node before).
    known_nodes = known_nodes | await raft_members(session)
    configs = await _read_schema(session)
    all_healthy = all(n.healthy for n in nodes)
    limit = asyncio.Semaphore(CONCURRENCY)
    unchecked: list[str] = []
    budget = [TENANT_COUNT_LIMIT]

    async def one(name: str, config: Any) -> CollectionFacts:
        return await _collection_facts(
            session, name, config, nodes, limit, unchecked, budget, count_tenants=all_healthy
        )

    collections = await asyncio.gather(*(one(name, configs[name]) for name in sorted(configs)))
    if not all_healthy and any(c.multi_tenant for c in collections):
        unchecked.append("tenants with no objects: not counted while a node is down")
    null_filters, vector_searches = _saved_query_needs(saved_queries or {})
    return HealthFacts(
        nodes=nodes,
        collections=tuple(collections),
        client_version=weaviate.__version__,
        server_version=server.version,
        null_filters=null_filters,
        vector_searches=vector_searches,
        unchecked=tuple(unchecked),
        known_nodes=known_nodes,
    )


async def _read_schema(session: ExplorerSession) -> Any:
    """Every collection's config, in tries of :data:`SCHEMA_TRY_SECONDS` (see there)."""

    async def one_try() -> Any:
        async with session.call():
            return await session.client.collections.list_all(simple=False)

    for _ in range(SCHEMA_TRIES):
        try:
            return await asyncio.wait_for(one_try(), SCHEMA_TRY_SECONDS)
        except TimeoutError:  # the try is cancelled, so the session's call ends with it
            continue
    raise ExplorerError(
        "No answer",
        f"the schema: no answer in {SCHEMA_TRIES} tries of {SCHEMA_TRY_SECONDS:g} s (a node that "
        "just died may have been the cluster's leader; try again in a minute)",
    )


async def _bounded(limit: asyncio.Semaphore, what: str, call: Callable[[], Awaitable[T]]) -> T:
    """One request, at most :data:`CONCURRENCY` at a time and within :data:`REQUEST_SECONDS`."""
    async with limit:
        try:
            return await asyncio.wait_for(call(), REQUEST_SECONDS)
        except TimeoutError:
            raise ExplorerError(
                "No answer", f"{what}: no answer within {REQUEST_SECONDS:g} s"
            ) from None


async def _collection_facts(
    session: ExplorerSession,
    name: str,
    config: Any,
    nodes: tuple[NodeInfo, ...],
    limit: asyncio.Semaphore,
    unchecked: list[str],
    budget: list[int],
    *,
    count_tenants: bool,
) -> CollectionFacts:
    replication = config.replication_config
    multi_tenant = bool(config.multi_tenancy_config.enabled)
    unindexed, has_index = _vector_indexes(config)
    handle = session.client.collections.use(name)
    shard_status: dict[str, str] = {}
    shard_error = ""
    replicas: dict[str, tuple[str, ...]] = {}
    empty: tuple[str, ...] = ()
    if not multi_tenant:

        async def statuses() -> Any:
            async with session.call():
                return await handle.config.get_shards()

        try:
            found = await _bounded(limit, f"the shards of {name}", statuses)
            shard_status = {s.name: str(s.status) for s in found}
        except ExplorerError as exc:
            shard_error = exc.message
        for shard in set(shard_status) | {s.name for s in shards_of(nodes, name)}:
            replicas[shard] = tuple(
                sorted(s.node for s in shards_of(nodes, name) if s.name == shard)
            )
    elif count_tenants:
        empty = await _empty_active_tenants(session, name, limit, unchecked, budget)
    return CollectionFacts(
        name=name,
        factor=int(replication.factor),
        async_enabled=bool(replication.async_enabled),
        multi_tenant=multi_tenant,
        index_null_state=bool(config.inverted_index_config.index_null_state),
        unindexed_vectors=unindexed,
        has_vector_index=has_index,
        shard_status=shard_status,
        shard_status_error=shard_error,
        replicas=replicas,
        empty_active_tenants=empty,
    )


def _vector_indexes(config: Any) -> tuple[tuple[str, ...], bool]:
    """The vectors whose index is skipped, and whether any vector index exists."""
    named = config.vector_config or {}
    if named:
        skipped = tuple(
            sorted(n for n, v in named.items() if getattr(v.vector_index_config, "skip", False))
        )
        return skipped, len(skipped) < len(named)
    index = config.vector_index_config
    if index is None or getattr(index, "skip", False):
        return ("default",), False
    return (), True


async def _empty_active_tenants(
    session: ExplorerSession,
    name: str,
    limit: asyncio.Semaphore,
    unchecked: list[str],
    budget: list[int],
) -> tuple[str, ...]:
    from weaviate.classes.tenants import TenantActivityStatus

    handle = session.client.collections.use(name)

    async def tenants() -> Any:
        async with session.call():
            return await handle.tenants.get()

    try:
        found = await _bounded(limit, f"the tenants of {name}", tenants)
    except ExplorerError as exc:
        unchecked.append(f"tenants of {name}: {exc.message}")
        return ()
    active = sorted(
        t for t, info in found.items() if info.activity_status == TenantActivityStatus.ACTIVE
    )
    counted = active[: max(budget[0], 0)]
    budget[0] -= len(counted)
    if len(counted) < len(active):
        unchecked.append(
            f"tenants of {name}: counted {len(counted)} of {len(active)} active tenants "
            f"(at most {TENANT_COUNT_LIMIT} in all)"
        )

    async def count(tenant: str) -> int | None:
        async def total() -> Any:
            async with session.call():
                return await handle.with_tenant(tenant).aggregate.over_all(total_count=True)

        try:
            return int((await _bounded(limit, f"{name} tenant {tenant}", total)).total_count or 0)
        except ExplorerError as exc:
            unchecked.append(f"{name} tenant {tenant}: {exc.message}")
            return None

    totals = await asyncio.gather(*(count(t) for t in counted))
    return tuple(t for t, n in zip(counted, totals, strict=True) if n == 0)


def _saved_query_needs(
    saved: Mapping[str, Request],
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    null_filters: dict[str, list[str]] = {}
    vector: dict[str, list[str]] = {}
    for query_name, request in sorted(saved.items()):
        if request.filters is not None and _uses_is_null(request.filters):
            null_filters.setdefault(request.collection, []).append(query_name)
        if isinstance(request, SearchRequest) and request.kind in VECTOR_SEARCHES:
            vector.setdefault(request.collection, []).append(query_name)
    return (
        {k: tuple(v) for k, v in null_filters.items()},
        {k: tuple(v) for k, v in vector.items()},
    )


def _uses_is_null(expr: FilterExpr) -> bool:
    match expr:
        case Condition(operator=operator):
            return operator == "is_null"
        case And(operands=operands) | Or(operands=operands):
            return any(_uses_is_null(e) for e in operands)
        case Not(operand=operand):
            return _uses_is_null(operand)
    return False
