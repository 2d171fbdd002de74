"""The Textual app: one ExplorerSession on the app's loop; every network call in a worker.

The first frame comes before anything it does not show is imported or mounted: the header, an
empty collections list and the status bar (no pane, screen or client code is imported). Just
after it the list's table, the tabs and the footer mount; then the connection is made in a
worker (weaviate-client is imported in a thread, while the status bar says "connecting…"), the
objects pane loads once the collections show, and each other pane when its tab is first shown
or the app first hands it work (:class:`PaneSlot`). The app holds what a pane loaded later must
catch up with (the open collection's config) and gives it on mount.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on, work
from textual._context import active_message_pump
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import Worker

from explorer.core.base.errors import ConnectionFailed
from explorer.core.base.gc_pauses import GcPauses
from explorer.tui import workers
from explorer.tui.admin_actions import AdminActions
from explorer.tui.bindings import APP_BINDINGS
from explorer.tui.commands import ActionsProvider, CollectionsProvider
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.history_actions import HistoryActions
from explorer.tui.key_order import KeyOrder, OrderedInput
from explorer.tui.keymap import load_user_keymap
from explorer.tui.lab.commands import LabViewsProvider
from explorer.tui.lab.messages import LabObjectOpened, LabViewRequested
from explorer.tui.main_screen import MainScreen
from explorer.tui.messages import (
    CancelRequested,
    CollectionsChanged,
    ObjectOpenRequested,
    OpenCollectionRequested,
    ReplayRequested,
    StatusChanged,
    UnexpectedError,
)
from explorer.tui.saved_queries_provider import SavedQueriesProvider
from explorer.tui.screen_stack import ExplorerCommandPalette, close_screens_above, open_screen
from explorer.tui.settings import DEFAULT_PAGE_SIZE, load_settings, save_setting
from explorer.tui.status_bar import StatusBar
from explorer.tui.widgets.explorer_header import ExplorerHeader
from explorer.tui.widgets.loading_later import loading_later
from explorer.tui.widgets.pane_slot import PaneSlot

if TYPE_CHECKING:
    from textual.widgets import TabbedContent

    from explorer.core.admin.collection_counts import CountResult
    from explorer.core.admin.tenant_patterns import TenantSelector
    from explorer.core.base.models import (
        CollectionConfig,
        CollectionPreview,
        CollectionSummary,
        TenantInfo,
    )
    from explorer.core.client.health import Health
    from explorer.core.client.session import ExplorerSession
    from explorer.local.startup import LaunchPlan, OpenedSession
    from explorer.tui.panes.cluster_pane import ClusterPane
    from explorer.tui.panes.collections_pane import CollectionsTable
    from explorer.tui.panes.objects_pane import ObjectsPane
    from explorer.tui.panes.query_pane import QueryPane
    from explorer.tui.screens.object_detail import ObjectDetailScreen
    from explorer.tui.screens.tenant_picker import TenantChoice

STATUS_REFRESH_SECONDS = 0.5
#: How often the app looks for a moment to run a deferred full garbage collection, and how long
#: nobody must have typed for it to be one (explorer/core/base/gc_pauses.py says why).
GC_CHECK_SECONDS = 2.0
GC_IDLE_SECONDS = 2.0
#: Seconds the collections list waits for the schema (a read right after a node dies can wait
#: out a Raft election); then it keeps the list it has and counts that.
SCHEMA_TIMEOUT = 8.0
#: Seconds the connection waits for the collections preview (two plain REST reads) before it
#: imports weaviate-client, which would hold the GIL the preview needs.
PREVIEW_HEAD_START = 0.5
PANE_TABS = {
    "objects": "tab-objects",
    "query": "tab-query",
    "schema": "tab-schema",
    "aggregate": "tab-aggregate",
    "cluster": "tab-cluster",
    "lab": "tab-lab",
}
#: Each tab's label.
PANE_TITLES = {
    "objects": "Objects [2]",
    "query": "Query [3]",
    "schema": "Schema [4]",
    "aggregate": "Aggregate [5]",
    "cluster": "Cluster [6]",
    "lab": "Lab [7]",
}


def _make_pane(key: str, page_size: int) -> Widget:
    """Import ``key``'s pane module and build the pane, bound to the app's session."""
    pane: Widget
    if key == "objects":
        from explorer.tui.panes.objects_pane import ObjectsPane

        pane = ObjectsPane(page_size)
    elif key == "query":
        from explorer.tui.panes.query_pane import QueryPane

        pane = QueryPane()
    elif key == "schema":
        from explorer.tui.panes.schema_pane import SchemaPane

        pane = SchemaPane()
    elif key == "aggregate":
        from explorer.tui.panes.aggregate_pane import AggregatePane

        pane = AggregatePane()
    elif key == "cluster":
        from explorer.tui.panes.cluster_pane import ClusterPane

        pane = ClusterPane()
    else:
        from explorer.tui.lab.lab_pane import LabPane

        pane = LabPane()
    return pane.data_bind(ExplorerApp.session)


#: The widget each pane key focuses: the pane's first field.
_PANE_FOCUS = {
    "objects": "#objects-table",
    "query": "#query-kind",  # the form's first field: every kind shows it
    "schema": "#schema-pane",
    "aggregate": "#aggregate-properties",
    "cluster": "#cluster-nodes",
}
#: Seconds a pane key holds the keys typed after it while its pane is first imported and
#: mounted; past that they go on (to the old focus).
PANE_LOAD_WAIT = 3.0


class ExplorerApp(HistoryActions, AdminActions):
    TITLE = "weaviate-explorer"
    BINDINGS: ClassVar[list[BindingType]] = list(APP_BINDINGS)
    COMMANDS = App.COMMANDS | {
        CollectionsProvider,
        ActionsProvider,
        SavedQueriesProvider,
        LabViewsProvider,
    }
    CSS = """
    #main { height: 1fr; }
    #collections, #collections-skeleton { width: 30; border-right: solid $primary; }
    #tabs { width: 1fr; }
    /* Toasts sit above the footer by default: on the main screen that is the status bar. */
    .with-status-bar ToastRack { margin-bottom: 2; }
    """
    #: The one session of the app. Panes and the status bar are bound to it (``data_bind``)
    #: and reset themselves when it changes (a connection switch).
    session: var[ExplorerSession | None] = var(None)

    def __init__(self, plan: LaunchPlan, *, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        super().__init__()
        self.plan = plan
        #: The connection from the command line (``plan`` changes when the user switches).
        self.startup_plan = plan
        self.page_size = page_size
        self.opened: OpenedSession | None = None
        self.collections: tuple[CollectionSummary, ...] = ()
        #: The open collection's config, once loaded: what a pane mounted later is shown.
        self.config: CollectionConfig | None = None
        #: Each tab's pane, mounted when first needed (see :meth:`with_pane`).
        self._slots = {key: self._slot(key) for key in PANE_TABS}
        self._status_bar = StatusBar()
        #: Set by ``r`` while the first connection waits to retry.
        self._retry_now = asyncio.Event()
        #: The counts the REST preview read before the client was ready (see
        #: :meth:`preview_collections`): the full list shows them until they are read again.
        self._preview_counts: dict[str, int] = {}
        #: A collection opened from the preview, before the connection: opened once connected.
        self._open_when_connected: tuple[str, str | None] | None = None
        #: The user's keys (settings.toml ``[keymap]``), applied with set_keymap.
        self.keymap, self._keymap_path = load_user_keymap()
        self.set_keymap(self.keymap.keys)
        #: Typed keys reach the widgets in order, each after the one before it was handled.
        self.key_order = KeyOrder(self, self._dispatch_typed)
        self.key_order.hold()  # until the rest of the main screen is mounted
        #: Full garbage collections wait for a quiet moment (see :meth:`collect_garbage`).
        self.gc_pauses = GcPauses()
        #: When the user last pressed a key, pasted or used the mouse (``time.monotonic``).
        self.last_input = time.monotonic()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.last_input = time.monotonic()
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            await self.key_order.take(event)
            return
        await super().on_event(event)

    async def _dispatch_typed(self, event: OrderedInput) -> None:
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key that bubbles up to the app as its last screen goes (the app closing) finds no
        screen for its bindings: Textual's handler raised ScreenStackError (key monkey, seed
        752970, in CI). There is nothing left to act on, so it is dropped."""
        if not self.screen_stack:
            event.prevent_default()  # Textual's App._on_key comes next in the MRO

    def compose(self) -> ComposeResult:
        """The first frame: the header, an empty collections list and the status bar. The
        list's table, the tabs and the footer follow it (:meth:`_mount_the_rest`)."""
        yield ExplorerHeader(show_clock=False, icon="◆")
        with Horizontal(id="main"):
            skeleton = Static("", id="collections-skeleton")
            skeleton.border_title = "Collections"
            yield skeleton
        yield self._status_bar.data_bind(ExplorerApp.session)

    async def _mount_the_rest(self) -> None:
        from textual.widgets import TabbedContent, TabPane

        from explorer.tui.panes.collections_pane import CollectionsTable
        from explorer.tui.widgets.keys_footer import KeysFooter

        try:
            screen = self.main_screen
            skeleton = screen.query_one("#collections-skeleton")
            # As in compose: ``data_bind`` binds to the running message pump's reactives.
            token = active_message_pump.set(self)
            try:
                table = CollectionsTable().data_bind(ExplorerApp.session)
            finally:
                active_message_pump.reset(token)
            tabs = TabbedContent(id="tabs", initial=PANE_TABS["objects"])
            for key, tab in PANE_TABS.items():
                tabs.compose_add_child(TabPane(PANE_TITLES[key], self._slots[key], id=tab))
            await screen.query_one("#main").mount_all([table, tabs], after=skeleton)
            await skeleton.remove()
            await screen.mount(KeysFooter())
            if self.focused is None:
                screen.set_focus(table)
        finally:
            self.key_order.release()  # the keys typed during the first frame, in order

    def collections_table(self) -> CollectionsTable | None:
        """The collections list, once it is mounted (just after the first frame)."""
        found = self.main_screen.query("#collections")
        return cast("CollectionsTable", found.first()) if found else None

    def _table(self) -> CollectionsTable:
        table = self.collections_table()
        assert table is not None, "mounted before the connection is made"
        return table

    def _tabs_now(self) -> TabbedContent:
        tabs = self.tabs()
        assert tabs is not None, "mounted before the connection is made"
        return tabs

    def tabs(self) -> TabbedContent | None:
        """The tabs, once they are mounted (just after the first frame)."""
        found = self.main_screen.query("#tabs")
        return cast("TabbedContent", found.first()) if found else None

    # -- the panes, mounted when first needed ------------------------------------------------

    def _slot(self, key: str) -> PaneSlot:
        return PaneSlot(
            partial(_make_pane, key, self.page_size), then=partial(self._pane_loaded, key)
        )

    def pane(self, key: str) -> Any:
        """``key``'s pane if it is mounted, else None (it catches up when it is)."""
        pane = self._slots[key].pane
        return pane if pane is not None and pane.is_attached else None

    def with_pane(self, key: str, callback: Callable[[Any], object]) -> None:
        """``callback(pane)`` now if ``key``'s pane is mounted, else once it is (loading it)."""
        self._slots[key].when_loaded(callback)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab shown loads its pane (by the message's name: the tabs mount after the first
        frame, and so are imported after it)."""
        if event.tabbed_content.id != "tabs":
            return
        for key, tab in PANE_TABS.items():
            if event.pane.id == tab:
                self._slots[key].load()

    def _pane_loaded(self, key: str, pane: Any) -> None:
        """A pane mounted after the app opened a collection: show it that collection."""
        session = self.session
        name = session.current_collection if session is not None else None
        if name is None:
            return
        if key in ("objects", "cluster"):
            pane.show_collection(name)
            return
        if self.config is None or self.config.name != name:
            return  # load_collection_config gives it the config when it comes
        if key == "schema":
            pane.show_config(self.config)
        else:
            pane.show_collection(self.config)

    def get_default_screen(self) -> Screen[object]:
        # Its class from the start: adding one to a mounted screen restyles every widget on it
        # (35 ms on the way to the first frame).
        return MainScreen(id="_default", classes="with-status-bar")

    @property
    def main_screen(self) -> Screen[object]:
        """The screen with the panes (queries on the app search only the active screen)."""
        return self.screen_stack[0]

    @property
    def status_bar(self) -> StatusBar:
        return self._status_bar

    def on_mount(self) -> None:
        theme = load_settings().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.set_interval(STATUS_REFRESH_SECONDS, self.refresh_status)
        # The bar is not drawn while a screen hides it: brought up to date when screens change.
        self.screen_change_signal.subscribe(self, lambda _screen: self.refresh_status())
        self.gc_pauses.begin()
        self.set_interval(GC_CHECK_SECONDS, self.collect_garbage)
        self.status_bar.show_message("connecting…")
        warning = self.keymap.warning(self._keymap_path)
        if warning is not None:
            self.notify(warning, title="Keymap", severity="warning", timeout=20, markup=False)
        # Once the first frame is out: the rest of the main screen, then the connection
        # (importing weaviate-client competes for the GIL). The objects pane loads once the
        # collections show (or the connection fails): until then there is nothing to open.
        self.call_after_refresh(self._mount_the_rest)
        self.call_after_refresh(self.connect)

    def refresh_status(self) -> None:
        self.status_bar.refresh_status()

    def collect_garbage(self) -> bool:
        """Run the deferred full garbage collection if it is due and the app is quiet: nobody
        has typed for :data:`GC_IDLE_SECONDS` and no worker is running (or if it is overdue)."""
        quiet = time.monotonic() - self.last_input >= GC_IDLE_SECONDS and not any(
            worker.is_running for worker in self.workers
        )
        return self.gc_pauses.collect_if_due(idle=quiet)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self, event.worker, event.state)

    # -- connection and collections ------------------------------------------------------------

    @work(exclusive=True, group=workers.CONNECT, exit_on_error=False)
    async def connect(self) -> None:
        """Connect; while the server cannot be reached, retry with backoff (``r`` retries now)."""
        from explorer.core.client.health import BACKOFF_FACTOR, BACKOFF_FIRST, BACKOFF_MAX
        from explorer.local.startup import open_session

        if not self.plan.embedded and self.opened is None:
            # The preview's two reads take some 50 ms; weaviate-client's import beside them
            # holds the GIL and stretched them to some 300 ms in a traced start. So the client
            # waits for them (at most PREVIEW_HEAD_START): by hand in tmux the list showed at
            # 430-510 ms, the connection at 776-892 ms (769-821 ms without the preview).
            preview = self.preview_collections()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(preview.wait(), PREVIEW_HEAD_START)
        delay = BACKOFF_FIRST
        while True:
            try:
                opened = await open_session(
                    self.plan, self._say_connecting, self.confirm_protected_change
                )
                break
            except ConnectionFailed as exc:
                self._slots["objects"].load()
                if delay == BACKOFF_FIRST:
                    show_error(self, exc)  # said once; the status bar counts down the retries
                self._say_connecting(f"{exc.title} (retry in {delay:g}s; r retries now)")
                self._retry_now.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._retry_now.wait(), delay)
                delay = min(delay * BACKOFF_FACTOR, BACKOFF_MAX)
            except BaseException as exc:
                self._slots["objects"].load()
                title = getattr(exc, "title", type(exc).__name__)
                self.status_bar.show_message(str(title))
                raise
        self.workers.cancel_group(self, workers.PREVIEW)
        self._use(opened)
        # What is alive now lives as long as the app: modules, widgets, the client.
        self.gc_pauses.freeze_startup()
        self.status_bar.show_message("")
        self.refresh_collections()

    def _say_connecting(self, message: str) -> None:
        """How the connection goes, and the collection chosen from the preview that waits for it."""
        pending = self._open_when_connected
        self.status_bar.show_message(
            message if pending is None else f"{message} · {pending[0]} opens once connected"
        )

    @work(exclusive=True, group=workers.PREVIEW, exit_on_error=False)
    async def preview_collections(self) -> None:
        """While weaviate-client imports: the list and its counts over plain REST.

        Two reads (:mod:`explorer.core.client.schema_preview`); the full list replaces them
        once the client is connected. No preview (OIDC, a server that does not answer) shows
        nothing: the connection says what is wrong."""
        # httpx and the module in a thread: keys are answered meanwhile.
        from explorer.core.base.asyncio_http import import_httpcore_without_trio

        await asyncio.to_thread(import_httpcore_without_trio)
        for module in ("httpx", "explorer.core.client.schema_preview"):
            await asyncio.to_thread(importlib.import_module, module)
        from explorer.core.client.schema_preview import preview_collections

        def listed(previews: tuple[CollectionPreview, ...]) -> None:
            if self.opened is None:  # the full list never gives way to the preview
                self._table().show(previews)

        previews = await preview_collections(self.plan.connection, listed)
        if previews is not None and self.opened is None:
            self._preview_counts = {p.name: p.count for p in previews if p.count is not None}
            self._table().show(previews)

    def _use(self, opened: OpenedSession) -> None:
        """Make ``opened`` the app's connection: watched for health, bound to every pane."""
        opened.session.confirm_mutation = self.confirm_protected_change
        opened.watch_health(on_change=self._health_changed, on_recovered=self._server_back)
        self.opened = opened
        self.session = opened.session

    async def confirm_protected_change(self, action: str) -> bool:
        """On a protected connection every change asks first: the user types yes."""
        from explorer.tui.screens.confirm_typed import ConfirmTypedScreen

        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def answered(confirmed: bool | None) -> None:
            if not answer.done():
                answer.set_result(bool(confirmed))

        self.push_screen(
            ConfirmTypedScreen(
                f"This connection is protected: {action}?",
                "yes",
                "Every change on a protected connection is confirmed first.",
            ),
            callback=answered,
        )
        return await answer

    def _health_changed(self, health: Health) -> None:
        previous = self.status_bar.health
        self.status_bar.health = health
        self.refresh_status()
        if previous is not None and previous.state == health.state:
            return
        if health.state in ("down", "grpc-down"):
            self.notify(
                f"{health.detail}. Reconnecting in the background…",
                title="Connection lost",
                severity="error",
                markup=False,
            )

    def _server_back(self) -> None:
        """The server answers again: say so and reload what is on screen."""
        self.notify("Reconnected.", markup=False)
        self.refresh_collections()
        session = self.opened.session if self.opened else None
        if session is not None and session.current_collection is not None:
            objects: ObjectsPane | None = self.pane("objects")
            if objects is not None:
                objects.show_collection(session.current_collection)
            self.load_collection_config(session.current_collection)

    @work(exclusive=True, group=workers.CONNECT, exit_on_error=False)
    async def switch_connection(self, plan: LaunchPlan) -> None:
        """Connect as ``plan`` says, then close the old connection: no restart, same loop.

        The new session connects first, so a failed switch leaves the current one as it was.
        Then every worker of the old session is cancelled and :attr:`session` changes: each pane
        and the status bar reset themselves (they are bound to it).
        """
        from explorer.local.startup import switch_session

        self.status_bar.show_message(f"connecting to {plan.connection.describe()}…")
        try:
            opened = await switch_session(self.opened, plan, self.status_bar.show_message)
        except BaseException as exc:
            title = getattr(exc, "title", type(exc).__name__)
            still = " (still on the previous server)" if self.opened is not None else ""
            self.status_bar.show_message(f"{title}{still}")
            raise
        for worker in list(self.workers):
            if worker.group in workers.SESSION_GROUPS and worker.is_running:
                worker.cancel()
        self.plan, self.collections, self.config = plan, (), None
        self._use(opened)
        self.status_bar.show_message(f"switched to {opened.session.options.display_url}")
        self.refresh_collections()

    @guarded
    def action_connections(self) -> None:
        from explorer.tui.screens.connect_screen import ConnectScreen

        def chosen(plan: LaunchPlan | None) -> None:
            if plan is not None:
                self.switch_connection(plan)

        open_screen(self, ConnectScreen(self.startup_plan), chosen, from_main=True)

    @guarded
    def action_users_and_roles(self) -> None:
        from explorer.tui.screens.access_screen import AccessScreen

        if self.opened is None:
            self.notify("Not connected yet.", markup=False)
            return
        open_screen(self, AccessScreen(self.opened.session), from_main=True)

    @work(exclusive=True, group=workers.COLLECTIONS, exit_on_error=False)
    async def refresh_collections(self) -> None:
        """The list at once from the schema; the counts follow, bounded (a node may be down),
        so neither the list nor the next ``r`` waits for a slow count."""
        from explorer.core.base.models import CollectionSummary

        if self.opened is None:
            return
        session = self.opened.session
        table = self._table()
        with loading_later(table):
            try:
                configs = await asyncio.wait_for(session.list_collection_configs(), SCHEMA_TIMEOUT)
            except TimeoutError:
                # A schema read right after a node dies can wait out a Raft election.
                self.notify(
                    f"The schema did not answer within {SCHEMA_TIMEOUT:.0f} s (is a node down?). "
                    "The list is unchanged; r asks again.",
                    title="Collections not refreshed",
                    severity="warning",
                    markup=False,
                )
                configs = None
        if configs is not None:
            counts, self._preview_counts = self._preview_counts, {}
            self.collections = tuple(
                CollectionSummary.of(config, counts.get(config.name)) for config in configs
            )
            table.show(self.collections)
        self.count_collections(tuple(c.name for c in self.collections if not c.multi_tenant))
        if self.plan.demo and session.current_collection is None:
            from explorer.core.transfer.demo import DEMO_COLLECTION

            if any(c.name == DEMO_COLLECTION for c in self.collections):
                # A new user sees data at once; a help or palette opened while the server
                # started stays open, the collection opening beneath it.
                self.open_collection(DEMO_COLLECTION, keep_screens=True)
        pending, self._open_when_connected = self._open_when_connected, None
        if pending is not None and any(c.name == pending[0] for c in self.collections):
            self.open_collection(*pending, keep_screens=True)

    @work(exclusive=True, group=workers.COLLECTION_COUNTS, exit_on_error=False)
    async def count_collections(self, names: tuple[str, ...]) -> None:
        """Each count as it arrives; one that cannot come says why ("n/a (node1 down)")."""
        # Imported in a thread the first time: 9 ms on the loop, measured in the loop-lag run.
        await asyncio.to_thread(importlib.import_module, "explorer.core.admin.collection_counts")
        from explorer.core.admin.collection_counts import bounded_counts

        if self.opened is None:
            return
        table = self._table()

        def arrived(result: CountResult) -> None:
            if result.count is not None:
                self.collections = tuple(
                    replace(c, count=result.count) if c.name == result.name else c
                    for c in self.collections
                )
            table.show_count(result.name, result.count, f"n/a ({result.why_none})")

        try:
            down = await bounded_counts(self.opened.session, names, arrived)
        finally:
            # Once the counts are painted: the list does not need it, and importing it would
            # hold the loop before the frame that shows them.
            self.call_after_refresh(self._slots["objects"].load)
        if down:
            self.notify(
                f"{', '.join(down)} {'is' if len(down) == 1 else 'are'} down: the counts that "
                "need it show n/a.",
                title="Cluster node down",
                severity="warning",
                markup=False,
            )

    @guarded
    def on_collections_table_collection_selected(
        self, event: CollectionsTable.CollectionSelected
    ) -> None:
        self.open_collection(event.name)

    @guarded
    def open_collection(
        self, name: str, tenant: str | None = None, *, keep_screens: bool = False
    ) -> None:
        """Make ``name`` current (locally), then load it into the panes.

        A multi-tenant collection first asks for its tenant. The screens open above the main one
        close, but with ``keep_screens`` (an opening the user did not ask for just now: the
        demo's, or one chosen while the client connected).
        """
        if self.opened is None:
            if workers.running_in(self.workers, workers.CONNECT):
                # A line of the preview, chosen while the client connects: opened once it has.
                self._open_when_connected = (name, tenant)
                self._say_connecting("connecting…")
            else:
                self.notify("Not connected yet.", markup=False)
            return
        if not keep_screens:
            self._back_to_main_screen()
        summary = next((c for c in self.collections if c.name == name), None)
        if tenant is None and summary is not None and summary.multi_tenant:
            self.choose_tenant(name)
            return
        session = self.opened.session
        session.use(name, tenant)  # local: no request
        query: QueryPane | None = self.pane("query")
        if query is not None:
            query.search_across(None)  # one tenant again
        self.refresh_status()
        # A pane not mounted yet is shown the collection when it mounts (_pane_loaded).
        objects: ObjectsPane | None = self.pane("objects")
        if objects is not None:
            objects.show_collection(name)
        self.load_collection_config(name)
        cluster: ClusterPane | None = self.pane("cluster")
        if cluster is not None:
            cluster.show_collection(name)
        tabs = self._tabs_now()
        tabs.active = PANE_TABS["objects"]

        def focus_objects(pane: ObjectsPane) -> None:
            if tabs.active == PANE_TABS["objects"]:  # unless another tab was shown meanwhile
                self.main_screen.set_focus(pane.query_one("#objects-table"))

        self.with_pane("objects", focus_objects)

    @work(exclusive=True, group=workers.TENANTS, exit_on_error=False)
    async def choose_tenant(self, name: str) -> None:
        from explorer.tui.screens.tenant_picker import TenantPickerScreen

        assert self.opened is not None
        tenants = await self.opened.session.list_tenants(name)

        def chosen(choice: TenantChoice | None) -> None:
            if isinstance(choice, str):
                self.open_collection(name, choice)
            elif choice is not None:
                self.search_across_tenants(name, choice, tenants)

        # A callback, not push_screen_wait: no worker stays parked while the user decides.
        open_screen(self, TenantPickerScreen(name, tenants), chosen)

    @guarded
    def search_across_tenants(
        self, name: str, selector: TenantSelector, tenants: tuple[TenantInfo, ...]
    ) -> None:
        """The query pane searches across ``selector``; the objects pane browses one tenant
        (the one open, else the first ACTIVE one the selector matches)."""
        from explorer.core.admin.tenant_patterns import match_tenants

        assert self.opened is not None
        session = self.opened.session
        if session.current_collection != name or session.current_tenant is None:
            statuses = {t.name: t.activity_status for t in tenants}
            active = match_tenants(selector, statuses).with_status("ACTIVE")
            if not active:
                self.notify(
                    f"No ACTIVE tenant of {name} matches {selector.text}: activate some (T).",
                    markup=False,
                )
                return
            self.open_collection(name, active[0])
        self._tabs_now().active = PANE_TABS["query"]

        def across(pane: QueryPane) -> None:
            pane.search_across(selector)
            self.main_screen.set_focus(pane.query_one("#query-text"))

        self.with_pane("query", across)

    @guarded
    def action_switch_tenant(self) -> None:
        session = self.opened.session if self.opened else None
        if session is None or session.current_collection is None:
            self.notify("Open a multi-tenant collection first (1).", markup=False)
            return
        self.choose_tenant(session.current_collection)

    @work(exclusive=True, group=workers.CONFIG, exit_on_error=False)
    async def load_collection_config(self, name: str) -> None:
        assert self.opened is not None
        config = await self.opened.session.collection_config(name, refresh=True)
        self.config = config
        # The panes mounted so far; the others are given it when they mount (_pane_loaded).
        for key in ("query", "schema", "aggregate", "lab"):
            pane = self.pane(key)
            if pane is None:
                continue
            if key == "schema":
                pane.show_config(config)
            else:
                pane.show_collection(config)

    # -- objects ---------------------------------------------------------------------------------

    # The panes' messages are handled by name (``on_<pane>_<message>``), so that this module
    # need not import the panes to name their message classes.

    def on_objects_pane_object_opened(self, event: ObjectsPane.ObjectOpened) -> None:
        self.open_object(event.collection, event.uuid)

    def on_query_pane_result_opened(self, event: QueryPane.ResultOpened) -> None:
        self.open_object(event.collection, event.uuid, event.tenant)

    @on(ObjectOpenRequested)
    def object_open_requested(self, event: ObjectOpenRequested) -> None:
        self.open_object(event.collection, event.uuid)

    @on(LabObjectOpened)
    def lab_object_opened(self, event: LabObjectOpened) -> None:
        self.open_object(event.collection, event.uuid)

    @guarded
    def open_object(self, collection: str, uuid: str, tenant: str | None = None) -> None:
        from explorer.tui.screens.object_detail import ObjectDetailScreen

        if self.opened is not None:
            open_screen(self, ObjectDetailScreen(self.opened.session, collection, uuid, tenant))

    @on(LabViewRequested)
    @guarded
    def lab_view_requested(self, event: LabViewRequested) -> None:
        """A lab view as a screen of its own, on the current collection."""
        from explorer.tui.lab.lab_screens import (
            SearchQualityScreen,
            VectorHealthScreen,
            VectorMapScreen,
        )

        session = self.opened.session if self.opened else None
        if session is None or session.current_collection is None:
            self.notify("Open a collection first (1).", markup=False)
            return
        name = session.current_collection
        if event.view == "map":
            query: QueryPane | None = self.pane("query")
            result = query.result if query is not None else None
            highlighted = frozenset(
                o.uuid for o in (result.objects if result and result.collection == name else ())
            )
            open_screen(self, VectorMapScreen(session, name, highlighted), from_main=True)
        elif event.view == "health":
            open_screen(self, VectorHealthScreen(session, name), from_main=True)
        else:
            open_screen(self, SearchQualityScreen(session, name), from_main=True)

    def on_object_editing_objects_changed(self) -> None:
        self.refresh_collections()  # the counts in the list changed

    @guarded
    def on_object_detail_screen_similar_requested(
        self, event: ObjectDetailScreen.SimilarRequested
    ) -> None:
        self._tabs_now().active = PANE_TABS["query"]
        self.with_pane("query", lambda pane: pane.run_similar(event.uuid, event.target_vector))

    # -- actions ---------------------------------------------------------------------------------

    def _back_to_main_screen(self) -> None:
        close_screens_above(self, self.main_screen)

    def action_command_palette(self) -> None:
        """One palette at a time, and it closes only itself. No id, unlike Textual's: a palette
        just closed stays among the app's children until its removal ends, so ctrl+p pressed
        soon after opened a second one with the same id (DuplicateIds: key monkey, seed 289489
        after 18 keys). Textual tells an open palette by its class, not its id."""
        if self.use_command_palette:
            open_screen(self, ExplorerCommandPalette())

    def pop_screen(self) -> AwaitComplete:
        """Pop the active screen, never the main one: a late close must not end the app."""
        if len(self.screen_stack) <= 1:
            return AwaitComplete.nothing()
        return super().pop_screen()

    async def action_show_pane(self, pane: str) -> None:
        """The pane keys. The key typed next waits until this one is handled (``KeyOrder``),
        so waiting here for a pane's first mount sends "3", Tab and text typed in one burst
        to the query form, not to the widget the keys were typed in."""
        focused = self.show_pane(pane)
        if focused is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(focused), PANE_LOAD_WAIT)

    @guarded
    def show_pane(self, pane: str) -> asyncio.Future[None] | None:
        """Show ``pane``'s tab; focus its first field once it is mounted (the future's done)."""
        self._back_to_main_screen()
        screen = self.main_screen
        table, tabs = self.collections_table(), self.tabs()
        if table is None or tabs is None:  # a key in the first frame: once the rest is there
            self.call_after_refresh(self.show_pane, pane)
            return None
        if pane == "collections":
            screen.set_focus(table)
            return None
        if self._slots[pane].pane is None:
            # The pane mounts after its tab shows. Hiding the focused widget would move the
            # focus to the next one, in the tab being left, which shows that tab again ("5"
            # then "3" stayed on Aggregate): nothing has the focus until the pane does.
            screen.set_focus(None)
        tabs.active = PANE_TABS[pane]
        focused: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def focus(widget: Any) -> None:
            try:
                # Unless another pane key or a screen came meanwhile.
                if tabs.active == PANE_TABS[pane] and self.screen is screen:
                    self._focus_pane(pane, widget)
            finally:
                if not focused.done():
                    focused.set_result(None)

        self.with_pane(pane, focus)
        return focused

    def _focus_pane(self, pane: str, widget: Any) -> None:
        """Focus ``pane``'s first field: at once, not after the queued messages (``focus()``),
        so that keys typed right after the pane's key find the focus where it put it."""
        screen = self.main_screen
        if pane == "lab":
            widget.focus_active_view()
            return
        if pane == "aggregate":
            objects: ObjectsPane | None = self.pane("objects")
            if objects is not None and objects.filters is not None:
                where = objects.query_one("#objects-where", Input).value.strip()
                widget.offer_filter(where)
        screen.set_focus(screen.query_one(_PANE_FOCUS[pane]))

    @guarded
    def action_refresh(self) -> None:
        if self.opened is None:
            self._retry_now.set()  # waiting to retry the connection: retry at once
            return
        self.refresh_collections()
        objects = self.pane("objects")
        if objects is not None:
            objects.reload(from_start=False)  # the same page, read again (all of it)

    @guarded
    def action_cancel(self) -> None:
        self.cancel_calls()

    @on(CancelRequested)
    def cancel_requested(self) -> None:
        self.cancel_calls()

    @on(StatusChanged)
    def status_changed(self) -> None:
        self.refresh_status()

    @on(CollectionsChanged)
    def collections_changed(self) -> None:
        self.refresh_collections()

    @on(OpenCollectionRequested)
    def open_collection_requested(self, event: OpenCollectionRequested) -> None:
        self.open_collection(event.name, event.tenant)

    @on(ReplayRequested)
    def replay_requested(self, event: ReplayRequested) -> None:
        self.replay_request(event.request)

    @on(UnexpectedError)
    def unexpected_error(self, event: UnexpectedError) -> None:
        """The details modal; a crash report never shows the connection's secrets."""
        import traceback

        from explorer.core.client.connection import redact_secrets
        from explorer.tui.screens.error_details import ErrorDetailsScreen

        options = self.session.options if self.session is not None else None
        error = event.error
        details = redact_secrets("".join(traceback.format_exception(error)), options)
        summary = redact_secrets(f"{type(error).__name__}: {error}", options)
        self.push_screen(ErrorDetailsScreen(summary, details))

    def cancel_calls(self) -> int:
        """Cancel the queries and page loads in flight; returns how many were cancelled."""
        cancelled = [
            worker
            for worker in self.workers
            if worker.group in workers.CANCELLABLE and worker.is_running
        ]
        for worker in cancelled:
            worker.cancel()
        if cancelled:
            self.notify("Cancelled.", markup=False)
        return len(cancelled)

    @guarded
    def action_import_file(self) -> None:
        """Import a file into the current collection, or into a new one that the import screen
        creates (refused up front when read-only)."""
        from explorer.tui.screens.import_screen import ImportScreen

        session = self.opened.session if self.opened else None
        if session is None:
            self.notify("Connect first (C).", markup=False)
            return
        name = session.current_collection
        session.require_writable(f"import a file into {name or 'a new collection'}")

        def imported(report: object) -> None:
            if report is not None:
                self.refresh_collections()
                if name is not None and session.current_collection == name:
                    self.with_pane("objects", lambda pane: pane.show_collection(name))

        open_screen(self, ImportScreen(session, name or "", session.current_tenant), imported)

    @guarded
    def action_export_objects(self) -> None:
        self.with_pane("objects", lambda pane: pane.action_export_objects())

    @guarded
    def action_show_backups(self) -> None:
        from explorer.tui.screens.backups import BackupsScreen

        if self.opened is None:
            self.notify("Not connected yet.", markup=False)
            return
        names = tuple(c.name for c in self.collections)
        open_screen(self, BackupsScreen(self.opened.session, names), from_main=True)

    @guarded
    def action_help(self) -> None:
        from explorer.tui.screens.help_screen import HelpScreen

        # Installed once and reused: its table is built on the first open only.
        if not self.is_screen_installed("help"):
            self.install_screen(HelpScreen(self.keymap), name="help")
        open_screen(self, self.get_screen("help"))

    async def action_quit(self) -> None:
        await self.shutdown_session()
        self.exit()

    def _remember_theme(self, theme: object) -> None:
        self.run_worker(
            asyncio.to_thread(save_setting, "theme", self.theme),
            group=workers.SETTINGS,
            exit_on_error=False,
        )

    # -- shutdown --------------------------------------------------------------------------------

    async def shutdown_session(self) -> None:
        opened, self.opened = self.opened, None
        if opened is not None:
            await opened.close()

    async def on_unmount(self) -> None:
        try:
            await self.shutdown_session()
        finally:
            self.gc_pauses.end()
