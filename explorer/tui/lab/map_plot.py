"""The vector map's scatter plot: points coloured by group, the last query's results marked,
and a cursor that arrow keys move to the nearest point in that direction.

The plot is built by plotext in a thread (a frame of 2,000 points takes tens of milliseconds),
and turned into lines of segments there too: as a Rich ``Text`` handed to ``render``, Textual
converted it on the UI's loop at every new frame (20-40 ms of CPU for 2,000 points, the worst
pauses of the loop-lag benchmark run in the lab). ``render_line`` only returns the lines built.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from rich.console import Console
from rich.style import Style as RichStyle
from rich.text import Text
from textual import work
from textual.binding import BindingType
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip
from textual.worker import Worker, WorkerState, get_current_worker
from textual_plotext import PlotextPlot

from explorer.core.base.formatting import safe_text
from explorer.core.lab.map_cursor import Direction, nearest_towards, scaled
from explorer.core.lab.vector_map import VectorMap
from explorer.tui import workers
from explorer.tui.bindings import LAB_MAP_PLOT_BINDINGS
from explorer.tui.errors import report_worker_state

#: plotext colours of the groups, in order; the cursor and the marks have their own.
GROUP_COLOURS = ("blue", "green", "orange", "magenta", "cyan", "red", "yellow", "gray")
LEGEND_WIDTH = 24


class MapPlot(PlotextPlot, can_focus=True):
    DEFAULT_CSS = """
    /* The same border width focused or not: a focus that changed the plot's size made a new
       layout and a second frame, in the burst of frames that ends a map's drawing. */
    MapPlot { height: 1fr; min-height: 10; border: tall $border-blurred; }
    MapPlot:focus { border: tall $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(LAB_MAP_PLOT_BINDINGS)

    @dataclass
    class PointHighlighted(Message):
        plot: MapPlot
        uuid: str

        @property
        def control(self) -> MapPlot:
            return self.plot

    @dataclass
    class PointChosen(Message):
        plot: MapPlot
        uuid: str

        @property
        def control(self) -> MapPlot:
            return self.plot

    #: The uuids the last query returned: drawn as marks on top.
    highlighted: var[frozenset[str]] = var(frozenset())

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.vector_map: VectorMap | None = None
        self.cursor = 0
        self._scaled = np.zeros((0, 2))
        #: The last frame built, as lines, and the size it was built for.
        self._lines: list[Strip] = []
        self._lines_size = Size(0, 0)
        #: Guards the latest wish and whether a builder thread runs (one at a time uses the plot).
        self._building = threading.Lock()
        self._wanted: (
            tuple[VectorMap | None, int, frozenset[str], int, int, str, RichStyle] | None
        ) = None
        self._builder_running = False

    def show_map(self, vector_map: VectorMap | None) -> None:
        self.vector_map = vector_map
        self.cursor = 0
        points = vector_map.points if vector_map else ()
        coordinates = np.array([(p.x, p.y) for p in points], dtype=np.float64).reshape(-1, 2)
        self._scaled = scaled(coordinates) if len(coordinates) else coordinates
        self.redraw()
        if vector_map is not None and vector_map.points:
            self.post_message(self.PointHighlighted(self, vector_map.points[0].uuid))

    def watch_highlighted(self) -> None:
        self.redraw()

    @property
    def current_uuid(self) -> str | None:
        if self.vector_map is None or not self.vector_map.points:
            return None
        return self.vector_map.points[self.cursor].uuid

    # -- keys ------------------------------------------------------------------------------------

    def action_move(self, direction: Direction) -> None:
        if self.vector_map is None or not self.vector_map.points:
            return
        self._go(nearest_towards(self._scaled, self.cursor, direction))

    def action_step(self, by: int) -> None:
        if self.vector_map is None or not self.vector_map.points:
            return
        self._go((self.cursor + by) % len(self.vector_map.points))

    def action_open_point(self) -> None:
        uuid = self.current_uuid
        if uuid is not None:
            self.post_message(self.PointChosen(self, uuid))

    def _go(self, index: int) -> None:
        if index == self.cursor or self.vector_map is None:
            return
        self.cursor = index
        self.redraw()
        self.post_message(self.PointHighlighted(self, self.vector_map.points[index].uuid))

    # -- drawing ---------------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A builder that failed or was cancelled before it ran frees the way for the next."""
        report_worker_state(self.app, event.worker, event.state)
        if event.state in (WorkerState.CANCELLED, WorkerState.ERROR):
            with self._building:
                self._builder_running = False

    def on_resize(self, event: Resize) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Ask for a new frame; one thread builds frames until it has built the latest wish."""
        if not self.is_mounted:
            return
        theme = self._get_plotext_theme_name(self.app.theme)
        with self._building:
            self._wanted = (
                self.vector_map,
                self.cursor,
                self.highlighted,
                self.size.width,
                self.size.height,
                theme,
                self.visual_style.rich_style,
            )
            if self._builder_running:
                return
            self._builder_running = True
        self._build()

    @work(thread=True, group=workers.LAB_MAP_PLOT, exit_on_error=False)
    def _build(self) -> None:
        worker = get_current_worker()
        while True:
            with self._building:
                wanted, self._wanted = self._wanted, None
                if wanted is None or worker.is_cancelled:
                    self._builder_running = False
                    return
            vector_map, cursor, highlighted, width, height, theme, base = wanted
            frame = self._frame_of(vector_map, cursor, highlighted, width, height, theme)
            lines = frame_lines(frame, width, height, base)
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_frame, lines, Size(width, height))

    def _frame_of(
        self,
        vector_map: VectorMap | None,
        cursor: int,
        highlighted: frozenset[str],
        width: int,
        height: int,
        theme: str,
    ) -> Text:
        plt = self.plt
        plt.clear_figure()
        plt.theme(theme)
        plt.plotsize(width, height)
        plt._set_size(width, height)  # as PlotextPlot.render does: plotsize alone may not resize
        if vector_map is not None and vector_map.points:
            for index, group in enumerate(vector_map.groups):
                members = [p for p in vector_map.points if p.group == group]
                plt.scatter(
                    [p.x for p in members],
                    [p.y for p in members],
                    marker="dot",
                    color=GROUP_COLOURS[index % len(GROUP_COLOURS)],
                    label=safe_text(group, LEGEND_WIDTH) if vector_map.color_by else None,
                )
            marked = [p for p in vector_map.points if p.uuid in highlighted]
            if marked:
                plt.scatter(
                    [p.x for p in marked],
                    [p.y for p in marked],
                    marker="o",
                    color="white",
                    label="last query",
                )
            here = vector_map.points[cursor]
            plt.scatter([here.x], [here.y], marker="@", color="red", label="cursor")
            plt.xlabel(f"PC1 {vector_map.explained[0]:.0%}")
            plt.ylabel(f"PC2 {vector_map.explained[1]:.0%}")
        # Labels are inert (safe_text): plotext passes escape sequences through as they are.
        return Text.from_ansi(plt.build())

    def _show_frame(self, lines: list[Strip], size: Size) -> None:
        self._lines, self._lines_size = lines, size
        self.refresh()

    def render(self) -> Text:
        """Never drawn (``render_line`` draws); only so PlotextPlot's own ``render``, which
        builds a plot on the loop, is never called."""
        return Text("")

    def render_line(self, y: int) -> Strip:
        """A line of the last frame built; cut or padded to the size until the next is built."""
        width = self.size.width
        base = self.visual_style.rich_style
        if y >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[y]
        return line if self._lines_size.width == width else line.crop_extend(0, width, base)


def frame_lines(frame: Text, width: int, height: int, base: RichStyle) -> list[Strip]:
    """The frame as ``height`` lines of ``width`` cells on ``base`` (blocking: call it in a
    thread). A Console of its own only measures and splits; it writes nothing."""
    if width <= 0 or height <= 0:
        return []
    console = Console(
        file=io.StringIO(),
        width=width,
        height=height,
        color_system="truecolor",
        legacy_windows=False,
    )
    options = console.options.update(width=width, height=height, no_wrap=True, overflow="crop")
    rendered = console.render_lines(frame, options, style=base, pad=True)
    return [Strip(line, width) for line in rendered[:height]]
