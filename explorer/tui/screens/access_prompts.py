"""Small modals of the users-and-roles screen: one line of text, and a new API key shown once."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from explorer.core.admin.access import NewApiKey
from explorer.core.base.formatting import safe_text
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.text_input import TextInput


class TextPromptScreen(ModalClosesOnlyItself[str | None]):
    """Ask for one line of text; Esc cancels."""

    DEFAULT_CSS = """
    TextPromptScreen { align: center middle; }
    TextPromptScreen > Vertical {
        width: 70; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    def __init__(self, question: str, hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(safe_text(self.question, 200), style="bold"))
            yield TextInput(placeholder=safe_text(self.hint, 200), id="prompt-input")

    @on(Input.Submitted, "#prompt-input")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewKeyScreen(ModalClosesOnlyItself[None]):
    """The one time a new API key is shown; it is kept nowhere else."""

    DEFAULT_CSS = """
    NewKeyScreen { align: center middle; }
    NewKeyScreen > Vertical {
        width: 84; height: auto; border: thick $warning; background: $surface; padding: 0 1;
    }
    NewKeyScreen #new-key { text-style: bold; margin: 1 0; }
    NewKeyScreen Horizontal { height: auto; align-horizontal: right; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="newkey.close"),
        Binding("c", "copy", "Copy", id="newkey.copy", tooltip="Copy the key to the clipboard"),
    ]

    def __init__(self, key: NewApiKey, action: str) -> None:
        super().__init__()
        self.key = key
        self.action_text = action

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self.action_text} {safe_text(self.key.user_id)}", style="bold"))
            yield Static(Text("Its API key, shown only now: store it safely."))
            yield Static(Text(self.key.api_key), id="new-key")
            with Horizontal():
                yield Button("Copy", id="new-key-copy")
                yield Button("Done", variant="primary", id="new-key-done")

    @on(Button.Pressed, "#new-key-copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.key.api_key)
        self.notify("Copied the key.", markup=False)

    @on(Button.Pressed, "#new-key-done")
    def action_close(self) -> None:
        self.dismiss(None)
