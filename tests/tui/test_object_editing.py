"""Pilot tests of changing objects in the TUI: editor, deletes and the filter builder."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TextArea

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.screens.filter_builder import ConditionRow, FilterBuilderScreen
from explorer.tui.screens.object_editor import ObjectEditorScreen
from tests.integration.books import Book
from tests.tui.helpers import loaded_pane, notifications, static_text, wait_until
from tests.tui.test_flows import running_on_books


async def open_editor(app: ExplorerApp, pilot: Pilot[Any], key: str) -> ObjectEditorScreen:
    app.screen.query_one("#objects-table", DataTable).focus()
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, ObjectEditorScreen), "the editor")
    editor = app.screen
    assert isinstance(editor, ObjectEditorScreen)
    await wait_until(pilot, lambda: editor.ready, "the editor's text")
    return editor


async def write(pilot: Pilot[Any], editor: ObjectEditorScreen, document: Any) -> None:
    """Replace the editor's text as an edit (so it is checked as typed)."""
    area = editor.query_one("#editor-text", TextArea)
    area.clear()
    area.insert(document if isinstance(document, str) else json.dumps(document, indent=2))
    await pilot.pause()


async def confirm_typed(app: ExplorerApp, pilot: Pilot[Any], text: str) -> ConfirmTypedScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "a confirmation")
    screen = app.screen
    assert isinstance(screen, ConfirmTypedScreen)
    field = screen.query_one("#confirm-input", Input)
    field.value = text
    field.focus()
    await pilot.press("enter")
    await pilot.pause()
    return screen


async def test_insert_with_a_validation_error_then_success(
    app: ExplorerApp, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    async with running_on_books(app, name) as pilot:
        editor = await open_editor(app, pilot, "i")
        template = json.loads(editor.query_one("#editor-text", TextArea).text)
        assert list(template["properties"]) == [
            "title",
            "summary",
            "year",
            "rating",
            "in_print",
            "genre",
            "published",
        ]
        assert "year: int" in static_text(app, "#editor-schema")
        assert "vectors: bigram (676-d), custom (3-d)" in static_text(app, "#editor-schema")

        await write(pilot, editor, '{"properties": {"title": "Dune",}}')
        assert "line 1, column 33" in static_text(app, "#editor-status")
        assert "trailing comma" in static_text(app, "#editor-status")

        bad = {"properties": {"title": "Dune", "year": "soon"}, "vectors": {"custom": [1, 2]}}
        await write(pilot, editor, bad)
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = static_text(app, "#editor-status")
        assert "properties.year: expected int" in status
        assert (
            "vectors.custom: expected 3 numbers (the dimension of vector custom), got 2" in status
        )
        assert any("nothing was sent" in n for n in notifications(app))
        assert app.screen is editor
        assert await session.count(name) == len(data)

        good = {"properties": {"title": "Dune", "year": 1965}, "vectors": {"custom": [1, 2, 3]}}
        await write(pilot, editor, good)
        assert static_text(app, "#editor-status") == "✓ valid · Ctrl+S inserts it"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is not editor, "the editor to close")
        inserted = [n for n in notifications(app) if ": Inserted " in n]
        assert inserted and inserted[0].endswith(f" into {name}")
        new_id = inserted[0].split("Inserted ")[1].split()[0]
        stored = await session.get_object(name, new_id)
        assert stored is not None and stored.properties["title"] == "Dune"
        assert stored.vectors["custom"] == (1.0, 2.0, 3.0)
        assert await session.count(name) == len(data) + 1
        counts = app.screen.query_one("#collections", DataTable)
        await wait_until(
            pilot,
            lambda: str(counts.get_cell(name, "count")) == str(len(data) + 1),
            "the new count in the collections list",
        )


async def test_edit_updates_changes_then_replaces(
    app: ExplorerApp, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    async with running_on_books(app, name) as pilot:
        first = (await loaded_pane(pilot, ObjectsPane)).records[0]
        book = next(b for b in data if b.uuid == first.uuid)
        editor = await open_editor(app, pilot, "e")
        shown = json.loads(editor.query_one("#editor-text", TextArea).text)
        assert shown["properties"]["title"] == book.properties["title"]
        assert shown["properties"]["published"] == book.properties["published"].isoformat().replace(
            "+00:00", "Z"
        )
        assert "✓ nothing changed yet" in static_text(app, "#editor-status")

        shown["properties"]["year"] = 2024
        await write(pilot, editor, shown)
        assert "Ctrl+S updates year ·" in static_text(app, "#editor-status")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is not editor, "the editor to close")
        stored = await session.get_object(name, book.uuid)
        assert stored is not None
        assert stored.properties["year"] == 2024
        assert stored.properties["title"] == book.properties["title"]  # untouched
        assert any(f"Updated {book.uuid} in {name}" in n for n in notifications(app))

        editor = await open_editor(app, pilot, "e")
        await write(pilot, editor, {"properties": {"title": "Only a title"}})
        status = static_text(app, "#editor-status")
        assert "Ctrl+S updates title · left out, so kept: summary, year, rating" in status
        await pilot.press("ctrl+r")
        assert "replace: sends the whole object" in static_text(app, "#editor-title")
        assert "replaces the whole object" in static_text(app, "#editor-status")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is not editor, "the editor to close")
        stored = await session.get_object(name, book.uuid)
        assert stored is not None and stored.properties["title"] == "Only a title"
        assert stored.properties["year"] is None and stored.properties["genre"] is None
        pane = await loaded_pane(pilot, ObjectsPane)
        await wait_until(
            pilot,
            lambda: bool(pane.records) and pane.records[0].properties["title"] == "Only a title",
            "the pane to show the replaced object",
        )

        editor = await open_editor(app, pilot, "e")
        await pilot.press("escape")  # the JSON editor has the focus; Esc still cancels
        await wait_until(pilot, lambda: app.screen is not editor, "the editor to close")


async def test_delete_one_after_typing_the_name(
    app: ExplorerApp, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    async with running_on_books(app, name) as pilot:
        pane = await loaded_pane(pilot, ObjectsPane)
        target = pane.records[0].uuid
        pane.table.focus()
        await pilot.press("d")
        screen = await confirm_typed(app, pilot, "not the name")
        assert target in static_text(app, "#confirm-what")
        assert "That is not" in static_text(app, "#confirm-mismatch")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not screen, "the confirmation to close")
        assert await session.get_object(name, target) is not None

        await pilot.press("d")
        await confirm_typed(app, pilot, name)
        await wait_until(pilot, lambda: target not in pane.row_uuids, "the object to go")
        assert await session.get_object(name, target) is None
        assert await session.count(name) == len(data) - 1
        assert any(f"Deleted {target} from {name}" in n for n in notifications(app))


async def test_delete_matching_the_filter_after_typing_the_name(
    app: ExplorerApp, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    drama = [b for b in data if b.properties["genre"] == "drama"]
    async with running_on_books(app, name) as pilot:
        pane = await loaded_pane(pilot, ObjectsPane)
        pane.table.focus()
        await pilot.press("D")
        await pilot.pause()
        assert any("Set a filter first" in n for n in notifications(app))

        await pilot.press("f")
        where = app.screen.query_one("#objects-where", Input)
        where.value = 'genre = "drama"'
        await pilot.press("enter")
        await wait_until(pilot, lambda: "filtered" in static_text(app, "#objects-info"), "filter")
        pane.table.focus()
        await pilot.press("D")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "the preview")
        what = static_text(app, "#confirm-what")
        assert what == f'Delete {len(drama)} objects of {name} matching genre = "drama"?'
        details = static_text(app, "#confirm-details").splitlines()
        assert {line.split()[0] for line in details} == {b.uuid for b in drama}
        assert await session.count(name) == len(data)  # the dry run deleted nothing

        await confirm_typed(app, pilot, name)
        await wait_until(pilot, lambda: pane.records == (), "the pane to empty")
        expected = f"Deleted {len(drama)} of {len(drama)} matching objects from {name}."
        assert any(expected in n for n in notifications(app)), notifications(app)
        assert await session.count(name) == len(data) - len(drama)


async def test_filter_builder_filters_the_pane(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    async with running_on_books(app, name) as pilot:
        pane = await loaded_pane(pilot, ObjectsPane)
        pane.table.focus()
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterBuilderScreen), "builder")
        builder = app.screen
        assert isinstance(builder, FilterBuilderScreen)
        first = builder.query_one(ConditionRow)
        first.query_one(".row-property", Select).value = "year"
        await pilot.pause()
        operators = [v for _label, v in first.query_one(".row-operator", Select)._options]
        assert "like" not in operators and ">=" in operators and "is_not_null" in operators
        first.query_one(".row-operator", Select).value = ">="
        first.query_one(".row-value", Input).value = "soon"
        await pilot.pause()
        assert "'year' is int: expected a whole number" in static_text(app, "#builder-error")
        await pilot.press("ctrl+s")
        assert app.screen is builder  # not applied while the parser refuses it

        first.query_one(".row-value", Input).value = "1998"
        await pilot.press("ctrl+n")
        await pilot.pause()
        second = list(builder.query(ConditionRow))[1]
        second.query_one(".row-property", Select).value = "genre"
        await pilot.pause()
        labels = [label for label, _v in second.query_one(".row-operator", Select)._options]
        assert "like" in labels and "is not null" in labels
        second.query_one(".row-operator", Select).value = "="
        second.query_one(".row-value", Input).value = "drama"
        await pilot.pause()
        expression = 'year >= 1998 and genre = "drama"'
        assert static_text(app, "#builder-preview") == f"where {expression}"
        assert static_text(app, "#builder-error") == ""
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is not builder, "the builder to close")
        assert app.screen.query_one("#objects-where", Input).value == expression
        expected = {
            b.uuid
            for b in data
            if b.properties["year"] >= 1998 and b.properties["genre"] == "drama"
        }
        await wait_until(pilot, lambda: set(pane.row_uuids) == expected, "the filtered objects")

        pane.table.focus()
        await pilot.press("F")  # reopened, it shows the current filter as rows
        await wait_until(pilot, lambda: isinstance(app.screen, FilterBuilderScreen), "builder")
        rows = list(app.screen.query(ConditionRow))
        assert [r.row() for r in rows] == [r.row() for r in rows] and len(rows) == 2
        await pilot.pause()
        assert [(r.property, r.operator, r.value) for r in map(ConditionRow.row, rows) if r] == [
            ("year", ">=", "1998"),
            ("genre", "=", "drama"),
        ]
        assert static_text(app, "#builder-preview") == f"where {expression}"
        await pilot.press("escape")


async def test_read_only_refuses_before_opening_anything(
    server_options: ConnectionOptions, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    app = ExplorerApp(LaunchPlan(replace(server_options, read_only=True)), page_size=5)
    async with running_on_books(app, name) as pilot:
        pane = await loaded_pane(pilot, ObjectsPane)
        for key in ("i", "e", "d", "D"):
            pane.table.focus()
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is app.main_screen, key
        refused = [n for n in notifications(app) if n.startswith("Read-only connection")]
        assert len(refused) == 4
        assert "refused to insert an object into" in refused[0]
        assert "reconnect without --read-only" in refused[0]
    assert await session.count(name) == len(data)
