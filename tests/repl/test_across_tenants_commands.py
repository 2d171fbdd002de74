"""`bm25|hybrid|near_vector … --tenants`, `tenants … --match` and `tenant-settings` at the REPL,
on a real server with 1,000 tenants."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.admin.across_tenants import BRANCH_TASK_PREFIX
from explorer.core.admin.tenants import tenant_statuses
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.codegen.script import Variant
from explorer.repl.app import run_cancellable
from tests.integration.test_codegen_runs import run_script
from tests.many_tenants import ACME, ACTIVE, COLD, GLOBEX, ODD, ManyTenants
from tests.repl.harness import ReplHarness
from tests.repl.test_admin_commands import answering
from tests.repl.test_cancel import interrupt_when

TOTAL = 1_000


@pytest.fixture
async def repl(session: ExplorerSession, many_tenants: ManyTenants) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    assert (await harness.run(f"use {many_tenants.name}")).ok
    yield harness
    await harness.context.schema.close()
    session.current_collection = session.current_tenant = None


async def test_bm25_across_every_tenant_as_json_and_as_a_table(repl: ReplHarness) -> None:
    data = await repl.json("bm25 globex --tenants '*' --limit 3")
    assert data["searched"] == len(ACTIVE) and data["tenants"] == "*"
    assert [o["tenant"] for o in data["objects"]] and len(data["objects"]) == 3
    assert {o["tenant"] for o in data["objects"]} <= set(GLOBEX)
    assert all(o["tenant_rank"] == 1 for o in data["objects"])
    assert all(o["properties"]["title"].startswith("globex apple") for o in data["objects"])
    left_out = data["not_searched_or_failed"]
    assert len(left_out) == TOTAL - len(ACTIVE)
    assert {o["status"] for o in left_out} == {"inactive"}
    saved = await repl.run("save across")
    assert not saved.ok and "kept for code only, not for save" in saved.err
    table = await repl.run("bm25 globex --tenants 'globex-*' --concurrency 2")
    assert table.ok, table.err
    assert "tenant" in table.out and "globex-3" in table.out
    assert "5 results from 5 tenants" in table.out


async def test_near_vector_and_hybrid_across_a_pattern_report_the_failed_tenant(
    repl: ReplHarness,
) -> None:
    data = await repl.json(f"near_vector '[1, 0, 0]' --tenants 'acme-0*,{ODD}' --limit 4")
    assert [(o["tenant"], o["tenant_rank"]) for o in data["objects"]] == [(t, 1) for t in ACME[:4]]
    distances = [o["distance"] for o in data["objects"]]
    assert distances == sorted(distances)
    failed = [o for o in data["not_searched_or_failed"] if o["status"] == "failed"]
    assert [o["tenant"] for o in failed] == [ODD]
    table = await repl.run(f"near_vector '[1, 0, 0]' --tenants 'acme-01,{ODD},nobody'")
    assert table.ok and f"{ODD}: failed" in table.out and "nobody: missing" in table.out
    # What is wrong for the collection is refused once, before any tenant is searched.
    hybrid = await repl.run("hybrid apple --target default --tenants '*'")
    assert not hybrid.ok and "has none; use near_vector" in hybrid.err
    assert "tenants searched" not in hybrid.err


async def test_bad_across_tenant_flags_say_what_to_fix(repl: ReplHarness) -> None:
    for line, expected in (
        ("bm25 apple --concurrency 3", "--concurrency goes with --tenants"),
        ("bm25 apple --activate", "--activate goes with --tenants"),
        ("bm25 apple --tenants 'acme.+'", "use --regex"),
        ("bm25 apple --tenants '*' --concurrency 0", "at least 1"),
        ("bm25 apple --tenants '*' --concurrency 500", "at most 64"),
        ("bm25 apple --tenants 'arch-*'", "add --activate"),
        ("bm25 apple --tenants '*' --task 'sum up'", "grouped task"),
        ("near_object 00000000-0000-0000-0000-000000000000 --tenants '*'", "no flag --tenants"),
    ):
        ran = await repl.run(line)
        assert not ran.ok and expected in ran.err, (line, ran.err)


async def test_ctrl_c_cancels_every_branch(repl: ReplHarness, session: ExplorerSession) -> None:
    def branches() -> list[asyncio.Task[object]]:
        return [t for t in asyncio.all_tasks() if t.get_name().startswith(BRANCH_TASK_PREFIX)]

    interrupter = asyncio.create_task(
        interrupt_when(lambda: len(branches()) == 2 and session.calls_in_flight > 0)
    )
    outcome = await asyncio.wait_for(
        run_cancellable(repl.runner.run("bm25 apple --tenants '*' --concurrency 2")), 60
    )
    await interrupter
    assert outcome is None
    assert branches() == [] and session.calls_in_flight == 0
    assert (await repl.run("bm25 apple --tenants 'globex-1'")).ok


async def test_bulk_change_by_pattern_shows_the_count_and_asks_for_it(
    repl: ReplHarness, session: ExplorerSession, many_tenants: ManyTenants
) -> None:
    repl.context.ask, asked = answering("4")
    done = await repl.json("tenants activate --match 'cold-*'")
    assert done == [
        {
            "collection": many_tenants.name,
            "action": "activated",
            "matched": 4,
            "changed": 4,
            "unchanged": 0,
            "batches": 1,
        }
    ]
    assert "Activate 4 tenants of" in asked[0] and "cold-1, cold-2, cold-3, cold-4" in asked[0]
    assert "Type 4 to confirm" in asked[0]
    statuses = await tenant_statuses(session, many_tenants.name)
    assert {statuses[t] for t in COLD} == {"ACTIVE"}

    repl.context.ask, asked = answering("3")  # the wrong count: nothing changes
    wrong = await repl.run(r"tenants deactivate --match 'cold-[0-9]' --regex")
    assert not wrong.ok and "not '4'" in wrong.err
    assert {(await tenant_statuses(session, many_tenants.name))[t] for t in COLD} == {"ACTIVE"}
    assert (await repl.run("tenants deactivate --match 'cold-*' --yes")).ok
    assert {(await tenant_statuses(session, many_tenants.name))[t] for t in COLD} == {"INACTIVE"}

    listed = await repl.json("tenants list --match 'arch-0*' --limit 3 --after arch-0005")
    assert [r["tenant"] for r in listed] == ["arch-0006", "arch-0007", "arch-0008"]
    assert [r["tenant"] for r in await repl.json("tenants --match 'cold-*'")] == list(COLD)

    repl.context.ask = None
    unasked = await repl.run("tenants delete --match 'arch-00*'")
    assert not unasked.ok and "Delete 100 tenants of" in unasked.err and "add --yes" in unasked.err
    offload = await repl.run("tenants offload --match 'cold-*' --yes")
    assert not offload.ok and "offload-s3" in offload.err
    assert "0 of 4 tenants were offloaded" in offload.err
    for line, expected in (
        ("tenants activate cold-1 --match 'cold-*'", "not both"),
        ("tenants create --match 'cold-*'", "--match goes with list, activate"),
        ("tenants activate --regex", "--regex goes with --match"),
        ("tenants activate --match 'zzz-*' --yes", "none matches"),
    ):
        ran = await repl.run(line)
        assert not ran.ok and expected in ran.err, (line, ran.err)


async def test_tenant_settings_show_and_toggle(
    repl: ReplHarness, many_tenants: ManyTenants
) -> None:
    shown = await repl.json("tenant-settings")
    assert shown == [
        {
            "collection": many_tenants.name,
            "auto_tenant_creation": False,
            "auto_tenant_activation": False,
        }
    ]
    changed = await repl.json("tenant-settings --auto-create on --auto-activate on")
    assert changed[0]["auto_tenant_creation"] and changed[0]["auto_tenant_activation"]
    back = await repl.json("tenant-settings --auto-activate off --auto-create off")
    assert not back[0]["auto_tenant_creation"] and not back[0]["auto_tenant_activation"]
    bad = await repl.run("tenant-settings --auto-create maybe")
    assert not bad.ok and "takes on or off" in bad.err


@pytest.fixture
async def read_only_repl(
    server_options: ConnectionOptions, many_tenants: ManyTenants
) -> AsyncIterator[ReplHarness]:
    async with ExplorerSession(dataclasses.replace(server_options, read_only=True)) as session:
        harness = ReplHarness(session)
        assert (await harness.run(f"use {many_tenants.name}")).ok
        yield harness
        await harness.context.schema.close()


async def test_read_only_refuses_every_change_before_sending(
    read_only_repl: ReplHarness, session: ExplorerSession, many_tenants: ManyTenants
) -> None:
    before = read_only_repl.context.session.last_answer_at
    for line in (
        "tenants activate --match 'cold-*' --yes",
        "tenants deactivate --match '*' --yes",
        "tenants offload --match 'cold-*' --yes",
        "tenants delete --match 'arch-*' --yes",
        "tenant-settings --auto-create on",
        "bm25 apple --tenants 'cold-*' --activate",
    ):
        ran = await read_only_repl.run(line)
        assert not ran.ok and "read-only" in ran.err, (line, ran.err)
    assert read_only_repl.context.session.last_answer_at == before
    statuses = await tenant_statuses(session, many_tenants.name)
    assert len(statuses) == TOTAL and {statuses[t] for t in COLD} == {"INACTIVE"}
    searched = await read_only_repl.json("bm25 apple --tenants 'globex-*'")
    assert searched["searched"] == len(GLOBEX)


async def test_code_for_a_search_across_tenants_runs_and_agrees(
    repl: ReplHarness, tmp_path: Path
) -> None:
    data = await repl.json(f"near_vector '[1, 0, 0]' --tenants 'acme-0*,{ODD}' --limit 4")
    expected = [(o["tenant"], o["uuid"]) for o in data["objects"]]
    variants: tuple[tuple[str, Variant], ...] = (("", "async"), ("--sync", "sync"))
    for flag, variant in variants:
        code = await repl.run(f"code {flag}")
        assert code.ok, code.err
        assert "with_tenant(tenant)" in code.out and "fnmatch" in code.out
        printed = await run_script(code.out, tmp_path, variant)
        assert [(o["tenant"], o["uuid"]) for o in printed["objects"]] == expected
        assert [f["tenant"] for f in printed["failed"]] == [ODD]
