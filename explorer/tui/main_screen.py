"""The app's main screen: what a key changes in the focused widget is painted at once.

Textual paints a screen on a timer of 60 ticks a second: a change waits for the next tick. While
pages load, frames come one after another, so a typed character waited for the next tick (8 ms
at the median) on top of the frame that shows it. Here the first change of the focused widget
after a key, mouse event or paste is painted as soon as the screen knows of it, on its own (the
rows of a page that came meanwhile wait for the tick); later changes wait for the tick as
before.
"""

from __future__ import annotations

import time

from textual import events
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from explorer.tui.frame_priority import FramesKeepTheGil
from explorer.tui.screen_focus import focus_without_repaint


class MainScreen(FramesKeepTheGil, Screen[object]):
    focused: Reactive[Widget | None] = focus_without_repaint()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: When the input that was last painted at once came (``time.monotonic``).
        self._painted_input = time.monotonic()

    async def _on_idle(self, event: events.Idle) -> None:
        last_input: float = getattr(self.app, "last_input", 0.0)
        focused = self.focused
        if (
            last_input > self._painted_input
            and focused is not None
            and focused in self._dirty_widgets
            and self.is_current
            and not self.app._batch_count
        ):
            self._painted_input = last_input
            if (
                self._layout_required
                or self._scroll_required
                or self._repaint_required
                or self._recompose_required
            ):
                # What the timer's tick would do: lay out, then paint everything dirty.
                self._on_timer_update()
            else:
                # Only the focused widget now; the rest (a page's rows, say) at the tick.
                others = self._dirty_widgets - {focused}
                self._dirty_widgets.intersection_update({focused})
                self._compositor.update_widgets({focused})
                self._compositor_refresh()
                self._dirty_widgets.update(others)
        await super()._on_idle(event)
