"""A DataTable with vi keys (j/k/g/G), used by every list and table in the app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import BindingType
from textual.widgets import DataTable

from explorer.tui.bindings import TABLE_BINDINGS


def column_widths(labels: Sequence[str], rows: Sequence[Sequence[Text]]) -> list[int]:
    """Each column as wide as its widest cell or its label.

    DataTable measures new rows only when its message queue next runs dry; a page rendered
    before that (a fresh table, a busy app) showed every column at its label's width.
    """
    widths = [cell_len(label) for label in labels]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], cell.cell_len)
    return widths


class ExplorerTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = list(TABLE_BINDINGS)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
