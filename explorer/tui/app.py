"""The Textual app: one ExplorerSession on the app's loop; every network call in a worker."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header

from explorer.core.errors import ExplorerError
from explorer.startup import LaunchPlan, OpenedSession, open_session
from explorer.tui.collections_pane import CollectionsTable
from explorer.tui.status_bar import StatusBar

STATUS_REFRESH_SECONDS = 0.5


class ExplorerApp(App[None]):
    TITLE = "weaviate-explorer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh", id="refresh", tooltip="Reload collections and counts"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Close the connection and quit"),
    ]

    def __init__(self, plan: LaunchPlan) -> None:
        super().__init__()
        self.plan = plan
        self.opened: OpenedSession | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        yield CollectionsTable()
        yield StatusBar()
        yield Footer()

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.set_interval(STATUS_REFRESH_SECONDS, self.status_bar.refresh_status)
        self.connect()

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        try:
            self.opened = await open_session(self.plan, self.status_bar.show_message)
        except ExplorerError as exc:
            self.status_bar.show_message(f"{exc.title}")
            self.notify(exc.message, title=exc.title, severity="error", timeout=30, markup=False)
            return
        self.status_bar.session = self.opened.session
        self.status_bar.show_message("")
        self.refresh_collections()

    @work(exclusive=True, group="collections", exit_on_error=False)
    async def refresh_collections(self) -> None:
        if self.opened is None:
            return
        table = self.query_one(CollectionsTable)
        table.loading = True
        try:
            collections = await self.opened.session.list_collections()
        except ExplorerError as exc:
            self.notify(exc.message, title=exc.title, severity="error", markup=False)
            return
        finally:
            table.loading = False
            self.status_bar.refresh_status()
        table.show(collections)

    @on(CollectionsTable.CollectionSelected)
    def select_collection(self, event: CollectionsTable.CollectionSelected) -> None:
        if self.opened is not None:
            self.opened.session.use(event.name)  # local: no request
            self.status_bar.refresh_status()

    def action_refresh(self) -> None:
        self.refresh_collections()

    async def action_quit(self) -> None:
        await self.shutdown_session()
        self.exit()

    async def shutdown_session(self) -> None:
        opened, self.opened = self.opened, None
        if opened is not None:
            self.status_bar.session = None
            await opened.close()

    async def on_unmount(self) -> None:
        await self.shutdown_session()
