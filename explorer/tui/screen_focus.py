"""A screen's focus, moved without a repaint of the whole screen.

Textual's ``Screen.focused`` is a reactive that repaints the screen when it changes, though the
widgets whose look depends on the focus (the one focused, the one blurred, their ancestors'
``:focus-within``) are restyled and repainted on their own (``Screen._update_focus_styles``). On
the vector map's screen, the focus moving to the plot when a map is drawn repainted every widget
of the screen, under the load of the map's and the recall's threads: 12–17 ms, the slowest update
of the ``loop_lag_lab`` benchmark after the footer's. The app's screens declare it with this.
"""

from __future__ import annotations

from textual.reactive import Reactive
from textual.widget import Widget


def focus_without_repaint() -> Reactive[Widget | None]:
    """``Screen.focused`` as Textual declares it, but with no repaint of the screen."""
    return Reactive(None, repaint=False)
