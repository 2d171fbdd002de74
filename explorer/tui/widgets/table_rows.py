"""The rows an ExplorerTable holds, and how wide their cells are.

:class:`TextRows` keeps a result's rows as strings until a row is read; :class:`RowCells` is one
row's cells by column key, read from the rows it was added with (the DataTable keeps a dict per
row); the width functions measure cells as the DataTable's default formatter renders them.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, Sequence
from itertools import zip_longest
from typing import Any, overload

from rich.cells import cell_len
from rich.console import JustifyMethod
from rich.text import Text
from textual.widgets._data_table import CellType, ColumnKey


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
    if isinstance(rows, TextRows):
        return rows.widths(0, len(rows), columns)
    widths = [0] * columns
    for row in rows:
        for index, cell in enumerate(row):
            width = cell_width(cell)
            if width > widths[index]:
                widths[index] = width
    return widths


class TextRows(Sequence[tuple[Text, ...]]):
    """Rows of inert one-line strings, made into ``Text`` cells when a row is first read.

    A 10,000-row result then makes the ``Text`` of the few dozen rows that are drawn (and of
    the rest only when sorted or read), and is measured from its strings. Each string must
    already be one line of inert text (``safe_text``); ``justify`` is per column.
    """

    __slots__ = ("_justify", "_lines", "_made")

    def __init__(
        self, lines: Sequence[tuple[str, ...]], justify: Sequence[JustifyMethod | None] = ()
    ) -> None:
        self._lines = lines
        self._justify = tuple(justify)
        self._made: list[tuple[Text, ...] | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> tuple[Text, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[Text, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[Text, ...] | list[tuple[Text, ...]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = self._made[index]
        if row is None:
            justify = self._justify
            row = self._made[index] = tuple(
                Text(line, justify=justify[i] if i < len(justify) else None)
                for i, line in enumerate(self._lines[index])
            )
        return row

    def tail(self, start: int) -> TextRows:
        """The rows from ``start`` on."""
        return TextRows(self._lines[start:], self._justify)

    @property
    def cells_per_row(self) -> int:
        """The most cells any row has."""
        return max(map(len, self._lines), default=0)

    def widths(self, start: int, stop: int, columns: int) -> list[int]:
        """The widest string of each of ``columns`` columns in rows ``start`` to ``stop``: a
        column of printable ASCII (most) is measured by ``len``, in C, 10,000 rows in ~2 ms."""
        widths = [0] * columns
        for index, column in enumerate(zip_longest(*self._lines[start:stop], fillvalue="")):
            joined = "".join(column)
            if joined.isascii() and joined.isprintable():
                widths[index] = max(map(len, column))
            else:
                widths[index] = max(map(cell_len, column))
        return widths


class RowCells(MutableMapping[ColumnKey, Any]):
    """One row's cells by column key, read from the rows the row was added with.

    The DataTable keeps a dict per row; building one hashes every column key of every row, which
    is most of the cost of adding rows. This mapping costs one small object per row, reads the
    row (making it, for :class:`TextRows`) only when a cell is read, and becomes a dict only when
    a cell is written (``update_cell``, ``add_column``).
    """

    __slots__ = ("_dict", "_index", "_positions", "_rows")

    def __init__(
        self, positions: dict[ColumnKey, int], rows: Sequence[Sequence[CellType]], index: int
    ) -> None:
        self._positions = positions
        self._rows = rows
        self._index = index
        self._dict: dict[ColumnKey, Any] | None = None

    def __getitem__(self, key: ColumnKey) -> Any:
        if self._dict is not None:
            return self._dict[key]
        index = self._positions[key]
        cells = self._rows[self._index]
        return cells[index] if index < len(cells) else None

    def cells(self) -> Sequence[Any] | None:
        """The row's cells in column order as added; None once a cell or column changed."""
        return self._rows[self._index] if self._dict is None else None

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


def widths_between(
    rows: Sequence[Sequence[object]], start: int, stop: int, columns: int
) -> list[int]:
    """The widest cell of each column in rows ``start`` to ``stop``, without making
    :class:`TextRows` rows."""
    if isinstance(rows, TextRows):
        return rows.widths(start, stop, columns)
    return column_widths(rows[start:stop], columns)
