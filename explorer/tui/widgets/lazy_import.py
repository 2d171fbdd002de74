"""A pane whose module is imported, and the pane mounted, only after the first frame.

Textual's ``Lazy`` mounts a widget after the first refresh, but the widget (so its module) must
exist when the screen is composed. The Lab pane's module brings numpy and plotext, about a fifth
of a second of imports on this machine, which the first frame need not wait for.
"""

from __future__ import annotations

from collections.abc import Callable

from textual._context import active_message_pump
from textual.widget import Widget


class LazyImport(Widget):
    DEFAULT_CSS = """
    LazyImport { display: none; }
    """

    def __init__(
        self, make: Callable[[], Widget], then: Callable[[Widget], None] | None = None
    ) -> None:
        """``make`` imports and builds the widget after the first refresh; ``then`` gets it
        once it is mounted in this placeholder's place."""
        super().__init__()
        self._make = make
        self._then = then

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        self.call_after_refresh(self._replace)

    async def _replace(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget) or not self.is_attached:
            return
        # As in the app's compose: ``data_bind`` binds to the running message pump's reactives.
        token = active_message_pump.set(self.app)
        try:
            widget = self._make()
        finally:
            active_message_pump.reset(token)
        await parent.mount(widget, after=self)
        await self.remove()
        if self._then is not None:
            self._then(widget)
