"""The two forms of the backups screen: what to back up, and how to restore."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, SelectionList, Static

from explorer.core.admin.backups import BackupInfo, validate_backup_id
from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.explorer_lists import ExplorerSelect, ExplorerSelectionList
from explorer.tui.widgets.text_input import TextInput

FORM_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; height: auto; max-height: 90%; border: thick $primary; background: $surface;
    padding: 0 1;
}}
{name} SelectionList {{ height: auto; max-height: 14; }}
{name} .form-error {{ color: $error; }}
{name} Horizontal {{ height: auto; align-horizontal: right; }}
"""


@dataclass(frozen=True)
class CreateRequest:
    backup_id: str
    #: Empty: every collection.
    collections: tuple[str, ...]


@dataclass(frozen=True)
class RestoreRequest:
    backup_id: str
    #: Empty: every collection of the backup.
    collections: tuple[str, ...]
    #: Restore the one collection into this new name (via a scratch server).
    new_name: str | None


def suggested_backup_id(now: dt.datetime | None = None) -> str:
    moment = now or dt.datetime.now(dt.UTC)
    return moment.strftime("backup-%Y%m%d-%H%M%S")


class CreateBackupScreen(ModalClosesOnlyItself[CreateRequest | None]):
    """An id and a checklist of collections (none checked: back up all of them)."""

    DEFAULT_CSS = FORM_CSS.format(name="CreateBackupScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="backup_create.cancel"),
        Binding("ctrl+s", "submit", "Create", id="backup_create.submit"),
    ]

    def __init__(self, collections: tuple[str, ...]) -> None:
        super().__init__()
        self.collections = collections

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("New backup (filesystem backend)", style="bold"))
            yield Static("Id: lowercase letters, digits, - and _")
            yield TextInput(value=suggested_backup_id(), id="backup-id")
            yield Static("Collections (none checked: all of them)")
            yield ExplorerSelectionList(
                *((safe_text(name, 60), name) for name in self.collections),
                id="backup-collections",
            )
            yield Static("", id="backup-create-error", classes="form-error")
            with Horizontal():
                yield Button("Cancel", id="backup-create-cancel")
                yield Button("Create (ctrl+s)", variant="primary", id="backup-create-ok")

    @on(Input.Submitted, "#backup-id")
    @on(Button.Pressed, "#backup-create-ok")
    def action_submit(self) -> None:
        backup_id = self.query_one("#backup-id", Input).value.strip()
        try:
            validate_backup_id(backup_id)
        except ExplorerError as exc:
            self.query_one("#backup-create-error", Static).update(Text(exc.message))
            return
        chosen = self.query_one("#backup-collections", SelectionList).selected
        self.dismiss(CreateRequest(backup_id, tuple(str(name) for name in chosen)))

    @on(Button.Pressed, "#backup-create-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


ALL = "__all__"


class RestoreBackupScreen(ModalClosesOnlyItself[RestoreRequest | None]):
    """Which collection to restore, and optionally the new name to restore it into."""

    DEFAULT_CSS = FORM_CSS.format(name="RestoreBackupScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="backup_restore.cancel"),
        Binding("ctrl+s", "submit", "Restore", id="backup_restore.submit"),
    ]

    def __init__(self, backup: BackupInfo) -> None:
        super().__init__()
        self.backup = backup

    def compose(self) -> ComposeResult:
        options = [(safe_text(name, 60), name) for name in self.backup.collections]
        if len(options) > 1:
            options.insert(0, ("every collection of the backup", ALL))
        with Vertical():
            yield Static(
                Text(f"Restore backup {safe_text(self.backup.backup_id, 60)}", style="bold")
            )
            yield ExplorerSelect(
                options, value=options[0][1], allow_blank=False, id="restore-collection"
            )
            yield Static(
                "New name (empty: restore under its own name, which must not exist). "
                "Weaviate cannot rename on restore: a new name restores onto a scratch local "
                "server and copies the objects, so the backup files must be on this machine."
            )
            yield TextInput(placeholder="e.g. BooksRestored", id="restore-new-name")
            yield Static("", id="backup-restore-error", classes="form-error")
            with Horizontal():
                yield Button("Cancel", id="backup-restore-cancel")
                yield Button("Restore (ctrl+s)", variant="primary", id="backup-restore-ok")

    @on(Input.Submitted, "#restore-new-name")
    @on(Button.Pressed, "#backup-restore-ok")
    def action_submit(self) -> None:
        chosen = self.query_one("#restore-collection", Select).value
        new_name = self.query_one("#restore-new-name", Input).value.strip() or None
        collections = () if chosen == ALL else (str(chosen),)
        if new_name is not None and not collections:
            self.query_one("#backup-restore-error", Static).update(
                Text("A new name restores one collection: choose which.")
            )
            return
        self.dismiss(RestoreRequest(self.backup.backup_id, collections, new_name))

    @on(Button.Pressed, "#backup-restore-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
