"""Searches across tenants and bulk tenant changes by pattern, on 1,000 tenants of a real server."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator

import pytest

from explorer.core.admin.across_tenants import (
    BRANCH_TASK_PREFIX,
    AcrossTenantsProgress,
    search_across_tenants,
)
from explorer.core.admin.bulk_tenants import (
    BulkChangeStopped,
    BulkProgress,
    apply_bulk_change,
    plan_bulk_change,
)
from explorer.core.admin.tenant_patterns import (
    BadTenantSelector,
    match_tenants,
    page_after,
    parse_tenant_selector,
)
from explorer.core.admin.tenants import tenant_statuses
from explorer.core.base.errors import ExplorerError, ReadOnlyRefused
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from tests.many_tenants import (
    ACME,
    ACTIVE,
    COLD,
    GLOBEX,
    ODD,
    ManyTenants,
    create_many_tenants,
)

TOTAL = 1_000


@pytest.fixture
async def read_only_session(server_options: ConnectionOptions) -> AsyncIterator[ExplorerSession]:
    async with ExplorerSession(dataclasses.replace(server_options, read_only=True)) as connected:
        yield connected


def test_selectors_name_tenants_by_glob_list_or_regex() -> None:
    statuses = {"acme-1": "ACTIVE", "acme-2": "INACTIVE", "globex": "ACTIVE", "b": "ACTIVE"}
    assert match_tenants(parse_tenant_selector("*"), statuses).names == (
        "acme-1",
        "acme-2",
        "b",
        "globex",
    )
    found = match_tenants(parse_tenant_selector("acme-*, globex,nobody"), statuses)
    assert found.names == ("acme-1", "acme-2", "globex") and found.missing == ("nobody",)
    assert found.with_status("ACTIVE") == ("acme-1", "globex")
    assert match_tenants(parse_tenant_selector("acme-[2]"), statuses).names == ("acme-2",)
    regex = parse_tenant_selector(r"acme-\d", regex=True)
    assert match_tenants(regex, statuses).names == ("acme-1", "acme-2")
    assert match_tenants(parse_tenant_selector("acme", regex=True), statuses).names == ()
    with pytest.raises(BadTenantSelector, match="use --regex"):
        parse_tenant_selector("acme.+")
    with pytest.raises(BadTenantSelector, match="Invalid regular expression"):
        parse_tenant_selector("acme-(", regex=True)
    names = [f"t{i:02d}" for i in range(5)]
    assert page_after(names, 2) == (["t00", "t01"], "t01")
    assert page_after(names, 2, "t03") == (["t04"], None)


async def test_tenants_list_in_one_request_of_a_thousand(
    session: ExplorerSession, many_tenants: ManyTenants
) -> None:
    """The client has no tenant cursor: one request returns every tenant (paged locally)."""
    statuses = await tenant_statuses(session, many_tenants.name)
    assert len(statuses) == TOTAL
    assert sum(1 for s in statuses.values() if s == "ACTIVE") == len(ACTIVE)


async def test_bm25_across_every_tenant_merges_by_score_and_labels_each_result(
    session: ExplorerSession, many_tenants: ManyTenants
) -> None:
    updates: list[AcrossTenantsProgress] = []
    result = await search_across_tenants(
        session,
        SearchRequest(many_tenants.name, "bm25", text="globex", limit=20),
        parse_tenant_selector("*"),
        progress=updates.append,
    )
    assert {h.tenant for h in result.hits} == set(GLOBEX)
    assert all(h.record.properties["title"].startswith("globex apple") for h in result.hits)
    assert all(h.tenant_rank == 1 for h in result.hits)
    scores = [h.record.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    statuses = {o.tenant: o.status for o in result.outcomes}
    assert len(statuses) == TOTAL
    assert sum(1 for s in statuses.values() if s == "inactive") == TOTAL - len(ACTIVE)
    assert {t for t, s in statuses.items() if s == "ok"} == set(ACTIVE)
    assert result.searched == len(ACTIVE)
    assert updates[-1] == AcrossTenantsProgress(len(ACTIVE), len(ACTIVE), 0)
    assert "inactive" in result.summary()


async def test_near_vector_merges_by_distance_keeps_ranks_and_reports_a_failed_tenant(
    session: ExplorerSession, many_tenants: ManyTenants
) -> None:
    request = SearchRequest(many_tenants.name, "near_vector", vector=(1.0, 0.0, 0.0), limit=5)
    result = await search_across_tenants(
        session, request, parse_tenant_selector(f"acme-0*,{ODD}"), concurrency=3
    )
    # The nearest apples are those of the lowest NN, each its tenant's best (rank 1).
    assert [(h.tenant, h.tenant_rank) for h in result.hits] == [(t, 1) for t in ACME[:5]]
    distances = [h.record.distance for h in result.hits]
    assert distances == sorted(distances)  # type: ignore[type-var]
    failed = [o for o in result.problems if o.status == "failed"]
    assert [o.tenant for o in failed] == [ODD] and failed[0].detail
    deep = await search_across_tenants(
        session, dataclasses.replace(request, limit=20), parse_tenant_selector("acme-01,acme-02")
    )
    assert [(h.tenant, h.tenant_rank) for h in deep.hits] == [
        ("acme-01", 1),
        ("acme-02", 1),
        ("acme-01", 2),
        ("acme-02", 2),
    ]


async def test_every_tenant_failing_is_the_query_s_error_and_nothing_active_says_activate(
    session: ExplorerSession, many_tenants: ManyTenants
) -> None:
    with pytest.raises(ExplorerError, match="in every one of the 1 tenants"):
        await search_across_tenants(
            session,
            SearchRequest(many_tenants.name, "near_vector", vector=(1.0, 0.0, 0.0)),
            parse_tenant_selector(ODD),
        )
    with pytest.raises(ExplorerError, match="add --activate"):
        await search_across_tenants(
            session,
            SearchRequest(many_tenants.name, "bm25", text="apple"),
            parse_tenant_selector("arch-*"),
        )
    with pytest.raises(ExplorerError, match="grouped task"):
        from explorer.core.query.requests import GenerateSpec

        await search_across_tenants(
            session,
            SearchRequest(
                many_tenants.name, "bm25", text="a", generate=GenerateSpec(grouped_task="t")
            ),
            parse_tenant_selector("*"),
        )


async def test_read_only_refuses_activate_and_bulk_changes_before_any_request(
    read_only_session: ExplorerSession, session: ExplorerSession, many_tenants: ManyTenants
) -> None:
    before = read_only_session.last_answer_at
    with pytest.raises(ReadOnlyRefused):
        await search_across_tenants(
            read_only_session,
            SearchRequest(many_tenants.name, "bm25", text="apple"),
            parse_tenant_selector("cold-*"),
            activate=True,
        )
    for action in ("activate", "deactivate", "offload", "delete"):
        with pytest.raises(ReadOnlyRefused):
            await plan_bulk_change(
                read_only_session,
                many_tenants.name,
                action,
                parse_tenant_selector("cold-*"),
            )
    assert read_only_session.last_answer_at == before  # nothing was sent
    statuses = await tenant_statuses(session, many_tenants.name)
    assert {statuses[t] for t in COLD} == {"INACTIVE"}


async def test_cancelling_the_search_cancels_every_branch(
    session: ExplorerSession, many_tenants: ManyTenants
) -> None:
    task = asyncio.create_task(
        search_across_tenants(
            session,
            SearchRequest(many_tenants.name, "bm25", text="apple", limit=5),
            parse_tenant_selector("*"),
            concurrency=4,
        )
    )
    deadline = time.monotonic() + 30
    while session.calls_in_flight == 0 or not _branches():
        assert time.monotonic() < deadline and not task.done(), "no branch started"
        await asyncio.sleep(0)
    assert len(_branches()) == 4
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert _branches() == []
    assert session.calls_in_flight == 0


def _branches() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t.get_name().startswith(BRANCH_TASK_PREFIX)]


async def test_bulk_changes_by_pattern_in_batches_and_activate_for_a_search(
    session: ExplorerSession, many_tenants: ManyTenants
) -> None:
    plan = await plan_bulk_change(
        session, many_tenants.name, "activate", parse_tenant_selector("cold-*,globex-1")
    )
    assert plan.count == 5 and plan.to_change == COLD and plan.unchanged == ("globex-1",)
    progress: list[BulkProgress] = []
    done = await apply_bulk_change(session, plan, batch_size=3, progress=progress.append)
    assert done.changed == COLD and done.batches == 2
    assert progress == [BulkProgress(3, 4), BulkProgress(4, 4)]
    statuses = await tenant_statuses(session, many_tenants.name)
    assert {statuses[t] for t in COLD} == {"ACTIVE"}

    plan = await plan_bulk_change(
        session, many_tenants.name, "deactivate", parse_tenant_selector(r"cold-[0-9]+", regex=True)
    )
    await apply_bulk_change(session, plan)
    result = await search_across_tenants(
        session,
        SearchRequest(many_tenants.name, "bm25", text="cold", limit=10),
        parse_tenant_selector("cold-*"),
        activate=True,
    )
    assert result.activated == COLD
    assert sorted(h.tenant for h in result.hits) == list(COLD)
    await apply_bulk_change(
        session,
        await plan_bulk_change(
            session, many_tenants.name, "deactivate", parse_tenant_selector("cold-*")
        ),
    )

    offload = await plan_bulk_change(
        session, many_tenants.name, "offload", parse_tenant_selector("cold-*")
    )
    with pytest.raises(BulkChangeStopped, match=r"offload-s3.*0 of 4 tenants were offloaded"):
        await apply_bulk_change(session, offload)

    with pytest.raises(ExplorerError, match="none matches"):
        await plan_bulk_change(session, many_tenants.name, "delete", parse_tenant_selector("zzz-*"))
    from weaviate.classes.tenants import Tenant

    await session.client.collections.use(many_tenants.name).tenants.create(
        [Tenant(name=f"tmp-{i}") for i in range(10)]
    )
    doomed = await plan_bulk_change(
        session, many_tenants.name, "delete", parse_tenant_selector("tmp-*")
    )
    assert doomed.count == 10
    deleted = await apply_bulk_change(session, doomed, batch_size=4)
    assert deleted.batches == 3
    statuses = await tenant_statuses(session, many_tenants.name)
    assert len(statuses) == TOTAL and not any(n.startswith("tmp-") for n in statuses)


async def test_ten_thousand_tenants_list_search_and_plan(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    """The issue's scale: 10,000 tenants are listed, searched (the active ones) and matched."""
    cleanup_collections.append(collection_name)
    big = await create_many_tenants(session, collection_name, 10_000)
    started = time.perf_counter()
    statuses = await tenant_statuses(session, collection_name)
    listed = time.perf_counter() - started
    assert len(statuses) == 10_000
    started = time.perf_counter()
    result = await search_across_tenants(
        session,
        SearchRequest(collection_name, "bm25", text="apple", limit=10),
        parse_tenant_selector("*"),
    )
    searched = time.perf_counter() - started
    assert len(result.outcomes) == 10_000 and result.searched == len(ACTIVE)
    assert len(result.hits) == 10
    plan = await plan_bulk_change(
        session, collection_name, "delete", parse_tenant_selector("arch-*")
    )
    assert plan.count == 10_000 - 40
    print(
        f"\n10,000 tenants: created in {big.create_seconds:.2f}s, listed in {listed:.3f}s, "
        f"searched in {searched:.3f}s"
    )
