"""Confirm a destructive action by typing a name (the collection, tenant or object to lose)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from explorer.core.base.formatting import safe_multiline, safe_text
from explorer.core.base.typed_confirmation import confirmed_by_typing
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.text_input import TextInput

if TYPE_CHECKING:
    from explorer.core.client.session import ExplorerSession


def when_confirmed(
    session: ExplorerSession, start_change: Callable[[], object]
) -> Callable[[bool | None], None]:
    """The callback for a :class:`ConfirmTypedScreen`: once the name is typed, start the change.

    ``start_change`` starts the worker that makes it; that worker counts as confirmed, so on a
    protected connection the change is not asked about a second time.
    """

    def answered(confirmed: bool | None) -> None:
        if confirmed:
            with confirmed_by_typing(session):  # the worker's task inherits the approval
                start_change()

    return answered


class ConfirmTypedScreen(ModalClosesOnlyItself[bool]):
    """Dismisses with True only when the user typed ``expected`` exactly and confirmed."""

    DEFAULT_CSS = """
    ConfirmTypedScreen { align: center middle; }
    ConfirmTypedScreen > Vertical {
        width: 76; height: auto; max-height: 90%; border: thick $error; background: $surface;
        padding: 0 1;
    }
    ConfirmTypedScreen #confirm-details { max-height: 16; overflow-y: auto; color: $text-muted; }
    ConfirmTypedScreen #confirm-mismatch { color: $error; }
    ConfirmTypedScreen Horizontal { height: auto; align-horizontal: right; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="confirm.cancel"),
    ]

    def __init__(self, what: str, expected: str, details: str = "") -> None:
        super().__init__()
        self.what = what
        self.expected = expected
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(safe_text(self.what, 300), style="bold"), id="confirm-what")
            if self.details:
                yield Static(Text(safe_multiline(self.details)), id="confirm-details")
            yield Static(
                Text.assemble("Type ", (safe_text(self.expected, 200), "bold"), " to confirm:")
            )
            yield TextInput(placeholder=safe_text(self.expected, 200), id="confirm-input")
            yield Static("", id="confirm-mismatch")
            with Horizontal():
                yield Button("Cancel", id="confirm-cancel")
                yield Button("Confirm", variant="error", id="confirm-ok", disabled=True)

    @on(Input.Changed, "#confirm-input")
    def typed(self, event: Input.Changed) -> None:
        self.query_one("#confirm-ok", Button).disabled = event.value != self.expected

    @on(Input.Submitted, "#confirm-input")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value == self.expected:
            self.dismiss(True)
        else:
            self.query_one("#confirm-mismatch", Static).update(
                Text(f"That is not {safe_text(self.expected, 200)!s}; type it exactly, or Esc.")
            )

    @on(Button.Pressed, "#confirm-ok")
    def confirmed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
