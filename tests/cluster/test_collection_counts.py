"""With one of three nodes dead the collections list still answers (issue 15, item 27).

The cluster is the test's own (the ``cluster`` fixture): it kills a node of it.
"""

from __future__ import annotations

import signal
from typing import Any

from textual.pilot import Pilot

from explorer.core.admin.cluster import down_nodes, list_nodes
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.cluster import LocalCluster
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.collections_pane import CollectionsTable
from tests.restarts import kill
from tests.tui.helpers import notifications, wait_for_collection, wait_until

SOLO = "Solo"
SOLO_OBJECTS = 5


def count_cell(app: ExplorerApp, name: str) -> str:
    table = app.main_screen.query_one(CollectionsTable)
    return str(table.get_cell(name, "count")) if name in table.rows else ""


async def wait_for_cell(pilot: Pilot[Any], name: str, *texts: str) -> None:
    """Wait until ``name``'s count cell shows one of ``texts``."""
    app = pilot.app
    assert isinstance(app, ExplorerApp)
    try:
        await wait_until(
            pilot, lambda: count_cell(app, name) in texts, f"{name}'s count in {texts!r}"
        )
    except AssertionError as exc:
        raise AssertionError(
            f"{exc}; it shows {count_cell(app, name)!r}; notifications: {notifications(app)}"
        ) from None


async def solo_collection(options: ConnectionOptions) -> str:
    """A collection of one shard and one replica; the node that holds it."""
    from weaviate.classes.config import Configure, DataType, Property

    async with ExplorerSession(options) as session:
        await session.client.collections.create(
            SOLO,
            properties=[Property(name="word", data_type=DataType.TEXT)],
            replication_config=Configure.replication(factor=1),
            sharding_config=Configure.sharding(desired_count=1),
        )
        solo = session.client.collections.use(SOLO)
        await solo.data.insert_many([{"word": f"w{i}"} for i in range(SOLO_OBJECTS)])
        nodes = await list_nodes(session, SOLO)
    (holder,) = {shard.node for node in nodes for shard in node.shards}
    return holder


async def test_counts_with_a_node_down_show_what_came_back_and_name_the_node(
    cluster: LocalCluster, node0_options: ConnectionOptions, replicated: str
) -> None:
    holder = await solo_collection(node0_options)
    # Kill a node other than the one the app talks to (node0) and the one holding Solo.
    victim = "node2" if holder == "node1" else "node1"
    app = ExplorerApp(LaunchPlan(node0_options), page_size=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_collection(pilot, replicated)
        await wait_for_cell(pilot, replicated, "30")
        assert count_cell(app, SOLO) == str(SOLO_OBJECTS)

        kill(cluster.nodes[int(victim.removeprefix("node"))], signal.SIGKILL)
        await pilot.press("r", "r")  # twice: the second press is not held by the first
        marked = f"n/a ({victim} down)"
        # Until Weaviate drops the dead node (4-8 s after the kill on a quiet machine, sooner
        # as seen from a loaded one), a count waits on it: the cell names the node. After that
        # the live replicas answer, and the full count is right.
        await wait_for_cell(pilot, replicated, marked, "30")
        if count_cell(app, replicated) == marked:
            assert f"Cluster node down: {victim} is down" in " ".join(notifications(app))
        else:
            async with ExplorerSession(node0_options) as session:
                assert victim in await down_nodes(session)
        assert count_cell(app, SOLO) == str(SOLO_OBJECTS)  # the count that came back
        assert [c.name for c in app.collections] == [replicated, SOLO]

        # The list keeps working: another refresh ends with a count or the node, never a hang.
        app.main_screen.query_one(CollectionsTable).show_count(replicated, None, "stale")
        await pilot.press("r")
        await wait_for_cell(pilot, replicated, marked, "30")
        assert app.is_running
