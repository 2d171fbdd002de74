"""The boxes that are wider than 80 columns fit an 80-column terminal (the usual SSH window):
each is as wide as the terminal there, not cut off at its right edge."""

from __future__ import annotations

from textual.widget import Widget

from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.export_screen import ExportScreen
from explorer.tui.screens.filter_builder import FilterBuilderScreen
from explorer.tui.screens.help_screen import HelpScreen
from tests.integration.books import Book
from tests.tui.helpers import loaded_pane, wait_until
from tests.tui.test_flows import open_books

SIZE = (80, 24)


def fits(box: Widget, width: int) -> bool:
    """Whether the box, its border included, is within the screen's columns."""
    region = box.region
    return region.x >= 0 and region.right <= width


async def test_the_help_fits_an_80_column_terminal(app: ExplorerApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        box = app.screen.query_one("HelpScreen > VerticalScroll")
        await wait_until(pilot, lambda: box.region.width > 0, "the help laid out")
        assert fits(box, SIZE[0]), box.region


async def test_the_filter_builder_and_the_export_fit_an_80_column_terminal(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with app.run_test(size=SIZE) as pilot:
        await open_books(app, pilot, name)
        (await loaded_pane(pilot, ObjectsPane)).table.focus()
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterBuilderScreen), "builder")
        box = app.screen.query_one("FilterBuilderScreen > Vertical")
        await wait_until(pilot, lambda: box.region.width > 0, "the builder laid out")
        assert fits(box, SIZE[0]), box.region
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, FilterBuilderScreen), "closed")
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export")
        box = app.screen.query_one("ExportScreen > Vertical")
        await wait_until(pilot, lambda: box.region.width > 0, "the export laid out")
        assert fits(box, SIZE[0]), box.region
