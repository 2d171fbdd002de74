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
    set_shard_ready,
    shards_of,
    with_missing,
)
from explorer.core.admin.health_checks import Finding, HealthReport, run_doctor
from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import format_count, safe_text
from explorer.core.client.consistency import CONSISTENCY_LEVELS
from explorer.core.client.session import ExplorerSession
from explorer.core.store.saved_queries import SavedQueries
from explorer.tui import workers
from explorer.tui.bindings import CLUSTER_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.messages import StatusChanged
from explorer.tui.screen_stack import open_screen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.workers import cancel_workers_of

#: Seconds between refreshes while the pane is on screen (a down node shows within this).
POLL_SECONDS = 2.0
_STATUS_STYLE = {"HEALTHY": "green", "UNAVAILABLE": "bold red", "UNHEALTHY": "bold red"}
_SEVERITY_STYLE = {"problem": "bold red", "warning": "yellow", "advice": "cyan"}


def _status(status: str) -> Text:
    return Text(safe_text(status), style=_STATUS_STYLE.get(status, "yellow"))


class ClusterPane(Vertical):
    DEFAULT_CSS = """
    ClusterPane { height: 1fr; }
    ClusterPane #cluster-nodes { height: auto; max-height: 12; }
    ClusterPane #cluster-shards { height: 1fr; }
    ClusterPane #cluster-health { height: auto; max-height: 12; }
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
        #: The last health report (None until the checks ran for this session).
        self.health: HealthReport | None = None
        self._health_started = False

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
        yield Static("Health: not checked yet (D runs the checks).", id="cluster-health-title")
        health = ExplorerTable(id="cluster-health")
        for label in ("Severity", "Object", "Problem", "Fix"):
            health.add_column(label, key=label.lower())
        yield health

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
        self.health = None
        self._health_started = False
        if self.is_mounted:
            self.query_one("#cluster-health", ExplorerTable).clear()
            self.query_one("#cluster-health-title", Static).update(
                "Health: not checked yet (D runs the checks)."
            )
        if new is not None:
            self.refresh_cluster()

    def show_collection(self, name: str) -> None:
        self.collection = name
        self.refresh_cluster()

    def _poll(self) -> None:
        busy = any(w.group == workers.CLUSTER and w.is_running for w in self.workers)
        if self.session is not None and self.session.reachable and self.is_on_screen and not busy:
            self.refresh_cluster()
            if not self._health_started:
                self._health_started = True
                self.check_health()  # once per session, when first shown; D runs it again

    @property
    def is_on_screen(self) -> bool:
        """Only the pane the user looks at polls the server."""
        return self.region.area > 0 and self.screen.is_active

    def action_refresh_cluster(self) -> None:
        self.refresh_cluster()

    @guarded
    def action_check_health(self) -> None:
        self.check_health()

    @work(exclusive=True, group=workers.HEALTH, exit_on_error=False)
    async def check_health(self) -> None:
        session = self.session
        if session is None:
            return
        self.query_one("#cluster-health-title", Static).update("Health: checking…")
        try:
            saved = await SavedQueries().aall()
        except ExplorerError:
            saved = {}  # an unreadable saved-queries file only hides the filter checks
        try:
            report = await run_doctor(session, saved, frozenset(self._known))
        except ExplorerError as error:
            self.query_one("#cluster-health-title", Static).update(
                Text(f"Health: the checks failed: {safe_text(error.message, 300)}")
            )
            raise
        if session is self.session:
            self.show_health(report)

    def show_health(self, report: HealthReport) -> None:
        self.health = report
        checked = f"{report.node_count} node(s), {report.collection_count} collection(s)"
        title = Text("Health: ")
        if report.healthy:
            title.append(f"no problems found ({checked})", style="green")
        else:
            title.append(f"{len(report.findings)} finding(s)", style="bold")
            title.append(f" ({checked}; S sets a selected shard READY)")
        if report.unchecked:
            title.append(f" · not checked: {safe_text('; '.join(report.unchecked), 300)}")
        self.query_one("#cluster-health-title", Static).update(title)
        table = self.query_one("#cluster-health", ExplorerTable)
        table.clear()
        for index, finding in enumerate(report.findings):
            table.add_row(
                Text(finding.severity, style=_SEVERITY_STYLE.get(finding.severity, "")),
                Text(safe_text(finding.subject)),
                Text(safe_text(finding.problem)),
                Text(safe_text(finding.fix)),
                key=str(index),
            )

    def selected_finding(self) -> Finding | None:
        table = self.query_one("#cluster-health", ExplorerTable)
        if self.health is None or table.row_count == 0:
            return None
        row = table.cursor_coordinate.row
        findings = self.health.findings
        return findings[row] if 0 <= row < len(findings) else None

    @guarded
    def action_set_shard_ready(self) -> None:
        finding = self.selected_finding()
        session = self.session
        if session is None:
            return
        if finding is None or finding.shard is None or finding.collection is None:
            self.notify(
                "Select a 'shard-not-ready' finding in the Health table first.", markup=False
            )
            return
        collection, shard = finding.collection, finding.shard
        session.require_writable(f"set the shard {shard} of {collection} READY")
        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"Set the shard {shard} of {collection} READY",
                shard,
                "Writes to the shard resume. Fix the cause first (a full disk, for one).",
            ),
            callback=when_confirmed(session, lambda: self.make_shard_ready(collection, shard)),
        )

    @work(exclusive=True, group=workers.HEALTH, exit_on_error=False)
    async def make_shard_ready(self, collection: str, shard: str) -> None:
        session = self.session
        if session is None:
            return
        status = await set_shard_ready(session, collection, shard)
        self.notify(f"{collection} shard {shard}: {status}", markup=False)
        self.check_health()

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
