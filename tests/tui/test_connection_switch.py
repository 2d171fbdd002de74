"""Switching connection (C, Enter on a profile) on two real servers: every pane follows."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
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
from explorer.tui.screens.connect_screen import ConnectScreen
from tests.integration.books import create_books
from tests.restarts import kill, restart
from tests.tui.helpers import (
    loaded_pane,
    notifications,
    static_text,
    wait_for_collection,
    wait_until,
)


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
            isinstance(app.screen, ConnectScreen)
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


def schema_text(pane: SchemaPane) -> str:
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
        schema = await loaded_pane(pilot, SchemaPane)
        await wait_until(pilot, lambda: "SwitchOld" in schema_text(schema), "old schema shown")

        await switch_to_profile(pilot, app, "other")
        await wait_for_collection(pilot, "SwitchNew")
        # The panes forgot the old server's collection.
        assert "SwitchOld" not in schema_text(schema)

        await pilot.press("5")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: bool(notifications(app)), "ctrl+r answered")
        assert not any("Not connected" in n for n in notifications(app)), notifications(app)

        # Open the new server's collection: schema and aggregate show it.
        await wait_for_collection(pilot, "SwitchNew")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "SwitchNew" in schema_text(schema), "new schema shown")
        await pilot.press("5")
        await pilot.press("ctrl+r")
        aggregate = await loaded_pane(pilot, AggregatePane)
        await wait_until(pilot, lambda: aggregate.result is not None, "aggregate ran")
        assert aggregate.result is not None and aggregate.result.total_count == new_count
        assert "SwitchNew" in static_text(app, "#aggregate-summary")


def status(app: ExplorerApp) -> str:
    return str(app.status_bar.render())


async def test_the_status_bar_shows_the_profile_and_its_safety_flags_also_after_a_switch(
    server_options: ConnectionOptions, own_server: LocalServer
) -> None:
    save_profile(server_profile("guarded", own_server, read_only=True, protected=True))
    start = replace(server_options, read_only=True)
    app = ExplorerApp(LaunchPlan(start), page_size=5)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(pilot, lambda: "● connected" in status(app), "connected")
        assert "read-only" in status(app)
        assert "protected" not in status(app)

        await switch_to_profile(pilot, app, "guarded")
        await wait_until(pilot, lambda: "profile guarded" in status(app), "the profile named")
        assert "read-only" in status(app) and "protected" in status(app)
        assert own_server.url.removeprefix("http://") in status(app)


@pytest.mark.slow
async def test_a_kill_of_the_server_switched_to_is_detected(
    server_options: ConnectionOptions, own_server: LocalServer
) -> None:
    save_profile(server_profile("doomed", own_server))
    app = ExplorerApp(LaunchPlan(server_options), page_size=5)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(pilot, lambda: "● connected" in status(app), "connected")
        await switch_to_profile(pilot, app, "doomed")
        await wait_until(pilot, lambda: "● connected" in status(app), "connected to the new one")

        kill(own_server)
        await wait_until(pilot, lambda: "disconnected" in status(app), "the loss seen")
        assert any(n.startswith("Connection lost") for n in notifications(app))

        await restart(own_server)
        await wait_until(pilot, lambda: "● connected" in status(app), "reconnected", tries=3000)
        assert app.opened is not None and app.opened.session.options.profile == "doomed"


@pytest.mark.slow
async def test_a_kill_is_detected_after_reconnecting_with_the_connections_screen(
    own_server: LocalServer,
) -> None:
    """Down at start, then C and Enter on the command line's row: that session is watched too."""
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    kill(own_server)
    assert own_server.process is not None
    await own_server.process.wait()
    app = ExplorerApp(LaunchPlan(options), page_size=5)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(pilot, lambda: "not connected" in status(app), "not connected")
        await restart(own_server)
        await pilot.press("C")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ConnectScreen)
                and app.screen.query_one(DataTable).row_count >= 1
            ),
            "the connections listed",
        )
        app.screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "● connected" in status(app), "connected", tries=600)

        kill(own_server)
        await wait_until(pilot, lambda: "disconnected" in status(app), "the loss seen")
        assert any(n.startswith("Connection lost") for n in notifications(app))


@pytest.mark.slow
async def test_the_app_connects_once_a_server_that_was_down_at_start_is_up(
    own_server: LocalServer,
) -> None:
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    kill(own_server)
    assert own_server.process is not None
    await own_server.process.wait()
    app = ExplorerApp(LaunchPlan(options), page_size=5)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(pilot, lambda: "retry" in status(app), "a retry announced")
        assert app.opened is None

        await restart(own_server)
        await pilot.press("r")  # retries at once, instead of at the end of the backoff
        await wait_until(pilot, lambda: "● connected" in status(app), "connected", tries=600)
        assert app.is_running
