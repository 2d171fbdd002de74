"""A progress bar that is seen, and moves, only while a job runs.

Textual's indeterminate bar (``total=None``) redraws 15 times a second, hidden or not: the three
Lab views' bars alone cost the idle app about 900 timer ticks in 20 s. This one stands still
(total 0) until :meth:`JobProgress.start`, and again after :meth:`JobProgress.stop`.

It keeps its line while idle, drawn fully transparent (``opacity``, a repaint), rather than
leaving the layout (``display``): showing or hiding it then lays nothing out, and the view does
not jump. A layout of a Lab view at the start and the end of a job, under the load of the job's
threads, was the slowest screen update of the ``loop_lag_lab`` benchmark (12–18 ms).
"""

from __future__ import annotations

from textual.widgets import ProgressBar


class JobProgress(ProgressBar):
    DEFAULT_CSS = """
    JobProgress { opacity: 0; }
    JobProgress.running { opacity: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(total=0, show_eta=False, id=id)

    def start(self, total: float | None) -> None:
        """Show the bar at 0 of ``total`` (``None``: not known yet, the bar pulses)."""
        self.add_class("running")
        self.update(total=total, progress=0)

    def stop(self) -> None:
        """Hide the bar and stop it."""
        self.remove_class("running")
        self.update(total=0, progress=0)
