"""10,000 result rows: the query pane's rendering path vs a plain DataTable in a minimal app."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent

from explorer.core.base.models import QueryResult
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.tui.panes.query_pane import QueryPane, result_view
from explorer.tui.widgets.explorer_table import ExplorerTable
from tests.benchmarks.app_driver import SIZE, loaded_pane, running_app, wait_for
from tests.benchmarks.server import BIG_COLLECTION, BenchServer
from tests.benchmarks.stats import Figure, median

ROWS = 10_000


class PlainTableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()


async def _scrollable(pilot: Pilot[Any], table: DataTable[Any]) -> None:
    """Rows on screen after a refresh, and the table scrolls to its last row."""
    await pilot.pause()
    await wait_for(lambda: table.row_count == ROWS, "the rows")
    table.scroll_end(animate=False, immediate=True)
    await pilot.pause()

    def at_the_end() -> bool:
        # Columns widened by a late measurement can add a scrollbar: scroll again then.
        if table.scroll_y > 0 and table.scroll_y == table.max_scroll_y:
            return True
        table.scroll_end(animate=False, immediate=True)
        return False

    await wait_for(at_the_end, "scrolling")


async def _ours(server: BenchServer, result: QueryResult, properties: list[str]) -> float:
    async with running_app(server) as (app, pilot):
        app.open_collection(BIG_COLLECTION)
        pane = await loaded_pane(app, QueryPane)
        await wait_for(lambda: pane.config is not None, "the query pane's collection")
        # The counts and the first page still load; one of them showed the objects tab again
        # after the query tab was shown (a run timed out scrolling a table with no size).
        await wait_for(lambda: not any(w.is_running for w in app.workers), "the app's workers")
        table = pane.query_one("#query-table", ExplorerTable)
        tabs = app.main_screen.query_one(TabbedContent)

        def query_tab_shown() -> bool:
            # Opening the collection shows the objects tab, maybe after this asked for the query
            # tab (a run timed out scrolling a table that was never laid out): ask until it is.
            if tabs.active != "tab-query":
                tabs.active = "tab-query"
            return table.region.height > 0

        await wait_for(query_tab_shown, "the query tab")
        # Showing the tab slides its underline for a third of a second. Its frames are cheap
        # enough for a pause to call the app idle, but a pause inside the measured window then
        # waits for the slide to end: 2 or 3 of every 5 runs took ~150 ms more for that alone
        # (the baseline's app has no tabs).
        await pilot.wait_for_animation()
        await pilot.pause()
        started = time.perf_counter()
        # What QueryPane.run_query does once the result is in hand.
        view = await asyncio.to_thread(result_view, result, properties)
        pane.result = result
        pane._show_result(result, view)
        await _scrollable(pilot, table)
        return (time.perf_counter() - started) * 1000


async def _baseline(result: QueryResult, properties: list[str]) -> float:
    app = PlainTableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DataTable)
        started = time.perf_counter()
        table.add_columns("#", *properties)
        table.add_rows(
            (str(index), *(str(record.properties.get(p)) for p in properties))
            for index, record in enumerate(result.objects, start=1)
        )
        await _scrollable(pilot, table)
        return (time.perf_counter() - started) * 1000


async def render_10k(server: BenchServer, runs: int) -> Figure:
    figure = Figure.new(
        "render_10k_rows_ratio",
        "result in hand until 10,000 rows are in the query pane's table, refreshed and scrolled "
        "to the end, over a minimal app adding the same rows to a plain DataTable (Pilot)",
        measured_unit="ms",
    )
    async with ExplorerSession(server.options) as session:
        result = await session.search(SearchRequest(BIG_COLLECTION, "fetch", limit=ROWS))
        properties = [p.name for p in (await session.collection_config(BIG_COLLECTION)).properties]
    assert len(result.objects) == ROWS
    ours: list[float] = []
    base: list[float] = []
    for index in range(runs):
        if index % 2 == 0:
            ours.append(await _ours(server, result, properties))
            base.append(await _baseline(result, properties))
        else:
            base.append(await _baseline(result, properties))
            ours.append(await _ours(server, result, properties))
    figure.ours, figure.baseline, figure.samples = median(ours), median(base), runs
    figure.notes.append(f"ours ms {sorted(round(v) for v in ours)}")
    figure.notes.append(f"baseline ms {sorted(round(v) for v in base)}")
    return figure
