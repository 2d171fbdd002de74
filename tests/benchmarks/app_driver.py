"""Drive the real ExplorerApp under Pilot against the bench server."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot

from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.collections_pane import CollectionsTable
from tests.benchmarks.server import BenchServer

SIZE = (120, 40)


async def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Let the loop (and the app on it) run until ``condition`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(0.005)


@asynccontextmanager
async def running_app(
    server: BenchServer, *, page_size: int = 50
) -> AsyncIterator[tuple[ExplorerApp, Pilot[Any]]]:
    """The app, connected, with every bench collection listed."""
    app = ExplorerApp(LaunchPlan(server.options), page_size=page_size)
    async with app.run_test(size=SIZE) as pilot:
        table = app.main_screen.query_one(CollectionsTable)
        await wait_for(
            lambda: app.opened is not None and table.row_count == len(server.counts),
            "the collections list",
        )
        yield app, pilot
