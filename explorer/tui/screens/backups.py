"""The backups screen: the list of backups, create and restore, with progress; Esc cancels."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, ProgressBar, Static
from textual.worker import Worker

from explorer.core.admin.backups import (
    POLL_SECONDS,
    BackupInfo,
    BackupProgress,
    backup_status,
    create_backup,
    follow,
    format_size,
    list_backups,
    restore_backup,
)
from explorer.core.base.formatting import format_value, safe_text
from explorer.core.client.session import ExplorerSession
from explorer.local.backup_copy import restore_as_new
from explorer.tui import workers
from explorer.tui.bindings import BACKUPS_BINDINGS, TABLE_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.messages import CollectionsChanged
from explorer.tui.screen_stack import ClosesOnlyItself, open_screen
from explorer.tui.screens.backup_forms import (
    CreateBackupScreen,
    CreateRequest,
    RestoreBackupScreen,
    RestoreRequest,
)
from explorer.tui.widgets.explorer_header import ExplorerHeader
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.loading_later import loading_later

#: How far along each server status is, out of :data:`STAGE_COUNT` (Weaviate reports phases,
#: not percentages).
STAGES = {"STARTED": 1, "TRANSFERRING": 2, "TRANSFERRED": 3, "FINALIZING": 3, "SUCCESS": 4}
STAGE_COUNT = 4
COLUMNS = ("Backup", "Status", "Collections", "Started", "Completed", "Size")


class BackupsTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = list(TABLE_BINDINGS)


class BackupsScreen(ClosesOnlyItself[None]):
    DEFAULT_CSS = """
    BackupsScreen #backups-title { padding: 0 1; text-style: bold; }
    BackupsScreen #backups-table { height: 1fr; }
    BackupsScreen #backup-activity { height: auto; padding: 0 1; }
    BackupsScreen #backup-progress { padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(BACKUPS_BINDINGS)

    def __init__(self, session: ExplorerSession, collections: tuple[str, ...]) -> None:
        super().__init__()
        self.session = session
        self.collections = collections
        self.backups: tuple[BackupInfo, ...] = ()
        self.running: Worker[None] | None = None
        #: The last step of the running operation, if it runs on the server (Esc then
        #: watches how the server ends it).
        self.server_step: BackupProgress | None = None

    def compose(self) -> ComposeResult:
        yield ExplorerHeader(show_clock=False, icon="◆")
        yield Static("Backups on the filesystem backend", id="backups-title")
        yield BackupsTable(id="backups-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="backup-activity")
        yield ProgressBar(total=STAGE_COUNT, show_eta=False, id="backup-progress")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(BackupsTable)
        for column in COLUMNS:
            table.add_column(column, key=column.lower())
        self.query_one("#backup-progress", ProgressBar).display = False
        table.focus()
        self.refresh_backups()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    # -- the list ----------------------------------------------------------------------------

    @work(exclusive=True, group=workers.BACKUPS_LIST, exit_on_error=False)
    async def refresh_backups(self) -> None:
        table = self.query_one(BackupsTable)
        with loading_later(table):
            self.backups = await list_backups(self.session)
        selected = self.selected_backup()
        table.clear()
        for info in self.backups:
            table.add_row(
                Text(safe_text(info.backup_id)),
                Text(safe_text(info.status)),
                Text(safe_text(", ".join(info.collections), 60)),
                Text(format_value(info.started) if info.started else "—"),
                Text(format_value(info.completed) if info.completed else "—"),
                Text(format_size(info.size_gib)),
                key=info.backup_id,
            )
        if selected is not None and selected.backup_id in {b.backup_id for b in self.backups}:
            table.move_cursor(row=table.get_row_index(selected.backup_id))

    def selected_backup(self) -> BackupInfo | None:
        table = self.query_one(BackupsTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((b for b in self.backups if b.backup_id == key), None)

    # -- actions -----------------------------------------------------------------------------

    @guarded
    def action_refresh_backups(self) -> None:
        self.refresh_backups()

    @guarded
    def action_create_backup(self) -> None:
        if self._busy():
            return
        self.session.require_writable("create a backup")

        def chosen(request: CreateRequest | None) -> None:
            if request is not None:
                self.run_operation(self._create(request), on_server=True)

        open_screen(self.app, CreateBackupScreen(self.collections), callback=chosen)

    @guarded
    def action_restore_backup(self) -> None:
        if self._busy():
            return
        self.session.require_writable("restore a backup")
        backup = self.selected_backup()
        if backup is None:
            self.notify("No backup to restore: create one first (c).", markup=False)
            return

        def chosen(request: RestoreRequest | None) -> None:
            if request is not None:
                self.run_operation(self._restore(request), on_server=request.new_name is None)

        open_screen(self.app, RestoreBackupScreen(backup), callback=chosen)

    @guarded
    def action_cancel_or_close(self) -> None:
        if self.running is not None and self.running.is_running:
            self.running.cancel()
            step, self.server_step = self.server_step, None
            if step is None:
                self.notify("Cancelled; nothing was left behind.", markup=False)
                return
            self.notify("Cancelling: asked the server to cancel it too…", markup=False)
            self.watch_outcome(step)
            return
        self.dismiss(None)

    def _busy(self) -> bool:
        if self.running is not None and self.running.is_running:
            self.notify("A backup or restore is running: wait, or Esc to cancel.", markup=False)
            return True
        return False

    # -- running a backup or restore ---------------------------------------------------------

    async def _create(self, request: CreateRequest) -> AsyncIterator[BackupProgress]:
        started = await create_backup(self.session, request.backup_id, include=request.collections)
        async for event in follow(self.session, started):
            yield event

    async def _restore(self, request: RestoreRequest) -> AsyncIterator[BackupProgress]:
        if request.new_name is not None:
            steps = restore_as_new(
                self.session, request.backup_id, request.collections[0], request.new_name
            )
            async for event in steps:
                yield event
            return
        started = await restore_backup(self.session, request.backup_id, include=request.collections)
        async for event in follow(self.session, started):
            yield event

    def run_operation(self, events: AsyncIterator[BackupProgress], *, on_server: bool) -> None:
        self.server_step = None
        self.running = self._run(events, on_server)

    @work(exclusive=True, group=workers.BACKUP_OUTCOME, exit_on_error=False)
    async def watch_outcome(self, step: BackupProgress) -> None:
        """After Esc: the server may still finish what it had started; say how it ended."""
        final = await backup_status(self.session, step.backup_id, step.operation)
        while not final.done:
            await asyncio.sleep(POLL_SECONDS)
            final = await backup_status(self.session, step.backup_id, step.operation)
        self.notify(
            f"{safe_text(step.backup_id)} ended {safe_text(final.status)} on the server"
            + (" (it was too far along to cancel)" if final.succeeded else ""),
            markup=False,
        )
        self.refresh_backups()

    @work(exclusive=True, group=workers.BACKUP_RUN, exit_on_error=False)
    async def _run(self, events: AsyncIterator[BackupProgress], on_server: bool) -> None:
        bar = self.query_one("#backup-progress", ProgressBar)
        activity = self.query_one("#backup-activity", Static)
        bar.update(progress=0)
        bar.display = True
        last: BackupProgress | None = None
        try:
            async for event in events:
                last = event
                self.server_step = event if on_server else None
                bar.update(progress=STAGES.get(event.status, 0))
                activity.update(_activity(event))
        finally:
            bar.display = False
            if last is None or not last.succeeded:
                activity.update(Text(""))
            self.refresh_backups()
        if last is not None and last.succeeded:
            verb = "Backup" if last.operation == "create" else "Restore"
            self.notify(
                f"{verb} {safe_text(last.backup_id)} done: {safe_text(last.detail)}", markup=False
            )
            if last.operation == "restore":
                self.post_message(CollectionsChanged())


def _activity(event: BackupProgress) -> Text:
    verb = "Backup" if event.operation == "create" else "Restore"
    line = f"{verb} {event.backup_id}: {event.status} · {event.elapsed:.1f}s"
    if event.detail:
        line += f" · {event.detail}"
    return Text(safe_text(line))
