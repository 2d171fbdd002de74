"""The search-quality view: recall@k of the server's near_vector against exact kNN.

The memory the vectors may take comes from ``lab_max_memory_mb`` in the app's settings
(tui.json), else the core's default; the refusal says the limit.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Select, Static

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.lab.recall import (
    DEFAULT_K,
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_SAMPLE,
    RecallReport,
    measure_recall,
)
from explorer.core.lab.vector_scan import ScanProgress
from explorer.tui import workers
from explorer.tui.bindings import LAB_RECALL_BINDINGS
from explorer.tui.errors import guarded, show_error
from explorer.tui.lab.lab_view import LabView, whole_number
from explorer.tui.lab.messages import LabObjectOpened
from explorer.tui.settings import load_settings
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.job_progress import JobProgress
from explorer.tui.widgets.text_input import TextInput

MAX_MEMORY_SETTING = "lab_max_memory_mb"
READY = "Press ctrl+r to measure recall@k."


def max_memory_mb() -> int:
    """The user's limit from tui.json (blocking file read: call it in a thread)."""
    value = load_settings().get(MAX_MEMORY_SETTING)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return DEFAULT_MAX_MEMORY_MB


class SearchQualityView(LabView):
    DEFAULT_CSS = """
    SearchQualityView { height: 1fr; }
    SearchQualityView #recall-form { height: auto; }
    SearchQualityView #recall-form Label { padding: 0 1; color: $text-muted; }
    SearchQualityView #recall-target { width: 24; }
    SearchQualityView #recall-form Input { width: 10; }
    SearchQualityView #recall-summary { height: auto; }
    SearchQualityView #recall-queries { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(LAB_RECALL_BINDINGS)

    RUN_ACTION = "run_recall"

    def __init__(self, *, id: str | None = "search-quality-view") -> None:
        super().__init__(id=id)
        self.report: RecallReport | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="recall-form"):
            yield Label("Vector")
            yield ExplorerSelect([], prompt="(vector)", compact=True, id="recall-target")
            yield Label("Sample")
            yield TextInput(str(DEFAULT_SAMPLE), compact=True, type="integer", id="recall-sample")
            yield Label("k")
            yield TextInput(str(DEFAULT_K), compact=True, type="integer", id="recall-k")
            yield Label("ef")
            yield TextInput(compact=True, type="integer", placeholder="as set", id="recall-ef")
        yield JobProgress(id="recall-progress")
        yield Static(READY, id="recall-summary")
        table = ExplorerTable(id="recall-queries", cursor_type="row")
        table.add_column("uuid", key="uuid")
        table.add_column("recall@k", key="recall")
        yield table

    def reset(self) -> None:
        self.report = None
        self.query_one("#recall-queries", ExplorerTable).clear()
        self.query_one("#recall-summary", Static).update(READY)

    def show_config(self, config: CollectionConfig) -> None:
        self.show_targets(config, "#recall-target")

    @guarded
    def action_run_recall(self) -> None:
        if not self.ready():
            return
        try:
            target = self.query_one("#recall-target", Select)
            sample = whole_number(
                self.query_one("#recall-sample", Input).value, "sample", DEFAULT_SAMPLE
            )
            k = whole_number(self.query_one("#recall-k", Input).value, "k", DEFAULT_K)
            ef_text = self.query_one("#recall-ef", Input).value
            ef = whole_number(ef_text, "ef", 0) if ef_text.strip() else None
        except ExplorerError as exc:
            show_error(self.app, exc)
            return
        self.measure(None if target.is_blank() else str(target.value), sample, k, ef)

    @work(exclusive=True, group=workers.LAB_RECALL, exit_on_error=False)
    async def measure(self, target: str | None, sample: int, k: int, ef: int | None) -> None:
        assert self.session is not None and self.collection is not None
        summary = self.query_one("#recall-summary", Static)
        bar = self.query_one("#recall-progress", JobProgress)
        summary.update(Text("Reading the vectors…"))
        bar.start(None)

        def progress(update: ScanProgress) -> None:
            bar.update(total=update.total, progress=update.scanned)

        try:
            report = await measure_recall(
                self.session,
                self.collection,
                target=target,
                sample=sample,
                k=k,
                ef=ef,
                tenant=self.session.current_tenant,
                max_memory_mb=await asyncio.to_thread(max_memory_mb),
                progress=progress,
            )
        except ExplorerError as exc:
            summary.update(Text(f"{exc.title}: {safe_text(exc.message)}"))
            raise
        finally:
            bar.stop()
        self.report = report
        self._show(report)

    def _show(self, report: RecallReport) -> None:
        lines = [
            Text(
                f"recall@{report.k} {report.recall:.3f} (mean of {report.sample} queries over "
                f"{report.compared:,} vectors) · worst {report.worst.recall:.3f}",
                style="bold",
            ),
            Text(
                f"index {safe_text(report.index.describe())}"
                + (f" · measured with ef {report.ef_used}" if report.ef_used is not None else "")
            ),
        ]
        if report.advice:
            lines.append(Text(report.advice, style="bold"))
        summary = Text("\n").join(lines)
        self.query_one("#recall-summary", Static).update(summary)
        table = self.query_one("#recall-queries", ExplorerTable)
        table.clear()
        for query in sorted(report.per_query, key=lambda q: (q.recall, q.uuid)):
            table.add_row(Text(query.uuid), Text(f"{query.recall:.3f}"), key=query.uuid)

    @on(DataTable.RowSelected, "#recall-queries")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.report is not None and event.row_key.value is not None:
            self.post_message(LabObjectOpened(self.report.collection, str(event.row_key.value)))
