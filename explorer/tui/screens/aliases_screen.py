"""Collection aliases: list, create, point at another collection, delete, browse through one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static
from textual.worker import Worker

from explorer.core.admin.aliases import create_alias, delete_alias, list_aliases, update_alias
from explorer.core.admin.schema import collection_names
from explorer.core.base.formatting import safe_text
from explorer.core.base.models import AliasInfo
from explorer.core.client.session import ExplorerSession
from explorer.tui import workers
from explorer.tui.bindings import ALIASES_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.screen_stack import ClosesOnlyItself, open_screen
from explorer.tui.screens.admin_forms import AliasFormScreen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed
from explorer.tui.widgets.explorer_header import ExplorerHeader
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.keys_footer import KeysFooter


class AliasesScreen(ClosesOnlyItself[str | None]):
    """Dismisses with an alias to browse through (Enter), or None."""

    DEFAULT_CSS = """
    AliasesScreen #aliases-summary { height: auto; padding: 0 1; color: $text-muted; }
    AliasesScreen #aliases-table { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(ALIASES_BINDINGS)

    def __init__(self, session: ExplorerSession) -> None:
        super().__init__()
        self.session = session
        self.aliases: tuple[AliasInfo, ...] = ()
        self.collections: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield ExplorerHeader()
        yield Static("", id="aliases-summary")
        yield ExplorerTable(id="aliases-table")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "Aliases"
        table = self.query_one("#aliases-table", ExplorerTable)
        table.add_column("Alias", key="alias")
        table.add_column("Collection", key="collection")
        table.focus()
        self.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    @work(exclusive=True, group=workers.ALIASES, exit_on_error=False)
    async def load(self) -> None:
        self.aliases = await list_aliases(self.session)
        self.collections = await collection_names(self.session)
        table = self.query_one("#aliases-table", ExplorerTable)
        table.clear()
        for alias in self.aliases:
            table.add_row(
                Text(safe_text(alias.alias, 60)),
                Text(safe_text(alias.collection, 60)),
                key=alias.alias,
            )
        count = len(self.aliases)
        self.query_one("#aliases-summary", Static).update(
            f"{count} alias{'es' if count != 1 else ''}. Queries through an alias reach the "
            "collection it points at."
        )

    @property
    def selected_alias(self) -> AliasInfo | None:
        table = self.query_one("#aliases-table", ExplorerTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((a for a in self.aliases if a.alias == key), None)

    def _require_alias(self) -> AliasInfo | None:
        alias = self.selected_alias
        if alias is None:
            self.notify("No alias here: press c to create one.", markup=False)
        return alias

    @guarded
    def action_create_alias(self) -> None:
        self.session.require_writable("create an alias")

        def chosen(result: object) -> None:
            if isinstance(result, tuple):
                self.change("create", str(result[0]), str(result[1]))

        open_screen(self.app, AliasFormScreen(self.collections), callback=chosen)

    @guarded
    def action_update_alias(self) -> None:
        alias = self._require_alias()
        if alias is None:
            return
        self.session.require_writable(f"repoint alias {alias.alias}")

        def chosen(result: object) -> None:
            if isinstance(result, tuple):
                self.change("update", alias.alias, str(result[1]))

        open_screen(
            self.app,
            AliasFormScreen(self.collections, alias.alias, alias.collection),
            callback=chosen,
        )

    @guarded
    def action_delete_alias(self) -> None:
        alias = self._require_alias()
        if alias is None:
            return
        self.session.require_writable(f"delete alias {alias.alias}")
        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"Delete alias {alias.alias} (of {alias.collection})?",
                alias.alias,
                "Queries by this name stop working; the collection and its objects stay.",
            ),
            callback=when_confirmed(
                self.session, lambda: self.change("delete", alias.alias, alias.collection)
            ),
        )

    @work(exclusive=True, group=workers.ALIASES_CHANGE, exit_on_error=False)
    async def change(self, what: str, alias: str, collection: str) -> None:
        if what == "create":
            await create_alias(self.session, alias, collection)
            message = f"{alias} → {collection}"
        elif what == "update":
            await update_alias(self.session, alias, collection)
            message = f"{alias} now → {collection}"
        else:
            await delete_alias(self.session, alias)
            message = f"Deleted {alias}"
        self.notify(message, title="Aliases", markup=False)
        self.load()

    @on(DataTable.RowSelected, "#aliases-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_browse()

    @guarded
    def action_browse(self) -> None:
        alias = self._require_alias()
        if alias is not None:
            self.dismiss(alias.alias)

    def action_close(self) -> None:
        self.dismiss(None)
