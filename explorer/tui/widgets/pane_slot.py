"""A tab's pane, imported and mounted when it is first needed.

Nothing the app shows before a pane is needed depends on the core: a pane's module (the query
pane's forms, the Lab's numpy and plotext) is imported when its tab is first shown, or when the
app first hands the pane work (a replayed query needs the query pane). Textual's ``Lazy`` mounts
after the first refresh, but the widget, so its module, must exist when the screen is composed;
and it mounts every hidden pane, which an app that is only browsing one collection never looks
at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual._context import active_message_pump
from textual.widget import Widget


class PaneSlot(Widget):
    DEFAULT_CSS = """
    PaneSlot { display: none; }
    """

    def __init__(
        self, make: Callable[[], Widget], then: Callable[[Any], object] | None = None
    ) -> None:
        """``make`` imports and builds the pane; ``then`` gets it first, once it is mounted in
        this placeholder's place (the app catches it up with what it missed)."""
        super().__init__()
        self._make = make
        self._waiting: list[Callable[[Any], object]] = [then] if then is not None else []
        self._loading = False
        #: The pane, once it is mounted.
        self.pane: Widget | None = None

    def load(self) -> None:
        """Import and mount the pane after the messages already queued (at most once)."""
        if self._loading or self.pane is not None:
            return
        self._loading = True
        self.call_later(self._replace)

    def when_loaded(self, callback: Callable[[Any], object]) -> None:
        """``callback(pane)`` now if the pane is mounted, else once it is (loading it)."""
        if self.pane is not None:
            callback(self.pane)
            return
        self._waiting.append(callback)
        self.load()

    async def _replace(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget) or not self.is_attached:
            return
        # As in the app's compose: ``data_bind`` binds to the running message pump's reactives.
        token = active_message_pump.set(self.app)
        try:
            pane = self._make()
        finally:
            active_message_pump.reset(token)
        await parent.mount(pane, after=self)
        self.pane = pane
        waiting, self._waiting = self._waiting, []
        try:
            for callback in waiting:
                callback(pane)
        finally:
            await self.remove()
