"""One search run in many tenants at once, merged into one ranked list labelled by tenant.

The tenants come from one list request (the client has no cursor); only ACTIVE ones are
searched unless ``activate`` is given. At most ``concurrency`` searches are in flight: a fixed
pool of branches takes the next tenant until none is left, so 10,000 tenants cost 8 tasks, not
10,000. A tenant whose search fails is reported with its error; the others go on. Cancelling the
caller cancels every branch (they live in one task group) and their requests on the client.

Results are merged by score (bm25, hybrid: higher first), by distance (vector searches: lower
first) or by rerank score, keeping each tenant's own rank; ties go to the better per-tenant rank.
Scores of different tenants are only roughly comparable: BM25 statistics are per tenant.
"""

from __future__ import annotations

import asyncio
import heapq
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from explorer.core.admin.tenant_patterns import TenantMatch, TenantSelector, batches
from explorer.core.admin.tenants import matching_tenants, send_tenant_status
from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import ObjectRecord, QueryResult
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.core.query.result_data import record_data
from explorer.core.query.targets import check_target_vector

DEFAULT_CONCURRENCY = 8
MAX_CONCURRENCY = 64
#: What a branch's tenant came to.
OutcomeStatus = Literal["ok", "failed", "inactive", "offloaded", "missing", "other"]
ACROSS_KINDS = ("bm25", "hybrid", "near_text", "near_vector")
#: How hits compare in the merge: smaller is better.
MergeKey = tuple[float, int, str]


@dataclass(frozen=True, slots=True)
class TenantHit:
    tenant: str
    #: 1 for the tenant's best result.
    tenant_rank: int
    record: ObjectRecord


@dataclass(frozen=True)
class TenantOutcome:
    tenant: str
    status: OutcomeStatus
    #: Results the tenant returned (before the merge cut them to the limit).
    hits: int = 0
    #: Why it failed, or the status that kept it out (server text: render it inert).
    detail: str = ""


@dataclass(frozen=True)
class AcrossTenantsProgress:
    done: int
    total: int
    failed: int


@dataclass(frozen=True)
class AcrossTenantsResult:
    request: SearchRequest
    selector: TenantSelector
    hits: tuple[TenantHit, ...]
    #: One per matching tenant (and per missing name), sorted by tenant name.
    outcomes: tuple[TenantOutcome, ...]
    #: Tenants this search activated (``activate``); they stay active.
    activated: tuple[str, ...] = ()
    elapsed_ms: float = 0.0
    concurrency: int = DEFAULT_CONCURRENCY

    @property
    def searched(self) -> int:
        return sum(1 for o in self.outcomes if o.status in ("ok", "failed"))

    @property
    def problems(self) -> tuple[TenantOutcome, ...]:
        """The tenants that were not searched, or whose search failed."""
        return tuple(o for o in self.outcomes if o.status != "ok")

    def as_query_result(self) -> QueryResult:
        """The merged records alone, in order (for the renderers of one-tenant results)."""
        return QueryResult(
            kind=self.request.kind,
            collection=self.request.collection,
            objects=tuple(h.record for h in self.hits),
            elapsed_ms=self.elapsed_ms,
        )

    def to_data(
        self, show_vectors: bool = False, columns: tuple[str, ...] | None = None
    ) -> dict[str, Any]:
        """JSON-ready: each object as a search result has it, plus its tenant and rank there."""
        objects = []
        for hit in self.hits:
            data = record_data(hit.record, show_vectors, columns)
            data["tenant"] = hit.tenant
            data["tenant_rank"] = hit.tenant_rank
            objects.append(data)
        return {
            "collection": self.request.collection,
            "kind": self.request.kind,
            "tenants": self.selector.text,
            "searched": self.searched,
            "objects": objects,
            "not_searched_or_failed": [
                {"tenant": o.tenant, "status": o.status, "detail": o.detail} for o in self.problems
            ],
            "activated": list(self.activated),
            "elapsed_ms": round(self.elapsed_ms, 1),
        }

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for outcome in self.problems:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        text = (
            f"{len(self.hits)} results from {self.searched:,} tenants of "
            f"{self.request.collection} ({self.request.kind}, {self.selector.text})"
        )
        if counts:
            text += "; not searched or failed: " + ", ".join(
                f"{n:,} {status}" for status, n in sorted(counts.items())
            )
        if self.activated:
            text += f"; activated {len(self.activated):,} (they stay active)"
        return text


def check_across_request(request: SearchRequest, concurrency: int) -> None:
    """Refuse what cannot be merged across tenants, before anything is sent."""
    if request.kind not in ACROSS_KINDS:
        raise ExplorerError(
            "Not across tenants",
            f"{request.kind} cannot run across tenants: use {', '.join(ACROSS_KINDS)}",
        )
    if request.kind != "near_vector" and not (request.text or "").strip():
        raise ExplorerError("Query text needed", f"{request.kind} needs non-empty query text")
    if request.kind == "near_vector" and not request.vector:
        raise ExplorerError("Vector needed", "near_vector needs a vector to search with")
    if request.generate is not None and request.generate.grouped_task:
        raise ExplorerError(
            "Grouped task per tenant",
            "a grouped task (--task) answers over one tenant's results; drop it or pick a "
            "tenant (--prompt works across tenants)",
        )
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ExplorerError(
            "Invalid concurrency", f"{concurrency}: use 1 to {MAX_CONCURRENCY} searches at once"
        )


def _merge_key(request: SearchRequest) -> Callable[[TenantHit], MergeKey]:
    """Smaller is better: negated scores, distances as they are; then rank, then tenant."""

    def key(hit: TenantHit) -> MergeKey:
        record = hit.record
        if request.rerank is not None:
            value = -(record.rerank_score if record.rerank_score is not None else float("-inf"))
        elif request.kind in ("bm25", "hybrid"):
            value = -(record.score if record.score is not None else float("-inf"))
        else:
            value = record.distance if record.distance is not None else float("inf")
        return (value, hit.tenant_rank, hit.tenant)

    return key


@dataclass(frozen=True, slots=True)
class _WorstFirst:
    """A heap entry that puts the worst hit on top of the heap."""

    key: MergeKey
    hit: TenantHit

    def __lt__(self, other: _WorstFirst) -> bool:
        return self.key > other.key


class _Best:
    """The ``limit`` best hits so far, in a bounded heap (little work per branch, any fan-out)."""

    def __init__(self, limit: int, key: Callable[[TenantHit], MergeKey]) -> None:
        self.limit = limit
        self.key = key
        self._heap: list[_WorstFirst] = []

    def add(self, hit: TenantHit) -> None:
        entry = _WorstFirst(self.key(hit), hit)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, entry)
        elif entry.key < self._heap[0].key:
            heapq.heapreplace(self._heap, entry)

    def ranked(self) -> tuple[TenantHit, ...]:
        return tuple(e.hit for e in sorted(self._heap, key=lambda e: e.key))


async def search_across_tenants(
    session: ExplorerSession,
    request: SearchRequest,
    selector: TenantSelector,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    activate: bool = False,
    progress: Callable[[AcrossTenantsProgress], None] | None = None,
) -> AcrossTenantsResult:
    """Run ``request`` in every tenant ``selector`` names; failures are reported, not raised.

    Raises only when nothing could be searched, or when every searched tenant failed (then the
    query itself is wrong, and its first error says why).
    """
    check_across_request(request, concurrency)
    if activate:
        session.require_writable(f"activate tenants of {request.collection} to search them")
    started = time.perf_counter()
    # A request wrong for the collection is wrong in every tenant: refuse it once, up front.
    config = await session.collection_config(request.collection)
    check_target_vector(config, request.kind, request.target_vector)
    match = await matching_tenants(session, request.collection, selector)
    activated = await _activate_inactive(session, request.collection, match) if activate else ()
    searchable = {*match.with_status("ACTIVE"), *activated}
    targets = [name for name in match.names if name in searchable]
    outcomes: dict[str, TenantOutcome] = {
        name: TenantOutcome(name, _status_outcome(status), detail=status)
        for name, status in match.tenants
        if name not in searchable
    }
    outcomes.update(
        (n, TenantOutcome(n, "missing", detail="no such tenant")) for n in match.missing
    )
    if not targets:
        raise ExplorerError(
            "No active tenant",
            f"none of the {len(match.tenants):,} tenants matching {selector.text!r} in "
            f"{request.collection} is ACTIVE"
            + (
                " (it has no tenant by that name)"
                if not match.tenants
                else ": add --activate to activate them first"
            ),
        )
    best = _Best(request.limit, _merge_key(request))
    failed = done = 0
    errors: list[ExplorerError] = []
    queue: Iterator[str] = iter(targets)

    async def branch() -> None:
        nonlocal failed, done
        for tenant in queue:  # shared: each branch takes the next tenant left
            try:
                result = await session.search(replace(request, tenant=tenant))
            except ExplorerError as exc:
                failed += 1
                errors.append(exc)
                outcomes[tenant] = TenantOutcome(tenant, "failed", detail=exc.message)
            else:
                for rank, record in enumerate(result.objects, start=1):
                    best.add(TenantHit(tenant, rank, record))
                outcomes[tenant] = TenantOutcome(tenant, "ok", hits=len(result.objects))
            done += 1
            if progress is not None:
                progress(AcrossTenantsProgress(done, len(targets), failed))

    async with asyncio.TaskGroup() as group:
        for index in range(min(concurrency, len(targets))):
            group.create_task(branch(), name=f"{BRANCH_TASK_PREFIX}{index}")
    if failed == len(targets):
        first = errors[0]
        raise ExplorerError(
            first.title, f"{first.message} (in every one of the {len(targets):,} tenants searched)"
        )
    return AcrossTenantsResult(
        request=request,
        selector=selector,
        hits=best.ranked(),
        outcomes=tuple(outcomes[name] for name in sorted(outcomes)),
        activated=activated,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        concurrency=concurrency,
    )


#: The name of every branch task (``asyncio.all_tasks()`` finds them, e.g. in tests).
BRANCH_TASK_PREFIX = "across-tenants-branch-"


def _status_outcome(status: str) -> OutcomeStatus:
    match status:
        case "INACTIVE":
            return "inactive"
        case "OFFLOADED" | "OFFLOADING" | "ONLOADING":
            return "offloaded"
        case _:
            return "other"


async def _activate_inactive(
    session: ExplorerSession, collection: str, match: TenantMatch
) -> tuple[str, ...]:
    """Activate the matching INACTIVE tenants (offloaded ones need the offload module)."""
    inactive = match.with_status("INACTIVE")
    if not inactive:
        return ()
    await session.approve(f"activate {len(inactive):,} tenants of {collection} to search them")
    done: list[str] = []
    for batch in batches(inactive, 100):
        await send_tenant_status(session, collection, batch, "active")
        done.extend(batch)
    return tuple(done)
