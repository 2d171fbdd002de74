"""The TUI when its server dies and comes back (a real server process, killed and restarted)."""

from __future__ import annotations

import time

from explorer.core.connection import ConnectionOptions
from explorer.core.session import ExplorerSession
from explorer.local.server import LocalServer
from explorer.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from tests.integration.books import create_books
from tests.restarts import kill, restart
from tests.tui.helpers import notifications, wait_for_collection, wait_until


async def test_status_shows_the_loss_within_3s_and_the_app_recovers(
    own_server: LocalServer,
) -> None:
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    async with ExplorerSession(options) as setup:
        await create_books(setup, "Survivor")
    app = ExplorerApp(LaunchPlan(options), page_size=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_collection(pilot, "Survivor")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Survivor" in str(app.status_bar.render()), "opened")

        kill(own_server)
        killed = time.monotonic()
        await wait_until(
            pilot, lambda: "disconnected" in str(app.status_bar.render()), "status: disconnected"
        )
        assert time.monotonic() - killed <= 3.0
        assert any(n.startswith("Connection lost") for n in notifications(app))

        # A query now ends with a clear error, not a hang or a crash.
        app.action_show_pane("query")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: sum("Connection lost" in n for n in notifications(app)) >= 2,
            "the query's error",
        )

        await restart(own_server)
        await wait_until(
            pilot,
            lambda: "● connected" in str(app.status_bar.render()),
            "reconnected",
            tries=3000,
        )
        assert any("Reconnected" in n for n in notifications(app))
        await wait_for_collection(pilot, "Survivor")  # the list was refreshed
        assert app.is_running
