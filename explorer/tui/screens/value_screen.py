"""A modal that shows one full value, literally."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from explorer.core.base.formatting import pretty_value, safe_multiline
from explorer.tui.screen_stack import ModalClosesOnlyItself


class ValueScreen(ModalClosesOnlyItself[None]):
    DEFAULT_CSS = """
    ValueScreen { align: center middle; }
    ValueScreen > Vertical {
        width: 90%; height: 80%; border: thick $primary; background: $surface; padding: 0 1;
    }
    ValueScreen #value-title { text-style: bold; margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="value.close"),
        Binding("c", "copy", "Copy", id="value.copy"),
    ]

    def __init__(self, title: str, value: object) -> None:
        super().__init__()
        self.value_title = title
        self.text = pretty_value(value)

    def texts(self) -> tuple[Text, Text]:
        """The title and the value as shown: literal text, control characters escaped."""
        return Text(safe_multiline(self.value_title)), Text(safe_multiline(self.text))

    def compose(self) -> ComposeResult:
        title, text = self.texts()
        with Vertical():
            yield Static(title, id="value-title")
            with VerticalScroll():
                yield Static(text, id="value-text")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify("Value copied")
