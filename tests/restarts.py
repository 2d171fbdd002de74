"""Kill and restart a real Weaviate server of a test's own (for the resilience tests)."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable

from explorer.local.server import LocalServer


def kill(server: LocalServer, sig: signal.Signals = signal.SIGKILL) -> None:
    """Signal the server process this test started (by its PID)."""
    assert server.pid is not None
    os.kill(server.pid, sig)


async def restart(server: LocalServer) -> None:
    """Start the killed server again on the same data dir and client ports."""
    assert server.process is not None and server.ports is not None
    await server.process.wait()
    before = (server.ports.http, server.ports.grpc)
    server.requested_http_port, server.requested_grpc_port = before
    await server.start()
    assert (server.ports.http, server.ports.grpc) == before


async def wait_for(condition: Callable[[], bool], what: str, within: float) -> float:
    """Poll ``condition()`` until true; the seconds it took (fails after ``within``)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > within:
            raise AssertionError(f"{what} not within {within}s")
        await asyncio.sleep(0.05)
    return time.monotonic() - started
