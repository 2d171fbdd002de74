"""Pilot: the role form (create, edit, bad lines refused), deleting a role, deactivating a user and
the "What I can do" matrix, on the real RBAC server."""

from __future__ import annotations

import uuid
from pathlib import Path

from textual.widgets import DataTable, Input, Static, TextArea

from explorer.core.admin import access
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.screens.access_screen import AccessScreen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.screens.role_form import RoleFormScreen
from tests.access.conftest import ADMIN_KEY, VIEWER_KEY, open_access_screen
from tests.tui.helpers import column, static_text, wait_until


async def permission_texts(session: ExplorerSession, role: str) -> set[str] | None:
    roles = {r.name: r for r in await access.list_roles(session)}
    return {p.text for p in roles[role].permissions} if role in roles else None


async def test_role_form_matrix_and_user_activation(
    rbac_server: LocalServer, admin_session: ExplorerSession, config_dir: Path
) -> None:
    suffix = uuid.uuid4().hex[:6]
    role, user_id, collection = f"tui{suffix}", f"tui-{suffix}", f"Matrix{suffix}"
    async with admin_session.call():
        await admin_session.client.collections.create(collection)
    await access.create_user(admin_session, user_id)
    options = ConnectionOptions(
        url=rbac_server.url, grpc_port=rbac_server.grpc_port, api_key=ADMIN_KEY
    )
    app = ExplorerApp(LaunchPlan(options), page_size=5)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            screen: AccessScreen = await open_access_screen(pilot)
            await wait_until(pilot, lambda: bool(screen.roles), "users and roles")

            # What I can do: root may do everything on every collection.
            matrix = screen.query_one("#access-matrix", DataTable)
            await wait_until(pilot, lambda: matrix.row_count >= 1, "the matrix")
            row = [str(c) for c in matrix.get_row(collection)]
            assert row[0] == collection and set(row[1:]) == {"yes"}
            assert "create_users" in static_text(app, "#access-can-other")

            # A new role: a bad line is shown and refused, then fixed and saved.
            await pilot.press("N")
            await wait_until(pilot, lambda: isinstance(app.screen, RoleFormScreen), "role form")
            form = app.screen
            form.query_one("#role-name", Input).value = role
            area = form.query_one("#role-permissions", TextArea)
            area.text = "collections:read:Matrix*\ndata:write:Matrix*"
            await pilot.pause()
            assert "line 2: 'data:write:Matrix*': data has no action 'write'" in static_text(
                app, "#role-errors"
            )
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, RoleFormScreen)  # not saved
            assert await permission_texts(admin_session, role) is None
            area.text = "collections:read:Matrix*\ndata:read,update:Matrix*"
            await pilot.press("ctrl+s", "ctrl+s")  # twice, fast: one role
            await wait_until(pilot, lambda: role in {r.name for r in screen.roles}, "role listed")
            assert await permission_texts(admin_session, role) == {
                "collections:read:Matrix*",
                "data:read:Matrix*:*",
                "data:update:Matrix*:*",
            }

            # Edit: the form starts from the role's permissions; the change is a diff.
            roles_table = screen.query_one("#access-roles", DataTable)
            roles_table.move_cursor(row=column(roles_table, "role").index(role))
            await pilot.press("E")
            await wait_until(pilot, lambda: isinstance(app.screen, RoleFormScreen), "edit form")
            area = app.screen.query_one("#role-permissions", TextArea)
            assert set(area.text.splitlines()) == {
                "collections:read:Matrix*",
                "data:read:Matrix*:*",
                "data:update:Matrix*:*",
            }
            assert app.screen.query_one("#role-name", Input).disabled
            area.text = "collections:read:Matrix*\ndata:read:Matrix*\ncluster:read"
            await pilot.press("ctrl+s")
            await wait_until(
                pilot,
                lambda: (
                    isinstance(app.screen, AccessScreen)
                    and "cluster:read" in column(roles_table, "permission")
                ),
                "the role changed",
            )
            assert await permission_texts(admin_session, role) == {
                "collections:read:Matrix*",
                "data:read:Matrix*:*",
                "cluster:read",
            }

            # Deactivate a user (asks first), then activate them again.
            users_table = screen.query_one("#access-users", DataTable)
            users_table.move_cursor(row=users_table.get_row_index(user_id))
            await pilot.press("v")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "asked")
            await pilot.click("#confirm-input")
            await pilot.press(*user_id, "enter")
            await wait_until(
                pilot,
                lambda: any(u.user_id == user_id and not u.active for u in screen.users),
                "deactivated",
            )
            users_table.move_cursor(row=users_table.get_row_index(user_id))
            await pilot.press("v")
            await wait_until(
                pilot,
                lambda: any(u.user_id == user_id and u.active for u in screen.users),
                "activated again",
            )

            # Delete the role (asks first).
            roles_table.move_cursor(row=column(roles_table, "role").index(role))
            await pilot.press("D")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "asked")
            await pilot.click("#confirm-input")
            await pilot.press(*role, "enter")
            await wait_until(pilot, lambda: role not in {r.name for r in screen.roles}, "deleted")
        assert await permission_texts(admin_session, role) is None
    finally:
        await access.delete_user(admin_session, user_id)
        if await permission_texts(admin_session, role) is not None:
            await access.delete_role(admin_session, role)
        async with admin_session.call():
            await admin_session.client.collections.delete(collection)


async def test_viewer_sees_no_role_editing_and_a_read_only_matrix(
    rbac_server: LocalServer, config_dir: Path
) -> None:
    options = ConnectionOptions(
        url=rbac_server.url, grpc_port=rbac_server.grpc_port, api_key=VIEWER_KEY
    )
    app = ExplorerApp(LaunchPlan(options), page_size=5)
    async with app.run_test(size=(160, 50)) as pilot:
        screen: AccessScreen = await open_access_screen(pilot)
        await wait_until(pilot, lambda: screen.matrix is not None, "the matrix")
        for action in ("create_role", "edit_role", "delete_role", "toggle_user_active"):
            assert screen.check_action(action, ()) is False
        await pilot.press("N")  # hidden, so nothing opens
        assert isinstance(app.screen, AccessScreen)
        assert screen.matrix is not None
        for row in screen.matrix.rows:
            assert row.cell("read_data") == "yes" and row.cell("delete_data") == "no"
        other = screen.query_one("#access-can-other", Static)
        assert "create_users" not in str(other.render())
