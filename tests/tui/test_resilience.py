"""The TUI when its server dies and comes back (a real server process, killed and restarted)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Input

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.screens.import_screen import ImportScreen
from explorer.tui.widgets.transfer_progress import TransferProgress
from tests.big_import import create_target, expected_contents, stored_contents, write_rows
from tests.integration.books import create_books
from tests.repl.test_resilience import DURING_IMPORT_ROWS
from tests.restarts import kill, restart
from tests.tui.helpers import notifications, static_text, wait_for_collection, wait_until
from tests.tui.test_transfer_screens import while_running

#: Fault cases (servers killed, restarted or made read-only): `make test-slow` runs them.
pytestmark = pytest.mark.slow


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
        await app.action_show_pane("query")  # the focus goes to the form's first field, Kind
        app.screen.query_one("#query-text", Input).value = "harbour"
        await pilot.press("ctrl+r")
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


async def test_a_kill_during_the_import_screen_ends_it_with_a_report_and_a_rerun_converges(
    own_server: LocalServer, tmp_path: Path
) -> None:
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    path = tmp_path / "arrivals.jsonl"
    rows = write_rows(path, DURING_IMPORT_ROWS)
    async with ExplorerSession(options) as setup:
        await create_target(setup, "Arrivals")
    app = ExplorerApp(LaunchPlan(options), page_size=5)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, "Arrivals")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Arrivals" in str(app.status_bar.render()), "opened")
        await pilot.press("I")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen), "the import screen")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(path)
        screen.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        progress = screen.query_one(TransferProgress)
        await while_running(
            pilot,
            lambda: any(f"{n:,} of" in progress.status for n in range(1000, len(rows), 200)),
            "1,000 rows read",
        )
        kill(own_server)
        await while_running(pilot, lambda: screen.report is not None, "the import's report")
        report = screen.report
        assert report is not None and report.server_lost is not None
        summary = static_text(app, "#import-summary")
        assert "stopped: the server was lost" in summary and "may not have landed" in summary
        assert "Run the same import again once the server is back" in summary
        assert app.is_running and isinstance(app.screen, ImportScreen)

        await restart(own_server)
        await while_running(
            pilot, lambda: any("Reconnected" in n for n in notifications(app)), "reconnected"
        )
        await pilot.press("enter")  # the same import again, from the same screen
        await while_running(
            pilot,
            lambda: screen.report is not None and screen.report.server_lost is None,
            "the second import",
        )
        assert f"read {len(rows):,} rows: {len(rows):,} imported + 0 failed" in static_text(
            app, "#import-summary"
        )
        session = app.opened.session if app.opened else None
        assert session is not None
        assert await stored_contents(session, "Arrivals") == await expected_contents(
            session, "Arrivals", rows
        )
