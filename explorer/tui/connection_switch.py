"""Switch the app to another connection without a restart (the connect screen's Enter).

The new session connects first; only then are the workers of the old one cancelled, the panes
pointed at the new session and the old client closed, all on the app's loop. A failed switch
leaves the current connection as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import DataTable, Static

from explorer.local.startup import LaunchPlan, switch_session
from explorer.tui.panes.cluster_pane import ClusterPane
from explorer.tui.panes.collections_pane import CollectionsTable
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.panes.query_pane import QueryPane

if TYPE_CHECKING:
    from explorer.tui.app import ExplorerApp

#: Worker groups that use the current session (their results would belong to the old server).
SESSION_WORKER_GROUPS = (
    "collections",
    "objects",
    "query",
    "detail",
    "config",
    "tenants",
    "cluster",
)


async def switch_app_connection(app: ExplorerApp, plan: LaunchPlan) -> None:
    app.status_bar.show_message(f"connecting to {plan.connection.describe()}…")
    try:
        opened = await switch_session(app.opened, plan, app.status_bar.show_message)
    except BaseException as exc:
        title = getattr(exc, "title", type(exc).__name__)
        still = " (still on the previous server)" if app.opened is not None else ""
        app.status_bar.show_message(f"{title}{still}")
        raise
    for worker in list(app.workers):
        if worker.group in SESSION_WORKER_GROUPS and worker.is_running:
            worker.cancel()
    app.opened, app.plan = opened, plan
    app.collections = ()
    screen = app.main_screen
    screen.query_one(CollectionsTable).show(())
    objects = screen.query_one(ObjectsPane)
    objects.session, objects.config, objects.records = opened.session, None, ()
    screen.query_one("#objects-table", DataTable).clear(columns=True)
    screen.query_one("#objects-info", Static).update("Pick a collection (1) to browse its objects.")
    query = screen.query_one(QueryPane)
    query.session, query.config = opened.session, None
    screen.query_one(ClusterPane).collection = None
    screen.query_one(ClusterPane).show_session(opened.session)
    app.status_bar.session, app.status_bar.health = opened.session, None
    app.status_bar.show_message(f"switched to {opened.session.options.display_url}")
