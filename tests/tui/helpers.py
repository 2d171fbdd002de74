"""Helpers for Pilot tests: wait on conditions (never fixed sleeps) and read widget text."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.worker import WorkerCancelled, WorkerFailed

from explorer.tui.panes.collections_pane import CollectionsTable

#: How long :func:`settle` waits for the running workers. Some never end on their own: the
#: connect worker retries, with backoff, for as long as the server cannot be reached, and a
#: settle waiting for it hung a test until pytest's 600 s timeout (CI, a loaded machine).
SETTLE_SECONDS = 20.0

W = TypeVar("W", bound=Widget)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for running workers (at most :data:`SETTLE_SECONDS`); a failed or cancelled one is the
    app's to report, not the test's (a key that restarts an exclusive worker cancels the one
    being waited for). The wait is shielded: giving up on it never cancels a worker."""
    waiting = asyncio.ensure_future(pilot.app.workers.wait_for_complete())
    with contextlib.suppress(WorkerFailed, WorkerCancelled, TimeoutError):
        await asyncio.wait_for(asyncio.shield(waiting), SETTLE_SECONDS)
    if not waiting.done():
        waiting.add_done_callback(_retrieve)
    await pilot.pause()


def _retrieve(waiting: asyncio.Future[None]) -> None:
    """Take what a wait given up on ended with, so it is never "exception never retrieved"."""
    if not waiting.cancelled():
        waiting.exception()


#: However few the tries, a wait lasts this long before it fails: a loaded machine (parallel
#: workers on a shared box) makes each try slower, never the condition less true.
AT_LEAST_SECONDS = 60.0


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, tries: int = 300
) -> None:
    """Let the app run (workers included) until ``condition`` holds.

    Fails after ``tries`` tries and at least :data:`AT_LEAST_SECONDS`, whichever ends later.
    """
    started = time.monotonic()
    tried = 0
    while tried < tries or time.monotonic() - started < AT_LEAST_SECONDS:
        await settle(pilot)
        if condition():
            return
        tried += 1
    raise AssertionError(f"timed out waiting for {what}")


async def poll_until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Like :func:`wait_until`, for a worker that does not end meanwhile (a connect to a server
    that cannot be reached, a call held up by a slow proxy): it polls every 50 ms without waiting
    for the workers, for at most :data:`AT_LEAST_SECONDS`."""
    deadline = time.monotonic() + AT_LEAST_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


async def wait_until_still(pilot: Pilot[Any], what: str = "the screen", tries: int = 300) -> None:
    """Let the app run until two frames in a row are the same: columns sized, fades done."""
    previous = None
    started = time.monotonic()
    tried = 0
    while tried < tries or time.monotonic() - started < AT_LEAST_SECONDS:
        tried += 1
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)
        frame = pilot.app.export_screenshot()
        if frame == previous:
            return
        previous = frame
    raise AssertionError(f"{what} never stopped changing")


def static_text(app: App[Any], selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def column(table: DataTable[Any], key: str) -> list[str]:
    return [str(cell) for cell in table.get_column(key)]


def notifications(app: App[Any]) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def wait_for_collection(pilot: Pilot[Any], name: str) -> DataTable[Any]:
    """Wait until the full list shows ``name`` (connected: not just the REST preview read while
    the client imports); returns the list, focused on it."""
    from explorer.tui.app import ExplorerApp

    app = pilot.app
    assert isinstance(app, ExplorerApp)
    table = await collections_list(pilot)
    await wait_until(
        pilot,
        lambda: (
            name in [str(k.value) for k in table.rows]
            and any(c.name == name for c in app.collections)
        ),
        f"{name} listed",
    )
    table.focus()
    table.move_cursor(row=table.get_row_index(name))
    return table


async def press_at_once(pilot: Pilot[Any], *keys: str) -> None:
    """Queue every key before the app handles any: a burst faster than a human can type.

    ``pilot.press`` waits for the app to go idle after each key, which lets each page load finish
    in between; a real burst does not.
    """
    from textual import events

    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()


#: The app's pane keys by pane class name (the panes mount when first needed).
PANE_KEYS = {
    "ObjectsPane": "objects",
    "QueryPane": "query",
    "SchemaPane": "schema",
    "AggregatePane": "aggregate",
    "ClusterPane": "cluster",
    "LabPane": "lab",
}


async def loaded_pane(pilot: Pilot[Any], kind: type[W]) -> W:
    """The app's pane of this class, mounted first if it was not: a pane mounts when its tab is
    first shown or the app first hands it work, as here (nothing else changes: no tab switch)."""
    from explorer.tui.app import ExplorerApp

    app = pilot.app
    assert isinstance(app, ExplorerApp)
    key = PANE_KEYS[kind.__name__]
    loaded: list[W] = []
    app.with_pane(key, loaded.append)
    await wait_until(pilot, lambda: bool(loaded), f"the {key} pane")
    assert isinstance(loaded[0], kind)
    return loaded[0]


async def collections_list(pilot: Pilot[Any]) -> CollectionsTable:
    """The collections list, once mounted: the first frame shows an empty placeholder, and the
    list's table mounts just after it."""
    from explorer.tui.app import ExplorerApp

    app = pilot.app
    assert isinstance(app, ExplorerApp)
    await wait_until(pilot, lambda: app.collections_table() is not None, "the collections list")
    table = app.collections_table()
    assert table is not None
    return table


def count_layouts(screen: Screen[Any]) -> list[int]:
    """A list that grows by one with every layout of ``screen`` from now on."""
    layouts: list[int] = []
    original = screen._refresh_layout

    def counted(*args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        original(*args, **kwargs)

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return layouts


EXPLORER = Path(__file__).resolve().parents[2] / "explorer"


def made_in_the_app(widget_class: str) -> list[str]:
    """``file:line`` of every place in ``explorer/`` that constructs ``widget_class`` itself
    (``Footer(``, not ``KeysFooter(`` nor ``x.Footer(``)."""
    made = re.compile(rf"(?<![\w.]){re.escape(widget_class)}\(")
    return [
        f"{path.relative_to(EXPLORER)}:{number}"
        for path in EXPLORER.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if made.search(line)
    ]
