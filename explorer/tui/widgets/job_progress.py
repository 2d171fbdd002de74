"""A progress line that is drawn, and moves, only while a job runs.

Why not Textual's ``ProgressBar``: it is three widgets whose idle state still draws (a full bar
and "100%" at total 0, or, at ``total=None``, a pulse that redraws 15 times a second whether
shown or not: the Lab's three bars cost the idle app about 900 timer ticks in 20 s), and
showing or hiding it (``display``) lays out the whole screen, at the start and the end of every
job, under the load of the job's threads: the slowest screen updates of the ``loop_lag_lab``
benchmark (12–18 ms). This is one widget of one line that keeps its line: idle it draws nothing;
running, a bar and its percentage, or a moving pulse while the total is not known yet. Each
change is a repaint of that line, never a layout.
"""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

#: Redraws a second of the pulse shown while the total is not known.
PULSE_RATE = 15
PULSE_WIDTH = 8


class JobProgress(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "job-progress--done",
        "job-progress--todo",
        "job-progress--percent",
    }
    DEFAULT_CSS = """
    JobProgress {
        height: 1;
        & > .job-progress--done { color: $primary; }
        & > .job-progress--todo { color: $foreground 20%; }
        & > .job-progress--percent { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.running = False
        #: Steps in the job (None: not known yet), and steps done.
        self.total: float | None = None
        self.progress: float = 0.0

    def start(self, total: float | None) -> None:
        """Show the line at 0 of ``total`` (``None``: not known yet, the line pulses)."""
        self.running = True
        self.total, self.progress = total, 0.0
        self._pulse_while_unknown()
        self.refresh()

    def update(self, *, total: float | None = None, progress: float | None = None) -> None:
        """A new total (when known) or a new count of steps done."""
        if total is not None:
            self.total = total
            self._pulse_while_unknown()
        if progress is not None:
            self.progress = progress
        self.refresh()

    def stop(self) -> None:
        """Draw nothing again, and stand still."""
        self.running = False
        self.auto_refresh = None
        self.refresh()

    @property
    def percentage(self) -> float | None:
        """Done, from 0 to 1, or None while the total is not known (or nothing runs)."""
        if not self.running or not self.total:
            return None
        return max(0.0, min(self.progress / self.total, 1.0))

    def _pulse_while_unknown(self) -> None:
        self.auto_refresh = 1 / PULSE_RATE if self.running and not self.total else None

    def render(self) -> Text:
        if not self.running:
            return Text("")
        done = self.get_component_rich_style("job-progress--done", partial=True)
        todo = self.get_component_rich_style("job-progress--todo", partial=True)
        percent = self.get_component_rich_style("job-progress--percent", partial=True)
        width = max(self.size.width - 5, 1)
        line = Text(no_wrap=True, overflow="crop", end="")
        fraction = self.percentage
        if fraction is None:
            span = 2 * width
            at = int(time.monotonic() * PULSE_RATE) % span
            start = at if at < width else span - at
            start = min(start, max(width - PULSE_WIDTH, 0))
            shown = min(PULSE_WIDTH, width)
            line.append("━" * start, todo)
            line.append("━" * shown, done)
            line.append("━" * (width - start - shown), todo)
            line.append("   --%", percent)
            return line
        filled = round(width * fraction)
        line.append("━" * filled, done)
        line.append("━" * (width - filled), todo)
        line.append(f" {fraction * 100:3.0f}%", percent)
        return line
