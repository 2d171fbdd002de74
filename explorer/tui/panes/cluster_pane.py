"""The cluster: every node's health and counts, the current collection's shards, replication
factor, and the consistency level this session reads and writes with."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import Label, Select, Static
from textual.worker import Worker

from explorer.core.admin.cluster import (
    NodeInfo,
    ReplicationInfo,
    list_nodes,
    replication,
    shards_of,
    with_missing,
)
from explorer.core.base.formatting import format_count, safe_text
from explorer.core.client.consistency import CONSISTENCY_LEVELS
from explorer.core.client.session import ExplorerSession
from explorer.tui import workers
from explorer.tui.bindings import CLUSTER_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.messages import StatusChanged
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.workers import cancel_workers_of

#: Seconds between refreshes while the pane is on screen (a down node shows within this).
POLL_SECONDS = 2.0
_STATUS_STYLE = {"HEALTHY": "green", "UNAVAILABLE": "bold red", "UNHEALTHY": "bold red"}


def _status(status: str) -> Text:
    return Text(safe_text(status), style=_STATUS_STYLE.get(status, "yellow"))


class ClusterPane(Vertical):
    DEFAULT_CSS = """
    ClusterPane { height: 1fr; }
    ClusterPane #cluster-nodes { height: auto; max-height: 12; }
    ClusterPane #cluster-shards { height: 1fr; }
    ClusterPane Horizontal { height: auto; }
    ClusterPane #cluster-consistency { width: 24; }
    ClusterPane Label { padding: 1 1 0 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(CLUSTER_BINDINGS)
    #: The app's session (bound in the app's compose).
    session: var[ExplorerSession | None] = var(None)

    def __init__(self) -> None:
        super().__init__(id="cluster-pane")
        self.collection: str | None = None
        self.nodes: tuple[NodeInfo, ...] = ()
        self._replication: dict[str, ReplicationInfo] = {}
        #: Every node seen this session: one the server stops listing is shown down.
        self._known: set[str] = set()

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("", id="cluster-summary")
            yield Label("Consistency level:")
            yield ExplorerSelect(
                [(level, level) for level in CONSISTENCY_LEVELS],
                prompt="server default",
                id="cluster-consistency",
            )
        nodes = ExplorerTable(id="cluster-nodes")
        for label in ("Node", "Status", "Version", "Shards", "Objects"):
            nodes.add_column(label, key=label.lower())
        yield nodes
        yield Static("Open a collection to see its shards.", id="cluster-shards-title")
        shards = ExplorerTable(id="cluster-shards")
        for label in ("Shard", "Node", "Node status", "Objects", "Vector index"):
            shards.add_column(label, key=label.lower())
        yield shards

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll)

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        """A (new) connection: forget what the old server said, and ask the new one."""
        if old is new:
            return
        cancel_workers_of(self)
        self.collection = None
        self.nodes = ()
        self._replication.clear()
        self._known.clear()
        if new is not None:
            self.refresh_cluster()

    def show_collection(self, name: str) -> None:
        self.collection = name
        self.refresh_cluster()

    def _poll(self) -> None:
        busy = any(w.group == workers.CLUSTER and w.is_running for w in self.workers)
        if self.session is not None and self.session.reachable and self.is_on_screen and not busy:
            self.refresh_cluster()

    @property
    def is_on_screen(self) -> bool:
        """Only the pane the user looks at polls the server."""
        return self.region.area > 0 and self.screen.is_active

    def action_refresh_cluster(self) -> None:
        self.refresh_cluster()

    @work(exclusive=True, group=workers.CLUSTER, exit_on_error=False)
    async def refresh_cluster(self) -> None:
        session, name = self.session, self.collection
        if session is None:
            return
        # All shards, filtered here: asking for one collection's waits on its dead replicas.
        nodes = await list_nodes(session)
        self._known.update(n.name for n in nodes)
        nodes = with_missing(nodes, self._known)
        info = self._replication.get(name) if name else None
        self.show(nodes, info)
        if name and info is None:
            # Read once per collection: a schema read can wait out a Raft election when a
            # node dies, and the node list must not wait for it.
            info = self._replication[name] = await replication(session, name)
            self.show(self.nodes, info)

    def show(self, nodes: tuple[NodeInfo, ...], info: ReplicationInfo | None) -> None:
        self.nodes = nodes
        down = [n.name for n in nodes if not n.healthy]
        summary = Text(f"{len(nodes)} node(s)")
        summary.append(
            f" · down: {', '.join(safe_text(n) for n in down)}" if down else " · all healthy",
            style="bold red" if down else "green",
        )
        self.query_one("#cluster-summary", Static).update(summary)
        table = self.query_one("#cluster-nodes", ExplorerTable)
        table.clear()
        for n in nodes:
            table.add_row(
                Text(safe_text(n.name)),
                _status(n.status),
                Text(safe_text(n.version)),
                Text(format_count(n.shard_count)),
                Text(format_count(n.object_count)),
                key=n.name,
            )
        shards = self.query_one("#cluster-shards", ExplorerTable)
        shards.clear()
        title = self.query_one("#cluster-shards-title", Static)
        if info is None or self.collection is None:
            title.update("Open a collection to see its shards.")
            return
        title.update(
            Text(
                f"{safe_text(self.collection)}: replication factor {info.factor}"
                f"{' (async replication)' if info.async_enabled else ''}"
            )
        )
        status = {n.name: n.status for n in nodes}
        for s in shards_of(nodes, self.collection):
            shards.add_row(
                Text(safe_text(s.name)),
                Text(safe_text(s.node)),
                _status(status.get(s.node, "?")),
                Text(format_count(s.object_count)),
                Text(safe_text(s.indexing_status)),
            )

    @on(Select.Changed, "#cluster-consistency")
    @guarded
    def consistency_chosen(self, event: Select.Changed) -> None:
        if self.session is None:
            return
        value: Any = event.value
        self.session.set_consistency_level(None if value is Select.BLANK else str(value))
        self.post_message(StatusChanged())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)
