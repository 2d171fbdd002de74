"""Users and roles: the current user with their roles and permissions, the users and the roles.

Actions appear only where the current user's roles allow them; the server has the last word
("Permission denied: …"). A new API key is shown once, in :class:`NewKeyScreen`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Input, Static, TabbedContent, TabPane
from textual.worker import Worker

from explorer.core.admin import access
from explorer.core.admin.access import CurrentUser, NewApiKey, RoleInfo, UserInfo
from explorer.core.base.errors import ExplorerError, PermissionDenied
from explorer.core.base.formatting import safe_text
from explorer.core.client.session import ExplorerSession
from explorer.tui import workers
from explorer.tui.bindings import ACCESS_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.screen_stack import ClosesOnlyItself, ModalClosesOnlyItself, open_screen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed
from explorer.tui.widgets.explorer_header import ExplorerHeader
from explorer.tui.widgets.explorer_table import ExplorerTable

#: Which permission each action needs (to hide the actions a user cannot perform).
ACTION_PERMISSIONS = {
    "create_user": "create_users",
    "delete_user": "delete_users",
    "rotate_key": "update_users",
    "assign_role": "assign_and_revoke_users",
    "revoke_role": "assign_and_revoke_users",
}


class AccessScreen(ClosesOnlyItself[None]):
    DEFAULT_CSS = """
    AccessScreen #access-user { height: auto; padding: 0 1; }
    AccessScreen DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(ACCESS_BINDINGS)

    def __init__(self, session: ExplorerSession) -> None:
        super().__init__()
        self.session = session
        self.current_user: CurrentUser | None = None
        self.users: tuple[UserInfo, ...] = ()
        self.roles: tuple[RoleInfo, ...] = ()

    def compose(self) -> ComposeResult:
        yield ExplorerHeader(show_clock=False, icon="◆")
        yield Static("Reading the current user…", id="access-user")
        with TabbedContent(id="access-tabs", initial="access-tab-me"):
            with TabPane("My permissions", id="access-tab-me"):
                yield _table("access-permissions", "Role", "Action", "Resource")
            with TabPane("Users", id="access-tab-users"):
                yield _table(
                    "access-users", "User", "Type", "Active", "Roles", "Created", "Key starts"
                )
            with TabPane("Roles", id="access-tab-roles"):
                yield _table("access-roles", "Role", "Action", "Resource")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the actions the current user's roles do not allow."""
        needed = ACTION_PERMISSIONS.get(action)
        if needed is None:
            return True
        return self.current_user is not None and self.current_user.can(needed)

    # -- loading ------------------------------------------------------------------------------

    @work(exclusive=True, group=workers.ACCESS, exit_on_error=False)
    async def reload(self) -> None:
        try:
            user = await access.whoami(self.session)
        except ExplorerError as error:
            self.query_one("#access-user", Static).update(
                Text(f"{safe_text(error.title)}: {safe_text(error.message, 400)}")
            )
            raise
        self.current_user = user
        self.query_one("#access-user", Static).update(
            Text.assemble(
                ("User ", "bold"),
                safe_text(user.user_id),
                f" on {safe_text(self.session.options.describe())}",
                ("  roles: ", "bold"),
                safe_text(", ".join(user.role_names) or "none"),
            )
        )
        _fill_permissions(self.query_one("#access-permissions", DataTable), user.roles)
        self.refresh_bindings()
        # Users and roles need more rights: each is shown when the server allows it.
        try:
            self.users = await access.list_users(self.session)
        except PermissionDenied as denied:
            self.users = ()
            self.notify(str(denied), markup=False, severity="warning")
        users_table: DataTable[Text] = self.query_one("#access-users", DataTable)
        users_table.clear()
        for info in self.users:
            users_table.add_row(
                Text(safe_text(info.user_id)),
                Text(safe_text(info.user_type)),
                Text("yes" if info.active else "no"),
                Text(safe_text(", ".join(info.roles))),
                Text(info.created_at.isoformat(timespec="seconds") if info.created_at else ""),
                Text(safe_text(info.key_prefix or "")),
                key=info.user_id,
            )
        try:
            self.roles = await access.list_roles(self.session)
        except PermissionDenied as denied:
            self.roles = ()
            self.notify(str(denied), markup=False, severity="warning")
        _fill_permissions(self.query_one("#access-roles", DataTable), self.roles)

    def _selected_user(self) -> str | None:
        table: DataTable[Text] = self.query_one("#access-users", DataTable)
        if table.row_count == 0:
            self.notify("No user to act on: the Users tab is empty.", markup=False)
            return None
        self.query_one(TabbedContent).active = "access-tab-users"
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(row_key.value)

    # -- actions ------------------------------------------------------------------------------

    @guarded
    def action_reload(self) -> None:
        self.reload()

    @guarded
    def action_close(self) -> None:
        self.dismiss(None)

    @guarded
    def action_create_user(self) -> None:
        def named(name: str | None) -> None:
            if name:
                self.create_user(name)

        open_screen(self.app, TextPromptScreen("Name of the new database user"), callback=named)

    @work(exclusive=True, group=workers.ACCESS_CHANGE, exit_on_error=False)
    async def create_user(self, name: str) -> None:
        key = await access.create_user(self.session, name)
        open_screen(self.app, NewKeyScreen(key, "Created the user"))
        self.reload()

    @guarded
    def action_delete_user(self) -> None:
        user_id = self._selected_user()
        if user_id is None:
            return
        self.session.require_writable(f"delete the user {user_id}")
        open_screen(
            self.app,
            ConfirmTypedScreen(f"Delete the database user {user_id}", user_id),
            callback=when_confirmed(self.session, lambda: self.delete_user(user_id)),
        )

    @work(exclusive=True, group=workers.ACCESS_CHANGE, exit_on_error=False)
    async def delete_user(self, user_id: str) -> None:
        await access.delete_user(self.session, user_id)
        self.notify(f"Deleted the user {user_id}", markup=False)
        self.reload()

    @guarded
    def action_rotate_key(self) -> None:
        user_id = self._selected_user()
        if user_id is None:
            return
        self.session.require_writable(f"rotate the API key of {user_id}")
        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"Give {user_id} a new API key", user_id, "The old key stops working at once."
            ),
            callback=when_confirmed(self.session, lambda: self.rotate_key(user_id)),
        )

    @work(exclusive=True, group=workers.ACCESS_CHANGE, exit_on_error=False)
    async def rotate_key(self, user_id: str) -> None:
        key = await access.rotate_key(self.session, user_id)
        open_screen(self.app, NewKeyScreen(key, "Rotated the key of"))
        self.reload()

    @guarded
    def action_assign_role(self) -> None:
        self._ask_role("assign")

    @guarded
    def action_revoke_role(self) -> None:
        self._ask_role("revoke")

    def _ask_role(self, verb: str) -> None:
        user_id = self._selected_user()
        if user_id is None:
            return

        def named(role: str | None) -> None:
            if role:
                self.change_role(verb, user_id, role)

        known = ", ".join(r.name for r in self.roles)
        open_screen(
            self.app,
            TextPromptScreen(
                f"Role to {verb} ({'to' if verb == 'assign' else 'from'} {user_id})", known
            ),
            callback=named,
        )

    @work(exclusive=True, group=workers.ACCESS_CHANGE, exit_on_error=False)
    async def change_role(self, verb: str, user_id: str, role: str) -> None:
        if verb == "assign":
            await access.assign_role(self.session, user_id, role)
            self.notify(f"Assigned {role} to {user_id}", markup=False)
        else:
            await access.revoke_role(self.session, user_id, role)
            self.notify(f"Revoked {role} from {user_id}", markup=False)
        self.reload()


class TextPromptScreen(ModalClosesOnlyItself[str | None]):
    """Ask for one line of text; Esc cancels."""

    DEFAULT_CSS = """
    TextPromptScreen { align: center middle; }
    TextPromptScreen > Vertical {
        width: 70; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    def __init__(self, question: str, hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(safe_text(self.question, 200), style="bold"))
            yield Input(placeholder=safe_text(self.hint, 200), id="prompt-input")

    @on(Input.Submitted, "#prompt-input")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewKeyScreen(ModalClosesOnlyItself[None]):
    """The one time a new API key is shown; it is kept nowhere else."""

    DEFAULT_CSS = """
    NewKeyScreen { align: center middle; }
    NewKeyScreen > Vertical {
        width: 84; height: auto; border: thick $warning; background: $surface; padding: 0 1;
    }
    NewKeyScreen #new-key { text-style: bold; margin: 1 0; }
    NewKeyScreen Horizontal { height: auto; align-horizontal: right; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="newkey.close"),
        Binding("c", "copy", "Copy", id="newkey.copy", tooltip="Copy the key to the clipboard"),
    ]

    def __init__(self, key: NewApiKey, action: str) -> None:
        super().__init__()
        self.key = key
        self.action_text = action

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self.action_text} {safe_text(self.key.user_id)}", style="bold"))
            yield Static(Text("Its API key, shown only now: store it safely."))
            yield Static(Text(self.key.api_key), id="new-key")
            with Horizontal():
                yield Button("Copy", id="new-key-copy")
                yield Button("Done", variant="primary", id="new-key-done")

    @on(Button.Pressed, "#new-key-copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.key.api_key)
        self.notify("Copied the key.", markup=False)

    @on(Button.Pressed, "#new-key-done")
    def action_close(self) -> None:
        self.dismiss(None)


def _table(widget_id: str, *columns: str) -> DataTable[Text]:
    table: DataTable[Text] = ExplorerTable(id=widget_id, zebra_stripes=False)
    table.add_columns(*columns)
    return table


def _fill_permissions(table: DataTable[Text], roles: tuple[RoleInfo, ...]) -> None:
    table.clear()
    for role in roles:
        for permission in role.permissions or ():
            table.add_row(
                Text(safe_text(role.name)),
                Text(safe_text(permission.action)),
                Text(safe_text(permission.resource)),
            )
