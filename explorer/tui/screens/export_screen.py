"""Export a collection, a filtered set or a query's results to a file, with progress.

Esc cancels a running export; nothing is then left under the file's name.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Static

from explorer.core.base.formatting import safe_text
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.exporter import (
    ExportProgress,
    ExportReport,
    ExportRequest,
    export_objects,
)
from explorer.tui import workers
from explorer.tui.screens.transfer_screen import TransferScreen
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.text_input import TextInput
from explorer.tui.widgets.transfer_progress import TransferProgress


class ExportScreen(TransferScreen[ExportReport]):
    """Export ``collection``: all of it, what ``where`` matches, or exactly ``uuids``."""

    TRANSFER_GROUP = "export"
    CANCELLED_TEXT = "Export cancelled: no file was written."

    def __init__(
        self,
        session: ExplorerSession,
        collection: str,
        tenant: str | None,
        *,
        where: str = "",
        uuids: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(session, collection, tenant)
        self.where = where
        self.uuids = uuids
        #: A file that exists and that the user was told about: Enter again replaces it.
        self.replace_path: Path | None = None

    def compose(self) -> ComposeResult:
        name = safe_text(self.collection)
        if self.uuids is not None:
            title = f"Export the {len(self.uuids):,} query results of {name}"
        else:
            title = f"Export {name}"
        with Vertical():
            yield Static(Text(title, style="bold"))
            yield Static("The format follows the extension: .json, .jsonl or .csv.", classes="hint")
            yield TextInput(
                value=f"{self.collection}.jsonl", placeholder="path/to/file.jsonl", id="export-path"
            )
            if self.uuids is None:
                yield TextInput(
                    value=self.where,
                    placeholder="where (optional), e.g. year > 2000",
                    id="export-where",
                )
            yield Checkbox("Include vectors (every named vector)", id="export-vectors")
            yield TransferProgress(id="export-progress")
            yield Static("", id="export-summary", classes="transfer-summary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def action_start(self) -> None:
        if self.running:
            return
        path_text = self.query_one("#export-path", Input).value.strip()
        if not path_text:
            self.notify("Type the path of the file to write.", markup=False)
            return
        where = "" if self.uuids is not None else self.query_one("#export-where", Input).value
        self.run_export(
            Path(path_text).expanduser(),
            where.strip(),
            self.query_one("#export-vectors", Checkbox).value,
        )

    @work(exclusive=True, group=workers.EXPORT, exit_on_error=False)
    async def run_export(self, path: Path, where: str, with_vectors: bool) -> None:
        if path != self.replace_path and await asyncio.to_thread(path.is_file):
            self.replace_path = path  # told once: Enter again replaces it
            warning = f"{path.name} exists: press Enter again to replace it, or change the name."
            self.query_one(".transfer-summary", Static).update(Text(safe_text(warning)))
            self.notify(safe_text(warning), severity="warning", markup=False)
            return
        self.replace_path = None
        progress = self.query_one(TransferProgress)

        def show(update: ExportProgress) -> None:
            progress.update_progress(
                update.written, update.total, "objects", update.rate, update.eta
            )

        async def run() -> ExportReport:
            filters = None
            if where:
                from explorer.core.where.parser import parse_where

                config = await self.session.collection_config(self.collection)
                filters = parse_where(where, config)
            request = ExportRequest(
                self.collection,
                path,
                tenant=self.tenant,
                filters=filters,
                uuids=self.uuids,
                with_vectors=with_vectors,
            )
            return await export_objects(self.session, request, show)

        await self.transfer(f"Exporting to {safe_text(path)}…", run())
