"""A modal with the details of an unexpected exception; the app carries on when it closes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from explorer.core.base.formatting import safe_multiline
from explorer.tui.screen_stack import ModalClosesOnlyItself


class ErrorDetailsScreen(ModalClosesOnlyItself[None]):
    DEFAULT_CSS = """
    ErrorDetailsScreen { align: center middle; }
    ErrorDetailsScreen > Vertical {
        width: 90%; height: 80%; border: thick $error; background: $surface; padding: 1 2;
    }
    ErrorDetailsScreen #error-summary { text-style: bold; color: $error; margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="error.close"),
        Binding("c", "copy", "Copy details", id="error.copy"),
    ]

    def __init__(self, summary: str, details: str) -> None:
        super().__init__()
        self.summary = summary
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text("Unexpected error — the app carries on. " + safe_multiline(self.summary)),
                id="error-summary",
            )
            with VerticalScroll():
                yield Static(Text(safe_multiline(self.details)), id="error-details")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.details)
        self.notify("Error details copied")
