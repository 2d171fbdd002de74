"""Pilot tests of the import and export screens against the real server."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.screens.export_screen import ExportScreen
from explorer.tui.screens.import_screen import ImportScreen
from explorer.tui.widgets.transfer_progress import TransferProgress
from tests.integration.books import Book
from tests.integration.test_transfer import create_plain, write_jsonl
from tests.tui.helpers import (
    loaded_pane,
    notifications,
    static_text,
    wait_for_collection,
    wait_until,
)
from tests.tui.test_flows import running_on_books


async def while_running(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Let the app run, without waiting for its workers to finish, until ``condition``."""
    for _ in range(20_000):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"timed out waiting for {what}")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def test_import_screen_shows_progress_and_a_reconciled_summary(
    app: ExplorerApp, session: ExplorerSession, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    name, _data = books
    path = write_jsonl(
        tmp_path / "more.jsonl",
        [{"title": f"Imported {i}", "year": 2000 + i % 20} for i in range(300)]
        + [{"title": "Wrong", "year": "soon"}],
    )
    async with running_on_books(app, name) as pilot:
        assert app.active_bindings["I"].binding.description == "Import file"
        assert app.active_bindings["x"].binding.description == "Export"
        await pilot.press("I")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen), "the import screen")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(path)
        screen.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.report is not None, "the import to finish")
        summary = static_text(app, "#import-summary")
        assert "read 301 rows: 300 imported + 1 failed (reconciled)" in summary
        assert "more.jsonl.failed.jsonl" in summary
        status = screen.query_one(TransferProgress).status
        assert "301 of 301 rows" in status and "rows/s" in status
        assert await session.count(name) == 312
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ImportScreen), "closed")
        await wait_until(
            pilot, lambda: "objects 1–5" in static_text(app, "#objects-info"), "objects reloaded"
        )


async def test_escape_cancels_a_running_import_and_says_what_was_done(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    cleanup_collections.append(collection_name)
    await create_plain(session, collection_name)
    total = 6000
    path = write_jsonl(
        tmp_path / "big.jsonl",
        [{"n": i, "label": f"row {i}", "vector": [1, i, -i]} for i in range(total)],
    )
    app = ExplorerApp(LaunchPlan(server_options), page_size=5)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: collection_name in static_text(app, "#objects-info"),
            "the empty collection open",
        )
        await pilot.press("I")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen), "the import screen")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(path)
        screen.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        progress = screen.query_one(TransferProgress)
        await while_running(
            pilot,
            lambda: any(f"{n:,} of" in progress.status for n in range(1000, total, 200)),
            "1,000 rows read",
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen.report is not None, "the cancelled report")
        report = screen.report
        assert report is not None and report.cancelled and report.reconciled
        assert report.read < total
        assert "cancelled" in static_text(app, "#import-summary")
        assert f"{report.imported:,} imported" in static_text(app, "#import-summary")
        assert await session.count(collection_name) == report.imported
        assert isinstance(app.screen, ImportScreen)  # the first Esc cancels, it does not close


async def test_import_is_refused_up_front_on_a_read_only_connection(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    name, _data = books
    app = ExplorerApp(LaunchPlan(dataclasses.replace(server_options, read_only=True)))
    async with running_on_books(app, name) as pilot:
        await pilot.press("I")
        await wait_until(pilot, lambda: bool(notifications(app)), "a notification")
        assert any("Read-only connection" in n for n in notifications(app))
        assert not isinstance(app.screen, ImportScreen)


async def test_export_screen_with_the_objects_filter_and_vectors(
    app: ExplorerApp, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    name, data = books
    path = tmp_path / "recent.jsonl"
    async with running_on_books(app, name) as pilot:
        await pilot.press("f")
        app.screen.query_one("#objects-where", Input).value = "year >= 1998"
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "filtered" in static_text(app, "#objects-info"), "the filter applied"
        )
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export screen")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.query_one("#export-where", Input).value == "year >= 1998"
        screen.query_one("#export-vectors", Checkbox).value = True
        screen.query_one("#export-path", Input).value = str(path)
        screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.report is not None, "the export to finish")
        expected = {b.uuid for b in data if b.properties["year"] >= 1998}
        rows = read_jsonl(path)
        assert {r["uuid"] for r in rows} == expected
        assert all("custom" in r["vectors"] for r in rows)
        assert f"Exported {len(expected)} matching objects" in static_text(app, "#export-summary")
        assert (
            f"{len(expected)} of {len(expected)} objects"
            in screen.query_one(TransferProgress).status
        )


async def test_export_the_current_query_results_in_their_order(
    app: ExplorerApp, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    name, _data = books
    path = tmp_path / "results.json"
    async with running_on_books(app, name) as pilot:
        await pilot.press("3")  # the form's first field, Kind
        query_text = app.screen.query_one("#query-text", Input)
        query_text.focus()
        query_text.value = "harbour"
        await pilot.press("enter")
        pane = await loaded_pane(pilot, QueryPane)
        await wait_until(pilot, lambda: pane.result is not None, "the results")
        assert pane.result is not None and pane.result.objects
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export screen")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-path", Input).value = str(path)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.report is not None, "the export to finish")
        exported = json.loads(path.read_text(encoding="utf-8"))["objects"]
        assert [o["uuid"] for o in exported] == [r.uuid for r in pane.result.objects]
        assert "selected objects" in static_text(app, "#export-summary")


async def test_the_palette_reaches_export(app: ExplorerApp, books: tuple[str, list[Book]]) -> None:
    from textual.command import CommandList, CommandPalette

    name, _data = books
    async with running_on_books(app, name) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"export objects")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, CommandPalette)
                and app.screen.query_one(CommandList).option_count > 0
            ),
            "the palette's hits",
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export screen")


async def test_import_screen_creates_a_new_collection_inferred_from_a_csv(
    app: ExplorerApp,
    session: ExplorerSession,
    books: tuple[str, list[Book]],
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    """Issue 15 item 23: with no collection open, the import screen creates one for the file:
    it shows the inferred properties and creates nothing until the name is typed."""
    name, _data = books
    new = f"{name}Shelf"
    path = tmp_path / "shelf.csv"
    path.write_text(
        'title,year,rating,in_print,tags\nDune,1965,4.5,true,"[""sf""]"\nEmma,1815,4,false,"[]"\n',
        encoding="utf-8",
    )
    cleanup_collections.append(new)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, name)  # connected; no collection open
        await pilot.press("I")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen), "the import screen")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(path)
        screen.query_one("#import-new-collection", Input).value = new
        screen.query_one("#import-new-collection", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "the question")
        details = static_text(app, "#confirm-details")
        for line in ("title: text", "year: int", "rating: number", "in_print: boolean"):
            assert line in details, details
        assert "tags: text[]" in details and "inferred" in details
        assert not await session.client.collections.exists(new)

        await pilot.press(*new, "enter")
        await wait_until(pilot, lambda: screen.report is not None, "the import to finish")
        assert f"Created {new}" in static_text(app, "#import-summary")
    config = await session.collection_config(new, refresh=True)
    assert {p.name: p.data_type for p in config.properties} == {
        "title": "text",
        "year": "int",
        "rating": "number",
        "in_print": "boolean",
        "tags": "text[]",
    }
    assert await session.count(new) == 2
