"""The app's side of the query history and saved queries: open the history, replay a query."""

from __future__ import annotations

from typing import cast

from textual.app import App
from textual.widgets import TabbedContent

from explorer.core.query.codec import Request
from explorer.core.query.requests import AggregateRequest
from explorer.tui.errors import guarded
from explorer.tui.host import ExplorerHost
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screen_stack import open_screen
from explorer.tui.screens.history_screen import HistoryScreen


class HistoryActions(App[None]):
    """Mixed into :class:`ExplorerApp`."""

    @guarded
    def action_query_history(self) -> None:
        open_screen(self, HistoryScreen(), callback=self._history_chosen)

    def _history_chosen(self, request: Request | None) -> None:
        if request is not None:
            self.replay_request(request)

    @guarded
    def replay_request(self, request: Request) -> None:
        """Show ``request`` in the query pane and run it; open its collection first if needed."""
        app = cast(ExplorerHost, self)
        if isinstance(request, AggregateRequest):
            self.notify(
                "The TUI has no aggregate view: replay aggregates in the REPL (history, replay N).",
                markup=False,
            )
            return
        if app.opened is None:
            self.notify("Not connected yet.", markup=False)
            return
        session = app.opened.session
        pane = app.main_screen.query_one(QueryPane)
        same = (
            pane.config is not None
            and pane.config.name == request.collection
            and session.current_collection == request.collection
            and session.current_tenant == request.tenant
        )
        if same:
            app.action_show_pane("query")
            pane.replay(request)
            return
        pane.pending_request = request  # runs once the collection's config is loaded
        app.open_collection(request.collection, request.tenant)
        self._show_query_tab()

    def _show_query_tab(self) -> None:
        cast(ExplorerHost, self).main_screen.query_one(TabbedContent).active = "tab-query"
