"""A second real server with API-key auth and RBAC: a root user "admin" and a viewer "viewer".

Started once per run, and only when a test asks for it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from explorer.core.base.errors import ExplorerError
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import AuthSettings, LocalServer

ADMIN_KEY = "adminkey-7f3a9c1e5b"
VIEWER_KEY = "viewerkey-2d8e4f6a0c"


@pytest.fixture(scope="session")
async def rbac_server(
    server_binary: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LocalServer]:
    server = LocalServer(
        server_binary,
        tmp_path_factory.mktemp("weaviate-rbac"),
        auth=AuthSettings(admin_key=ADMIN_KEY, viewer_key=VIEWER_KEY),
    )
    try:
        await server.start()
    except ExplorerError as exc:
        pytest.fail(f"The RBAC test server did not start: {exc}", pytrace=False)
    yield server
    await server.stop()


async def open_access_screen(pilot: Any) -> Any:
    """Connect, press U and wait for the users-and-roles screen; returns it."""
    from explorer.tui.screens.access_screen import AccessScreen
    from tests.tui.helpers import wait_until

    app = pilot.app
    await wait_until(pilot, lambda: app.opened is not None, "connected")
    await pilot.press("U")
    await wait_until(pilot, lambda: isinstance(app.screen, AccessScreen), "users screen")
    screen = app.screen
    assert isinstance(screen, AccessScreen)
    return screen


def options_for(server: LocalServer, api_key: str | None, **extra: object) -> ConnectionOptions:
    return ConnectionOptions(
        url=server.url,
        grpc_port=server.grpc_port,
        api_key=api_key,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
async def admin_session(rbac_server: LocalServer) -> AsyncIterator[ExplorerSession]:
    async with ExplorerSession(options_for(rbac_server, ADMIN_KEY)) as session:
        yield session


@pytest.fixture(scope="session")
async def viewer_session(rbac_server: LocalServer) -> AsyncIterator[ExplorerSession]:
    async with ExplorerSession(options_for(rbac_server, VIEWER_KEY)) as session:
        yield session


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty user config dir for profiles."""
    directory = tmp_path / "config"
    monkeypatch.setenv("WEAVIATE_EXPLORER_CONFIG_DIR", str(directory))
    yield directory
