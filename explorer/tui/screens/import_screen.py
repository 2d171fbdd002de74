"""Import a JSON, JSONL or CSV file into the current collection, with progress; Esc cancels.

With a name in "New collection", the import first creates that collection: from the config
exported next to the file (``config --json``), or else from property types inferred from its
rows; the plan is shown and confirmed by typing the name before anything is created.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.core.transfer.importer import (
    ImportInterrupted,
    ImportProgress,
    ImportReport,
    ImportRequest,
    import_file,
)
from explorer.core.transfer.new_collection import (
    NewCollection,
    create_new_collection,
    plan_new_collection,
)
from explorer.tui import workers
from explorer.tui.screen_stack import open_screen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed
from explorer.tui.screens.transfer_screen import TransferScreen
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.text_input import TextInput
from explorer.tui.widgets.transfer_progress import TransferProgress


class ImportScreen(TransferScreen[ImportReport]):
    """Dismisses with the report of the last import (None when nothing was imported).

    ``collection`` is "" when none is open: the new-collection field is then needed.
    """

    TRANSFER_GROUP = "import"
    #: The collection this screen created (its import's summary says so).
    created: NewCollection | None = None

    def compose(self) -> ComposeResult:
        target = safe_text(self.collection) + (f" @{safe_text(self.tenant)}" if self.tenant else "")
        with Vertical():
            title = f"Import into {target}" if self.collection else "Import into a new collection"
            yield Static(Text(title, style="bold"))
            yield Static(
                "A .json, .jsonl or .csv file; uuid and vector.<name> columns are optional. "
                "Objects with a uuid that exists are replaced; a row without one gets the same "
                "uuid on every run, so running an import again never duplicates.",
                classes="hint",
            )
            yield TextInput(placeholder="path/to/file.jsonl", id="import-path")
            yield TextInput(
                placeholder="New collection (optional): created first, from the config "
                "exported next to the file or inferred from it",
                id="import-new-collection",
            )
            yield TransferProgress(id="import-progress")
            yield Static("", id="import-summary", classes="transfer-summary")
        yield KeysFooter()

    def action_start(self) -> None:
        if self.running:
            return
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.notify("Type the path of the file to import.", markup=False)
            return
        new_name = self.query_one("#import-new-collection", Input).value.strip()
        if new_name:
            self.plan_new_collection(Path(text).expanduser(), new_name)
        elif not self.collection:
            self.notify("Name the new collection to import into.", markup=False)
        else:
            self.run_import(Path(text).expanduser())

    @work(exclusive=True, group=workers.IMPORT, exit_on_error=False)
    async def plan_new_collection(self, path: Path, name: str) -> None:
        """Work out the new collection, then show it and ask for its name to be typed."""
        summary = self.query_one(".transfer-summary", Static)
        summary.update(Text(f"Reading {safe_text(path.name)} for {safe_text(name)}…"))
        try:
            planned = await plan_new_collection(self.session, ImportRequest(path, name))
        except ExplorerError as exc:
            summary.update(Text(f"{exc.title}: {safe_text(exc.message)}"))
            raise
        summary.update(Text(f"Confirm to create {safe_text(planned.name)}."))

        def create_and_import() -> None:
            self.run_import(path, planned)

        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"Create {planned.name} and import {path.name} into it",
                planned.name,
                planned.describe(),
            ),
            when_confirmed(self.session, create_and_import),
        )

    @work(exclusive=True, group=workers.IMPORT, exit_on_error=False)
    async def run_import(self, path: Path, new_collection: NewCollection | None = None) -> None:
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
            if new_collection is not None:
                await create_new_collection(self.session, new_collection)
                self.collection, self.tenant = new_collection.name, None
                self.created = new_collection
            request = ImportRequest(path, self.collection, self.tenant)
            try:
                return await import_file(self.session, request, show)
            except ImportInterrupted as exc:  # cancelled or cut short: what was done
                return exc.report

        await self.transfer(f"Importing {safe_text(path.name)}…", run())
        self.session.forget_config(self.collection)

    def summary_text(self, report: ImportReport) -> Text:
        text = super().summary_text(report)
        if self.created is not None and self.created.name == report.collection:
            text = Text.assemble(safe_text(self.created.summary(), 2000), " ", text)
        if report.failures:  # the first reason, in the server's words (all are in the file)
            first = report.failures[0]
            text.append(f"\nFirst failed row {first.row:,}: {safe_text(first.error)}")
        return text
