"""The app's side of the query history and saved queries: open the history, replay a query."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import App

from explorer.tui.errors import guarded
from explorer.tui.host import ExplorerHost
from explorer.tui.screen_stack import open_screen

if TYPE_CHECKING:  # the app's module, so its first frame, imports this one: no core here
    from explorer.core.query.codec import Request
    from explorer.tui.panes.query_pane import QueryPane


class HistoryActions(App[None]):
    """Mixed into :class:`ExplorerApp`."""

    @guarded
    def action_query_history(self) -> None:
        from explorer.tui.screens.history_screen import HistoryScreen

        open_screen(self, HistoryScreen(), callback=self._history_chosen)

    def _history_chosen(self, request: Request | None) -> None:
        if request is not None:
            self.replay_request(request)

    @guarded
    def replay_request(self, request: Request) -> None:
        """Show ``request`` in the query pane and run it; open its collection first if needed."""
        from explorer.core.query.requests import AggregateRequest

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

        def replay(pane: QueryPane) -> None:
            same = (
                pane.config is not None
                and pane.config.name == request.collection
                and session.current_collection == request.collection
                and session.current_tenant == request.tenant
            )
            if same:
                app.show_pane("query")
                pane.replay(request)
                return
            pane.pending_request = request  # runs once the collection's config is loaded
            app.open_collection(request.collection, request.tenant)
            app.show_pane("query")

        app.with_pane("query", replay)
