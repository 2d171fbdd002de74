"""The cluster pane against a real 3-node cluster: a killed node shows down within seconds."""

from __future__ import annotations

import signal
import time

from textual.widgets import Select

from explorer.core.client.connection import ConnectionOptions
from explorer.local.cluster import LocalCluster
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.cluster_pane import ClusterPane
from explorer.tui.widgets.explorer_table import ExplorerTable
from tests.restarts import kill
from tests.tui.helpers import column, loaded_pane, static_text, wait_for_collection, wait_until


async def test_cluster_pane_shows_nodes_shards_and_a_node_going_down(
    cluster: LocalCluster, node0_options: ConnectionOptions, replicated: str
) -> None:
    app = ExplorerApp(LaunchPlan(node0_options), page_size=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_collection(pilot, replicated)
        await pilot.press("enter")
        await pilot.press("6")
        pane = await loaded_pane(pilot, ClusterPane)
        nodes = pane.query_one("#cluster-nodes", ExplorerTable)
        await wait_until(pilot, lambda: nodes.row_count == 3, "three nodes listed")
        assert column(nodes, "status") == ["HEALTHY"] * 3
        shards = pane.query_one("#cluster-shards", ExplorerTable)
        await wait_until(pilot, lambda: shards.row_count >= 3, "shards listed")
        assert "replication factor 3" in static_text(app, "#cluster-shards-title")
        assert "all healthy" in static_text(app, "#cluster-summary")

        pane.query_one("#cluster-consistency", Select).value = "ONE"
        await wait_until(pilot, lambda: "CL ONE" in str(app.status_bar.render()), "CL shown")
        assert app.opened is not None and app.opened.session.consistency_level == "ONE"

        kill(cluster.nodes[1], signal.SIGKILL)
        killed = time.monotonic()
        await wait_until(
            pilot,
            lambda: "down: node1" in static_text(app, "#cluster-summary"),
            "node1 shown down",
            tries=3000,
        )
        assert time.monotonic() - killed < 15  # polled every 2 s
        statuses = dict(zip(column(nodes, "node"), column(nodes, "status"), strict=True))
        assert statuses["node1"] != "HEALTHY" and statuses["node0"] == "HEALTHY"

        # Browsing at consistency ONE keeps working with a node down.
        await pilot.press("2")
        await wait_until(
            pilot, lambda: "Replicated" in str(app.status_bar.render()), "objects pane"
        )
