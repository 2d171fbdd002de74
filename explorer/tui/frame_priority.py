"""A frame laid out and drawn in one go: no GIL hand-over and no garbage collection halfway.

The client's thread parses responses (a 500-object page, 50 hybrid answers) in long stretches of
Python while the UI's loop draws a frame. CPython lets a thread that waits for the GIL ask for it
after ``sys.getswitchinterval()`` (1 ms here, see ``ClientLoop``), so a frame of 10 ms of CPU was
cut into slices with the client's parse in between: 25–64 ms from its start to its end in the
``loop_lag`` benchmark, and every timer and key waited for all of it. While a screen lays out or
draws, the interval is raised to :data:`FRAME_SWITCH_INTERVAL`, so the other threads wait for the
frame's end (they wait at most one frame, which is what the UI promises anyway); the old interval
comes back as the frame ends. The cyclic collector waits for the frame's end too: a frame makes
thousands of short-lived objects (strips, segments, their caches), and young collections in the
middle of it (about four a frame, 64 ms of the 70 frames of one run, up to 3.9 ms each) walked and
promoted what the frame was still using; after the frame, reference counting has freed most of it.
Only the drawing does this: the UI's loop hands the GIL over as before while it waits, so the
client's thread parses whenever nothing is drawn.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Seconds a thread waiting for the GIL waits before it asks for it while a frame is drawn: more
#: than any frame takes, so it never asks; after the frame it asks as usual.
FRAME_SWITCH_INTERVAL = 0.05


class FramesKeepTheGil:
    """A ``Screen`` mixin (put it before ``Screen``): laying out and drawing keep the GIL."""

    def _refresh_layout(self, size: Any = None, scroll: bool = False) -> None:
        with _keeping_the_gil():
            super()._refresh_layout(size, scroll)  # type: ignore[misc]

    def _compositor_refresh(self) -> None:
        with _keeping_the_gil():
            super()._compositor_refresh()  # type: ignore[misc]


@contextmanager
def _keeping_the_gil() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(max(interval, FRAME_SWITCH_INTERVAL))
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        sys.setswitchinterval(interval)
