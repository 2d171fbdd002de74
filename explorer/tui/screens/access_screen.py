"""Users and roles: the current user with their roles and permissions, the users and the roles.

Actions appear only where the current user's roles allow them; the server has the last word
("Permission denied: …"). A new API key is shown once, in :class:`NewKeyScreen`.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.worker import Worker

from explorer.core.admin import access
from explorer.core.admin.access import CurrentUser, RoleInfo, UserInfo
from explorer.core.admin.permission_matrix import (
    COLLECTION_ACTIONS,
    PermissionMatrix,
    permission_matrix,
)
from explorer.core.admin.permissions import parse_permission, permission_changes
from explorer.core.base.errors import ExplorerError, PermissionDenied
from explorer.core.base.formatting import safe_text
from explorer.core.client.session import ExplorerSession
from explorer.tui import workers
from explorer.tui.bindings import ACCESS_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.screen_stack import ClosesOnlyItself, open_screen
from explorer.tui.screens.access_prompts import NewKeyScreen, TextPromptScreen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed
from explorer.tui.screens.role_form import RoleDraft, RoleFormScreen
from explorer.tui.widgets.explorer_header import ExplorerHeader

__all__ = ["AccessScreen", "NewKeyScreen", "TextPromptScreen"]
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.keys_footer import KeysFooter

#: Which permission each action needs (to hide the actions a user cannot perform).
ACTION_PERMISSIONS = {
    "create_user": "create_users",
    "delete_user": "delete_users",
    "rotate_key": "update_users",
    "assign_role": "assign_and_revoke_users",
    "revoke_role": "assign_and_revoke_users",
    "toggle_user_active": "update_users",
    "create_role": "create_roles",
    "edit_role": "update_roles",
    "delete_role": "delete_roles",
}
#: Short column titles for the "What I can do" matrix.
_MATRIX_TITLES = {
    "read_collections": "config",
    "update_collections": "change config",
    "delete_collections": "drop",
    "read_data": "read",
    "create_data": "insert",
    "update_data": "update",
    "delete_data": "delete",
    "read_tenants": "tenants",
    "create_tenants": "add tenants",
    "update_tenants": "change tenants",
    "delete_tenants": "drop tenants",
    "manage_backups": "backups",
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
        self.matrix: PermissionMatrix | None = None
        #: The role of each row of the Roles table (a role has a row per permission).
        self._role_rows: list[str] = []

    def compose(self) -> ComposeResult:
        yield ExplorerHeader(show_clock=False, icon="◆")
        yield Static("Reading the current user…", id="access-user")
        with TabbedContent(id="access-tabs", initial="access-tab-me"):
            with TabPane("My permissions", id="access-tab-me"):
                yield _table("access-permissions", "Role", "Action", "Resource")
            with TabPane("What I can do", id="access-tab-can"):
                yield Static("", id="access-can-other")
                yield _table(
                    "access-matrix",
                    "Collection",
                    *(_MATRIX_TITLES[action] for action in COLLECTION_ACTIONS),
                )
            with TabPane("Users", id="access-tab-users"):
                yield _table(
                    "access-users", "User", "Type", "Active", "Roles", "Created", "Key starts"
                )
            with TabPane("Roles", id="access-tab-roles"):
                yield _table("access-roles", "Role", "Action", "Resource", "Permission")
        yield KeysFooter()

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
        await self._fill_matrix(user)
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
        self._role_rows = _fill_permissions(
            self.query_one("#access-roles", DataTable), self.roles, with_text=True
        )

    async def _fill_matrix(self, user: CurrentUser) -> None:
        """What the user can do on each collection they may list."""
        other = self.query_one("#access-can-other", Static)
        try:
            names = [c.name for c in await self.session.list_collection_configs()]
        except PermissionDenied as denied:
            names = []
            self.notify(str(denied), markup=False, severity="warning")
        self.matrix = matrix = await asyncio.to_thread(permission_matrix, user, names)
        other.update(
            Text(
                "Besides collections: " + (safe_text(", ".join(matrix.other_actions)) or "nothing")
            )
        )
        table: DataTable[Text] = self.query_one("#access-matrix", DataTable)
        table.clear()
        for row in matrix.rows:
            table.add_row(
                Text(safe_text(row.collection)),
                *(Text(safe_text(c), style=_cell_style(c)) for c in row.cells),
                key=row.collection,
            )

    def _selected_user(self) -> str | None:
        table: DataTable[Text] = self.query_one("#access-users", DataTable)
        if table.row_count == 0:
            self.notify("No user to act on: the Users tab is empty.", markup=False)
            return None
        self.query_one(TabbedContent).active = "access-tab-users"
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(row_key.value)

    def _selected_role(self) -> str | None:
        table: DataTable[Text] = self.query_one("#access-roles", DataTable)
        if table.row_count == 0:
            self.notify("No role to act on: the Roles tab is empty.", markup=False)
            return None
        self.query_one(TabbedContent).active = "access-tab-roles"
        row = table.cursor_coordinate.row
        return self._role_rows[row] if 0 <= row < len(self._role_rows) else None

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

    # -- users: activate and deactivate ---------------------------------------------------------

    @guarded
    def action_toggle_user_active(self) -> None:
        user_id = self._selected_user()
        info = next((u for u in self.users if u.user_id == user_id), None)
        if user_id is None or info is None:
            return
        if not info.active:
            self.session.require_writable(f"activate the user {user_id}")
            self.set_user_active(user_id, True)
            return
        self.session.require_writable(f"deactivate the user {user_id}")
        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"Deactivate the user {user_id}",
                user_id,
                "Their API key stops working until they are activated again.",
            ),
            callback=when_confirmed(self.session, lambda: self.set_user_active(user_id, False)),
        )

    @work(exclusive=True, group=workers.ACCESS_CHANGE, exit_on_error=False)
    async def set_user_active(self, user_id: str, active: bool) -> None:
        await access.set_user_active(self.session, user_id, active)
        self.notify(f"{'Activated' if active else 'Deactivated'} {user_id}", markup=False)
        self.reload()

    # -- roles: create, change, delete ---------------------------------------------------------

    @guarded
    def action_create_role(self) -> None:
        self.session.require_writable("create a role")

        def drafted(draft: RoleDraft | None) -> None:
            if draft is not None:
                self.save_role(draft, None)

        open_screen(self.app, RoleFormScreen(), callback=drafted)

    @guarded
    def action_edit_role(self) -> None:
        name = self._selected_role()
        role = next((r for r in self.roles if r.name == name), None)
        if name is None or role is None:
            return
        access.check_editable_role(name)
        self.session.require_writable(f"change the role {name}")

        def drafted(draft: RoleDraft | None) -> None:
            if draft is not None:
                self.save_role(draft, role)

        texts = tuple(p.text for p in role.permissions if p.text)
        open_screen(self.app, RoleFormScreen(name, texts), callback=drafted)

    @work(exclusive=True, group=workers.ACCESS_CHANGE, exit_on_error=False)
    async def save_role(self, draft: RoleDraft, old: RoleInfo | None) -> None:
        if old is None:
            await access.create_role(self.session, draft.name, draft.permissions)
            self.notify(f"Created the role {draft.name}", markup=False)
        else:
            before = tuple(parse_permission(p.text) for p in old.permissions if p.text)
            added, removed = permission_changes(before, draft.permissions)
            if added:
                await access.add_permissions(self.session, draft.name, added)
            if removed:
                await access.remove_permissions(self.session, draft.name, removed)
            self.notify(
                f"{draft.name}: {len(added)} permission(s) added, {len(removed)} removed",
                markup=False,
            )
        self.reload()

    @guarded
    def action_delete_role(self) -> None:
        name = self._selected_role()
        if name is None:
            return
        access.check_editable_role(name)
        self.session.require_writable(f"delete the role {name}")
        open_screen(
            self.app,
            ConfirmTypedScreen(f"Delete the role {name}", name, "Users lose what it allowed."),
            callback=when_confirmed(self.session, lambda: self.delete_role(name)),
        )

    @work(exclusive=True, group=workers.ACCESS_CHANGE, exit_on_error=False)
    async def delete_role(self, name: str) -> None:
        await access.delete_role(self.session, name)
        self.notify(f"Deleted the role {name}", markup=False)
        self.reload()


def _table(widget_id: str, *columns: str) -> DataTable[Text]:
    table: DataTable[Text] = ExplorerTable(id=widget_id, zebra_stripes=False)
    for label in columns:
        table.add_column(label, key=label.lower())
    return table


def _fill_permissions(
    table: DataTable[Text], roles: tuple[RoleInfo, ...], *, with_text: bool = False
) -> list[str]:
    """One row a permission (a role with none gets one row); the role of each row."""
    table.clear()
    rows: list[str] = []
    for role in roles:
        for permission in role.permissions or ((None,) if with_text else ()):
            cells = [
                Text(safe_text(role.name)),
                Text(safe_text(permission.action if permission else "(none)")),
                Text(safe_text(permission.resource if permission else "")),
            ]
            if with_text:
                cells.append(Text(safe_text(permission.text if permission else "")))
            table.add_row(*cells)
            rows.append(role.name)
    return rows


def _cell_style(value: str) -> str:
    return {"yes": "green", "no": "dim"}.get(value, "yellow")
