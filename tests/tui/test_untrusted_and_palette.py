"""Server text is shown literally; the palette opens collections; first paint needs no client."""

from __future__ import annotations

import subprocess
import sys

from rich.text import Text
from textual.widgets import DataTable, Input

from explorer.core.base.formatting import safe_text
from explorer.core.client.session import ExplorerSession
from explorer.tui.app import ExplorerApp
from tests.integration.books import Book
from tests.tui.helpers import (
    notifications,
    static_text,
    wait_for_collection,
    wait_until,
)

HOSTILE = (
    "\x1b[31mRED\x1b[0m [bold]markup[/bold] [link=http://evil.example]click[/link] "
    "\x1b]52;c;ZXZpbA==\x07 \x1b]8;;http://evil.example\x1b\\x\x1b]8;;\x1b\\ \u202eevil"
)


async def test_escapes_and_markup_are_shown_literally(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from weaviate.classes.config import DataType, Property

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name,
        description="[red]desc[/red] \x1b[2J",
        properties=[
            Property(name="body", data_type=DataType.TEXT, description="[b]prop[/b]\x1b[5m")
        ],
    )
    await session.client.collections.use(collection_name).data.insert({"body": HOSTILE})

    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        await pilot.press("enter")
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count == 1, "the object")
        cell = objects.get_row_at(0)[1]
        assert isinstance(cell, Text)
        assert cell.plain == safe_text(HOSTILE, 40)
        assert not cell.spans  # no markup was interpreted
        assert "\x1b" not in cell.plain and "\x07" not in cell.plain

        await pilot.press("l", "v")
        await wait_until(
            pilot, lambda: app.screen.query("#value-text").first() is not None, "the value"
        )
        full = static_text(app, "#value-text")
        assert "[bold]markup[/bold]" in full and "[link=http://evil.example]" in full
        assert "\\x1b]52;c;ZXZpbA==\\x07" in full
        assert "\x1b" not in full and "\u202e" not in full
        await pilot.press("escape")

        await pilot.press("4")
        summary = static_text(app, "#schema-summary")
        assert "[red]desc[/red] \\x1b[2J" in summary
        props = app.screen.query_one("#schema-properties", DataTable)
        assert str(props.get_row_at(0)[3]) == "[b]prop[/b]\\x1b[5m"

        # Nothing on screen carries an escape character.
        screenshot = app.export_screenshot()
        assert "[red]desc[/red]" in screenshot
        assert "\x1b" not in screenshot and "\x07" not in screenshot


async def test_palette_opens_a_collection(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    await session.client.collections.create(collection_name)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        await pilot.press("ctrl+p")
        await pilot.press(*collection_name)
        await wait_until(
            pilot, lambda: collection_name in top_palette_hit(app), "the palette's top hit"
        )
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                app.opened is not None and app.opened.session.current_collection == collection_name
            ),
            "the palette to open the collection",
        )


def top_palette_hit(app: ExplorerApp) -> str:
    """The first command the open palette offers ("" while it gathers or is closed)."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return ""
    hits = app.screen.query_one(CommandList)
    return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""


async def test_palette_finds_the_query_command_by_its_description(app: ExplorerApp) -> None:
    """Issue 15 item 9: `bm25` is in no title, but the query command's description says it."""
    from textual.command import CommandList, CommandPalette
    from textual.widgets import TabbedContent

    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("ctrl+p", *"bm25")

        def hits() -> list[str]:
            if not isinstance(app.screen, CommandPalette):
                return []
            found = app.screen.query_one(CommandList)
            return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]

        await wait_until(pilot, lambda: any("Query (3)" in hit for hit in hits()), "a hit")
        assert not any("No matches" in hit for hit in hits())
        await pilot.press("enter")
        tabs = app.main_screen.query_one(TabbedContent)
        await wait_until(pilot, lambda: tabs.active == "tab-query", "the query pane")


def test_the_app_module_does_not_import_the_client() -> None:
    """First paint must not wait for weaviate-client's import (about a second)."""
    code = "import sys, explorer.tui.app; print(sorted(m for m in ('weaviate', 'grpc') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


async def test_error_messages_quoting_input_are_inert(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, name)
        app.open_collection(name)
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count > 0, "objects")
        objects.focus()
        await pilot.press("f")
        where = app.screen.query_one("#objects-where", Input)
        where.value = 'year > "\x1b]52;c;ZXZpbA==\x07[bold]x[/bold]"'
        where.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(notifications(app)), "the error")
        shown = " ".join(notifications(app))
        assert "\x1b" not in shown and "\x07" not in shown
        assert "'year' is int" in shown
        assert '"\\x1b]52;c;ZXZpbA==\\x07[bold]x[/bold]"' in shown  # escaped, markup literal
