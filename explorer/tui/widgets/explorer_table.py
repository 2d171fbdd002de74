"""The app's one table widget: Textual's DataTable, with vi keys and rows that cost nothing off screen.

Why not textual-fastdatatable (harlequin's): it imports pyarrow at module level, which on this
machine adds about 120 ms of import and 31 MB of resident memory (170 MB on disk) to an app whose
targets are a start-up within 1.3x a bare Textual script and idle memory within 1.3x a bare app;
and its Arrow backend holds plain values, not the rich ``Text`` cells that keep server text inert.
Why not a new Line-API widget: Textual's DataTable already is one (it renders only the lines on
screen, through caches); what costs per row is its bookkeeping around ``add_row`` (a reactive
cursor write and an idle check per row) and the measuring of every new cell on the loop when the
app next idles. So ``add_rows``/``add_row`` here store rows in bulk, measure the first
``SYNC_MEASURED_ROWS`` rows (what a screen can show) at once, and measure the rest in a thread,
widening the columns when that is done. Everything else (cursors, zebra stripes, sorting, the
messages the panes listen to) is the DataTable's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets._data_table import CellType, ColumnKey, DuplicateKey, Row, RowKey
from textual.worker import get_current_worker

from explorer.tui.bindings import TABLE_BINDINGS

#: Rows measured on the loop as they are added: more than any terminal shows at once.
SYNC_MEASURED_ROWS = 200


def cell_width(cell: object) -> int:
    """The cells ``cell`` takes on one line, as the DataTable's default formatter renders it."""
    if isinstance(cell, Text):
        plain = cell.plain
    elif isinstance(cell, str):
        plain = Text.from_markup(cell).plain
    elif isinstance(cell, float):
        plain = f"{cell:.2f}"
    else:
        plain = "" if cell is None else str(cell)
    if "\n" not in plain:
        return cell_len(plain)
    return max(cell_len(line) for line in plain.split("\n"))


def column_widths(rows: Sequence[Sequence[object]], columns: int) -> list[int]:
    """The widest cell of each of ``columns`` columns over ``rows``."""
    widths = [0] * columns
    for row in rows:
        for index, cell in enumerate(row):
            width = cell_width(cell)
            if width > widths[index]:
                widths[index] = width
    return widths


class RowCells(MutableMapping[ColumnKey, Any]):
    """One row's cells by column key, read from the tuple the row was added as.

    The DataTable keeps a dict per row; building one hashes every column key of every row, which
    is most of the cost of adding rows. This mapping costs one small object per row and becomes a
    dict only when a cell is written (``update_cell``, ``add_column``).
    """

    __slots__ = ("_cells", "_dict", "_positions")

    def __init__(self, positions: dict[ColumnKey, int], cells: Sequence[CellType]) -> None:
        self._positions = positions
        self._cells = cells
        self._dict: dict[ColumnKey, Any] | None = None

    def __getitem__(self, key: ColumnKey) -> Any:
        if self._dict is not None:
            return self._dict[key]
        index = self._positions[key]
        return self._cells[index] if index < len(self._cells) else None

    def _materialized(self) -> dict[ColumnKey, Any]:
        if self._dict is None:
            self._dict = {key: self[key] for key in self._positions}
        return self._dict

    def __setitem__(self, key: ColumnKey, value: Any) -> None:
        self._materialized()[key] = value

    def __delitem__(self, key: ColumnKey) -> None:
        del self._materialized()[key]

    def __iter__(self) -> Iterator[ColumnKey]:
        return iter(self._dict if self._dict is not None else self._positions)

    def __len__(self) -> int:
        return len(self._dict if self._dict is not None else self._positions)


def content_widths(labels: Sequence[str], rows: Sequence[Sequence[object]]) -> list[int]:
    """Each column as wide as its widest cell or its label.

    DataTable measures new rows only when its message queue next runs dry; a page rendered
    before that (a fresh table, a busy app) showed every column at its label's width.
    """
    cells = column_widths(rows, len(labels))
    return [max(cell_len(label), width) for label, width in zip(labels, cells, strict=True)]


class ExplorerTable(DataTable[Any]):
    BINDINGS: ClassVar[list[BindingType]] = list(TABLE_BINDINGS)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        #: Bumped by ``clear``, so a measurement of rows that are gone is dropped.
        self._generation = 0
        #: Rows added but not measured yet (beyond the first SYNC_MEASURED_ROWS).
        self._unmeasured: list[tuple[object, ...]] = []

    def clear(self, columns: bool = False) -> ExplorerTable:
        self._generation += 1
        self._unmeasured = []
        self.workers.cancel_group(self, "table-measure")
        super().clear(columns)
        return self

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: str | Text | None = None,
    ) -> RowKey:
        if height != 1 or label is not None:
            return super().add_row(*cells, height=height, key=key, label=label)
        return self._append([cells], [key])[0]

    def add_rows(self, rows: Iterable[Iterable[CellType]]) -> list[RowKey]:
        return self._append([row if isinstance(row, tuple) else tuple(row) for row in rows], None)

    def _append(
        self, rows: Sequence[Sequence[CellType]], keys: Sequence[str | None] | None
    ) -> list[RowKey]:
        """Store ``rows`` at the bottom: no per-row reactive writes, no per-row measuring."""
        column_keys = [column.key for column in self.ordered_columns]
        positions = {key: index for index, key in enumerate(column_keys)}
        if any(len(row) > len(column_keys) for row in rows):
            raise ValueError("More values provided than there are columns.")
        start = self.row_count
        row_keys: list[RowKey] = []
        locations = self._row_locations
        for offset, cells in enumerate(rows):
            key = keys[offset] if keys is not None else None
            row_key = RowKey(key)
            if key is not None and row_key in locations:  # a generated key is unique
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            locations[row_key] = start + offset
            self._data[row_key] = RowCells(positions, cells)  # type: ignore[assignment]
            self.rows[row_key] = Row(row_key, 1)
            row_keys.append(row_key)
        if not row_keys:
            return row_keys
        now = max(0, min(len(rows), SYNC_MEASURED_ROWS - start))
        if now:
            self._widen(column_widths(rows[:now], len(column_keys)))
        if now < len(rows):
            self._unmeasured.extend(tuple(row) for row in rows[now:])
            self.call_later(self._measure_later)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if start == 0 and column_keys and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()
        return row_keys

    def _widen(self, widths: Sequence[int]) -> None:
        for column, width in zip(self.ordered_columns, widths, strict=False):
            if column.auto_width and width > column.content_width:
                column.content_width = width
                self._require_update_dimensions = True

    def _measure_later(self) -> None:
        if not self._unmeasured:
            return
        rows, self._unmeasured = self._unmeasured, []
        self.run_worker(
            lambda: self._measure_in_thread(rows, len(self.columns), self._generation),
            thread=True,
            group="table-measure",
            exit_on_error=False,
        )

    def _measure_in_thread(
        self, rows: list[tuple[object, ...]], columns: int, generation: int
    ) -> None:
        widths = column_widths(rows, columns)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._apply_widths, widths, generation)

    def _apply_widths(self, widths: list[int], generation: int) -> None:
        if generation != self._generation:
            return
        self._widen(widths)
        self._clear_caches()
        self.check_idle()
        self.refresh()

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        """Never row -1: on an empty table Textual 8 clamps G, End or Page Down to row -1, and
        then announces a highlighted row -1 (a handler would index the last row it knows)."""
        row, column = super().validate_cursor_coordinate(value)
        return Coordinate(max(row, 0), max(column, 0))
