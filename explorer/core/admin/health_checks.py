"""Cluster health checks (``doctor``): each finding names the object and the fix.

The rules are plain functions of :class:`~explorer.core.admin.health_facts.HealthFacts`:

- a node that is not HEALTHY, or that holds replicas but is no longer listed;
- a shard that is not READY (``shards C --set-ready S`` fixes one, asking first);
- a replication factor above the node count; a shard with fewer live replicas than the factor;
- an uneven spread of shards or objects across nodes;
- async replication off where the factor is above 1;
- an active tenant with no objects;
- a collection with no vector index that a saved query searches by vector, or without
  ``index_null_state`` that a saved query filters with ``is null`` ("where filters need it":
  the saved queries are what the explorer knows of the filters in use); a collection with no
  vector index and no such query is advice;
- a server older than the client supports, or nodes on different versions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from explorer.core.admin.health_facts import CollectionFacts, HealthFacts, read_facts
from explorer.core.client.session import ExplorerSession
from explorer.core.query.codec import Request

PROBLEM, WARNING, ADVICE = "problem", "warning", "advice"
SEVERITIES = (PROBLEM, WARNING, ADVICE)
#: The oldest server weaviate-client 4.x talks to (its own connect check says 1.27.0).
CLIENT_MINIMUM_SERVER = (1, 27, 0)
#: The spread of objects is judged only above this many objects.
UNEVEN_OBJECTS_FROM = 1000
#: Shard counts are uneven only when they differ by at least this many.
UNEVEN_SHARDS_FROM = 3
#: A node with more than this times the average is uneven.
UNEVEN_RATIO = 1.5


@dataclass(frozen=True)
class Finding:
    #: A stable id: ``node-down``, ``shard-not-ready``, ``factor-above-nodes`` …
    check: str
    severity: str
    #: The object: ``node node1``, ``collection Articles shard x1``, ``tenant acme of Notes``.
    subject: str
    problem: str
    fix: str
    collection: str | None = None
    shard: str | None = None


@dataclass(frozen=True)
class HealthReport:
    findings: tuple[Finding, ...]
    #: What could not be checked, and why.
    unchecked: tuple[str, ...]
    node_count: int
    collection_count: int

    @property
    def healthy(self) -> bool:
        return not self.findings


async def run_doctor(
    session: ExplorerSession,
    saved_queries: Mapping[str, Request] | None = None,
    known_nodes: frozenset[str] = frozenset(),
) -> HealthReport:
    """Read the cluster and judge it (the judging is cheap; reading is a few requests).

    ``known_nodes`` are nodes seen before: one the server no longer lists is reported missing.
    """
    facts = await read_facts(session, saved_queries, known_nodes)
    return HealthReport(
        findings=check(facts),
        unchecked=facts.unchecked,
        node_count=len(facts.nodes),
        collection_count=len(facts.collections),
    )


def check(facts: HealthFacts) -> tuple[Finding, ...]:
    """Every finding, the most serious first."""
    found = [
        *_nodes(facts),
        *_versions(facts),
        *_spread(facts),
        *(f for c in facts.collections for f in _collection(facts, c)),
    ]
    return tuple(sorted(found, key=lambda f: (SEVERITIES.index(f.severity), f.check, f.subject)))


def _nodes(facts: HealthFacts) -> list[Finding]:
    found = [
        Finding(
            "node-down",
            PROBLEM,
            f"node {n.name}",
            f"status {n.status}",
            "restart the node's server process and check its log; until it is back, read "
            "at consistency level ONE",
        )
        for n in facts.nodes
        if not n.healthy
    ]
    listed = {n.name for n in facts.nodes}
    for name in sorted(facts.known_nodes - listed):
        found.append(
            Finding(
                "node-missing",
                PROBLEM,
                f"node {name}",
                "was in the cluster but is no longer in its member list (down or removed)",
                "start the node again; if it is gone for good, move its replicas to the "
                "other nodes (replication API) or lower the replication factor",
            )
        )
    return found


def _versions(facts: HealthFacts) -> list[Finding]:
    found: list[Finding] = []
    server = _version_tuple(facts.server_version)
    if server is not None and server < CLIENT_MINIMUM_SERVER:
        minimum = ".".join(map(str, CLIENT_MINIMUM_SERVER))
        found.append(
            Finding(
                "version-mismatch",
                PROBLEM,
                f"server {facts.server_version}",
                f"weaviate-client {facts.client_version} needs Weaviate {minimum} or later",
                f"upgrade the server to {minimum} or later, or use weaviate-client 3.x",
            )
        )
    versions = sorted({n.version for n in facts.nodes if n.version})
    if len(versions) > 1:
        by_version = {v: ", ".join(n.name for n in facts.nodes if n.version == v) for v in versions}
        found.append(
            Finding(
                "version-mismatch",
                WARNING,
                "nodes",
                "the nodes run different versions: "
                + "; ".join(f"{v} on {names}" for v, names in by_version.items()),
                f"finish the rolling upgrade: run {versions[-1]} on every node",
            )
        )
    return found


def _version_tuple(text: str) -> tuple[int, ...] | None:
    parts = text.lstrip("v").split("-")[0].split(".")
    try:
        return tuple(int(p) for p in parts[:3])
    except ValueError:
        return None


def _spread(facts: HealthFacts) -> list[Finding]:
    healthy = [n for n in facts.nodes if n.healthy]
    if len(healthy) < 2:
        return []
    found: list[Finding] = []
    by_shards = sorted(healthy, key=lambda n: (n.shard_count, n.name))
    fewest, most = by_shards[0], by_shards[-1]
    shards_average = sum(n.shard_count for n in healthy) / len(healthy)
    if (
        most.shard_count - fewest.shard_count >= UNEVEN_SHARDS_FROM
        and most.shard_count > UNEVEN_RATIO * shards_average
    ):
        found.append(
            Finding(
                "uneven-shards",
                WARNING,
                f"node {most.name}",
                f"holds {most.shard_count} shards, node {fewest.name} {fewest.shard_count}",
                "move replicas to the emptier node (replication API), or create collections "
                f"with a shard count that is a multiple of {len(healthy)} nodes",
            )
        )
    total = sum(n.object_count for n in healthy)
    average = total / len(healthy)
    fullest = max(healthy, key=lambda n: (n.object_count, n.name))
    if total >= UNEVEN_OBJECTS_FROM and fullest.object_count > UNEVEN_RATIO * average:
        found.append(
            Finding(
                "uneven-objects",
                WARNING,
                f"node {fullest.name}",
                f"holds {fullest.object_count:,} of {total:,} objects "
                f"(average {average:,.0f} a node)",
                "spread the largest collections over more shards or replicas, or move "
                "replicas off this node (replication API)",
            )
        )
    return found


def _collection(facts: HealthFacts, c: CollectionFacts) -> list[Finding]:
    found: list[Finding] = []
    subject = f"collection {c.name}"
    node_count = len(facts.nodes)
    if c.factor > node_count:
        found.append(
            Finding(
                "factor-above-nodes",
                PROBLEM,
                subject,
                f"replication factor {c.factor} is above the {node_count} node(s) in the cluster",
                f"bring the missing nodes back, or lower the factor to {node_count} or less",
                collection=c.name,
            )
        )
    found.extend(_replicas(facts, c))
    for shard, status in sorted(c.shard_status.items()):
        if status != "READY":
            found.append(
                Finding(
                    "shard-not-ready",
                    PROBLEM if status == "READONLY" else WARNING,
                    f"{subject} shard {shard}",
                    f"status {status}: "
                    + ("writes are refused" if status == "READONLY" else "not ready for writes"),
                    f"fix the cause (a full disk turns shards READONLY), then: "
                    f"shards {c.name} --set-ready {shard}",
                    collection=c.name,
                    shard=shard,
                )
            )
    if c.shard_status_error:
        found.append(
            Finding(
                "shard-status-unreadable",
                PROBLEM,
                subject,
                f"its shard status cannot be read: {c.shard_status_error}",
                "bring back the node that holds its shards; see the nodes' status",
                collection=c.name,
            )
        )
    if c.factor > 1 and not c.async_enabled:
        found.append(
            Finding(
                "async-replication-off",
                WARNING,
                subject,
                f"replication factor {c.factor} but async replication is off, so replicas "
                "that missed writes are repaired only when read",
                "Weaviate 1.38 and later: unset ASYNC_REPLICATION_DISABLED on the servers; "
                "earlier: update the collection with asyncEnabled true",
                collection=c.name,
            )
        )
    for tenant in c.empty_active_tenants:
        found.append(
            Finding(
                "empty-active-tenant",
                ADVICE,
                f"tenant {tenant} of {c.name}",
                "active but holds no objects (an active tenant costs memory and open files)",
                "deactivate it until it is used, or delete it if it is not needed",
                collection=c.name,
            )
        )
    found.extend(_indexes(facts, c, subject))
    return found


def _replicas(facts: HealthFacts, c: CollectionFacts) -> list[Finding]:
    healthy = {n.name for n in facts.nodes if n.healthy}
    short = {
        shard
        for shard, nodes in c.replicas.items()
        if len([n for n in nodes if n in healthy]) < c.factor
    }
    if not short:
        return []
    lost = sorted(
        {n.name for n in facts.nodes if not n.healthy}
        | (facts.known_nodes - {n.name for n in facts.nodes})
    )
    return [
        Finding(
            "under-replicated",
            PROBLEM,
            f"collection {c.name}",
            f"{len(short)} of {len(c.replicas)} shard(s) have fewer than {c.factor} live "
            f"replicas (down: {', '.join(lost) or 'a node no longer listed'})",
            "bring the down nodes back; writes at QUORUM or ALL may fail until then",
            collection=c.name,
        )
    ]


def _indexes(facts: HealthFacts, c: CollectionFacts, subject: str) -> list[Finding]:
    found: list[Finding] = []
    searches = facts.vector_searches.get(c.name, ())
    if c.unindexed_vectors and (searches or not c.has_vector_index):
        vectors = ", ".join(c.unindexed_vectors)
        found.append(
            Finding(
                "no-vector-index",
                WARNING if searches else ADVICE,
                subject,
                f"no vector index for {vectors}"
                + (
                    f"; the saved queries {', '.join(searches)} search it by vector"
                    if searches
                    else ""
                ),
                "vector searches on it fail: re-create it with a vector index (hnsw, flat or "
                "dynamic) if you search by vector",
                collection=c.name,
            )
        )
    null_queries = facts.null_filters.get(c.name, ())
    if null_queries and not c.index_null_state:
        found.append(
            Finding(
                "null-state-not-indexed",
                WARNING,
                subject,
                f"the saved queries {', '.join(null_queries)} filter with 'is null', but the "
                "collection does not index null state, so the server refuses them",
                "re-create the collection with inverted index index_null_state true "
                "(it cannot be changed in place) and import the data again",
                collection=c.name,
            )
        )
    return found
