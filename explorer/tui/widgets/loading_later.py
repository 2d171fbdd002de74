"""A loading indicator that shows only when a wait is long enough to notice.

Textual's ``Widget.loading`` mounts a ``LoadingIndicator`` over the widget at once and removes it
when the wait ends. For a call that answers in 10 ms (most queries on a local server) that is a
flash nobody can read and two layouts of the whole screen, one to mount the indicator and one
to remove it. ``loading_later`` sets ``loading`` only once the wait has lasted ``SHOW_AFTER``
seconds, and always clears what it set when the wait ends: answered, failed or cancelled.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.widget import Widget

#: Seconds a wait lasts before its widget shows the loading indicator.
SHOW_AFTER = 0.3


@contextmanager
def loading_later(widget: Widget, after: float = SHOW_AFTER) -> Iterator[None]:
    """``widget.loading`` while the block waits, from ``after`` (> 0) seconds in."""

    def show() -> None:
        widget.loading = True

    timer = widget.set_timer(after, show, name="loading-later")
    try:
        yield
    finally:
        timer.stop()
        if widget.loading:
            widget.loading = False
