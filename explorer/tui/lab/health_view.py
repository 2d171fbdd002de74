"""The vector health view: scan the collection's vectors, count the problems, show the norms.

Each problem's uuids are rows of a table (Enter opens one); each vector's norms are a histogram.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Label, Select, Static

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.lab.vector_health import (
    PROBLEM_TITLES,
    PROBLEMS,
    HealthReport,
    norm_chart,
    vector_health,
)
from explorer.core.lab.vector_scan import ScanProgress
from explorer.tui import workers
from explorer.tui.bindings import LAB_HEALTH_BINDINGS
from explorer.tui.errors import guarded
from explorer.tui.lab.lab_view import LabView, name_options
from explorer.tui.lab.messages import LabObjectOpened
from explorer.tui.widgets.bar_chart import BarChartView
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.job_progress import JobProgress

#: uuids listed per problem (the REPL's vectors --export writes them all).
SHOWN_UUIDS = 50
ALL_VECTORS = "(every vector)"
READY = "Press ctrl+r to scan the vectors."
CHART_BAR_WIDTH = 12


class VectorHealthView(LabView):
    DEFAULT_CSS = """
    VectorHealthView { height: 1fr; }
    VectorHealthView #health-form { height: auto; }
    VectorHealthView #health-form Label { padding: 0 1; color: $text-muted; }
    VectorHealthView #health-target { width: 28; }
    VectorHealthView #health-summary { height: auto; }
    VectorHealthView #health-body { height: 1fr; }
    VectorHealthView #health-problems { width: auto; max-width: 80; height: 1fr; }
    VectorHealthView #health-charts { width: 1fr; height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(LAB_HEALTH_BINDINGS)

    RUN_ACTION = "run_scan"

    def __init__(self, *, id: str | None = "vector-health-view") -> None:
        super().__init__(id=id)
        self.report: HealthReport | None = None
        #: Row key -> uuid, for Enter.
        self._row_uuids: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="health-form"):
            yield Label("Vector")
            yield ExplorerSelect([], prompt=ALL_VECTORS, compact=True, id="health-target")
            yield Label("ctrl+r scans every object (by cursor)")
        yield JobProgress(id="health-progress")
        yield Static(READY, id="health-summary")
        with Horizontal(id="health-body"):
            table = ExplorerTable(id="health-problems", cursor_type="row")
            for key, title in (("vector", "vector"), ("problem", "problem"), ("n", "objects")):
                table.add_column(title, key=key)
            table.add_column("uuid", key="uuid")
            yield table
            yield VerticalScroll(id="health-charts")

    def reset(self) -> None:
        self.report = None
        self.query_one("#health-problems", ExplorerTable).clear()
        self.query_one("#health-charts", VerticalScroll).remove_children()
        self.query_one("#health-summary", Static).update(READY)

    def show_config(self, config: CollectionConfig) -> None:
        targets = self.query_one("#health-target", Select)
        targets.set_options(name_options(v.name for v in config.vectors))

    @guarded
    def action_run_scan(self) -> None:
        if not self.ready():
            return
        target = self.query_one("#health-target", Select)
        self.scan(None if target.is_blank() else (str(target.value),))

    @work(exclusive=True, group=workers.LAB_HEALTH, exit_on_error=False)
    async def scan(self, targets: tuple[str, ...] | None) -> None:
        assert self.session is not None and self.config is not None
        session, config = self.session, self.config
        summary = self.query_one("#health-summary", Static)
        bar = self.query_one("#health-progress", JobProgress)
        summary.update(Text(f"Counting {safe_text(config.name)}…"))
        total: int | None
        try:
            total = await session.count(config.name, tenant=session.current_tenant)
        except ExplorerError:
            total = None  # progress without a total
        bar.start(total)
        summary.update(Text(f"Scanning {total:,} objects…" if total else "Scanning…"))

        def progress(update: ScanProgress) -> None:
            bar.update(progress=update.scanned)

        try:
            report = await vector_health(
                session,
                config,
                tenant=session.current_tenant,
                targets=targets,
                total=total,
                progress=progress,
            )
        finally:
            bar.stop()
        self.report = report
        await self._show(report)

    async def _show(self, report: HealthReport) -> None:
        problems = sum(t.count(p) for t in report.targets for p in PROBLEMS)
        self.query_one("#health-summary", Static).update(
            Text(
                f"{report.scanned:,} objects scanned · "
                + (f"{problems:,} problems found" if problems else "no problems found"),
                style="bold",
            )
        )
        table = self.query_one("#health-problems", ExplorerTable)
        table.clear()
        self._row_uuids.clear()
        for target in report.targets:
            name = safe_text(target.target) + (" (multi)" if target.multi_vector else "")
            for problem in PROBLEMS:
                uuids = target.problems.get(problem, ())
                title = PROBLEM_TITLES[problem]
                if not uuids:
                    table.add_row(Text(name), Text(title), Text("0"), Text("—", style="dim"))
                    continue
                for index, uuid in enumerate(uuids[:SHOWN_UUIDS]):
                    key = f"{target.target}/{problem}/{index}"
                    self._row_uuids[key] = uuid
                    count = Text(f"{len(uuids):,}") if index == 0 else Text("")
                    table.add_row(Text(name), Text(title), count, Text(uuid), key=key)
                if len(uuids) > SHOWN_UUIDS:
                    more = f"… {len(uuids) - SHOWN_UUIDS:,} more (REPL: vectors --export FILE)"
                    table.add_row(Text(name), Text(title), Text(""), Text(more, style="dim"))
        charts = self.query_one("#health-charts", VerticalScroll)
        await charts.remove_children()
        views: list[Widget] = []
        for target in report.targets:
            chart = norm_chart(target)
            if chart is not None and target.norms is not None:
                n = target.norms
                views.append(
                    Static(
                        Text(
                            f"{safe_text(target.target)}: {target.dimensions} dims · norm min "
                            f"{n.minimum:.4g} · median {n.median:.4g} · max {n.maximum:.4g}"
                        )
                    )
                )
                views.append(BarChartView(chart, bar_width=CHART_BAR_WIDTH))
        await charts.mount_all(views)

    @on(DataTable.RowSelected, "#health-problems")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        uuid = self._row_uuids.get(str(event.row_key.value))
        if uuid is not None and self.config is not None:
            self.post_message(LabObjectOpened(self.config.name, uuid))
