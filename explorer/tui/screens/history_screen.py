"""The query history (TUI and REPL), newest first: Enter replays a query in the query pane."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.worker import Worker

from explorer.core.base.formatting import safe_text
from explorer.core.query.codec import Request
from explorer.core.query.summary import summarize_request
from explorer.core.store.history import HistoryEntry, QueryHistory
from explorer.tui import workers
from explorer.tui.errors import report_worker_state
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.explorer_table import ExplorerTable


class HistoryScreen(ModalClosesOnlyItself[Request | None]):
    DEFAULT_CSS = """
    HistoryScreen { align: center middle; }
    HistoryScreen > Vertical {
        width: 95%; height: 85%; border: thick $primary; background: $surface; padding: 0 1;
    }
    HistoryScreen #history-title { text-style: bold; }
    HistoryScreen ExplorerTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="history.close"),
        Binding("enter", "replay", "Replay", id="history.replay"),
    ]

    def __init__(self, history: QueryHistory | None = None) -> None:
        super().__init__()
        self.history = history or QueryHistory()
        #: The entries in row order (newest first).
        self.entries: list[HistoryEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Query history · Enter replays · Esc closes", id="history-title")
            yield ExplorerTable(id="history-table")

    def on_mount(self) -> None:
        table = self.query_one("#history-table", ExplorerTable)
        for key, title in (
            ("time", "time"),
            ("collection", "collection"),
            ("kind", "kind"),
            ("summary", "summary"),
            ("count", "count"),
            ("latency", "latency"),
            ("front", "from"),
        ):
            table.add_column(title, key=key)
        table.focus()
        self.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    @work(exclusive=True, group=workers.HISTORY, exit_on_error=False)
    async def load(self) -> None:
        self.entries = list(reversed(await self.history.entries()))
        table = self.query_one("#history-table", ExplorerTable)
        table.clear()
        for entry in self.entries:
            where = entry.collection + (f"@{entry.tenant}" if entry.tenant else "")
            table.add_row(
                Text(entry.time.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
                Text(safe_text(where, 40)),
                Text(entry.kind),
                Text(safe_text(summarize_request(entry.request), 60)),
                Text("" if entry.result_count is None else str(entry.result_count)),
                Text("" if entry.latency_ms is None else f"{entry.latency_ms:.0f} ms"),
                Text(safe_text(entry.front_end)),
            )
        if not self.entries:
            self.query_one("#history-title", Static).update("No queries yet · Esc closes")

    @on(DataTable.RowSelected, "#history-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_replay()

    def action_replay(self) -> None:
        table = self.query_one("#history-table", ExplorerTable)
        if self.entries and table.row_count:
            self.dismiss(self.entries[min(table.cursor_row, len(self.entries) - 1)].request)

    def action_close(self) -> None:
        self.dismiss(None)
