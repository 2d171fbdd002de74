"""ExplorerTable: rows added in bulk behave as a DataTable's, and wide rows off screen widen columns."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from explorer.tui.widgets.explorer_table import SYNC_MEASURED_ROWS, ExplorerTable


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
