"""A DataTable with vi keys (j/k/g/G), used by every list and table in the app."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from explorer.tui.bindings import TABLE_BINDINGS


class ExplorerTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = list(TABLE_BINDINGS)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        """Never row -1: on an empty table Textual 8 clamps G, End or Page Down to row -1, and
        then announces a highlighted row -1 (a handler would index the last row it knows)."""
        row, column = super().validate_cursor_coordinate(value)
        return Coordinate(max(row, 0), max(column, 0))
