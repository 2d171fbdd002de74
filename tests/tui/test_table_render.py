"""ExplorerTable draws its cells without Rich's per-cell pipeline: what it draws must be what
Textual's own DataTable draws for the same cells, character by character and style by style."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable

from explorer.tui.widgets.explorer_table import ExplorerTable

HOSTILE = "[bold red]not markup[/] \x1b[31m escape \x07 bell"
CELLS: list[tuple[Any, ...]] = [
    (Text("plain"), Text("42", justify="right"), Text("left", justify="left"), "str [b]x[/b]"),
    (Text(HOSTILE), Text("wide 漢字 emoji 🎉 and more text than fits"), None, 3.14159),
    (Text.assemble(("styled", "bold magenta"), " and ", ("spans", "italic")), 7, "", Text("")),
    (Text("trailing   ", justify="right"), Text("x" * 80), Text("é" * 30), Text("dim", "dim")),
    (Text("two\nlines"), Text("tab\there"), Text("centred", justify="center"), "y"),
    (Text("ellipsis " * 9, overflow="ellipsis"), Text("crop " * 9, overflow="crop"), 0, "z"),
]
WIDTHS = (12, 10, None, 8)


def strip_cells(table: DataTable[Any]) -> list[list[tuple[str, object]]]:
    """Every character the table draws, with its style (meta included)."""
    region = Region(0, 0, table.size.width, table.size.height)
    return [
        [(char, segment.style) for segment in strip for char in segment.text]
        for strip in table.render_lines(region)
    ]


def first_difference(
    ours: list[list[tuple[str, object]]], theirs: list[list[tuple[str, object]]]
) -> str | None:
    """Where the two drawings first differ, said plainly; None when they are the same."""
    for y, (line, other) in enumerate(zip(ours, theirs, strict=True)):
        for x, (cell, expected) in enumerate(zip(line, other, strict=False)):
            if cell != expected:
                return f"line {y} column {x}: {cell!r} where the DataTable has {expected!r}"
        if len(line) != len(other):
            return f"line {y}: {len(line)} cells where the DataTable has {len(other)}"
    return None


class TwoTables(App[None]):
    AUTO_FOCUS = None  # each table is drawn unfocused, then focused

    def __init__(self, cursor_type: str, zebra: bool) -> None:
        super().__init__()
        self.options: dict[str, Any] = {"cursor_type": cursor_type, "zebra_stripes": zebra}

    def compose(self) -> ComposeResult:
        yield DataTable(id="stock", **self.options)
        yield ExplorerTable(id="ours", **self.options)

    def fill(self) -> None:
        for table in self.query(DataTable):
            for index, width in enumerate(WIDTHS):
                table.add_column(f"col {index}", key=f"c{index}", width=width)
            for number in range(30):
                for cells in CELLS:
                    table.add_row(*cells, key=f"{number}-{CELLS.index(cells)}")


@pytest.mark.parametrize(
    ("cursor_type", "zebra"), [("cell", True), ("row", True), ("column", False), ("none", True)]
)
async def test_explorer_table_draws_what_a_data_table_draws(cursor_type: str, zebra: bool) -> None:
    app = TwoTables(cursor_type, zebra)
    async with app.run_test(size=(50, 40)) as pilot:  # narrower than the columns: x scrolls
        app.fill()
        stock = app.query_one("#stock", DataTable)
        ours = app.query_one("#ours", ExplorerTable)
        await pilot.pause()
        assert ours.size == stock.size and ours.size.height > 5
        unscrolled = strip_cells(ours)
        assert first_difference(unscrolled, strip_cells(stock)) is None
        for table in (stock, ours):
            table.move_cursor(row=4, column=1)
            table.scroll_to(x=5, y=3, animate=False)
        await pilot.pause()
        assert ours.scroll_offset == stock.scroll_offset == (5, 3)  # both scrolled both ways
        for table in (stock, ours):
            table.focus()
            await pilot.pause()
            drawn = strip_cells(table)
            if table is stock:
                stock_focused = drawn
        assert first_difference(drawn, stock_focused) is None
        hovered = []
        for table in (stock, ours):
            table.focus()
            table.hover_coordinate = Coordinate(6, 2)
            table._set_hover_cursor(True)
            await pilot.pause()
            hovered.append(strip_cells(table))
        assert (hovered[0] != stock_focused) == (cursor_type != "none")  # the hover shows
        assert first_difference(hovered[1], hovered[0]) is None
        # The hostile text is drawn as the characters it holds (cropped to 12), never as markup.
        assert any(" [bold red]no " in "".join(c for c, _ in line) for line in unscrolled)
