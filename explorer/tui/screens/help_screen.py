"""The help screen, generated from the binding tables."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from explorer.tui.bindings import ALL_SCOPES, EVERYWHERE, HELP_BINDINGS
from explorer.tui.keymap import UserKeymap
from explorer.tui.screen_stack import ModalClosesOnlyItself


def help_table(keymap: UserKeymap | None = None) -> Table:
    """Every key of every scope; the user's own keys where the keymap moved them."""
    keymap = keymap or UserKeymap()
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("Where")
    table.add_column("Key")
    table.add_column("Does")
    for scope, bindings in ALL_SCOPES.items():
        for binding in bindings:
            table.add_row(
                Text(scope),
                Text(keymap.key_of(binding)),
                Text(binding.tooltip or binding.description),
            )
        table.add_row("", "", "")
    table.add_row(
        Text(EVERYWHERE), Text("ctrl+p"), Text("Command palette: collections and actions")
    )
    return table


class HelpScreen(ModalClosesOnlyItself[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; height: 85%; border: thick $primary; background: $surface; padding: 1 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(HELP_BINDINGS)

    def __init__(self, keymap: UserKeymap | None = None) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("weaviate-explorer keys", style="bold"))
            yield Static(help_table(self.keymap), id="help-table")
