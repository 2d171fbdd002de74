"""The client lives on its own loop, in a thread the session owns: cancelling, switching, closing."""

from __future__ import annotations

import asyncio
import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.widgets import Input

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.query_pane import QueryPane
from tests.integration.books import Book
from tests.slow_proxy import slow_proxy
from tests.tui.helpers import loaded_pane, static_text, wait_until
from tests.tui.test_flows import open_books


async def _client_loop_tasks(session: ExplorerSession) -> set[asyncio.Task[Any]]:
    """The client calls running on the session's client loop, read on that loop."""
    assert session.client_loop is not None

    async def tasks() -> set[asyncio.Task[Any]]:
        # The client's calls, as handed over by OnClientLoop (not the health probes).
        return {
            task
            for task in asyncio.all_tasks()
            if getattr(task.get_coro(), "__qualname__", "") == "_unwrapped"
        }

    return await session.client_loop.run(tasks())


def _sockets_to(ports: set[int]) -> set[str]:
    """Inodes of this process's TCP sockets whose remote port is one of ``ports``."""
    own = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            own.add(target[8:-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            state, inode = fields[3], fields[9]
            if remote_port in ports and inode in own and state == "01":  # ESTABLISHED
                found.add(inode)
    return found


async def test_a_cancelled_call_is_cancelled_on_the_client_loop(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with slow_proxy(server_options.grpc_port) as proxy:
        app = ExplorerApp(LaunchPlan(replace(server_options, grpc_port=proxy.port)))
        async with app.run_test(size=(140, 45)) as pilot:
            await open_books(app, pilot, name)
            await pilot.press("3")
            pane = await loaded_pane(pilot, QueryPane)
            pane.query_one("#query-text", Input).value = "keeper"
            assert app.opened is not None
            session = app.opened.session
            before = await _client_loop_tasks(session)
            proxy.delay = 5.0
            pane.action_run_query()
            await pilot.pause()
            assert session.calls_in_flight == 1
            running = await _client_loop_tasks(session) - before
            assert running, "the query runs on the client's loop"
            await pilot.press("escape")
            await wait_until(
                pilot, lambda: "cancelled" in static_text(app, "#query-summary"), "the cancel"
            )
            await wait_until(pilot, lambda: all(task.done() for task in running), "the cancel")
            assert all(task.cancelled() for task in running)
            proxy.delay = 0
            assert pane.result is None
            assert session.calls_in_flight == 0


async def test_a_connection_switch_leaves_no_task_on_the_old_loop(
    app: ExplorerApp, server_options: ConnectionOptions
) -> None:
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        assert app.opened is not None
        old = app.opened.session
        old_loop = old.client_loop
        assert old_loop is not None and old_loop.running
        await app.switch_connection(LaunchPlan(server_options)).wait()
        await wait_until(pilot, lambda: app.opened is not None, "the new connection")
        assert app.opened is not None and app.opened.session is not old
        assert old.client_loop is None
        assert not old_loop.thread.is_alive()
        assert old_loop.loop.is_closed()
        assert not asyncio.all_tasks(old_loop.loop)
        new_loop = app.opened.session.client_loop
        assert new_loop is not None and new_loop.running and new_loop is not old_loop


async def test_closing_the_app_leaves_no_client_thread_or_socket(
    app: ExplorerApp, server_options: ConnectionOptions
) -> None:
    ports = {server_options.http_port, server_options.grpc_port}
    threads_before = set(threading.enumerate())
    sockets_before = _sockets_to(ports)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        assert app.opened is not None
        client_loop = app.opened.session.client_loop
        assert client_loop is not None and client_loop.thread.is_alive()
        assert _sockets_to(ports) - sockets_before, "the client holds connections"
    assert not client_loop.thread.is_alive()
    assert client_loop.loop.is_closed()
    assert {t for t in threading.enumerate() if t.name == "weaviate-client"} <= threads_before
    assert not (_sockets_to(ports) - sockets_before)
