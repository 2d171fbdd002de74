"""Typing into an input lays nothing out: the input's scrollable size changes in place."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.widgets.text_input import TextInput
from tests.tui.helpers import count_layouts, loaded_pane, made_in_the_app, wait_until


async def test_typing_into_the_filter_bar_lays_out_nothing(app: ExplorerApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        await loaded_pane(pilot, ObjectsPane)
        where = app.screen.query_one("#objects-where", Input)
        where.focus()
        await pilot.press("x")  # the first key may show or hide the input's scrollbars
        await pilot.pause()
        layouts = count_layouts(app.screen)
        await pilot.press(*"name = 'lighthouse keeper'")
        await pilot.pause()
        assert where.value == "xname = 'lighthouse keeper'"
        assert layouts == []
        # The cursor still scrolls the text when it is wider than the input.
        await pilot.press(*("w" * 200))
        await pilot.pause()
        assert where.scroll_x > 0
        assert where.virtual_size.width == len(where.value) + 1


class _Inputs(App[None]):
    def compose(self) -> ComposeResult:
        with Vertical():
            yield TextInput(id="fixed")
            yield TextInput(id="auto")
            yield Static("below")

    def on_mount(self) -> None:
        self.query_one("#auto", Input).styles.width = "auto"


async def test_an_input_whose_width_follows_its_text_still_grows() -> None:
    app = _Inputs()
    async with app.run_test(size=(80, 12)) as pilot:
        auto = app.query_one("#auto", Input)
        auto.focus()
        await pilot.pause()
        before = auto.size.width
        await pilot.press(*"a longer text than before")
        await pilot.pause()
        assert auto.size.width > before


def test_every_input_the_app_makes_is_a_text_input() -> None:
    assert made_in_the_app("Input") == []
