"""Small modal forms: a property to add, tenant names to create, an alias and its target."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from explorer.core.admin.collection_spec import PropertySpec
from explorer.core.base.formatting import safe_text
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.screens.create_collection import FORM_DATA_TYPES
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.text_input import TextInput

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 70; height: auto; border: thick $primary; background: $surface; padding: 0 1;
}}
{name} Horizontal {{ height: auto; align-horizontal: right; }}
{name} Select {{ width: 100%; }}
{name} #form-error {{ color: $error; height: auto; }}
"""


class _Form(ModalClosesOnlyItself[object]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def buttons(self) -> ComposeResult:
        yield Static("", id="form-error")
        with Horizontal():
            yield Button("Cancel", id="form-cancel")
            yield Button("OK", variant="primary", id="form-ok")

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def refuse(self, what: str) -> None:
        """Say what the form still needs (it stays open)."""
        self.query_one("#form-error", Static).update(Text(what))


class AddPropertyScreen(_Form):
    """Dismisses with the property to add, or None."""

    DEFAULT_CSS = _CSS.format(name="AddPropertyScreen")

    def __init__(self, collection: str) -> None:
        super().__init__()
        self.collection = collection

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Add a property to {safe_text(self.collection)}", style="bold"))
            yield TextInput(placeholder="property name", id="property-name")
            yield ExplorerSelect(
                [(t, t) for t in FORM_DATA_TYPES],
                value="text",
                allow_blank=False,
                id="property-type",
            )
            yield from self.buttons()

    @on(Input.Submitted, "#property-name")
    @on(Button.Pressed, "#form-ok")
    def submitted(self) -> None:
        name = self.query_one("#property-name", Input).value.strip()
        if not name:
            self.refuse("Type the property's name, or Esc to cancel.")
            return
        data_type = str(self.query_one("#property-type", Select).value)
        self.dismiss(PropertySpec(name, data_type))


class NamesScreen(_Form):
    """Asks for one or more names (separated by spaces or commas); dismisses with them."""

    DEFAULT_CSS = _CSS.format(name="NamesScreen")

    def __init__(self, title: str, placeholder: str = "names, separated by spaces") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(safe_text(self.title_text), style="bold"))
            yield TextInput(placeholder=self.placeholder, id="names-input")
            yield from self.buttons()

    @on(Input.Submitted, "#names-input")
    @on(Button.Pressed, "#form-ok")
    def submitted(self) -> None:
        names = tuple(self.query_one("#names-input", Input).value.replace(",", " ").split())
        if not names:
            self.refuse("Type at least one name (separate names with spaces), or Esc to cancel.")
            return
        self.dismiss(names)


class AliasFormScreen(_Form):
    """An alias name (fixed when repointing) and the collection it should point at."""

    DEFAULT_CSS = _CSS.format(name="AliasFormScreen")

    def __init__(
        self, collections: tuple[str, ...], alias: str | None = None, current: str | None = None
    ) -> None:
        super().__init__()
        self.collections = collections
        self.alias = alias
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            title = f"Point {self.alias} at" if self.alias else "New alias"
            yield Static(Text(safe_text(title), style="bold"))
            if self.alias is None:
                yield TextInput(placeholder="alias name", id="alias-name")
            yield ExplorerSelect(
                [(Text(safe_text(c)), c) for c in self.collections],
                prompt="collection",
                value=self.current if self.current in self.collections else Select.NULL,
                id="alias-target",
            )
            yield from self.buttons()

    @on(Input.Submitted, "#alias-name")
    @on(Button.Pressed, "#form-ok")
    def submitted(self) -> None:
        target = self.query_one("#alias-target", Select).value
        name = self.alias or self.query_one("#alias-name", Input).value.strip()
        if not name:
            self.refuse("Type the alias's name, or Esc to cancel.")
        elif not isinstance(target, str):
            self.refuse("Choose the collection the alias points at, or Esc to cancel.")
        else:
            self.dismiss((name, target))
