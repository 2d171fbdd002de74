"""Switching connection (C, Enter on a profile) on two real servers: every pane follows."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.store.profiles import Profile, save_profile
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.aggregate_pane import AggregatePane
from explorer.tui.panes.schema_pane import SchemaPane
from tests.integration.books import create_books
from tests.tui.helpers import notifications, static_text, wait_for_collection, wait_until


def server_profile(name: str, server: LocalServer, **flags: Any) -> Profile:
    return Profile(
        name=name,
        kind="custom",
        http_host="127.0.0.1",
        http_port=server.ports.http if server.ports else None,
        grpc_host="127.0.0.1",
        grpc_port=server.grpc_port,
        **flags,
    )


async def switch_to_profile(pilot: Pilot[Any], app: ExplorerApp, name: str) -> None:
    """C, then Enter on the profile's row; waits until the new session is the app's."""
    await pilot.press("C")
    await wait_until(
        pilot,
        lambda: (
            app.screen.id == "connect-screen"
            and name in [str(k.value) for k in app.screen.query_one(DataTable).rows]
        ),
        "the profile listed",
    )
    table = app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(name))
    await pilot.press("enter")
    await wait_until(
        pilot,
        lambda: app.opened is not None and app.opened.session.options.profile == name,
        "switched",
    )


def schema_text(app: ExplorerApp) -> str:
    pane = app.main_screen.query_one(SchemaPane)
    return " ".join(str(w.render()) for w in pane.query("*")) + str(pane.render())


async def test_after_a_switch_aggregate_and_schema_use_the_new_server(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    own_server: LocalServer,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.append("SwitchOld")
    await create_books(session, "SwitchOld")
    async with ExplorerSession(
        ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    ) as other:
        await create_books(other, "SwitchNew")
        new_count = await other.count("SwitchNew")
    save_profile(server_profile("other", own_server))

    app = ExplorerApp(LaunchPlan(server_options), page_size=5)
    async with app.run_test(size=(140, 44)) as pilot:
        await wait_for_collection(pilot, "SwitchOld")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "SwitchOld" in schema_text(app), "old schema shown")

        await switch_to_profile(pilot, app, "other")
        await wait_for_collection(pilot, "SwitchNew")
        # The panes forgot the old server's collection.
        assert "SwitchOld" not in schema_text(app)

        await pilot.press("5")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: bool(notifications(app)), "ctrl+r answered")
        assert not any("Not connected" in n for n in notifications(app)), notifications(app)

        # Open the new server's collection: schema and aggregate show it.
        await wait_for_collection(pilot, "SwitchNew")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "SwitchNew" in schema_text(app), "new schema shown")
        await pilot.press("5")
        await pilot.press("ctrl+r")
        aggregate = app.main_screen.query_one(AggregatePane)
        await wait_until(pilot, lambda: aggregate.result is not None, "aggregate ran")
        assert aggregate.result is not None and aggregate.result.total_count == new_count
        assert "SwitchNew" in static_text(app, "#aggregate-summary")
