"""One server of the suite's own, loaded once with every demo dataset that ships its data.

The suite has its own server (not the session one) because the datasets use fixed collection
names (``JeopardyQuestion``, ``WikiChunk``) that other tests may create too.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from tests.realdata.datasets import load_all
from tests.realdata.rest import add_a_dangling_reference


@pytest.fixture(scope="session")
async def realdata_server(
    server_binary: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LocalServer]:
    server = LocalServer(server_binary, tmp_path_factory.mktemp("realdata-server"))
    await server.start()
    port = int(server.url.rsplit(":", 1)[1])
    # The package's loaders use the sync client: run them off the event loop.
    await asyncio.to_thread(load_all, port, server.grpc_port)
    await add_a_dangling_reference(server.url)
    yield server
    await server.stop()


@pytest.fixture(scope="session")
def realdata_options(realdata_server: LocalServer) -> ConnectionOptions:
    return ConnectionOptions(url=realdata_server.url, grpc_port=realdata_server.grpc_port)


@pytest.fixture(scope="session")
async def realdata_session(realdata_options: ConnectionOptions) -> AsyncIterator[ExplorerSession]:
    async with ExplorerSession(realdata_options) as connected:
        yield connected
