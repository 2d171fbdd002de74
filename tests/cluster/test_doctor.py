"""``doctor`` on a real 3-node cluster of this test's own: healthy, then a node killed."""

from __future__ import annotations

import asyncio
import signal
from dataclasses import replace

import httpx
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.tenants import Tenant

from explorer.core.admin.cluster import list_nodes
from explorer.core.admin.health_checks import HealthReport, run_doctor
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.core.where.filters import Condition
from explorer.local.cluster import LocalCluster
from tests.cluster.shard_status import set_status_and_wait
from tests.repl.harness import ReplHarness
from tests.restarts import kill

WORDS, NOTES = "Words", "Notes"


async def raft_leader(options: ConnectionOptions) -> str:
    """The node the cluster's Raft leader is, as node0 reports it."""
    async with httpx.AsyncClient() as http:
        answer = await http.get(f"{options.url}/v1/cluster/statistics")
    return str(answer.json()["statistics"][0]["leaderId"])


def checks(report: HealthReport) -> set[tuple[str, str]]:
    return {(f.check, f.subject) for f in report.findings}


async def create_data(session: ExplorerSession) -> None:
    client = session.client
    async with session.call():
        await client.collections.create(
            WORDS,
            properties=[Property(name="word", data_type=DataType.TEXT)],
            replication_config=Configure.replication(factor=3),
        )
        await client.collections.use(WORDS).data.insert_many([{"word": f"w{i}"} for i in range(9)])
        await client.collections.create(
            NOTES,
            properties=[Property(name="text", data_type=DataType.TEXT)],
            multi_tenancy_config=Configure.multi_tenancy(enabled=True),
            replication_config=Configure.replication(factor=2),
        )
        notes = client.collections.use(NOTES)
        await notes.tenants.create([Tenant(name="acme")])
        await notes.with_tenant("acme").data.insert({"text": "hello"})


async def test_doctor_finds_nothing_on_a_healthy_cluster_then_a_killed_node(
    cluster: LocalCluster, node0_options: ConnectionOptions
) -> None:
    async with ExplorerSession(node0_options) as session:
        await create_data(session)
        repl = ReplHarness(session)

        healthy = await run_doctor(session, {})
        assert healthy.findings == () and healthy.unchecked == ()
        assert (healthy.node_count, healthy.collection_count) == (3, 2)
        assert (await repl.json("doctor"))["healthy"] is True
        assert (
            "No problems found: 3 node(s), 2 collection(s) checked."
            in (await repl.run("doctor")).out
        )

        # An active tenant with no objects, a READONLY shard, a saved query that needs null state.
        async with session.call():
            await session.client.collections.use(NOTES).tenants.create([Tenant(name="idle")])
            words = session.client.collections.use(WORDS)
            shard = sorted(s.name for s in await words.config.get_shards())[0]
            await set_status_and_wait(words, shard, "READONLY")
        saved = {
            "nulls": SearchRequest(WORDS, filters=Condition("word", "is_null", True)),
            "plain": SearchRequest(NOTES, kind="bm25", text="hello"),
        }
        found = await run_doctor(session, saved)
        assert checks(found) == {
            ("empty-active-tenant", "tenant idle of Notes"),
            ("shard-not-ready", f"collection Words shard {shard}"),
            ("null-state-not-indexed", "collection Words"),
        }
        not_ready = next(f for f in found.findings if f.check == "shard-not-ready")
        assert not_ready.severity == "problem" and (not_ready.collection, not_ready.shard) == (
            WORDS,
            shard,
        )
        assert f"shards Words --set-ready {shard}" in not_ready.fix
        assert "nulls" in next(f for f in found.findings if f.check.startswith("null")).problem

        # Read-only refuses the fix before sending; the fix asks first (nobody to ask here,
        # so it is refused), then goes ahead with --yes.
        async with ExplorerSession(replace(node0_options, read_only=True)) as read_only:
            refused = await ReplHarness(read_only).run(f"shards {WORDS} --set-ready {shard} --yes")
            assert not refused.ok and "read-only" in refused.err
        async with session.call():
            statuses = {s.name: s.status for s in await words.config.get_shards()}
        assert statuses[shard] == "READONLY"
        asked = await repl.run(f"shards {WORDS} --set-ready {shard}")
        assert not asked.ok and "add --yes" in asked.err
        fixed = await repl.json(f"shards {WORDS} --set-ready {shard} --yes")
        assert fixed == [{"collection": WORDS, "shard": shard, "status": "READY"}]
        wrong = await repl.run(f"shards {WORDS} --set-ready nosuchshard --yes")
        assert not wrong.ok and "Words has no shard 'nosuchshard'" in wrong.err
        async with session.call():
            await session.client.collections.use(NOTES).tenants.remove(["idle"])
        assert (await run_doctor(session, {})).findings == ()

        # A node killed: the node and the collections it leaves under-replicated are found.
        # The Raft leader when it is not node0 (the one the test talks to): a schema read sent
        # as the leader dies waits on it for the full query timeout, and the doctor must not.
        victim = await raft_leader(node0_options)
        if victim == "node0":
            victim = "node2"
        kill(cluster.nodes[int(victim.removeprefix("node"))], signal.SIGKILL)
        for _ in range(100):
            if not all(n.healthy for n in await list_nodes(session)):
                break
            await asyncio.sleep(0.1)
        down = await run_doctor(session, {})
        found_checks = checks(down)
        assert found_checks & {("node-down", f"node {victim}"), ("node-missing", f"node {victim}")}
        assert ("under-replicated", "collection Words") in found_checks
        under = next(f for f in down.findings if f.check == "under-replicated")
        assert f"down: {victim}" in under.problem and under.severity == "problem"
        assert "tenants with no objects: not counted while a node is down" in down.unchecked
        report = await repl.json("doctor")
        assert report["healthy"] is False
        assert {f["check"] for f in report["findings"]} >= {"under-replicated"}
        table = (await repl.run("doctor")).out
        assert victim in table and "live replicas" in table and "finding(s)" in table
