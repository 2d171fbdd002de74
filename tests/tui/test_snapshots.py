"""Snapshots of the main screens: a server of their own, seeded data, a fixed terminal size.

The status bar (a random port and live latencies) is hidden here; Pilot tests cover it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.query_pane import QueryPane
from tests.integration.books import create_books
from tests.tui.helpers import (
    collections_list,
    loaded_pane,
    static_text,
    wait_until,
    wait_until_still,
)

SNAPSHOT_COLLECTION = "SnapBooks"
SIZE = (140, 36)


@pytest.fixture(scope="module")
async def snapshot_options(
    server_binary: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ConnectionOptions]:
    server = LocalServer(server_binary, tmp_path_factory.mktemp("snapshot-server"))
    await server.start()
    try:
        options = ConnectionOptions(url=server.url, grpc_port=server.grpc_port)
        async with ExplorerSession(options) as session:
            await create_books(session, SNAPSHOT_COLLECTION)
        yield options
    finally:
        await server.stop()


async def open_collection(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, ExplorerApp)
    app.status_bar.display = False
    table = await collections_list(pilot)
    await wait_until(pilot, lambda: table.row_count == 1, "the collection list")
    table.focus()
    await pilot.press("enter")
    objects = app.screen.query_one("#objects-table", DataTable)
    await wait_until(pilot, lambda: objects.row_count > 0, "objects")
    query = await loaded_pane(pilot, QueryPane)
    await wait_until(pilot, lambda: query.config is not None, "the config")
    await wait_until_still(pilot, "the tables' column widths")


def run_with(*steps: Callable[[Pilot[Any]], Any]) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        for step in steps:
            await step(pilot)

    return run_before


def test_objects_screen(snap_compare: Any, snapshot_options: ConnectionOptions) -> None:
    app = ExplorerApp(LaunchPlan(snapshot_options), page_size=8)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_with(open_collection))


async def _near_vector_query(pilot: Pilot[Any]) -> None:
    """Exact distances on self-provided vectors: the same on every run (BM25 scores are not)."""
    app = pilot.app
    await pilot.press("3")
    pane = await loaded_pane(pilot, QueryPane)
    pane.query_one("#query-kind", Select).value = "near_vector"
    await pilot.pause()
    pane.query_one("#query-target", Select).value = "custom"
    pane.query_one("#query-vector", Input).value = "[1.0, 0.3, 0.1]"
    pane.query_one("#query-limit", Input).value = "5"
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: "results" in static_text(app, "#query-summary"), "results")


def test_query_screen(snap_compare: Any, snapshot_options: ConnectionOptions) -> None:
    app = ExplorerApp(LaunchPlan(snapshot_options))
    assert snap_compare(
        app, terminal_size=SIZE, run_before=run_with(open_collection, _near_vector_query)
    )


async def _schema(pilot: Pilot[Any]) -> None:
    await pilot.press("4")
    await wait_until(
        pilot,
        lambda: "Collection: SnapBooks" in static_text(pilot.app, "#schema-summary"),
        "schema",
    )


def test_schema_screen(snap_compare: Any, snapshot_options: ConnectionOptions) -> None:
    app = ExplorerApp(LaunchPlan(snapshot_options))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_with(open_collection, _schema))


async def _aggregate_by_genre(pilot: Pilot[Any]) -> None:
    from textual.widgets import SelectionList

    from explorer.tui.panes.aggregate_pane import AggregatePane

    await pilot.press("5")
    pane = await loaded_pane(pilot, AggregatePane)
    for name in ("year", "rating", "in_print", "published"):
        pane.query_one("#aggregate-properties", SelectionList).select(name)
    pane.query_one("#aggregate-group-by", Select).value = "genre"
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: pane.result is not None, "the aggregate")
    await wait_until_still(pilot, "the tables' column widths")


def test_aggregate_screen(snap_compare: Any, snapshot_options: ConnectionOptions) -> None:
    app = ExplorerApp(LaunchPlan(snapshot_options))
    assert snap_compare(
        app, terminal_size=SIZE, run_before=run_with(open_collection, _aggregate_by_genre)
    )


async def _help(pilot: Pilot[Any]) -> None:
    from explorer.tui.screens.help_screen import HelpScreen

    await pilot.press("question_mark")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "the help screen")
    await wait_until_still(pilot, "the modal's fade-in")


async def _collections_listed(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, ExplorerApp)
    app.status_bar.display = False
    table = await collections_list(pilot)
    await wait_until(pilot, lambda: table.row_count == 1, "the collection list")


def test_help_screen(snap_compare: Any, snapshot_options: ConnectionOptions) -> None:
    # Over the start screen: a table still settling its column widths behind the modal
    # would make the picture vary from run to run.
    app = ExplorerApp(LaunchPlan(snapshot_options))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_with(_collections_listed, _help))


async def _lab_compare(pilot: Pilot[Any]) -> None:
    """The same on every run: one BM25 match (close BM25 scores swap between fresh servers),
    ranked fusion (explain-scores from ranks), and the cursor on an object BM25 does not find
    (a BM25 explain-score lists its terms in map order, which varies)."""
    from textual.widgets import SelectionList

    from explorer.tui.lab.compare_view import CompareView

    await pilot.press("7")
    view = pilot.app.screen.query_one(CompareView)
    await wait_until(pilot, lambda: view.config is not None, "the lab's collection")
    view.query_one("#compare-text", Input).value = "lighthouse"
    view.query_one("#compare-alphas", Input).value = "0,0.5"
    view.query_one("#compare-targets SelectionList", SelectionList).select("bigram")
    view.query_one("#compare-fusion", Select).value = "ranked"
    view.query_one("#compare-limit", Input).value = "3"
    await pilot.press("ctrl+r")
    table = view.query_one("#compare-lists", DataTable)
    await wait_until(pilot, lambda: table.row_count > 0, "the comparison")
    table.focus()
    await pilot.press("right", "right", "down")
    await wait_until_still(pilot, "the lists' column widths")


def test_lab_compare_screen(snap_compare: Any, snapshot_options: ConnectionOptions) -> None:
    app = ExplorerApp(LaunchPlan(snapshot_options))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_with(open_collection, _lab_compare))


async def _lab_rag(pilot: Pilot[Any]) -> None:
    """near_vector on the self-provided vectors: exact distances; the dummy modules are exact.
    No grouped task: with a reranker the server builds it in one of two orders, at random."""
    from textual.widgets import SelectionList, TabbedContent

    from explorer.tui.lab.rag_view import RagView

    await pilot.press("7")
    pilot.app.screen.query_one("#lab-views", TabbedContent).active = "lab-rag"
    view = pilot.app.screen.query_one(RagView)
    await wait_until(pilot, lambda: view.config is not None, "the lab's collection")
    view.query_one("#rag-mode", Select).value = "near_vector"
    view.query_one("#rag-query", Input).value = "[1.0, 0.3, 0.1]"
    view.query_one("#rag-targets SelectionList", SelectionList).select("custom")
    view.query_one("#rag-prompt", Input).value = "Explain {title} ({year})"
    view.query_one("#rag-rerank", Input).value = "summary"
    view.query_one("#rag-limit", Input).value = "3"
    view.query_one("#rag-query", Input).focus()
    await pilot.press("ctrl+r")
    table = view.query_one("#rag-objects", DataTable)
    await wait_until(pilot, lambda: table.row_count > 0, "the RAG results")
    table.focus()
    await wait_until_still(pilot, "the tables' column widths")


def test_lab_rag_screen(snap_compare: Any, snapshot_options: ConnectionOptions) -> None:
    app = ExplorerApp(LaunchPlan(snapshot_options))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_with(open_collection, _lab_rag))
