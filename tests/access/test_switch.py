"""Switching sessions on one loop: the new connection first, then the old one closes."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.base.errors import AuthenticationFailed
from explorer.core.client.connection import ConnectionOptions
from explorer.local.server import AuthSettings, LocalServer, pid_alive
from explorer.local.startup import LaunchPlan, open_session, switch_session


def test_auth_settings_environment_hides_keys_in_repr() -> None:
    settings = AuthSettings(admin_key="adm-key-1", viewer_key="view-key-2")
    env = settings.environment()
    assert env["AUTHENTICATION_APIKEY_ALLOWED_KEYS"] == "adm-key-1,view-key-2"
    assert env["AUTHENTICATION_APIKEY_USERS"] == "admin,viewer"
    assert env["AUTHORIZATION_RBAC_ROOT_USERS"] == "admin"
    assert env["EXPERIMENTAL_AUTHORIZATION_RBAC_READONLY_USERS"] == "viewer"
    assert env["AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED"] == "false"
    assert "adm-key-1" not in repr(settings) and "view-key-2" not in repr(settings)
    assert "EXPERIMENTAL_AUTHORIZATION_RBAC_READONLY_USERS" not in AuthSettings("k").environment()


async def test_switch_keeps_the_embedded_server_it_reuses(
    server_binary: Path, tmp_path: Path
) -> None:
    plan = LaunchPlan(
        ConnectionOptions(), embedded=True, data_dir=tmp_path / "emb", server_binary=server_binary
    )
    first = await open_session(plan, lambda _line: None)
    server = first.owned_server
    assert server is not None and server.pid is not None
    second = await switch_session(first, plan, lambda _line: None)
    try:
        assert second.owned_server is server and first.owned_server is None
        assert not first.session.is_connected() and second.session.is_connected()
        assert pid_alive(server.pid)
        assert second.session.options.url == server.url
    finally:
        await second.close()
    assert server.process is not None and server.process.returncode is not None


async def test_failed_switch_leaves_the_current_session(
    server_options: ConnectionOptions, rbac_server: LocalServer
) -> None:
    current = await open_session(LaunchPlan(server_options), lambda _line: None)
    try:
        wrong = ConnectionOptions(
            url=rbac_server.url, grpc_port=rbac_server.grpc_port, api_key="nope-0000"
        )
        with pytest.raises(AuthenticationFailed):
            await switch_session(current, LaunchPlan(wrong), lambda _line: None)
        assert current.session.is_connected()
        assert (await current.session.refresh_server_info()).version
    finally:
        await current.close()
