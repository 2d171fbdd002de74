"""A collection's tenants, a page at a time, with status and object counts, and their lifecycle."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static
from textual.worker import Worker

from explorer.core.admin.bulk_tenants import (
    BulkPlan,
    BulkProgress,
    apply_bulk_change,
    plan_bulk_change,
)
from explorer.core.admin.tenants import (
    TenantStatus,
    create_tenants,
    delete_tenants,
    list_tenant_page,
    set_tenant_status,
)
from explorer.core.base.formatting import format_count, safe_text
from explorer.core.base.models import TenantPage
from explorer.core.client.session import ExplorerSession
from explorer.tui import workers
from explorer.tui.bindings import TENANTS_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.screen_stack import ClosesOnlyItself, open_screen
from explorer.tui.screens.admin_forms import NamesScreen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed
from explorer.tui.screens.tenant_forms import BulkRequest, BulkTenantsScreen
from explorer.tui.widgets.explorer_header import ExplorerHeader
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.loading_later import loading_later

TENANT_PAGE_SIZE = 50
#: Matching tenants listed by name before the count is typed.
BULK_PREVIEW = 50


class TenantsScreen(ClosesOnlyItself[str | None]):
    """Dismisses with a tenant to browse (Enter), or None."""

    DEFAULT_CSS = """
    TenantsScreen #tenants-summary { height: auto; padding: 0 1; color: $text-muted; }
    TenantsScreen #tenants-table { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(TENANTS_BINDINGS)

    def __init__(
        self, session: ExplorerSession, collection: str, *, page_size: int = TENANT_PAGE_SIZE
    ) -> None:
        super().__init__()
        self.session = session
        self.collection = collection
        self.page_size = page_size
        self.page: TenantPage | None = None
        #: The ``after`` of every page shown before this one, to go back.
        self._previous: list[str | None] = []
        self._after: str | None = None

    def compose(self) -> ComposeResult:
        yield ExplorerHeader()
        yield Static("", id="tenants-summary")
        yield ExplorerTable(id="tenants-table")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Tenants of {self.collection}"
        table = self.query_one("#tenants-table", ExplorerTable)
        table.add_column("Tenant", key="name")
        table.add_column("Status", key="status")
        table.add_column("Objects", key="count")
        table.focus()
        self.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    @work(exclusive=True, group=workers.TENANTS_PAGE, exit_on_error=False)
    async def load(self) -> None:
        table = self.query_one("#tenants-table", ExplorerTable)
        with loading_later(table):
            page = await list_tenant_page(
                self.session, self.collection, limit=self.page_size, after=self._after
            )
        self.show(page)

    def show(self, page: TenantPage) -> None:
        self.page = page
        table = self.query_one("#tenants-table", ExplorerTable)
        selected = self.selected_tenant
        table.clear()
        for tenant in page.tenants:
            table.add_row(
                Text(safe_text(tenant.name, 60)),
                Text(tenant.activity_status),
                Text("—" if tenant.count is None else format_count(tenant.count), justify="right"),
                key=tenant.name,
            )
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        first = len(self._previous) * self.page_size + 1
        shown = f"{first}–{first + len(page.tenants) - 1}" if page.tenants else "none"
        more = "  n: next page" if page.next_after else ""
        self.query_one("#tenants-summary", Static).update(
            Text(
                f"{safe_text(self.collection)}: {page.total} tenants, showing {shown}. "
                f"Counts only for ACTIVE tenants.{more}"
            )
        )

    @property
    def selected_tenant(self) -> str | None:
        table = self.query_one("#tenants-table", ExplorerTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return str(key) if key is not None else None

    def _require_tenant(self) -> str | None:
        tenant = self.selected_tenant
        if tenant is None:
            self.notify("No tenant here: press c to create one.", markup=False)
        return tenant

    # -- paging ------------------------------------------------------------------------------------

    @guarded
    def action_next_page(self) -> None:
        if self.page is None or self.page.next_after is None:
            self.notify("This is the last page.", markup=False)
            return
        self._previous.append(self._after)
        self._after = self.page.next_after
        self.load()

    @guarded
    def action_previous_page(self) -> None:
        if not self._previous:
            self.notify("This is the first page.", markup=False)
            return
        self._after = self._previous.pop()
        self.load()

    @guarded
    def action_reload(self) -> None:
        self.load()

    # -- changes -----------------------------------------------------------------------------------

    @guarded
    def action_create_tenants(self) -> None:
        self.session.require_writable(f"create tenants in {self.collection}")

        def chosen(names: object) -> None:
            if isinstance(names, tuple) and names:
                self.create([str(n) for n in names])

        open_screen(
            self.app,
            NamesScreen(f"New tenants of {self.collection}", "tenant names, e.g. acme globex"),
            callback=chosen,
        )

    @work(exclusive=True, group=workers.TENANTS_CHANGE, exit_on_error=False)
    async def create(self, names: list[str]) -> None:
        created = await create_tenants(self.session, self.collection, names)
        self.notify(f"Created {', '.join(t.name for t in created)}", title="Tenants", markup=False)
        self.load()

    @guarded
    def action_activate(self) -> None:
        self._set_status("active")

    @guarded
    def action_deactivate(self) -> None:
        self._set_status("inactive")

    @guarded
    def action_offload(self) -> None:
        self._set_status("offloaded")

    def _set_status(self, status: TenantStatus) -> None:
        tenant = self._require_tenant()
        if tenant is not None:
            self.session.require_writable(f"change tenant {tenant} of {self.collection}")
            self.change_status(tenant, status)

    @work(exclusive=True, group=workers.TENANTS_CHANGE, exit_on_error=False)
    async def change_status(self, tenant: str, status: TenantStatus) -> None:
        done = await set_tenant_status(self.session, self.collection, [tenant], status)
        self.notify(f"{tenant} is now {done[0].activity_status}", title="Tenants", markup=False)
        self.load()

    @guarded
    def action_delete_tenant(self) -> None:
        tenant = self._require_tenant()
        if tenant is None:
            return
        self.session.require_writable(f"delete tenant {tenant} of {self.collection}")
        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"Delete tenant {tenant} of {self.collection}?",
                tenant,
                "All of this tenant's objects are deleted with it. This cannot be undone.",
            ),
            callback=when_confirmed(self.session, lambda: self.delete(tenant)),
        )

    @work(exclusive=True, group=workers.TENANTS_CHANGE, exit_on_error=False)
    async def delete(self, tenant: str) -> None:
        await delete_tenants(self.session, self.collection, [tenant])
        self.notify(f"Deleted tenant {tenant}", title="Tenants", markup=False)
        self.load()

    @guarded
    def action_bulk_by_pattern(self) -> None:
        self.session.require_writable(f"change tenants of {self.collection}")

        def chosen(request: object) -> None:
            if isinstance(request, BulkRequest):
                self.plan_bulk(request)

        open_screen(self.app, BulkTenantsScreen(self.collection), callback=chosen)

    @work(exclusive=True, group=workers.TENANTS_CHANGE, exit_on_error=False)
    async def plan_bulk(self, request: BulkRequest) -> None:
        """Show what matches and how many; the count is typed to go ahead."""
        plan = await plan_bulk_change(
            self.session, self.collection, request.action, request.selector
        )
        names = "\n".join(plan.match.names[:BULK_PREVIEW])
        if plan.count > BULK_PREVIEW:
            names += f"\n… and {plan.count - BULK_PREVIEW:,} more"
        summary = plan.summary()
        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"{summary[:1].upper()}{summary[1:]}?",
                str(plan.count),
                f"The {plan.count:,} matching tenants:\n{names}",
            ),
            callback=when_confirmed(self.session, lambda: self.apply_bulk(plan)),
        )

    @work(exclusive=True, group=workers.TENANTS_CHANGE, exit_on_error=False)
    async def apply_bulk(self, plan: BulkPlan) -> None:
        line = self.query_one("#tenants-summary", Static)

        def progress(update: BulkProgress) -> None:
            line.update(Text(f"{plan.action}: {update.done:,} of {update.total:,} tenants…"))

        try:
            result = await apply_bulk_change(self.session, plan, progress=progress)
        finally:
            self.load()
        self.notify(
            f"{result.past_tense.capitalize()} {len(result.changed):,} tenants"
            + (f" ({len(result.unchanged):,} already were)" if result.unchanged else ""),
            title="Tenants",
            markup=False,
        )

    # -- leaving -----------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#tenants-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_browse()

    @guarded
    def action_browse(self) -> None:
        tenant = self._require_tenant()
        if tenant is None or self.page is None:
            return
        status = next((t.activity_status for t in self.page.tenants if t.name == tenant), "")
        if status != "ACTIVE":
            self.notify(f"{tenant} is {status}: activate it (a) to browse it.", markup=False)
            return
        self.dismiss(tenant)

    def action_close(self) -> None:
        self.dismiss(None)
