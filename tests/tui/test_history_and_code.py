"""Pilot tests: the TUI records every query, replays from the history, saves queries and shows
copy-as-code (clipboard via OSC 52, or a file); against the real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TextArea

from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.core.store.history import QueryHistory
from explorer.core.store.saved_queries import SavedQueries
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.code_screen import CodeScreen
from explorer.tui.screens.history_screen import HistoryScreen
from explorer.tui.screens.save_query_screen import SaveQueryScreen
from tests.integration.books import TITLES, Book
from tests.repl.harness import ReplHarness
from tests.tui.helpers import (
    column,
    loaded_pane,
    notifications,
    static_text,
    wait_for_collection,
    wait_until,
)
from tests.tui.test_flows import run_query, running_on_books

HARBOUR_TITLES = {t for t in TITLES if "harbour" in t.lower()}


async def open_history(app: ExplorerApp, pilot: Pilot[Any], rows: int) -> HistoryScreen:
    await pilot.press("H")
    await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "the history screen")
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    table = screen.query_one("#history-table", DataTable)
    await wait_until(pilot, lambda: table.row_count == rows, f"{rows} history rows")
    return screen


async def test_queries_are_recorded_and_replayed_from_the_history(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        await run_query(app, pilot, kind="bm25", text="harbour", properties="title")
        await run_query(
            app, pilot, kind="hybrid", text="lighthouse keeper", target="bigram", limit="3"
        )
        entries = QueryHistory().read()
        assert [(e.kind, e.collection, e.front_end, e.result_count) for e in entries] == [
            ("bm25", name, "tui", len(HARBOUR_TITLES)),
            ("hybrid", name, "tui", 3),
        ]
        pane = await loaded_pane(pilot, QueryPane)
        pane.query_one("#query-text", Input).value = "something else"

        screen = await open_history(app, pilot, rows=2)
        table = screen.query_one("#history-table", DataTable)
        assert column(table, "kind") == ["hybrid", "bm25"]  # newest first
        assert column(table, "front") == ["tui", "tui"]
        table.move_cursor(row=1)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: len(QueryHistory().read()) == 3, f"the replay {notifications(app)}"
        )
        await wait_until(pilot, lambda: "results" in static_text(app, "#query-summary"), "results")
        results = pane.query_one("#query-table", DataTable)
        assert set(column(results, "p:title")) == HARBOUR_TITLES
        assert pane.query_one("#query-kind", Select).value == "bm25"
        assert pane.query_one("#query-text", Input).value == "harbour"
        assert pane.query_one("#query-properties", Input).value == "title"


async def test_a_query_from_the_repl_replays_in_the_tui_on_its_collection(
    app: ExplorerApp, books: tuple[str, list[Book]], session: ExplorerSession
) -> None:
    """The REPL and the TUI share one history: replaying opens the query's collection."""
    name, _ = books
    repl = ReplHarness(session)
    try:
        assert (await repl.run(f"use {name}")).ok
        found = await repl.json("fetch --where 'year >= 1999' --sort year:desc --limit 3")
    finally:
        await repl.context.schema.close()
        session.current_collection = None
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, name)
        screen = await open_history(app, pilot, rows=1)
        assert column(screen.query_one("#history-table", DataTable), "front") == ["repl"]
        await pilot.press("enter")
        pane = await loaded_pane(pilot, QueryPane)
        await wait_until(
            pilot, lambda: pane.result is not None, f"the replayed fetch {notifications(app)}"
        )
        assert pane.result is not None
        assert [o.uuid for o in pane.result.objects] == [o["uuid"] for o in found]
        assert app.opened is not None and app.opened.session.current_collection == name
        assert [e.front_end for e in QueryHistory().read()] == ["repl", "tui"]


async def test_copy_as_code_copies_and_writes_both_variants(
    app: ExplorerApp, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        await run_query(app, pilot, kind="bm25", text="storm", where="year > 1991", limit="4")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CodeScreen), "the code modal")
        screen = app.screen
        assert isinstance(screen, CodeScreen)
        text = screen.query_one("#code-text", TextArea)
        assert "async with weaviate.use_async_with_custom(" in text.text
        assert (
            "query='storm'" in text.text
            and "Filter.by_property('year').greater_than(1991)" in text.text
        )
        compile(text.text, "copied.py", "exec")

        await pilot.press("c")
        assert app.clipboard == screen.codes["async"] == text.text
        await pilot.press("s")
        await pilot.pause()
        assert "with weaviate.connect_to_custom(" in text.text and "await" not in text.text
        await pilot.press("c")
        assert app.clipboard == screen.codes["sync"]

        await pilot.press("w")
        path_input = screen.query_one("#code-path", Input)
        assert path_input.has_focus and path_input.value == "bm25_query_sync.py"
        target = tmp_path / "storm.py"
        path_input.value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, target.exists, "the written file")
        assert target.read_text() == screen.codes["sync"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CodeScreen), "the modal closed")


async def test_objects_and_schema_panes_copy_as_code(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        app.screen.query_one("#objects-table").focus()
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CodeScreen), "the objects code")
        code = app.screen.query_one("#code-text", TextArea).text
        assert "collection.query.fetch_objects(" in code and "limit=5," in code
        await pilot.press("escape")
        await pilot.press("4")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CodeScreen), "the schema code")
        code = app.screen.query_one("#code-text", TextArea).text
        assert "client.collections.create_from_dict(config)" in code and repr(name) in code
        compile(code, "schema.py", "exec")


async def test_save_a_query_then_run_it_from_the_palette_and_the_repl(
    app: ExplorerApp, books: tuple[str, list[Book]], session: ExplorerSession
) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        await run_query(app, pilot, kind="bm25", text="harbour", properties="title")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveQueryScreen), "the name prompt")
        await pilot.press(*"bad name")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveQueryScreen)  # refused, still asking
        assert any("Invalid name" in n for n in notifications(app))
        app.screen.query_one(Input).value = "harbour-titles"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "harbour-titles" in SavedQueries().all(), "the saved query")
        assert SavedQueries().get("harbour-titles") == SearchRequest(
            name, "bm25", text="harbour", query_properties=("title",)
        )

        pane = await loaded_pane(pilot, QueryPane)
        pane.query_one("#query-text", Input).value = ""
        pane.query_one("#query-table", DataTable).clear()
        await pilot.press("ctrl+p")
        await pilot.press(*"Run saved query harbour")

        def palette_found_it() -> bool:
            hits = app.screen.query(CommandList)
            return bool(hits) and hits.first().option_count > 0

        await wait_until(pilot, palette_found_it, "the palette's hit")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: len(QueryHistory().read()) == 2,
            f"the saved query ran {notifications(app)}",
        )
        await wait_until(
            pilot, lambda: pane.query_one("#query-text", Input).value == "harbour", "form"
        )
        assert set(column(pane.query_one("#query-table", DataTable), "p:title")) == HARBOUR_TITLES

    repl = ReplHarness(session)
    try:
        titles = {o["properties"]["title"] for o in await repl.json("run harbour-titles")}
    finally:
        await repl.context.schema.close()
    assert titles == HARBOUR_TITLES
