"""The help screen, generated from the binding tables.

The table (every key of every scope, some 180 rows) takes Rich about 90 ms of CPU to draw, and a
``Static`` draws it at least twice on its first show (for its height, then its lines): the
first ``?`` held the UI's loop for 130-150 ms. So the table is drawn once, in a thread, at the
width the help box gives it, and handed to the ``Static`` as its lines (:class:`DrawnTable`);
the box shows at once, the keys a moment later, and the screen is kept for the next ``?``. A
terminal resized to a width that narrows the box draws the table again in a thread; meanwhile
the lines drawn before are shown cut or padded to the new width.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from explorer.tui.bindings import ALL_SCOPES, EVERYWHERE, HELP_BINDINGS
from explorer.tui.keymap import UserKeymap
from explorer.tui.screen_stack import ModalClosesOnlyItself


def help_table(keymap: UserKeymap | None = None) -> Table:
    """Every key of every scope; the user's own keys where the keymap moved them."""
    keymap = keymap or UserKeymap()
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("Where")
    table.add_column("Key")
    table.add_column("Does")
    for scope, bindings in ALL_SCOPES.items():
        for binding in bindings:
            table.add_row(
                Text(scope),
                Text(keymap.key_of(binding)),
                Text(binding.tooltip or binding.description),
            )
        table.add_row("", "", "")
    table.add_row(
        Text(EVERYWHERE), Text("ctrl+p"), Text("Command palette: collections and actions")
    )
    return table


class DrawnTable:
    """A table drawn ahead of time at ``width``: its lines, cut or padded to the width asked
    for (the help draws it again when that width changes, see :meth:`HelpScreen.on_resize`)."""

    def __init__(self, width: int, lines: list[list[Segment]]) -> None:
        self.width = width
        self.lines = lines

    @classmethod
    def draw(cls, table: Table, width: int) -> DrawnTable:
        """``table`` drawn at ``width`` by a console of its own (no UI state: any thread)."""
        console = Console(width=width, file=io.StringIO(), legacy_windows=False)
        lines = console.render_lines(table, console.options.update_width(width), pad=False)
        return cls(width, lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.lines
        if options.max_width != self.width:
            width = options.max_width
            lines = [Segment.adjust_line_length(line, width) for line in lines]
        yield from _with_line_ends(lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((Segment.get_line_length(line) for line in self.lines), default=0)
        widest = min(widest, options.max_width)
        return Measurement(widest, widest)


def _with_line_ends(lines: list[list[Segment]]) -> Iterable[Segment]:
    end = Segment.line()
    for line in lines:
        yield from line
        yield end


class HelpScreen(ModalClosesOnlyItself[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 85%; border: thick $primary; background: $surface; padding: 1 2;
        overflow-y: scroll;  /* the table is drawn for the width left beside the scrollbar */
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(HELP_BINDINGS)

    def __init__(self, keymap: UserKeymap | None = None) -> None:
        super().__init__()
        self.keymap = keymap
        #: The width the table is being drawn at in a thread, if it is.
        self._drawing: int | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("weaviate-explorer keys", style="bold"))
            yield Static("", id="help-table")

    def on_mount(self) -> None:
        self.call_after_refresh(self._draw_table)  # once the box is laid out: its width

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw_table)  # the box's new width, once laid out

    def _draw_table(self) -> None:
        shown = self.query_one("#help-table", Static)
        width = shown.content_region.width
        drawn = shown.content
        if width <= 0 or (isinstance(drawn, DrawnTable) and drawn.width == width):
            return
        if self._drawing == width:
            return
        self._drawing = width
        table = help_table(self.keymap)

        def draw() -> None:
            drawn = DrawnTable.draw(table, width)
            self.app.call_from_thread(partial(self._drawn, shown, drawn))

        self.run_worker(draw, thread=True, group="help-table", exit_on_error=False, exclusive=True)

    def _drawn(self, shown: Static, drawn: DrawnTable) -> None:
        if self._drawing == drawn.width:
            self._drawing = None
            shown.update(drawn)
