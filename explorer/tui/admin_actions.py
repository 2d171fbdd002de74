"""The app's schema, alias and tenant actions: each refuses up front on a read-only connection,
asks for what it needs in a screen, then runs the change in a worker and reloads what it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from explorer.core.base.errors import ExplorerError
from explorer.tui import workers
from explorer.tui.errors import guarded
from explorer.tui.screen_stack import open_screen

if TYPE_CHECKING:  # the app's module, so its first frame, imports this one: no core here
    from explorer.core.admin.collection_spec import PropertySpec
    from explorer.core.admin.tenant_settings import TenantSettings
    from explorer.core.base.models import CollectionConfig, CollectionSummary
    from explorer.core.client.session import ExplorerSession
    from explorer.local.startup import OpenedSession
    from explorer.tui.panes.collections_pane import CollectionsTable


class AdminActions(App[None]):
    """Mixed into ExplorerApp, which provides the session, the panes and the loaders below."""

    opened: OpenedSession | None
    collections: tuple[CollectionSummary, ...]
    #: The open collection's config, once loaded (the schema pane shows it).
    config: CollectionConfig | None

    def refresh_collections(self) -> object:
        raise NotImplementedError

    def open_collection(self, name: str, tenant: str | None = None) -> object:
        raise NotImplementedError

    def load_collection_config(self, name: str) -> object:
        raise NotImplementedError

    def _session(self) -> ExplorerSession:
        if self.opened is None:
            raise ExplorerError("Not connected", "wait until the connection is made")
        return self.opened.session

    def _open_config(self) -> CollectionConfig | None:
        """The open collection's config, if it has loaded."""
        session = self.opened.session if self.opened is not None else None
        name = session.current_collection if session is not None else None
        return self.config if self.config is not None and self.config.name == name else None

    def _collections_table(self) -> CollectionsTable:
        from explorer.tui.panes.collections_pane import CollectionsTable

        return self.screen_stack[0].query_one(CollectionsTable)

    # -- collections -----------------------------------------------------------------------------

    @guarded
    def action_create_collection(self) -> None:
        from explorer.tui.screens.create_collection import CreateCollectionScreen

        session = self._session()
        session.require_writable("create a collection")

        def created(config: CollectionConfig | None) -> None:
            if config is not None:
                self.notify(f"Created {config.name}", title="Collection created", markup=False)
                self.refresh_collections()

        open_screen(self, CreateCollectionScreen(session), callback=created)

    @guarded
    def action_drop_collection(self) -> None:
        from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed

        session = self._session()
        name = self._collections_table().selected_name
        if name is None:
            self.notify("No collection to delete.", markup=False)
            return
        session.require_writable(f"delete collection {name}")
        summary = next((c for c in self.collections if c.name == name), None)
        if summary is not None and summary.count is not None:
            objects = f"its {summary.count:,} objects"
        else:
            objects = "all its objects (in every tenant)"

        open_screen(
            self,
            ConfirmTypedScreen(
                f"Delete collection {name}?",
                name,
                f"This deletes {objects} and its configuration. It cannot be undone.",
            ),
            callback=when_confirmed(session, lambda: self.drop(name)),
        )

    @work(exclusive=True, group=workers.SCHEMA_CHANGE, exit_on_error=False)
    async def drop(self, name: str) -> None:
        from explorer.core.admin.schema import drop_collection

        await drop_collection(self._session(), name)
        self.notify(f"Deleted {name}", title="Collection deleted", markup=False)
        self.refresh_collections()

    @guarded
    def action_add_property(self) -> None:
        from explorer.core.admin.collection_spec import PropertySpec
        from explorer.tui.screens.admin_forms import AddPropertyScreen

        session = self._session()
        config = self._open_config()
        if config is None:
            self.notify("Open a collection first (1).", markup=False)
            return
        session.require_writable(f"add a property to {config.name}")
        collection = session.current_collection or config.name

        def chosen(prop: object) -> None:
            if isinstance(prop, PropertySpec):
                self.apply_new_property(collection, prop)

        open_screen(self, AddPropertyScreen(config.name), callback=chosen)

    @work(exclusive=True, group=workers.SCHEMA_CHANGE, exit_on_error=False)
    async def apply_new_property(self, collection: str, prop: PropertySpec) -> None:
        from explorer.core.admin.schema import add_property

        config = await add_property(self._session(), collection, prop)
        self.notify(
            f"{config.name} now has {prop.name} ({prop.data_type})",
            title="Property added",
            markup=False,
        )
        self.load_collection_config(collection)

    @guarded
    def action_tenant_settings(self) -> None:
        """Auto-creation and auto-activation of the schema pane's collection's tenants."""
        from explorer.core.admin.tenant_settings import TenantSettings, tenant_settings
        from explorer.tui.screens.tenant_forms import TenantSettingsScreen

        session = self._session()
        config = self._open_config()
        if config is None:
            self.notify("Open a collection first (1).", markup=False)
            return
        session.require_writable(f"change the tenant settings of {config.name}")
        if not config.multi_tenant:
            self.notify(f"{config.name} is not multi-tenant: it has no tenants.", markup=False)
            return
        current = tenant_settings(config)

        def chosen(wanted: object) -> None:
            if isinstance(wanted, TenantSettings) and wanted != current:
                self.apply_tenant_settings(config.name, current, wanted)

        open_screen(self, TenantSettingsScreen(config.name, current), callback=chosen)

    @work(exclusive=True, group=workers.SCHEMA_CHANGE, exit_on_error=False)
    async def apply_tenant_settings(
        self, collection: str, current: TenantSettings, wanted: TenantSettings
    ) -> None:
        from explorer.core.admin.tenant_settings import update_tenant_settings

        def changed(old: bool, new: bool) -> bool | None:
            return None if old == new else new

        now = await update_tenant_settings(
            self._session(),
            collection,
            auto_tenant_creation=changed(current.auto_tenant_creation, wanted.auto_tenant_creation),
            auto_tenant_activation=changed(
                current.auto_tenant_activation, wanted.auto_tenant_activation
            ),
        )
        self.notify(
            f"{collection}: auto-creation {'on' if now.auto_tenant_creation else 'off'}, "
            f"auto-activation {'on' if now.auto_tenant_activation else 'off'}",
            title="Tenant settings",
            markup=False,
        )
        self.load_collection_config(collection)

    # -- tenants and aliases ---------------------------------------------------------------------

    @guarded
    def action_show_tenants(self) -> None:
        from explorer.tui.screens.tenants_screen import TenantsScreen

        session = self._session()
        table = self._collections_table()
        name = table.selected_name if table.has_focus else None
        name = name or session.current_collection or table.selected_name
        if name is None:
            self.notify("Highlight a collection first (1).", markup=False)
            return
        summary = next((c for c in self.collections if c.name == name), None)
        if summary is not None and not summary.multi_tenant:
            self.notify(f"{name} is not multi-tenant: it has no tenants.", markup=False)
            return

        def browse(tenant: str | None) -> None:
            if tenant is not None:
                self.open_collection(name, tenant)

        open_screen(self, TenantsScreen(session, name), callback=browse)

    @guarded
    def action_show_aliases(self) -> None:
        from explorer.tui.screens.aliases_screen import AliasesScreen

        def browse(alias: str | None) -> None:
            if alias is not None:
                self.open_collection(alias)

        open_screen(self, AliasesScreen(self._session()), callback=browse)
