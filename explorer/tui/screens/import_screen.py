"""Import a JSON, JSONL or CSV file into the current collection, with progress; Esc cancels."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static

from explorer.core.base.formatting import safe_text
from explorer.core.transfer.importer import (
    ImportInterrupted,
    ImportProgress,
    ImportReport,
    ImportRequest,
    import_file,
)
from explorer.tui import workers
from explorer.tui.screens.transfer_screen import TransferScreen
from explorer.tui.widgets.transfer_progress import TransferProgress


class ImportScreen(TransferScreen[ImportReport]):
    """Dismisses with the report of the last import (None when nothing was imported)."""

    TRANSFER_GROUP = "import"

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
            yield Static("", id="import-summary", classes="transfer-summary")
        yield Footer()

    def action_start(self) -> None:
        if self.running:
            return
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.notify("Type the path of the file to import.", markup=False)
            return
        self.run_import(Path(text).expanduser())

    @work(exclusive=True, group=workers.IMPORT, exit_on_error=False)
    async def run_import(self, path: Path) -> None:
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

        async def run() -> ImportReport:
            request = ImportRequest(path, self.collection, self.tenant)
            try:
                return await import_file(self.session, request, show)
            except ImportInterrupted as exc:  # cancelled or cut short: what was done
                return exc.report

        await self.transfer(f"Importing {safe_text(path.name)}…", run())
        self.session.forget_config(self.collection)

    def summary_text(self, report: ImportReport) -> Text:
        text = super().summary_text(report)
        if report.failures:  # the first reason, in the server's words (all are in the file)
            first = report.failures[0]
            text.append(f"\nFirst failed row {first.row:,}: {safe_text(first.error)}")
        return text
