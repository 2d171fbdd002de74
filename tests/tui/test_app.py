"""The app driven by Textual's Pilot against the real test server."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import running_state
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.status_bar import StatusBar
from tests.integration.books import Book, create_books
from tests.integration.processes import wait_until_gone
from tests.tui.helpers import (
    loaded_pane,
    poll_until,
    settle,
    wait_for_collection,
    wait_until,
)


async def test_app_shows_status_and_collections_with_counts(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.append(collection_name)
    books = await create_books(session, collection_name)
    app = ExplorerApp(LaunchPlan(server_options))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_collection(pilot, collection_name)
        # The list comes from the schema at once; the counts follow it.
        await wait_until(
            pilot, lambda: str(table.get_row(collection_name)[1]) == str(len(books)), "the count"
        )
        assert "bigram (text2vec-bigram)" in str(table.get_row(collection_name)[2])

        status = app.query_one(StatusBar)
        status.refresh_status()
        text = str(status.render())
        assert "● connected" in text
        assert "v1.38.11" in text
        assert server_options.display_url in text

        # Selecting a row makes it current locally; the status bar shows it at once.
        table.move_cursor(row=table.get_row_index(collection_name))
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened is not None
        assert app.opened.session.current_collection == collection_name
        assert collection_name in str(status.render())
        assert app.opened.session.calls_in_flight == 0
        await pilot.press("q")
    assert app.opened is None


async def test_connection_failure_is_a_notification_not_a_crash() -> None:
    from explorer.local.ports import allocate_ports

    ports = allocate_ports()
    options = ConnectionOptions(url=f"http://127.0.0.1:{ports.http}", grpc_port=ports.grpc)
    app = ExplorerApp(LaunchPlan(options))
    async with app.run_test(size=(120, 40)) as pilot:
        # The connection starts after the first frame; wait for its failure to be reported. Not
        # with wait_until: it waits for the workers first, and the connect worker retries for as
        # long as the server is down, so each try took 20 s, past the toast's 12 s (a full run
        # hung here until pytest's timeout).
        await poll_until(pilot, lambda: bool(app._notifications), "the failure's notification")
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any(f"127.0.0.1:{ports.http}" in m for m in messages), messages
        assert "Cannot reach Weaviate" in str(app.query_one(StatusBar).render())


async def test_embedded_demo_opens_and_stops_its_server(
    isolated_dirs: dict[str, str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "embedded"
    plan = LaunchPlan(ConnectionOptions(), embedded=True, demo=True, data_dir=data_dir)
    app = ExplorerApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_collection(pilot, "JeopardyQuestion")
        # The counts come after the names ("…" until then).
        await wait_until(
            pilot, lambda: str(table.get_row("JeopardyQuestion")[1]) == "1,000", "the count"
        )
        # The demo opens on its collection, so a new user sees objects at once.
        objects = app.screen.query_one("#objects-table", DataTable)
        for _ in range(100):
            if objects.row_count:
                break
            await settle(pilot)
        assert objects.row_count == 50
        assert (
            app.opened is not None and app.opened.session.current_collection == "JeopardyQuestion"
        )
        state = running_state(data_dir)
        assert state is not None
        await pilot.press("q")
    assert wait_until_gone(state.pid, timeout=5)
    assert running_state(data_dir) is None


async def test_first_paint_does_not_wait_for_the_connection(
    server_options: ConnectionOptions,
) -> None:
    """The header and "connecting…" show while the server is still answering the connect."""
    from dataclasses import replace
    from urllib.parse import urlsplit

    from textual.widgets import Header

    from tests.slow_proxy import slow_proxy

    http_port = urlsplit(server_options.url).port
    assert http_port is not None
    async with slow_proxy(http_port) as proxy:
        proxy.delay = 2.0  # every REST answer (the connect's /v1/meta first) takes 2 s
        app = ExplorerApp(LaunchPlan(replace(server_options, url=f"http://127.0.0.1:{proxy.port}")))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.screen.query_one(Header).screen_title == "weaviate-explorer"
            assert "connecting" in str(app.status_bar.render()).lower()
            assert app.opened is None  # still connecting, yet painted and responsive
            proxy.delay = 0
            for _ in range(100):
                await settle(pilot)
                if app.opened is not None:
                    break
            assert app.opened is not None and app.opened.session.is_connected()


async def test_the_collections_list_is_as_wide_as_its_content_needs(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    from explorer.tui.panes.collections_pane import CollectionsTable

    name, _ = books
    async with app.run_test(size=(140, 45)) as pilot:
        table = await wait_for_collection(pilot, name)
        await pilot.pause()
        assert isinstance(table, CollectionsTable)
        widths = {str(k.value): c.get_render_width(table) for k, c in table.columns.items()}
        vectors = str(table.get_row(name)[2])
        # The test server's long collection names give way to the vectors.
        assert widths["vectors"] >= min(len(vectors), 30) + 2 * table.cell_padding
        # Every column is on screen: no horizontal scrolling needed to read the vectors.
        assert sum(widths.values()) <= table.scrollable_content_region.width, (widths, table.size)


async def test_the_objects_columns_fit_their_content_from_the_first_frame(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    """Widths are checked the moment the page is rendered, before the table's own idle-time
    measuring could make up for it; and on every open, not just the first."""
    from explorer.tui.panes.objects_pane import ObjectsPane

    name, _ = books
    async with app.run_test(size=(200, 45)) as pilot:
        await wait_for_collection(pilot, name)
        pane = await loaded_pane(pilot, ObjectsPane)
        rendered: list[list[tuple[int, int]]] = []
        render_page = pane._render_page

        def checked(*args: object, **kwargs: bool) -> None:
            render_page(*args, **kwargs)  # type: ignore[arg-type]
            table = pane.table
            rendered.append(
                [
                    (column.get_render_width(table) - 2 * table.cell_padding, _widest(table, key))
                    for key, column in table.columns.items()
                ]
            )

        pane._render_page = checked  # type: ignore[method-assign,assignment]
        for opened in range(1, 4):
            app.open_collection(name)
            await wait_until(pilot, lambda: len(rendered) >= opened, "a page")  # noqa: B023
        assert len(rendered) >= 3
        for widths in rendered:
            assert all(width >= widest for width, widest in widths), widths


def _widest(table: DataTable, key: object) -> int:
    return max((c.cell_len for c in table.get_column(key)), default=0)  # type: ignore[arg-type]
