"""A DataTable with vi keys (j/k/g/G), used by every list and table in the app."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import DataTable

from explorer.tui.bindings import TABLE_BINDINGS


class ExplorerTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = list(TABLE_BINDINGS)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
