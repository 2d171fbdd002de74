"""Choose the tenant of a multi-tenant collection."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from explorer.core.base.formatting import safe_text
from explorer.core.base.models import TenantInfo
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.explorer_lists import ExplorerOptionList


class TenantPickerScreen(ModalClosesOnlyItself[str | None]):
    DEFAULT_CSS = """
    TenantPickerScreen { align: center middle; }
    TenantPickerScreen > Vertical {
        width: 60; height: auto; max-height: 80%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    TenantPickerScreen OptionList { height: auto; max-height: 20; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_picker", "Cancel", id="tenant.cancel"),
    ]

    def __init__(self, collection: str, tenants: tuple[TenantInfo, ...]) -> None:
        super().__init__()
        self.collection = collection
        self.tenants = tenants

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{safe_text(self.collection)} is multi-tenant: choose a tenant"))
            if not self.tenants:
                yield Static("It has no tenants yet.", id="tenant-empty")
            yield ExplorerOptionList(
                *(
                    Option(
                        Text(f"{safe_text(t.name, 40)}  ({safe_text(t.activity_status)})"),
                        id=t.name,
                    )
                    for t in self.tenants
                ),
                id="tenant-list",
            )

    @on(OptionList.OptionSelected, "#tenant-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
