"""Open and close what a front end needs: maybe a local server, then the one session.

Shared by the TUI and the REPL so both start the same way.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.core.connection import ConnectionOptions

if TYPE_CHECKING:
    from explorer.core.demo import DemoLoadReport
    from explorer.core.session import ExplorerSession
    from explorer.local.server import LocalServer

Report = Callable[[str], None]


@dataclass(frozen=True)
class LaunchPlan:
    """What the user asked for on the command line."""

    connection: ConnectionOptions
    embedded: bool = False
    demo: bool = False
    data_dir: Path | None = None
    server_binary: Path | None = None


@dataclass
class OpenedSession:
    session: ExplorerSession
    #: The local server we started and must stop; None when we connected to one already there.
    owned_server: LocalServer | None = None
    demo_report: DemoLoadReport | None = None

    async def close(self) -> None:
        try:
            await self.session.close()
        finally:
            if self.owned_server is not None:
                await self.owned_server.stop()


async def open_session(plan: LaunchPlan, report: Report) -> OpenedSession:
    """Start or attach to the embedded server if asked, connect, and load the demo if asked."""
    from explorer.core.paths import embedded_data_dir
    from explorer.core.session import ExplorerSession
    from explorer.local.binary import find_server_binary
    from explorer.local.ports import LOOPBACK
    from explorer.local.server import LocalServer, running_state

    # weaviate-client takes a second or more to import: import it in a thread, so that a UI
    # sharing this loop paints its first frame and answers keys meanwhile.
    await asyncio.to_thread(importlib.import_module, "weaviate")
    connection = plan.connection
    owned: LocalServer | None = None
    if plan.embedded:
        data_dir = plan.data_dir or embedded_data_dir()
        running = running_state(data_dir)
        if running is not None:
            report(f"Using the local Weaviate already running on {running.url}")
            connection = replace(
                connection, url=running.url, grpc_host=LOOPBACK, grpc_port=running.ports.grpc
            )
        else:
            binary = plan.server_binary
            if binary is None:
                binary = await asyncio.to_thread(find_server_binary, report)
            report("Starting a local Weaviate server…")
            owned = LocalServer(binary, data_dir)
            await owned.start()
            connection = replace(
                connection, url=owned.url, grpc_host=LOOPBACK, grpc_port=owned.grpc_port
            )
    session = ExplorerSession(connection)
    opened = OpenedSession(session, owned)
    try:
        report(f"Connecting to {connection.describe()}…")
        await session.connect()
        if plan.demo:
            from explorer.core.demo import load_demo

            def demo_progress(done: int, total: int) -> None:
                report(f"Loading the JeopardyQuestion demo: {done}/{total}")

            opened.demo_report = await load_demo(session.client, demo_progress)
    except BaseException:
        await opened.close()
        raise
    return opened
