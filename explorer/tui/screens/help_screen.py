"""The help screen, generated from the binding tables."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from explorer.tui.bindings import ALL_SCOPES
from explorer.tui.screen_stack import ModalClosesOnlyItself


def key_label(binding: Binding) -> str:
    return binding.key_display or binding.key


def help_table() -> Table:
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("Where")
    table.add_column("Key")
    table.add_column("Does")
    for scope, bindings in ALL_SCOPES.items():
        for binding in bindings:
            table.add_row(
                Text(scope), Text(key_label(binding)), Text(binding.tooltip or binding.description)
            )
        table.add_row("", "", "")
    table.add_row(
        Text("Everywhere"), Text("ctrl+p"), Text("Command palette: collections and actions")
    )
    return table


class HelpScreen(ModalClosesOnlyItself[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; height: 85%; border: thick $primary; background: $surface; padding: 1 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("weaviate-explorer keys", style="bold"))
            yield Static(help_table(), id="help-table")
