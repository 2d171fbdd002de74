"""The cluster pane's Health section on a real 3-node cluster: a READONLY shard found and fixed."""

from __future__ import annotations

from weaviate.classes.config import Configure

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.cluster_pane import ClusterPane
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.widgets.explorer_table import ExplorerTable
from tests.cluster.shard_status import set_status_and_wait
from tests.tui.helpers import column, loaded_pane, static_text, wait_for_collection, wait_until

SHARDED = "Sharded"


async def shard_statuses(options: ConnectionOptions) -> dict[str, str]:
    async with ExplorerSession(options) as session, session.call():
        shards = await session.client.collections.use(SHARDED).config.get_shards()
    return {s.name: str(s.status) for s in shards}


async def test_health_section_finds_a_readonly_shard_and_sets_it_ready(
    intact_node0_options: ConnectionOptions,
) -> None:
    options = intact_node0_options
    async with ExplorerSession(options) as session, session.call():
        await session.client.collections.create(
            SHARDED, sharding_config=Configure.sharding(desired_count=3)
        )
    app = ExplorerApp(LaunchPlan(options), page_size=5)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_collection(pilot, SHARDED)
        await pilot.press("enter")
        await pilot.press("6")
        pane = await loaded_pane(pilot, ClusterPane)
        health = pane.query_one("#cluster-health", ExplorerTable)
        # Shown once without a key, when the pane is first on screen.
        await wait_until(
            pilot,
            lambda: (
                "no problems found (3 node(s), 1 collection(s))"
                in static_text(app, "#cluster-health-title")
            ),
            "a clean health report",
        )
        assert health.row_count == 0

        shard = sorted(await shard_statuses(options))[0]
        async with ExplorerSession(options) as other, other.call():
            handle = other.client.collections.use(SHARDED)
            await set_status_and_wait(handle, shard, "READONLY")
        health.focus()
        await pilot.press("D", "D")  # twice, fast: one report, not two
        await wait_until(pilot, lambda: health.row_count == 1, "the READONLY shard found")
        assert column(health, "severity") == ["problem"]
        assert column(health, "object") == [f"collection {SHARDED} shard {shard}"]
        assert f"--set-ready {shard}" in column(health, "fix")[0]
        assert "1 finding(s)" in static_text(app, "#cluster-health-title")

        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "asked first")
        await pilot.press("escape")  # not confirmed: nothing changes
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmTypedScreen), "closed")
        assert (await shard_statuses(options))[shard] == "READONLY"

        health.focus()
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "asked again")
        await pilot.press(*shard, "enter")
        await wait_until(
            pilot,
            lambda: "no problems found" in static_text(app, "#cluster-health-title"),
            "the checks run again after the fix",
        )
        assert (await shard_statuses(options))[shard] == "READY"
        assert health.row_count == 0
