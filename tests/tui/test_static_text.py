"""show_text: a Static's new text lays the screen out only when it needs another size."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from explorer.tui.widgets.static_text import show_text
from tests.tui.helpers import count_layouts


class _Statuses(App[None]):
    CSS = """
    #fixed { width: 30; height: auto; }
    #auto { width: auto; height: 1; }
    #box { width: 30; height: 4; }
    """

    def compose(self) -> ComposeResult:
        yield Static("one line", id="fixed")
        yield Static("short", id="auto")
        yield Static("below", id="below")
        yield Static("", id="box")


async def test_text_of_the_same_height_lays_nothing_out_and_other_text_does() -> None:
    app = _Statuses()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        layouts = count_layouts(app.screen)
        fixed = app.query_one("#fixed", Static)
        below = app.query_one("#below", Static)

        show_text(fixed, "another, [b]not markup[/b]")
        await pilot.pause()
        assert layouts == []
        assert str(fixed.render()) == "another, [b]not markup[/b]"

        show_text(fixed, "two\nlines")  # taller: laid out, and what is below moves down
        await pilot.pause()
        assert layouts
        assert fixed.size.height == 2 and below.region.y == fixed.region.bottom + 1

        layouts.clear()
        show_text(fixed, "x" * 40)  # wider than the widget: it wraps, so laid out
        await pilot.pause()
        assert layouts

        layouts.clear()
        show_text(app.query_one("#box", Static), "a fixed height\nholds\nthree lines")
        await pilot.pause()
        assert layouts == []  # fewer lines than its height: nothing moves

        show_text(app.query_one("#auto", Static), "much longer text")  # width follows text
        await pilot.pause()
        assert layouts and app.query_one("#auto", Static).size.width == len("much longer text")
