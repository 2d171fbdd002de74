"""Choose the tenant of a multi-tenant collection, or search across all of them or a pattern.

The list shows at most :data:`SHOWN_TENANTS` tenants (10,000 would cost a second to draw); the
filter (``/``) narrows it by substring or glob, and a glob also offers itself as a pattern entry.
Dismisses with a tenant name, a :class:`TenantSelector` to search across, or None.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from explorer.core.admin.tenant_patterns import (
    ALL_TENANTS,
    BadTenantSelector,
    TenantSelector,
    match_tenants,
    parse_tenant_selector,
)
from explorer.core.base.formatting import safe_text
from explorer.core.base.models import TenantInfo
from explorer.tui.bindings import TENANT_PICKER_BINDINGS
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.explorer_lists import ExplorerOptionList
from explorer.tui.widgets.text_input import TextInput

#: The ids of the entries that are not one tenant.
ALL_ID = "\x00all"
PATTERN_ID = "\x00pattern"
MORE_ID = "\x00more"
#: Tenants listed at once; the filter finds the others.
SHOWN_TENANTS = 200
_GLOB = frozenset("*?[,")

TenantChoice = str | TenantSelector


class TenantPickerScreen(ModalClosesOnlyItself[TenantChoice | None]):
    DEFAULT_CSS = """
    TenantPickerScreen { align: center middle; }
    TenantPickerScreen > Vertical {
        width: 64; height: auto; max-height: 80%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    TenantPickerScreen OptionList { height: auto; max-height: 20; }
    TenantPickerScreen #tenant-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(TENANT_PICKER_BINDINGS)

    def __init__(self, collection: str, tenants: tuple[TenantInfo, ...]) -> None:
        super().__init__()
        self.collection = collection
        self.tenants = tenants
        self.statuses = {t.name: t.activity_status for t in tenants}
        self.active = sum(1 for t in tenants if t.activity_status == "ACTIVE")
        #: The pattern entry's selector (None while the filter holds no pattern).
        self.pattern: TenantSelector | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(f"{safe_text(self.collection)} is multi-tenant: choose a tenant, or search")
            )
            if not self.tenants:
                yield Static("It has no tenants yet.", id="tenant-empty")
            yield TextInput(
                placeholder="/ filter: a name or a pattern (acme-*)", id="tenant-filter"
            )
            yield ExplorerOptionList(id="tenant-list")
            yield Static(
                "Enter: choose · /: filter · a pattern searches every tenant it matches",
                id="tenant-hint",
            )

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#tenant-list", OptionList).focus()

    def _fill(self, text: str) -> None:
        """The entries for the filter ``text``: all tenants, the pattern, then tenants."""
        options = self.query_one("#tenant-list", OptionList)
        entries: list[Option] = []
        if self.tenants:
            entries.append(
                Option(
                    Text(
                        f"✱ All tenants: search across {len(self.tenants):,} "
                        f"({self.active:,} active)"
                    ),
                    id=ALL_ID,
                )
            )
        self.pattern = None
        names = list(self.statuses)
        if text and _GLOB & set(text):
            try:
                self.pattern = parse_tenant_selector(text)
            except BadTenantSelector:
                self.pattern = None
            if self.pattern is not None:
                found = match_tenants(self.pattern, self.statuses)
                names = list(found.names)
                active = len(found.with_status("ACTIVE"))
                entries.append(
                    Option(
                        Text(
                            f"✱ Tenants matching {safe_text(text, 30)}: search across "
                            f"{len(names):,} ({active:,} active)"
                        ),
                        id=PATTERN_ID,
                    )
                )
        elif text:
            names = [n for n in names if text.lower() in n.lower()]
        entries.extend(
            Option(
                Text(f"{safe_text(name, 40)}  ({safe_text(self.statuses[name])})"),
                id=name,
            )
            for name in names[:SHOWN_TENANTS]
        )
        if len(names) > SHOWN_TENANTS:
            entries.append(
                Option(
                    Text(f"… {len(names) - SHOWN_TENANTS:,} more: type / to narrow"),
                    id=MORE_ID,
                    disabled=True,
                )
            )
        options.set_options(entries)
        if entries:
            options.highlighted = 0

    @on(Input.Changed, "#tenant-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value.strip())

    @on(Input.Submitted, "#tenant-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter: its pattern, the tenant it names, else the first entry."""
        event.stop()
        text = event.value.strip()
        if self.pattern is not None:
            self.dismiss(self.pattern)
        elif text in self.statuses:
            self.dismiss(text)
        else:
            self.action_focus_list()

    @on(OptionList.OptionSelected, "#tenant-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        if option_id == ALL_ID:
            self.dismiss(ALL_TENANTS)
        elif option_id == PATTERN_ID and self.pattern is not None:
            self.dismiss(self.pattern)
        elif option_id is not None and option_id in self.statuses:
            self.dismiss(option_id)

    def action_focus_filter(self) -> None:
        self.query_one("#tenant-filter", Input).focus()

    def action_focus_list(self) -> None:
        self.query_one("#tenant-list", OptionList).focus()

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
