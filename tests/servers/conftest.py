"""A second real single-node server beside the session's, for the cross-server commands.

Started once per run (per xdist worker), and only when a test asks for it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.base.errors import ExplorerError
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer


@pytest.fixture(scope="session")
async def second_server(
    server_binary: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LocalServer]:
    server = LocalServer(server_binary, tmp_path_factory.mktemp("weaviate-second"))
    try:
        await server.start()
    except ExplorerError as exc:
        pytest.fail(f"The second test server did not start: {exc}", pytrace=False)
    yield server
    await server.stop()


@pytest.fixture(scope="session")
def second_options(second_server: LocalServer) -> ConnectionOptions:
    return ConnectionOptions(url=second_server.url, grpc_port=second_server.grpc_port)


@pytest.fixture(scope="session")
async def second_session(second_options: ConnectionOptions) -> AsyncIterator[ExplorerSession]:
    async with ExplorerSession(second_options) as connected:
        yield connected
