"""Auth, users and roles against a real server with API keys and RBAC (admin and viewer)."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

import pytest

from explorer.core.admin import access
from explorer.core.base.errors import (
    AuthenticationFailed,
    ExplorerError,
    PermissionDenied,
    ReadOnlyRefused,
)
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.store.profiles import Profile, save_profile
from explorer.local.server import LocalServer
from explorer.local.startup import OpenedSession, check_connection
from tests.access.conftest import ADMIN_KEY, VIEWER_KEY, options_for
from tests.repl.harness import ReplHarness


def new_user_id() -> str:
    return f"user-{uuid.uuid4().hex[:8]}"


async def test_wrong_key_fails_fast_and_names_the_server(rbac_server: LocalServer) -> None:
    started = time.monotonic()
    with pytest.raises(AuthenticationFailed) as caught:
        await asyncio.wait_for(check_connection(options_for(rbac_server, "wrong-key-1234")), 30)
    elapsed = time.monotonic() - started
    assert str(caught.value) == (
        f"Authentication failed: {rbac_server.url} rejected the credentials"
    )
    assert elapsed < 30  # no hang: wait_for would have raised TimeoutError
    with pytest.raises(AuthenticationFailed):  # no key at all: anonymous access is off
        await asyncio.wait_for(check_connection(options_for(rbac_server, None)), 30)


async def test_whoami_for_admin_and_viewer(
    admin_session: ExplorerSession, viewer_session: ExplorerSession
) -> None:
    admin = await access.whoami(admin_session)
    assert admin.user_id == "admin" and admin.role_names == ("root",)
    assert admin.can("create_users") and admin.can("delete_collections")
    viewer = await access.whoami(viewer_session)
    assert viewer.user_id == "viewer" and viewer.role_names == ("viewer",)
    assert viewer.can("read_data") and not viewer.can("create_users")
    assert all(p.action.startswith("read_") for p in viewer.roles[0].permissions)


async def test_list_users_and_roles(admin_session: ExplorerSession) -> None:
    users = {u.user_id: u for u in await access.list_users(admin_session)}
    assert users["admin"].roles == ("root",) and users["admin"].user_type == "db_env_user"
    assert users["viewer"].roles == ("viewer",) and users["viewer"].active
    roles = {r.name: r for r in await access.list_roles(admin_session)}
    assert {"root", "admin", "viewer"} <= set(roles)
    assert roles["viewer"].allows("read_collections") and not roles["viewer"].allows(
        "create_collections"
    )


async def test_create_rotate_assign_revoke_delete(
    admin_session: ExplorerSession, rbac_server: LocalServer
) -> None:
    user_id = new_user_id()
    created = await access.create_user(admin_session, user_id)
    assert created.user_id == user_id and created.api_key not in repr(created)
    try:
        async with ExplorerSession(options_for(rbac_server, created.api_key)) as as_new:
            assert (await access.whoami(as_new)).user_id == user_id

        await access.assign_role(admin_session, user_id, "viewer")
        listed = {u.user_id: u for u in await access.list_users(admin_session)}
        assert listed[user_id].roles == ("viewer",) and listed[user_id].user_type == "db_user"
        prefix = listed[user_id].key_prefix
        assert prefix and created.api_key.startswith(prefix)
        await access.revoke_role(admin_session, user_id, "viewer")
        listed = {u.user_id: u for u in await access.list_users(admin_session)}
        assert listed[user_id].roles == ()

        rotated = await access.rotate_key(admin_session, user_id)
        assert rotated.api_key != created.api_key
        async with ExplorerSession(options_for(rbac_server, rotated.api_key)) as as_rotated:
            assert (await access.whoami(as_rotated)).user_id == user_id
        with pytest.raises(AuthenticationFailed):
            await check_connection(options_for(rbac_server, created.api_key))
    finally:
        await access.delete_user(admin_session, user_id)
    assert user_id not in {u.user_id for u in await access.list_users(admin_session)}
    with pytest.raises(Exception, match="Not found: there is no database user"):
        await access.delete_user(admin_session, user_id)


async def test_viewer_gets_permission_denied_naming_the_operation(
    viewer_session: ExplorerSession, admin_session: ExplorerSession
) -> None:
    user_id = new_user_id()
    with pytest.raises(PermissionDenied) as caught:
        await access.create_user(viewer_session, user_id)
    assert str(caught.value).startswith("Permission denied: create users (")
    assert "insufficient permissions" in caught.value.message
    with pytest.raises(PermissionDenied, match="Permission denied: assign roles"):
        await access.assign_role(viewer_session, "viewer", "root")
    with pytest.raises(PermissionDenied, match="Permission denied: rotate API keys"):
        await access.rotate_key(viewer_session, "admin")
    # Other mutations through the session get the same clear error.
    with pytest.raises(PermissionDenied, match=r"^Permission denied: "):
        async with viewer_session.call():
            await viewer_session.client.collections.create(f"Denied{uuid.uuid4().hex[:6]}")
    assert user_id not in {u.user_id for u in await access.list_users(admin_session)}


async def test_read_only_connection_refuses_before_sending(rbac_server: LocalServer) -> None:
    async with ExplorerSession(options_for(rbac_server, ADMIN_KEY, read_only=True)) as session:
        with pytest.raises(ReadOnlyRefused, match="refused to create the user x1"):
            await access.create_user(session, "x1")
        assert "x1" not in {u.user_id for u in await access.list_users(session)}


async def test_repl_commands(
    admin_session: ExplorerSession, viewer_session: ExplorerSession
) -> None:
    repl = ReplHarness(admin_session)
    me = await repl.json("whoami")
    assert me["user"] == "admin" and [r["name"] for r in me["roles"]] == ["root"]
    table = (await repl.run("whoami")).out
    assert "admin" in table and "create_users" in table
    assert ADMIN_KEY not in table
    assert {"admin", "viewer"} <= {u["user"] for u in await repl.json("users")}
    assert "viewer" in {r["name"] for r in await repl.json("roles")}

    user_id = new_user_id()
    created = await repl.json(f"user create {user_id}")
    assert created["user"] == user_id and len(created["api_key"]) > 20
    # Issue 15 item 18: a script (not at the prompt) printed nothing on success.
    assigned = await repl.json(f"role assign {user_id} viewer")
    assert assigned == [{"user": user_id, "role": "viewer", "action": "assigned"}]
    listed = {u["user"]: u for u in await repl.json("users")}
    assert listed[user_id]["roles"] == ["viewer"]
    revoked = await repl.run(f"role revoke {user_id} viewer")
    assert revoked.ok and "revoked" in revoked.out and user_id in revoked.out
    refused = await repl.run(f"user delete {user_id}")  # nobody to ask, no --yes
    assert not refused.ok and "add --yes" in refused.err
    rotated = await repl.run(f"user rotate-key {user_id} --yes")
    assert rotated.ok and "shown only now" in rotated.out
    assert created["api_key"] not in rotated.out
    assert (await repl.run(f"user delete {user_id} --yes")).ok
    assert user_id not in {u["user"] for u in await repl.json("users")}
    bad = await repl.run("user launch someone")
    assert not bad.ok and "choose create, delete, rotate-key" in bad.err

    viewer = ReplHarness(viewer_session)
    denied = await viewer.run(f"user create {user_id}")
    assert not denied.ok and "Permission denied: create users" in denied.err
    assert VIEWER_KEY not in denied.err + denied.out


async def test_repl_connect_switches_to_a_profile(
    server_options: ConnectionOptions, rbac_server: LocalServer, config_dir: Path
) -> None:
    save_profile(
        Profile(
            name="secured",
            kind="custom",
            url=rbac_server.url,
            grpc_port=rbac_server.grpc_port,
            api_key=ADMIN_KEY,
        )
    )
    first = ExplorerSession(server_options)
    await first.connect()
    repl = ReplHarness(first, interactive=True)
    repl.context.opened = OpenedSession(first)
    try:
        missing = await repl.run("connect nope")
        assert not missing.ok and "there is no profile 'nope'" in missing.err
        assert repl.context.session is first and first.is_connected()
        switched = await repl.run("connect secured")
        assert switched.ok, switched.err
        assert f"Connected to {rbac_server.url}" in switched.out and "admi…" in switched.out
        assert ADMIN_KEY not in switched.out
        assert not first.is_connected() and repl.context.session is not first
        assert (await repl.json("whoami"))["user"] == "admin"
    finally:
        await repl.context.schema.close()
        assert repl.context.opened is not None
        await repl.context.opened.close()


async def test_whoami_without_credentials_says_so(session: ExplorerSession) -> None:
    with pytest.raises(ExplorerError) as caught:
        await access.whoami(session)  # the default test server: anonymous access, no RBAC
    assert caught.value.title == "No current user"
    assert f"connected to {session.options.display_url} without credentials" in str(caught.value)


async def test_the_collections_preview_sends_the_api_key(rbac_server: LocalServer) -> None:
    from explorer.core.client.schema_preview import preview_collections

    previews = await preview_collections(options_for(rbac_server, ADMIN_KEY), lambda _p: None)
    assert previews is not None  # the server refuses a read without the key
    assert await preview_collections(options_for(rbac_server, None), lambda _p: None) is None
    wrong = options_for(rbac_server, "wrong-key-1234")
    assert await preview_collections(wrong, lambda _p: None) is None
