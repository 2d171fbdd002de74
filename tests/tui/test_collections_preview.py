"""The collections list shows, with its counts, before weaviate-client is ready: two plain REST
reads while the client imports and connects (explorer/core/client/schema_preview.py).

No test depends on timing: the client's connection is held back for real (a closed gRPC port,
or a proxy holding gRPC's answers) while the preview is checked.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from textual.pilot import Pilot

from explorer.core.base.formatting import format_count
from explorer.core.client.connection import ConnectionOptions
from explorer.local.ports import allocate_ports
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from tests.integration.books import Book
from tests.slow_proxy import SlowProxy, slow_proxy
from tests.tui.helpers import collections_list, loaded_pane, poll_until, wait_until


def _cells(table: object, name: str) -> list[str]:
    return [str(cell) for cell in table.get_row(name)]  # type: ignore[attr-defined]


def _names(table: object) -> list[str]:
    return [str(key.value) for key in table.rows]  # type: ignore[attr-defined]


@contextlib.asynccontextmanager
async def chosen_while_connecting(
    server_options: ConnectionOptions, name: str
) -> AsyncIterator[tuple[ExplorerApp, Pilot[Any], SlowProxy]]:
    """The app whose client cannot finish connecting (the proxy holds gRPC's answers until its
    ``delay`` is 0), with ``name`` chosen from the preview (Enter) once its count showed."""
    async with slow_proxy(server_options.grpc_port) as proxy:
        proxy.delay = 60.0
        app = ExplorerApp(LaunchPlan(replace(server_options, grpc_port=proxy.port)))
        async with app.run_test(size=(140, 45)) as pilot:
            table = await collections_list(pilot)
            await poll_until(
                pilot,
                lambda: name in _names(table) and _cells(table, name)[1] != "…",
                "the preview with its counts",
            )
            assert app.opened is None
            table.focus()
            table.move_cursor(row=table.get_row_index(name))
            await pilot.press("enter")
            assert app._open_when_connected == (name, None)
            yield app, pilot, proxy


async def test_the_list_and_its_counts_show_while_the_client_cannot_connect(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    """gRPC closed: the client never connects, yet the list (from REST) is there to read, and
    a collection chosen from it waits for the connection, which the status bar says."""
    name, data = books
    closed = allocate_ports().grpc
    app = ExplorerApp(LaunchPlan(replace(server_options, grpc_port=closed)))
    async with app.run_test(size=(140, 45)) as pilot:
        table = await collections_list(pilot)
        # poll_until, not wait_until: the connect worker retries for as long as gRPC is closed.
        await poll_until(
            pilot,
            lambda: name in _names(table) and _cells(table, name)[1] == format_count(len(data)),
            "the preview with its count",
        )
        assert app.opened is None and app.collections == ()
        # The vectors as the client's full list names them (name and vectorizer).
        assert _cells(table, name)[2] == "bigram (text2vec-bigram), custom (none)"
        table.focus()
        table.move_cursor(row=table.get_row_index(name))
        await pilot.press("enter")
        status = app.status_bar
        await poll_until(
            pilot,
            lambda: f"{name} opens once connected" in str(status.render()),
            "the open is kept for the connection",
        )
        # The next retry says so too, not only the key's own message.
        await pilot.press("r")
        await poll_until(
            pilot,
            lambda: (
                "r retries now" in str(status.render())
                and f"{name} opens once connected" in str(status.render())
            ),
            "the retry that still names the collection",
        )
        assert app.opened is None


async def test_a_collection_chosen_from_the_preview_opens_once_connected(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    from explorer.tui.panes.objects_pane import ObjectsPane

    name, data = books
    async with chosen_while_connecting(server_options, name) as (app, pilot, proxy):
        table = await collections_list(pilot)
        preview_width, preview_row = table.size.width, _cells(table, name)  # Enter kept them
        proxy.delay = 0  # the client connects
        pane = await loaded_pane(pilot, ObjectsPane)
        await wait_until(pilot, lambda: len(pane.records) == len(data), "the objects")
        assert app.opened is not None
        assert app.opened.session.current_collection == name
        # The full list replaced the preview, and said what it said, at the same width: the
        # screen was not laid out again for it.
        await wait_until(pilot, lambda: app.collections != (), "the full list")
        assert _cells(table, name) == preview_row
        assert _cells(table, name)[1] == format_count(len(data))
        assert table.size.width == preview_width
        # ...and its columns were measured anew: the preview's "…" fitted the vectors
        # column to one cell, and the full list kept that width.
        await pilot.pause()
        vectors = _cells(table, name)[2]
        column = {str(k.value): c for k, c in table.columns.items()}["vectors"]
        assert column.get_render_width(table) >= min(len(vectors), 30) + 2 * table.cell_padding


async def test_a_help_opened_while_connecting_stays_when_the_chosen_collection_opens(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    """The collection chosen while the client connects opens beneath what the user opened since
    (before, its opening closed the help; the demo's opening did the same at start)."""
    from explorer.tui.panes.objects_pane import ObjectsPane
    from explorer.tui.screens.help_screen import HelpScreen

    name, data = books
    async with chosen_while_connecting(server_options, name) as (app, pilot, proxy):
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        proxy.delay = 0  # the client connects
        pane = await loaded_pane(pilot, ObjectsPane)
        await wait_until(pilot, lambda: len(pane.records) == len(data), "the objects")
        assert app.opened is not None
        assert app.opened.session.current_collection == name
        assert isinstance(app.screen, HelpScreen)  # still open, the collection beneath it
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen, "the main screen")
        await wait_until(pilot, lambda: app.focused is pane.table, "the objects focused")
