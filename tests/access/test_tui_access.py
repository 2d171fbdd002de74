"""Pilot tests: the connect screen (profiles, switching servers without restart) and the
users & roles screen, against the default test server and the API-key + RBAC server."""

from __future__ import annotations

import stat
import uuid
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from explorer.core.admin import access
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.store.profiles import Profile, load_profiles, save_profile
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan, check_connection
from explorer.tui.app import ExplorerApp
from explorer.tui.errors import show_error
from explorer.tui.screens.access_screen import AccessScreen, NewKeyScreen, TextPromptScreen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.screens.connect_screen import ConnectScreen
from explorer.tui.screens.error_details import ErrorDetailsScreen
from explorer.tui.screens.profile_form import ProfileFormScreen
from tests.access.conftest import ADMIN_KEY, VIEWER_KEY, open_access_screen
from tests.tui.helpers import notifications, wait_for_collection, wait_until


def rbac_profile(server: LocalServer, name: str, key: str) -> Profile:
    return Profile(
        name=name,
        kind="custom",
        http_host="127.0.0.1",
        http_port=server.ports.http,  # type: ignore[union-attr]
        grpc_host="127.0.0.1",
        grpc_port=server.grpc_port,
        api_key=key,
    )


def screen_text(app: App[Any]) -> str:
    """Every piece of text the active screen and the app's status bar show."""
    parts: list[str] = []
    for widget in [*app.screen.query("*"), *app.screen_stack[0].query("#status-bar")]:
        if isinstance(widget, DataTable):
            for row in range(widget.row_count):
                parts.extend(str(cell) for cell in widget.get_row_at(row))
        elif isinstance(widget, Static):
            content = widget.render()
            parts.append(content.plain if isinstance(content, Text) else str(content))
        elif isinstance(widget, Input):
            parts.extend((widget.value, str(widget.placeholder)))
    return "\n".join(parts)


def profile_rows(app: App[Any]) -> list[str]:
    table = app.screen.query_one("#profiles-table", DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def open_connect_screen(pilot: Pilot[Any], expected_rows: int) -> ConnectScreen:
    await pilot.press("C")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConnectScreen), "connect screen")
    await wait_until(pilot, lambda: len(profile_rows(pilot.app)) == expected_rows, "profiles")
    screen = pilot.app.screen
    assert isinstance(screen, ConnectScreen)
    return screen


async def choose_row(pilot: Pilot[Any], label: str) -> None:
    table = pilot.app.screen.query_one("#profiles-table", DataTable)
    table.move_cursor(row=profile_rows(pilot.app).index(label))
    await pilot.pause()


async def test_switch_servers_without_restart_and_back(
    server_options: ConnectionOptions,
    rbac_server: LocalServer,
    admin_session: ExplorerSession,
    session: ExplorerSession,
    collection_name: str,
    config_dir: Path,
) -> None:
    on_rbac = f"Rbac{collection_name}"
    await admin_session.client.collections.create(on_rbac)
    await session.client.collections.create(collection_name)
    save_profile(rbac_profile(rbac_server, "secured", ADMIN_KEY))
    app = ExplorerApp(LaunchPlan(server_options), page_size=5)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await wait_for_collection(pilot, collection_name)
            first = app.opened
            assert first is not None

            await open_connect_screen(pilot, 2)
            assert profile_rows(app) == ["(command line)", "secured"]
            text = screen_text(app)
            assert "API key admi…" in text and ADMIN_KEY not in text
            await choose_row(pilot, "secured")
            await pilot.press("enter")
            await wait_for_collection(pilot, on_rbac)
            assert app.opened is not None and app.opened is not first
            assert app.opened.session.options.url == rbac_server.url
            assert not first.session.is_connected()  # the old client is closed
            assert collection_name not in [c.name for c in app.collections]
            status = screen_text(app)
            assert f"switched to {rbac_server.url}" in status and ADMIN_KEY not in status

            await open_connect_screen(pilot, 2)
            await choose_row(pilot, "(command line)")
            await pilot.press("enter")
            await wait_for_collection(pilot, collection_name)
            assert app.opened.session.options.url == server_options.url
            assert on_rbac not in [c.name for c in app.collections]
    finally:
        await admin_session.client.collections.delete(on_rbac)
        await session.client.collections.delete(collection_name)


async def test_a_failed_switch_keeps_the_current_connection(
    server_options: ConnectionOptions,
    rbac_server: LocalServer,
    config_dir: Path,
) -> None:
    save_profile(rbac_profile(rbac_server, "wrongkey", "not-the-key-1234"))
    app = ExplorerApp(LaunchPlan(server_options), page_size=5)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        first = app.opened
        await open_connect_screen(pilot, 2)
        await choose_row(pilot, "wrongkey")
        await pilot.press("t")
        await wait_until(
            pilot,
            lambda: any("Authentication failed" in n for n in notifications(app)),
            "the test result",
        )
        assert f"{rbac_server.url} rejected the credentials" in "\n".join(notifications(app))
        assert "wrongkey: failed" in screen_text(app)
        assert "not-the-key-1234" not in screen_text(app)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "still on the previous server" in screen_text(app), "the failure"
        )
        assert app.opened is first and first is not None and first.session.is_connected()


async def test_add_edit_and_delete_profiles_in_the_form(
    server_options: ConnectionOptions, rbac_server: LocalServer, config_dir: Path
) -> None:
    app = ExplorerApp(LaunchPlan(server_options), page_size=5)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_connect_screen(pilot, 1)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen), "the form")
        form = app.screen
        form.query_one("#profile-name", Input).value = "viewer"
        form.query_one("#profile-http-port", Input).value = "not-a-port"
        await pilot.press("ctrl+s")
        assert "HTTP port: 'not-a-port' is not a number" in screen_text(app)
        form.query_one("#profile-url", Input).value = rbac_server.url
        form.query_one("#profile-http-port", Input).value = ""
        form.query_one("#profile-grpc-port", Input).value = str(rbac_server.grpc_port)
        form.query_one("#profile-api-key", Input).value = VIEWER_KEY
        form.query_one("#profile-headers", Input).value = "X-Test-Key=hdr-secret-99"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "viewer" in profile_rows(app), "the saved profile")
        path = config_dir / "profiles.toml"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        saved = load_profiles()["viewer"]
        assert saved.api_key == VIEWER_KEY and saved.headers == (("X-Test-Key", "hdr-secret-99"),)
        assert VIEWER_KEY not in screen_text(app) and "view…" in screen_text(app)
        await check_connection(
            ConnectionOptions(
                url=rbac_server.url, grpc_port=saved.grpc_port or 0, api_key=saved.api_key
            )
        )

        # Editing shows no secret and keeps them when the fields stay empty.
        await choose_row(pilot, "viewer")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen), "the form")
        text = screen_text(app)
        assert VIEWER_KEY not in text and "hdr-secret-99" not in text and "view…" in text
        app.screen.query_one("#profile-name", Input).value = "readonly-viewer"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "readonly-viewer" in profile_rows(app), "the renamed one")
        assert set(load_profiles()) == {"readonly-viewer"}
        assert load_profiles()["readonly-viewer"].api_key == VIEWER_KEY

        await choose_row(pilot, "readonly-viewer")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "confirm")
        await pilot.click("#confirm-input")
        await pilot.press(*"readonly-viewer", "enter")
        await wait_until(pilot, lambda: profile_rows(app) == ["(command line)"], "deleted")
        assert load_profiles() == {}


async def test_users_and_roles_screen_as_admin(
    rbac_server: LocalServer, admin_session: ExplorerSession, config_dir: Path
) -> None:
    options = ConnectionOptions(
        url=rbac_server.url, grpc_port=rbac_server.grpc_port, api_key=ADMIN_KEY
    )
    app = ExplorerApp(LaunchPlan(options), page_size=5)
    user_id = f"tui-{uuid.uuid4().hex[:8]}"
    async with app.run_test(size=(140, 45)) as pilot:
        screen: AccessScreen = await open_access_screen(pilot)
        await wait_until(pilot, lambda: bool(screen.roles), "users and roles")
        text = screen_text(app)
        assert "User admin on" in text and "roles: root" in text and "admi…" in text
        assert ADMIN_KEY not in text
        assert {"admin", "viewer"} <= {u.user_id for u in screen.users}
        assert screen.check_action("create_user", ()) is True

        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPromptScreen), "name prompt")
        await pilot.press(*user_id, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, NewKeyScreen), "the new key")
        new_key = app.screen.key.api_key  # type: ignore[attr-defined]
        assert new_key in screen_text(app)  # shown this once
        info = await check_connection(
            ConnectionOptions(url=rbac_server.url, grpc_port=rbac_server.grpc_port, api_key=new_key)
        )
        assert info.version
        await pilot.press("escape")
        await wait_until(pilot, lambda: user_id in {u.user_id for u in screen.users}, "listed")
        assert new_key not in screen_text(app)  # never again

        users_table = screen.query_one("#access-users", DataTable)
        users_table.move_cursor(row=users_table.get_row_index(user_id))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPromptScreen), "role prompt")
        await pilot.press(*"viewer", "enter")
        await wait_until(
            pilot,
            lambda: any(u.user_id == user_id and u.roles == ("viewer",) for u in screen.users),
            "the role assigned",
        )
        users_table.move_cursor(row=users_table.get_row_index(user_id))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "confirm")
        await pilot.click("#confirm-input")
        await pilot.press(*user_id, "enter")
        await wait_until(pilot, lambda: user_id not in {u.user_id for u in screen.users}, "gone")
    assert user_id not in {u.user_id for u in await access.list_users(admin_session)}


async def test_users_and_roles_screen_as_viewer(rbac_server: LocalServer, config_dir: Path) -> None:
    options = ConnectionOptions(
        url=rbac_server.url, grpc_port=rbac_server.grpc_port, api_key=VIEWER_KEY
    )
    app = ExplorerApp(LaunchPlan(options), page_size=5)
    async with app.run_test(size=(140, 45)) as pilot:
        screen: AccessScreen = await open_access_screen(pilot)
        await wait_until(pilot, lambda: screen.current_user is not None, "the current user")
        assert screen.current_user is not None and screen.current_user.role_names == ("viewer",)
        for action in ("create_user", "delete_user", "rotate_key", "assign_role", "revoke_role"):
            assert screen.check_action(action, ()) is False
        assert screen.check_action("reload", ()) is True
        text = screen_text(app)
        assert VIEWER_KEY not in text and "view…" in text and "read_data" in text
        # Forcing a denied action still gives the clear message, never a traceback.
        screen.create_user("sneaky")
        await wait_until(
            pilot,
            lambda: any("Permission denied: create users" in n for n in notifications(app)),
            "the refusal",
        )
        # A crash report never shows the key, even when the exception quotes it.
        show_error(app, RuntimeError(f"surprise with {VIEWER_KEY} inside"))
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorDetailsScreen), "details")
        crash = screen_text(app)
        assert "surprise with view… inside" in crash and VIEWER_KEY not in crash
