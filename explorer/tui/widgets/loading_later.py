"""A wait shows that it waits only once it is long enough to notice.

Textual's ``Widget.loading`` mounts a ``LoadingIndicator`` over the widget at once and removes it
when the wait ends. For a call that answers in 10 ms (most queries on a local server) that is a
flash nobody can read and two layouts of the whole screen, one to mount the indicator and one
to remove it. ``loading_later`` sets ``loading`` only once the wait has lasted ``SHOW_AFTER``
seconds, and always clears what it set when the wait ends: answered, failed or cancelled.
``shown_later`` is the same rule for a wait that says so in words (the objects pane's "loading
page 3…"), which what comes at the end replaces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from textual.timer import Timer
from textual.widget import Widget

#: Seconds a wait lasts before it shows that it waits.
SHOW_AFTER = 0.3


@contextmanager
def shown_later(
    widget: Widget, show: Callable[[], object], after: float | None = None
) -> Iterator[Timer]:
    """Call ``show`` if the block still waits ``after`` (> 0, default :data:`SHOW_AFTER`)
    seconds in. Gives the timer: stop it when what is waited for shows before the block ends."""
    timer = widget.set_timer(SHOW_AFTER if after is None else after, show, name="shown-later")
    try:
        yield timer
    finally:
        timer.stop()


@contextmanager
def loading_later(widget: Widget, after: float | None = None) -> Iterator[None]:
    """``widget.loading`` while the block waits, from ``after`` seconds in."""

    def show() -> None:
        widget.loading = True

    with shown_later(widget, show, after):
        try:
            yield
        finally:
            if widget.loading:
                widget.loading = False
