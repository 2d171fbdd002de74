"""Drive the real ExplorerApp under Pilot against the bench server."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from tests.benchmarks.server import BenchServer
from tests.tui.helpers import PANE_KEYS

W = TypeVar("W", bound=Widget)

SIZE = (120, 40)


async def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Let the loop (and the app on it) run until ``condition`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(0.005)


async def loaded_pane(app: ExplorerApp, kind: type[W]) -> W:
    """The app's pane of this class, mounted first if it was not (panes mount when needed)."""
    loaded: list[W] = []
    app.with_pane(PANE_KEYS[kind.__name__], loaded.append)
    await wait_for(lambda: bool(loaded), f"the {kind.__name__}")
    assert isinstance(loaded[0], kind)
    return loaded[0]


@contextmanager
def recording_frames() -> Iterator[list[tuple[float, int]]]:
    """Record each frame an app writes out (``App._display`` with something to show) as
    ``(perf_counter, id(screen))``. ``pilot.pause()`` is no paint: it waits for every queued
    message, the loading of the rest of a page included."""
    frames: list[tuple[float, int]] = []
    original = App._display

    def recorded(self: App[Any], screen: Screen[Any], renderable: object) -> None:
        original(self, screen, renderable)  # type: ignore[arg-type]
        if renderable is not None and not self._batch_count:
            frames.append((time.perf_counter(), id(screen)))

    App._display = recorded  # type: ignore[method-assign]
    try:
        yield frames
    finally:
        App._display = original  # type: ignore[method-assign]


async def painted_at(
    frames: list[tuple[float, int]],
    condition: Callable[[], bool],
    screen: Callable[[], object],
    what: str,
    since: float,
    timeout: float = 60.0,
) -> float:
    """When ``screen()`` first drew a frame after ``condition`` came to hold: the first of its
    frames after ``since`` (``perf_counter``, when the action began) and after the last look
    (every 5 ms) that found the condition false."""
    deadline = time.monotonic() + timeout
    not_yet = since
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        not_yet = time.perf_counter()
        await asyncio.sleep(0.005)
    shown = id(screen())

    def after() -> list[float]:
        return [t for t, drawn in frames if drawn == shown and t > not_yet]

    await wait_for(lambda: bool(after()), f"{what} painted", timeout)
    return min(after())


@asynccontextmanager
async def running_app(
    server: BenchServer, *, page_size: int = 50
) -> AsyncIterator[tuple[ExplorerApp, Pilot[Any]]]:
    """The app, connected, with every bench collection listed."""
    app = ExplorerApp(LaunchPlan(server.options), page_size=page_size)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(lambda: app.collections_table() is not None, "the collections list")
        table = app.collections_table()
        assert table is not None
        await wait_for(
            lambda: app.opened is not None and table.row_count == len(server.counts),
            "the collections list",
        )
        yield app, pilot
