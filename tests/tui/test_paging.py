"""Quick paging in the objects pane: every n/p counts, in order, and the rows are the right ones."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.error_details import ErrorDetailsScreen
from tests.tui.helpers import press_at_once, wait_until

PAGE_SIZE = 5
OBJECTS = 103  # 21 pages, the last one short


@pytest.fixture
async def numbered(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> str:
    from weaviate.classes.config import DataType, Property
    from weaviate.classes.data import DataObject

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name, properties=[Property(name="n", data_type=DataType.INT)]
    )
    result = await session.client.collections.use(collection_name).data.insert_many(
        [DataObject(properties={"n": i}) for i in range(OBJECTS)]
    )
    assert not result.errors
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
    pane = app.screen.query_one(ObjectsPane)
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
