"""A table's scrollbars draw each look once, and every look is what Textual's scrollbar draws."""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widgets import DataTable

from explorer.tui.widgets.cached_scrollbar import CachedScrollBar
from explorer.tui.widgets.explorer_table import ExplorerTable


class TwoTables(App[None]):
    CSS = "DataTable { height: 1fr; }"
    AUTO_FOCUS = None  # a focused table has other scrollbar colours

    def compose(self) -> ComposeResult:
        yield DataTable(id="stock")
        yield ExplorerTable(id="ours")

    def fill(self, rows: int) -> None:
        for table in self.query(DataTable):
            table.clear(columns=True)
            table.add_columns("n", "text")
            table.add_rows([(n, "x" * (n % 150)) for n in range(rows)])


def drawn(bar: ScrollBar) -> list[Strip]:
    return bar.render_lines(Region(0, 0, bar.size.width, bar.size.height))


def bars(app: TwoTables, vertical: bool = True) -> tuple[ScrollBar, ScrollBar]:
    stock, ours = app.query_one("#stock", DataTable), app.query_one("#ours", ExplorerTable)
    if vertical:
        return stock.vertical_scrollbar, ours.vertical_scrollbar
    return stock.horizontal_scrollbar, ours.horizontal_scrollbar


async def test_each_look_is_textuals_and_is_drawn_once(monkeypatch: Any) -> None:
    renders: list[ScrollBarRender] = []
    original = ScrollBarRender.__rich_console__

    def counted(self: ScrollBarRender, console: Console, options: ConsoleOptions) -> RenderResult:
        renders.append(self)
        return original(self, console, options)

    monkeypatch.setattr(ScrollBarRender, "__rich_console__", counted)
    app = TwoTables()
    async with app.run_test(size=(60, 30)) as pilot:
        app.fill(500)
        await pilot.pause()
        stock, ours = bars(app)
        assert isinstance(ours, CachedScrollBar) and not isinstance(stock, CachedScrollBar)
        assert ours.display and ours.size.height > 5
        for vertical in (True, False):
            theirs, mine = bars(app, vertical)
            assert drawn(mine) == drawn(theirs)  # the first look: as Textual draws it

        looks = []
        for table in app.query(DataTable):
            table.scroll_to(y=200, animate=False)
        await pilot.pause()
        assert drawn(ours) == drawn(stock)  # a new position: a new look, Textual's
        looks.append(drawn(ours))
        app.fill(100)  # the next page: fewer rows, the bar's thumb grows
        await pilot.pause()
        assert drawn(ours) == drawn(stock)
        looks.append(drawn(ours))
        assert looks[0] != looks[1]

        app.fill(500)  # paging back to a look drawn before draws nothing anew
        await pilot.pause()
        for table in app.query(DataTable):
            table.scroll_to(y=200, animate=False)
        await pilot.pause()
        before = len([r for r in renders if r.vertical])
        assert drawn(ours) == looks[0]
        assert len([r for r in renders if r.vertical]) == before

        ours.mouse_over = stock.mouse_over = True  # the hover colours: another look
        await pilot.pause()
        hovered = drawn(ours)
        assert hovered == drawn(stock) and hovered != looks[0]
        assert len([r for r in renders if r.vertical]) > before


async def test_a_theme_change_is_a_new_look() -> None:
    app = TwoTables()
    async with app.run_test(size=(60, 30)) as pilot:
        app.fill(500)
        await pilot.pause()
        stock, ours = bars(app)
        dark = drawn(ours)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert drawn(ours) == drawn(stock) != dark
