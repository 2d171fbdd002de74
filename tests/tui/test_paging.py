"""Quick paging in the objects pane: every n/p counts, in order, and the rows are the right ones."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from rich.text import Text
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets.data_table import RowKey
from textual.worker import get_current_worker

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import FIRST_SLICE, ObjectsPane
from explorer.tui.screens.error_details import ErrorDetailsScreen
from explorer.tui.widgets import loading_later
from tests.slow_proxy import SlowProxy, slow_proxy
from tests.tui.helpers import loaded_pane, poll_until, press_at_once, wait_until

PAGE_SIZE = 5
OBJECTS = 103  # 21 pages, the last one short


async def create_numbered(session: ExplorerSession, name: str, count: int) -> None:
    """A collection ``name`` of ``count`` objects whose ``n`` runs from 0."""
    from weaviate.classes.config import DataType, Property
    from weaviate.classes.data import DataObject

    await session.client.collections.create(
        name, properties=[Property(name="n", data_type=DataType.INT)]
    )
    result = await session.client.collections.use(name).data.insert_many(
        [DataObject(properties={"n": i}) for i in range(count)]
    )
    assert not result.errors


@pytest.fixture
async def numbered(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> str:
    cleanup_collections.append(collection_name)
    await create_numbered(session, collection_name, OBJECTS)
    return collection_name


async def client_walk(session: ExplorerSession, name: str, page: int) -> list[str]:
    """The uuids on page ``page`` (1-based), walked directly with the client's ``after=``."""
    collection = session.client.collections.use(name)
    after: str | None = None
    for _ in range(page):
        result = await collection.query.fetch_objects(limit=PAGE_SIZE, after=after)
        uuids = [str(o.uuid) for o in result.objects]
        after = uuids[-1] if uuids else None
    return uuids


def page_shown(app: ExplorerApp) -> str:
    info = app.main_screen.query_one("#objects-info", Static).render()
    return info.plain if isinstance(info, Text) else str(info)


async def open_numbered(app: ExplorerApp, pilot: Pilot[Any], name: str) -> ObjectsPane:
    await wait_until(pilot, lambda: app.opened is not None and app.collections != (), "collections")
    app.open_collection(name)
    pane = await loaded_pane(pilot, ObjectsPane)
    await wait_until(pilot, lambda: "page 1 ·" in page_shown(app), "page 1")
    pane.table.focus()
    await pilot.pause()
    return pane


async def arrive(app: ExplorerApp, pilot: Pilot[Any], page: int) -> None:
    def arrived() -> bool:
        if isinstance(app.screen, ErrorDetailsScreen):
            return True  # a crash: fails just below, with the error on screen
        return f"page {page} ·" in page_shown(app)

    await wait_until(pilot, arrived, f"page {page}")
    assert not isinstance(app.screen, ErrorDetailsScreen), app.screen.query("Static")[0].render()


@pytest.fixture
def paged_app(server_options: ConnectionOptions) -> ExplorerApp:
    return ExplorerApp(LaunchPlan(server_options), page_size=PAGE_SIZE)


async def test_twenty_quick_n_and_seven_p_land_on_page_fourteen_with_the_walked_rows(
    paged_app: ExplorerApp, session: ExplorerSession, numbered: str
) -> None:
    app = paged_app
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_numbered(app, pilot, numbered)
        await press_at_once(pilot, *["n"] * 20, *["p"] * 7)
        await arrive(app, pilot, 14)
        assert pane.row_uuids == await client_walk(session, numbered, 14)
        # Paging still works after the burst, both ways.
        await pilot.press("n")
        await arrive(app, pilot, 15)
        assert pane.row_uuids == await client_walk(session, numbered, 15)
        await pilot.press("p", "p")
        await arrive(app, pilot, 13)
        assert pane.row_uuids == await client_walk(session, numbered, 13)


async def test_eight_quick_n_from_page_one(
    paged_app: ExplorerApp, session: ExplorerSession, numbered: str
) -> None:
    app = paged_app
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_numbered(app, pilot, numbered)
        await press_at_once(pilot, *["n"] * 8)
        await arrive(app, pilot, 9)
        assert pane.row_uuids == await client_walk(session, numbered, 9)


async def test_nine_p_then_four_n_from_page_three(
    paged_app: ExplorerApp, session: ExplorerSession, numbered: str
) -> None:
    app = paged_app
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_numbered(app, pilot, numbered)
        await pilot.press("n", "n")
        await arrive(app, pilot, 3)
        await press_at_once(pilot, *["p"] * 9, *["n"] * 4)
        await arrive(app, pilot, 5)
        assert pane.row_uuids == await client_walk(session, numbered, 5)


async def test_quick_n_past_the_end_stops_on_the_last_page(
    paged_app: ExplorerApp, session: ExplorerSession, numbered: str
) -> None:
    app = paged_app
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_numbered(app, pilot, numbered)
        await press_at_once(pilot, *["n"] * 30)
        await arrive(app, pilot, 21)
        assert "objects 101–103 · end" in page_shown(app)
        assert pane.row_uuids == await client_walk(session, numbered, 21)


async def test_reload_then_n_pages_from_the_first_page(
    paged_app: ExplorerApp, session: ExplorerSession, numbered: str
) -> None:
    """A reconnect reloads the collection from page 1; an `n` at once must still count."""
    app = paged_app
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_numbered(app, pilot, numbered)
        await pilot.press("n", "n", "n")
        await arrive(app, pilot, 4)
        await pilot.press("r")
        app._server_back()  # what a reconnect does: the collection reloads from page 1
        await press_at_once(pilot, "n")
        await arrive(app, pilot, 2)
        assert pane.row_uuids == await client_walk(session, numbered, 2)


BIG_PAGE = FIRST_SLICE + 20
BIG_OBJECTS = 2 * BIG_PAGE + 20  # page 3 is shorter than a first slice


async def test_a_big_page_shows_its_first_slice_then_all_of_it_and_keeps_the_cursor(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.append(collection_name)
    await create_numbered(session, collection_name, BIG_OBJECTS)
    walked: list[list[str]] = []
    after: str | None = None
    for _ in range(3):
        result = await session.client.collections.use(collection_name).query.fetch_objects(
            limit=BIG_PAGE, after=after
        )
        walked.append([str(o.uuid) for o in result.objects])
        after = walked[-1][-1]

    app = ExplorerApp(LaunchPlan(server_options), page_size=BIG_PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded_pane(pilot, ObjectsPane)
        shown: list[tuple[int, int, str]] = []  # (page, rows, info) each time rows are shown
        first_keys: list[RowKey] = []  # the first row's key each time
        show_page = pane._show_page

        async def recorded(*args: Any, **kwargs: Any) -> None:
            await show_page(*args, **kwargs)
            shown.append((pane.page_index + 1, pane.table.row_count, page_shown(app)))
            first_keys.append(pane.table.coordinate_to_cell_key(Coordinate(0, 0)).row_key)
            if kwargs.get("first_slice") and pane.page_index == 0:
                pane.table.move_cursor(row=7)  # the user moves on while the rest loads

        pane._show_page = recorded  # type: ignore[method-assign]
        await wait_until(pilot, lambda: app.collections != (), "collections")
        app.open_collection(collection_name)
        await wait_until(pilot, lambda: "page 1 · objects 1–120 · more →" in page_shown(app), "p1")
        assert [s[:2] for s in shown] == [(1, FIRST_SLICE), (1, BIG_PAGE)]
        assert f"objects 1–{FIRST_SLICE} · loading the rest…" in shown[0][2]
        assert [r.uuid for r in pane.records] == walked[0]
        assert pane.table.cursor_row == 7
        # The rest went below the slice on screen: its rows are the ones drawn before.
        assert first_keys[0] == first_keys[1]
        assert [pane.table.get_row_at(i)[0].plain for i in range(BIG_PAGE)] == [
            uuid[:8] + "…" for uuid in walked[0]
        ]
        pane.table.focus()
        await pilot.press("n")
        await arrive(app, pilot, 2)
        await wait_until(pilot, lambda: "objects 121–240 · more →" in page_shown(app), "p2")
        assert [r.uuid for r in pane.records] == walked[1]
        assert pane.table.cursor_row == 0  # the next page starts at its top
        await pilot.press("n")
        await wait_until(pilot, lambda: "objects 241–260 · end" in page_shown(app), "page 3")
        assert [r.uuid for r in pane.records] == walked[2]
        assert [s[:2] for s in shown][-1] == (3, 20)  # shorter than a slice: shown once


def cancel_after_first_slices(pane: ObjectsPane, *, times: int | None = None) -> None:
    """Cancel the page's worker as soon as a big page's first slice shows (what Esc does then;
    the rest's fetch is next): every time, or the first ``times`` times."""
    show_page = pane._show_page
    left = [times]

    async def cancelled_after_the_slice(*args: Any, **kwargs: Any) -> None:
        await show_page(*args, **kwargs)
        if kwargs.get("first_slice") and left[0] != 0:
            if left[0] is not None:
                left[0] -= 1
            get_current_worker().cancel()

    pane._show_page = cancelled_after_the_slice  # type: ignore[method-assign]


async def test_a_big_page_cancelled_after_its_first_slice_keeps_the_slice_and_says_so(
    server_options: ConnectionOptions, numbered: str
) -> None:
    app = ExplorerApp(LaunchPlan(server_options), page_size=BIG_PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded_pane(pilot, ObjectsPane)
        cancel_after_first_slices(pane)
        await wait_until(pilot, lambda: app.collections != (), "collections")
        app.open_collection(numbered)
        await wait_until(pilot, lambda: "did not load" in page_shown(app), "the cancelled rest")
        assert f"objects 1–{FIRST_SLICE} · the rest of the page did not load" in page_shown(app)
        assert pane.table.row_count == len(pane.records) == FIRST_SLICE
        assert not pane.loading_rest


def column_widths(pane: ObjectsPane) -> dict[str, int]:
    return {str(column.key.value): column.width for column in pane.table.ordered_columns}


async def test_columns_keep_their_width_while_paging_and_start_again_with_a_filter(
    paged_app: ExplorerApp,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    """Page 1's long texts keep the column wide on page 2 (short texts): the columns do not
    jump as pages turn. A filter (or another collection) measures its pages afresh."""
    from weaviate.classes.config import DataType, Property
    from weaviate.classes.data import DataObject

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name,
        properties=[Property(name="t", data_type=DataType.TEXT)],
    )
    # Cursor paging goes in uuid order: the first page is the long texts.
    result = await session.client.collections.use(collection_name).data.insert_many(
        [
            DataObject(
                properties={"t": ("long text " * 3).strip() if i < PAGE_SIZE else "abc"},
                uuid=f"00000000-0000-0000-0000-{i:012d}",
            )
            for i in range(2 * PAGE_SIZE)
        ]
    )
    assert not result.errors
    app = paged_app
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_numbered(app, pilot, collection_name)
        first = column_widths(pane)
        assert first["p:t"] == len("long text long text long text")
        await pilot.press("n")
        await arrive(app, pilot, 2)
        assert {r.properties["t"] for r in pane.records} == {"abc"}
        assert column_widths(pane) == first  # not narrowed to "abc"
        await pilot.press("p")
        await arrive(app, pilot, 1)
        assert column_widths(pane) == first
        pane.apply_where_text('t = "abc"')
        await wait_until(pilot, lambda: "filtered" in page_shown(app), "the filtered page")
        assert {r.properties["t"] for r in pane.records} == {"abc"}
        assert column_widths(pane)["p:t"] == len("abc")  # measured afresh


async def test_a_quick_page_never_says_it_is_loading(
    paged_app: ExplorerApp,
    session: ExplorerSession,
    numbered: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing flashes: a page that comes before the wait shows leaves the info line alone
    until the page itself replaces it."""
    monkeypatch.setattr(loading_later, "SHOW_AFTER", 60.0)  # no page here takes a minute
    app = paged_app
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_numbered(app, pilot, numbered)
        said: list[str] = []
        show_loading = pane._show_loading

        def recorded(name: str) -> None:
            show_loading(name)
            said.append(page_shown(app))

        pane._show_loading = recorded  # type: ignore[method-assign]
        await pilot.press("n", "n")
        await arrive(app, pilot, 3)
        assert pane.row_uuids == await client_walk(session, numbered, 3)
        assert said == []


@contextlib.asynccontextmanager
async def through_slow_proxy(
    server_options: ConnectionOptions, page_size: int
) -> AsyncIterator[tuple[ExplorerApp, Pilot[Any], SlowProxy]]:
    """The app, its gRPC traffic through a proxy that can hold the server's answers back."""
    async with slow_proxy(server_options.grpc_port) as proxy:
        app = ExplorerApp(
            LaunchPlan(replace(server_options, grpc_port=proxy.port)), page_size=page_size
        )
        async with app.run_test(size=(120, 40)) as pilot:
            yield app, pilot, proxy


async def test_a_slow_page_says_it_is_loading_and_its_rows_replace_the_line(
    server_options: ConnectionOptions, session: ExplorerSession, numbered: str
) -> None:
    async with through_slow_proxy(server_options, PAGE_SIZE) as (app, pilot, proxy):
        pane = await open_numbered(app, pilot, numbered)
        page_one = pane.row_uuids
        proxy.delay = 60.0  # held until released below, however slow this machine is
        await pilot.press("n")
        await poll_until(pilot, lambda: "loading page 2…" in page_shown(app), "the wait")
        assert pane.row_uuids == page_one  # page 1 stays until page 2 comes
        proxy.delay = 0
        await arrive(app, pilot, 2)
        assert "loading" not in page_shown(app)
        assert pane.row_uuids == await client_walk(session, numbered, 2)


async def test_a_big_pages_first_slice_ends_the_wait_for_the_info_line(
    server_options: ConnectionOptions, numbered: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the first slice shows, its line ("loading the rest…") stays while the rest is held:
    the page's "loading page 1…" never comes back over it."""
    monkeypatch.setattr(loading_later, "SHOW_AFTER", 0.05)
    async with through_slow_proxy(server_options, BIG_PAGE) as (app, pilot, proxy):
        pane = await loaded_pane(pilot, ObjectsPane)
        show_page = pane._show_page

        async def holding_the_rest(*args: Any, **kwargs: Any) -> None:
            await show_page(*args, **kwargs)
            if kwargs.get("first_slice"):
                proxy.delay = 60.0  # the rest's fetch is next

        pane._show_page = holding_the_rest  # type: ignore[method-assign]
        await wait_until(pilot, lambda: app.collections != (), "collections")
        app.open_collection(numbered)
        await poll_until(pilot, lambda: "loading the rest…" in page_shown(app), "the slice")
        await pilot.pause(0.05 * 6)  # well past the line's wait, had it still been on
        assert "loading the rest…" in page_shown(app)
        assert pane.table.row_count == FIRST_SLICE
        proxy.delay = 0
        await poll_until(pilot, lambda: f"objects 1–{OBJECTS} · end" in page_shown(app), "the rest")


async def test_esc_on_a_slow_page_keeps_the_page_on_screen_and_n_goes_on_from_it(
    server_options: ConnectionOptions, session: ExplorerSession, numbered: str
) -> None:
    async with through_slow_proxy(server_options, PAGE_SIZE) as (app, pilot, proxy):
        pane = await open_numbered(app, pilot, numbered)
        proxy.delay = 60.0  # held until released below, however slow this machine is
        await pilot.press("n", "n")
        await poll_until(pilot, lambda: "loading page 3…" in page_shown(app), "the wait")
        await pilot.press("escape")
        await poll_until(
            pilot, lambda: "page 1 · objects 1–5 · more →" in page_shown(app), "page 1's line"
        )
        proxy.delay = 0
        await pilot.press("n")
        await arrive(app, pilot, 2)
        assert pane.row_uuids == await client_walk(session, numbered, 2)


async def test_esc_on_a_slow_filter_says_the_rows_on_screen_are_not_filtered(
    server_options: ConnectionOptions, numbered: str
) -> None:
    async with through_slow_proxy(server_options, PAGE_SIZE) as (app, pilot, proxy):
        pane = await open_numbered(app, pilot, numbered)
        page_one = pane.row_uuids
        proxy.delay = 60.0  # held until released below, however slow this machine is
        pane.apply_where_text("n > 50")
        await poll_until(pilot, lambda: "loading page 1…" in page_shown(app), "the wait")
        await pilot.press("escape")
        await poll_until(pilot, lambda: "loading cancelled" in page_shown(app), "the cancel")
        assert "filtered" not in page_shown(app)
        assert pane.row_uuids == page_one
        proxy.delay = 0


async def test_r_reads_a_partial_page_again_as_its_line_says(
    server_options: ConnectionOptions, numbered: str
) -> None:
    """After the rest of a big page did not load, r (the app's refresh) reads the page again."""
    app = ExplorerApp(LaunchPlan(server_options), page_size=BIG_PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded_pane(pilot, ObjectsPane)
        cancel_after_first_slices(pane, times=1)
        await wait_until(pilot, lambda: app.collections != (), "collections")
        app.open_collection(numbered)
        await wait_until(pilot, lambda: "(r reloads)" in page_shown(app), "the cancelled rest")
        assert pane.table.row_count == FIRST_SLICE
        pane.table.focus()
        await pilot.press("r")
        await wait_until(
            pilot, lambda: f"page 1 · objects 1–{OBJECTS} · end" in page_shown(app), "page 1"
        )
        assert pane.table.row_count == len(pane.records) == OBJECTS
