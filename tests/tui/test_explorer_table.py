"""ExplorerTable: rows added in bulk behave as a DataTable's, and wide rows off screen widen columns."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from explorer.tui.widgets.explorer_table import SYNC_MEASURED_ROWS, ExplorerTable
from explorer.tui.widgets.table_rows import TextRows


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ExplorerTable(id="table")


async def test_a_wide_cell_far_below_the_screen_widens_its_column() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(ExplorerTable)
        table.add_column("name", key="name")
        table.add_column("n", key="n")
        rows = [(Text(f"row {i}"), Text(str(i))) for i in range(SYNC_MEASURED_ROWS * 5)]
        rows[-1] = (Text("x" * 60), Text("last"))
        table.add_rows(rows)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert table.columns[table.ordered_columns[0].key].content_width == 60
        assert table.row_count == SYNC_MEASURED_ROWS * 5
        assert [str(c) for c in table.get_row_at(table.row_count - 1)] == ["x" * 60, "last"]


async def test_bulk_rows_keep_the_data_table_api() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(ExplorerTable)
        table.add_columns(("name", "name"), ("n", "n"))
        table.add_rows([(Text("b"), Text("2")), (Text("a"), Text("1"))])
        key = table.add_row(Text("c"), Text("3"), key="c-row")
        await pilot.pause()
        assert table.get_row_index("c-row") == 2 and key.value == "c-row"
        table.update_cell("c-row", "n", Text("30"))
        assert str(table.get_cell("c-row", "n")) == "30"
        table.sort("name", key=lambda name: str(name))
        assert [str(c) for c in table.get_column("name")] == ["a", "b", "c"]
        table.add_column("extra", key="extra", default=Text("-"))
        assert [str(c) for c in table.get_row_at(0)] == ["a", "1", "-"]
        table.move_cursor(row=1)
        await pilot.press("j")
        assert table.cursor_row == 2
        table.clear()
        assert table.row_count == 0
        table.add_rows([(Text("z"), Text("9"), Text("!"))])
        assert [str(c) for c in table.get_row_at(0)] == ["z", "9", "!"]


class FillingTable(App[None]):
    CSS = "ExplorerTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield ExplorerTable(id="table", cursor_type="cell")


async def test_rows_added_in_bulk_sit_where_the_data_table_puts_them() -> None:
    """Regions and line offsets come from row indexes here, from a walk of every row there."""
    app = FillingTable()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(ExplorerTable)
        table.add_columns(("name", "name"), ("n", "n"))
        table.add_rows([(Text(f"row {i}"), Text(str(i))) for i in range(500)])
        table.add_rows([(Text(f"more {i}"), Text(str(i))) for i in range(500)])
        await pilot.pause()
        for row in (0, 1, 499, 500, 999):
            assert table._get_row_region(row) == DataTable._get_row_region(table, row)
            for column in (0, 1):
                coordinate = Coordinate(row, column)
                expected = DataTable._get_cell_region(table, coordinate)
                assert table._get_cell_region(coordinate) == expected
        walked = [(row.key, 0) for row in table.ordered_rows]
        assert len(table._y_offsets) == len(walked) == 1000
        assert [table._y_offsets[y] for y in (0, 500, 999)] == [walked[y] for y in (0, 500, 999)]
        assert table.virtual_size.height == 1001  # the header and every row
        table.move_cursor(row=999)
        await pilot.pause()
        assert table.scroll_y == table.max_scroll_y > 0


async def test_a_labelled_row_falls_back_to_the_data_tables_own_bookkeeping() -> None:
    app = FillingTable()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(ExplorerTable)
        table.add_columns(("name", "name"))
        table.add_rows([(Text("one line"),)])
        table.add_row(Text("three\nlines\nhigh"), height=3, label="tall")
        table.add_rows([(Text("after"),)])
        await pilot.pause()
        assert table.virtual_size.height == 1 + 1 + 3 + 1
        assert table._get_row_region(2).y == 1 + 1 + 3
        assert [table._y_offsets[y][1] for y in range(5)] == [0, 0, 1, 2, 0]


async def test_columns_of_fixed_width_are_not_measured() -> None:
    app = FillingTable()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(ExplorerTable)
        table.add_column("name", key="name", width=6)
        rows = [(Text("x" * 40),) for _ in range(SYNC_MEASURED_ROWS * 3)]
        table.add_rows(rows)
        assert not table._unmeasured and not list(table.workers)
        await pilot.pause()
        assert table.ordered_columns[0].get_render_width(table) == 6 + 2 * table.cell_padding


async def test_rows_added_below_keep_the_rows_drawn_above() -> None:
    """A second batch that widens nothing leaves the drawn rows' caches alone."""
    app = FillingTable()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(ExplorerTable)
        table.add_columns(("name", "name"))
        table.add_rows([(Text("a wide first batch"),) for _ in range(50)])
        await pilot.pause()
        drawn = table._update_count
        table.add_rows([(Text("narrow"),) for _ in range(50)])
        await pilot.pause()
        assert table._update_count == drawn and table.row_count == 100
        table.add_rows([(Text("a much wider row than any before it"),)])
        await pilot.pause()
        assert table._update_count > drawn
        assert table.ordered_columns[0].content_width == len("a much wider row than any before it")


async def test_rows_added_below_the_screen_redraw_only_the_scrollbar() -> None:
    """The rest of a big page goes below its first slice: nothing on screen changes but the
    scrollbar, so the table's lines are not drawn again; rows that show are."""
    app = FillingTable()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(ExplorerTable)
        table.add_columns(("name", "name"))
        table.add_rows([(Text(f"row {i:03}"),) for i in range(100)])  # as wide as the rest
        await pilot.pause()
        drawn: list[int] = []
        draw_line = table.render_line

        def counted(y: int) -> Any:
            drawn.append(y)
            return draw_line(y)

        table.render_line = counted  # type: ignore[method-assign]
        thumb = table.vertical_scrollbar.window_virtual_size
        table.add_rows([(Text(f"row {i:03}"),) for i in range(100, 500)])
        await pilot.app.workers.wait_for_complete()  # the rows past the first few are measured
        await pilot.pause()
        assert table.virtual_size.height == 501
        assert table.vertical_scrollbar.window_virtual_size != thumb
        assert drawn == []
        table.scroll_to(y=120, animate=False)
        await pilot.pause()
        assert table.scroll_y == 120
        assert drawn  # the rows brought on screen are drawn


async def test_text_rows_are_made_when_read_and_measured_from_their_strings() -> None:
    lines = [(str(i), f"row {i}") for i in range(5000)]
    lines[4321] = ("4321", "wide 漢字 [b]not markup[/b]")
    rows = TextRows(lines, justify=("right",))
    app = FillingTable()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(ExplorerTable)
        table.add_columns(("#", "rank"), ("name", "name"))
        table.add_rows(rows)
        await pilot.pause()
        made = sum(row is not None for row in rows._made)
        assert 0 < made < 100  # the rows drawn, not the 5,000
        assert [c.content_width for c in table.ordered_columns] == [
            4,
            len("wide  [b]not markup[/b]") + 4,
        ]
        cells = table.get_row_at(4321)
        assert [cell.plain for cell in cells] == ["4321", "wide 漢字 [b]not markup[/b]"]
        assert cells[0].justify == "right" and not cells[1].spans
        table.sort("name", key=lambda name: name.plain)
        assert table.get_row_at(0)[1].plain == "row 0"
