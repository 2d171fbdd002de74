"""Import a JSON, JSONL or CSV file into the current collection, with progress; Esc cancels."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static
from textual.worker import Worker

from explorer.core.errors import ExplorerError
from explorer.core.formatting import safe_text
from explorer.core.session import ExplorerSession
from explorer.core.transfer.importer import (
    ImportInterrupted,
    ImportProgress,
    ImportReport,
    ImportRequest,
    import_file,
)
from explorer.tui.bindings import TRANSFER_BINDINGS
from explorer.tui.errors import report_worker_state, show_error
from explorer.tui.widgets.transfer_progress import TransferProgress


class ImportScreen(ModalScreen[ImportReport | None]):
    """Dismisses with the report of the last import (None when nothing was imported)."""

    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    ImportScreen > Vertical {
        width: 90; height: auto; max-height: 90%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    ImportScreen .hint { color: $text-muted; }
    ImportScreen #import-summary { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(TRANSFER_BINDINGS)

    def __init__(self, session: ExplorerSession, collection: str, tenant: str | None) -> None:
        super().__init__()
        self.session = session
        self.collection = collection
        self.tenant = tenant
        self.report: ImportReport | None = None

    def compose(self) -> ComposeResult:
        target = safe_text(self.collection) + (f" @{safe_text(self.tenant)}" if self.tenant else "")
        with Vertical():
            yield Static(Text(f"Import into {target}", style="bold"))
            yield Static(
                "A .json, .jsonl or .csv file; uuid and vector.<name> columns are optional. "
                "Objects with a uuid that exists are replaced; a row without one gets the same "
                "uuid on every run, so running an import again never duplicates.",
                classes="hint",
            )
            yield Input(placeholder="path/to/file.jsonl", id="import-path")
            yield TransferProgress(id="import-progress")
            yield Static("", id="import-summary")
        yield Footer()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    def _transfers(self) -> list[Worker[None]]:
        return [w for w in self.workers if w.node is self and w.group == "import" and w.is_running]

    @property
    def running(self) -> bool:
        return bool(self._transfers())

    @on(Input.Submitted, "#import-path")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        if self.running:
            return
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.notify("Type the path of the file to import.", markup=False)
            return
        self.run_import(Path(text).expanduser())

    @work(exclusive=True, group="import", exit_on_error=False)
    async def run_import(self, path: Path) -> None:
        summary = self.query_one("#import-summary", Static)
        summary.update(Text(f"Importing {safe_text(path.name)}…"))
        progress = self.query_one(TransferProgress)

        def show(update: ImportProgress) -> None:
            if update.phase == "objects":
                progress.update_progress(
                    update.read,
                    update.total,
                    "rows",
                    update.rate,
                    update.eta,
                    f" · {update.failed:,} failed",
                )
            else:
                progress.update_progress(
                    update.sent, update.total, "references", update.rate, update.eta
                )

        try:
            report = await import_file(
                self.session, ImportRequest(path, self.collection, self.tenant), show
            )
        except ImportInterrupted as exc:
            report = exc.report
        except ExplorerError as exc:
            summary.update(Text(f"{exc.title}: {safe_text(exc.message)}"))
            show_error(self.app, exc)
            return
        self.report = report
        self.session.forget_config(self.collection)
        text = Text(safe_text(report.summary()))
        if report.failures:  # the first reason, in the server's words (all are in the file)
            first = report.failures[0]
            text.append(f"\nFirst failed row {first.row:,}: {safe_text(first.error)}")
        summary.update(text)

    def action_cancel_or_close(self) -> None:
        """Esc cancels a running import (it then reports what was done); else it closes."""
        running = self._transfers()
        if running:
            for worker in running:
                worker.cancel()
            return
        self.dismiss(self.report)
