"""The pieces every REPL table is made of: inert cells and plain listings."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from explorer.core.base.formatting import format_value, safe_text

#: Longest text in a cell of a one-object table; JSON output is never shortened.
CELL_WIDTH = 200


def cell(value: Any, width: int = CELL_WIDTH) -> Text:
    """A table cell from an untrusted value: one line, inert, never markup."""
    return Text(safe_text(format_value(value), width))


def listing(*headers: str, no_wrap: tuple[str, ...] = ("uuid",)) -> Table:
    """An empty listing with these (untrusted, so escaped) headers; ``uuid`` never wraps."""
    made = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for header in headers:
        made.add_column(Text(safe_text(header)), overflow="fold", no_wrap=header in no_wrap)
    return made
