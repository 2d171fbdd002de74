"""Forms for many tenants at once: a change by pattern, and the collection's tenant toggles."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, Input, Select, Static

from explorer.core.admin.bulk_tenants import BULK_ACTIONS, BulkAction, check_bulk_action
from explorer.core.admin.tenant_patterns import (
    BadTenantSelector,
    TenantSelector,
    parse_tenant_selector,
)
from explorer.core.admin.tenant_settings import TenantSettings
from explorer.core.base.formatting import safe_text
from explorer.tui.screens.admin_forms import _CSS, _Form
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.text_input import TextInput


@dataclass(frozen=True)
class BulkRequest:
    action: BulkAction
    selector: TenantSelector


class BulkTenantsScreen(_Form):
    """Dismisses with a :class:`BulkRequest` (a pattern and what to do), or None."""

    DEFAULT_CSS = _CSS.format(name="BulkTenantsScreen")

    def __init__(self, collection: str) -> None:
        super().__init__()
        self.collection = collection

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(f"Change tenants of {safe_text(self.collection)} by pattern", style="bold")
            )
            yield TextInput(placeholder="acme-*  (a glob, names a,b, or *)", id="bulk-pattern")
            yield Checkbox("The pattern is a regular expression", id="bulk-regex")
            yield ExplorerSelect(
                [(action, action) for action in BULK_ACTIONS],
                value="deactivate",
                allow_blank=False,
                id="bulk-action",
            )
            yield Static(
                Text("Next: the matching tenants and their count, to be typed to confirm."),
            )
            yield from self.buttons()

    @on(Input.Submitted, "#bulk-pattern")
    @on(Button.Pressed, "#form-ok")
    def submitted(self) -> None:
        text = self.query_one("#bulk-pattern", Input).value
        try:
            selector = parse_tenant_selector(
                text, regex=self.query_one("#bulk-regex", Checkbox).value
            )
        except BadTenantSelector as exc:
            self.refuse(f"{exc.title}: {exc.message}")
            return
        action = check_bulk_action(str(self.query_one("#bulk-action", Select).value))
        self.dismiss(BulkRequest(action, selector))


class TenantSettingsScreen(_Form):
    """Dismisses with the :class:`TenantSettings` wanted, or None."""

    DEFAULT_CSS = _CSS.format(name="TenantSettingsScreen")

    def __init__(self, collection: str, settings: TenantSettings) -> None:
        super().__init__()
        self.collection = collection
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Tenants of {safe_text(self.collection)}", style="bold"))
            yield Checkbox(
                "Auto-creation: an insert into a missing tenant creates it",
                value=self.settings.auto_tenant_creation,
                id="settings-auto-create",
            )
            yield Checkbox(
                "Auto-activation: a request to an INACTIVE tenant activates it",
                value=self.settings.auto_tenant_activation,
                id="settings-auto-activate",
            )
            yield from self.buttons()

    @on(Button.Pressed, "#form-ok")
    def submitted(self) -> None:
        self.dismiss(
            TenantSettings(
                auto_tenant_creation=self.query_one("#settings-auto-create", Checkbox).value,
                auto_tenant_activation=self.query_one("#settings-auto-activate", Checkbox).value,
            )
        )
