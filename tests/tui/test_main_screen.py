"""The main screen paints a typed key's change of the focused widget at once, not at the tick."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import Input

from explorer.tui.app import ExplorerApp
from explorer.tui.main_screen import MainScreen
from explorer.tui.panes.objects_pane import ObjectsPane
from tests.tui.helpers import loaded_pane, wait_until


async def test_a_typed_key_is_painted_without_waiting_for_the_screens_timer(
    app: ExplorerApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        await loaded_pane(pilot, ObjectsPane)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        where = screen.query_one("#objects-where", Input)
        where.focus()
        await pilot.pause()
        # The screen's 60 Hz timer never ticks from here: only the key's own paint can draw.
        timer = screen._update_timer
        timer.pause()
        timer.resume = lambda: None  # type: ignore[method-assign]
        painted: list[object] = []
        paint = screen._compositor_refresh

        def counted() -> None:
            painted.append(screen.focused)
            paint()

        screen._compositor_refresh = counted  # type: ignore[method-assign]
        # As a terminal sends it, and waited for without Pilot's pause (which paints itself).
        app.post_message(events.Key("a", "a"))
        for _ in range(500):
            if painted:
                break
            await asyncio.sleep(0.01)
        assert painted, "the key's change was not painted while the timer was still"
        assert where.value == "a"
        assert painted[0] is where
        assert where not in screen._dirty_widgets
