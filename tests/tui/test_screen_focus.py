"""Moving the focus repaints the widgets it restyles, never the whole screen."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Button

from explorer.tui.app import ExplorerApp
from explorer.tui.panes.collections_pane import CollectionsTable
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screen_stack import ClosesOnlyItself, ModalClosesOnlyItself
from explorer.tui.widgets.explorer_table import ExplorerTable
from tests.tui.helpers import loaded_pane, wait_until, wait_until_still


def _whole_repaints(screen: Screen[Any]) -> list[int]:
    """A list that grows by one whenever the whole screen is asked to repaint."""
    repaints: list[int] = []
    original = screen.refresh

    def counted(*regions: object, **options: object) -> Screen[Any]:
        if not regions:
            repaints.append(1)
        return original(*regions, **options)  # type: ignore[arg-type]

    screen.refresh = counted  # type: ignore[method-assign]
    return repaints


async def test_the_main_screen_moves_its_focus_without_a_whole_repaint(app: ExplorerApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        objects = await loaded_pane(pilot, ObjectsPane)
        table = objects.query_one(ExplorerTable)
        table.focus()
        await wait_until_still(pilot)
        repaints = _whole_repaints(app.screen)
        app.screen.query_one(CollectionsTable).focus()
        await wait_until_still(pilot)
        assert app.focused is app.screen.query_one(CollectionsTable)
        assert table.has_focus is False
        assert repaints == []


class _Buttons(ClosesOnlyItself[None]):
    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")


class _ModalButtons(ModalClosesOnlyItself[None]):
    def compose(self) -> ComposeResult:
        yield Button("three", id="three")
        yield Button("four", id="four")


async def test_the_apps_other_screens_move_their_focus_without_a_whole_repaint() -> None:
    app: App[None] = App()
    async with app.run_test(size=(60, 12)) as pilot:
        for screen, second in ((_Buttons(), "#two"), (_ModalButtons(), "#four")):
            await app.push_screen(screen)
            await pilot.pause()
            repaints = _whole_repaints(screen)
            screen.query_one(second, Button).focus()
            await pilot.pause()
            assert screen.focused is screen.query_one(second, Button)
            assert repaints == []
