"""The backups screen against the real server: create with progress, list, restore as new."""

from __future__ import annotations

import uuid
from dataclasses import replace

from textual.widgets import Input, Select, SelectionList

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.screens.backup_forms import CreateBackupScreen, RestoreBackupScreen
from explorer.tui.screens.backups import BackupsScreen, BackupsTable
from tests.tui.helpers import notifications, static_text, wait_for_collection, wait_until


async def test_create_a_backup_see_it_listed_and_restore_it_as_new(
    app: ExplorerApp, session: ExplorerSession, books, cleanup_collections: list[str]
) -> None:
    name, data = books
    backup_id = f"tui-{uuid.uuid4().hex[:12]}"
    new_name = f"{name}Tui"
    cleanup_collections.append(new_name)
    progress_seen: list[str] = []

    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_collection(pilot, name)
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, BackupsScreen), "backups screen")
        screen = app.screen
        assert isinstance(screen, BackupsScreen)

        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateBackupScreen), "the form")
        app.screen.query_one("#backup-id", Input).value = backup_id
        app.screen.query_one("#backup-collections", SelectionList).select(name)
        await pilot.press("ctrl+s")

        def listed_with(status: str) -> bool:
            activity = static_text(app, "#backup-activity")
            if activity:
                progress_seen.append(activity)
            table = screen.query_one(BackupsTable)
            return any(
                str(row.value) == backup_id and str(table.get_row(row)[1]) == status
                for row in table.rows
            )

        await wait_until(pilot, lambda: listed_with("SUCCESS"), "the new backup, done")
        assert any(f"Backup {backup_id}: SUCCESS" in line for line in progress_seen)
        assert any("done: backup done" in n for n in notifications(app))
        table = screen.query_one(BackupsTable)
        assert str(table.get_row(backup_id)[2]) == name

        table.move_cursor(row=table.get_row_index(backup_id))
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RestoreBackupScreen), "restore")
        assert app.screen.query_one("#restore-collection", Select).value == name
        app.screen.query_one("#restore-new-name", Input).value = new_name
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: any("Restore" in n and f"as {new_name}" in n for n in notifications(app)),
            "the restore into a new name",
        )
    handle = session.client.collections.use(new_name)
    assert (await handle.aggregate.over_all(total_count=True)).total_count == len(data)


async def test_read_only_refuses_before_the_form(server_options: ConnectionOptions, books) -> None:
    name, _ = books
    app = ExplorerApp(LaunchPlan(replace(server_options, read_only=True)), page_size=5)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_collection(pilot, name)
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, BackupsScreen), "backups screen")
        await pilot.press("c")
        await wait_until(
            pilot,
            lambda: any("Read-only connection" in n for n in notifications(app)),
            "the refusal",
        )
        assert isinstance(app.screen, BackupsScreen)  # no form: nothing could be sent
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, BackupsScreen), "back")


async def test_escape_cancels_a_running_backup_on_the_server(
    app: ExplorerApp, books, weaviate_server: LocalServer
) -> None:
    name, _ = books
    backup_id = f"tui-{uuid.uuid4().hex[:12]}"
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_collection(pilot, name)
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, BackupsScreen), "backups screen")
        screen = app.screen
        assert isinstance(screen, BackupsScreen)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateBackupScreen), "the form")
        app.screen.query_one("#backup-id", Input).value = backup_id
        app.screen.query_one("#backup-collections", SelectionList).select(name)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.running is not None and screen.running.is_running
        await pilot.press("escape")
        assert app.screen is screen  # Esc cancelled the backup instead of closing the screen
        await wait_until(
            pilot,
            lambda: any(f"{backup_id} ended" in n for n in notifications(app)),
            "the server's verdict",
        )
        assert any("asked the server to cancel" in n for n in notifications(app))
    log = weaviate_server.log_path.read_text()
    assert any('"cancel_backup"' in line and backup_id in line for line in log.splitlines())
