"""Ask for the name to save the current query under."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from explorer.core.base.errors import ExplorerError
from explorer.core.store.saved_queries import check_name
from explorer.tui.errors import show_error
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.text_input import TextInput


class SaveQueryScreen(ModalClosesOnlyItself[str | None]):
    """Dismisses with a valid name, or None on Esc."""

    DEFAULT_CSS = """
    SaveQueryScreen { align: center middle; }
    SaveQueryScreen > Vertical {
        width: 60; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="save_query.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Save the query as (letters, digits, _ . -):")
            yield TextInput(placeholder="name", id="save-query-name")

    def on_mount(self) -> None:
        self.query_one("#save-query-name", Input).focus()

    @on(Input.Submitted, "#save-query-name")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(check_name(event.value.strip()))
        except ExplorerError as exc:
            show_error(self.app, exc)

    def action_cancel(self) -> None:
        self.dismiss(None)
