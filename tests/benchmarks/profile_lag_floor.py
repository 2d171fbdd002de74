"""The loop lag's floor: what the lag is with each part of the app's work taken away.

``.ci/in-private-network .venv/bin/python -m tests.benchmarks.profile_lag_floor [ROUNDS]``

The loop-lag benchmark (:mod:`tests.benchmarks.loop_lag`) misses its 10 ms p99. This runs its
run, alternated, ``ROUNDS`` times (default 5) in each of these arrangements, and prints each
one's p99 median:

- where the client's work runs: in the app's process, on the client's thread, as the app does
  (``here``); or in a second process, with the app answered from a recording
  (``elsewhere``, as in :mod:`tests.benchmarks.profile_parse_elsewhere`: recorded latency, then
  unpickling in a thread, while a second process does the same queries and pages against the
  same server with a client of its own);
- what a frame draws: everything, as the app does (``drawn``); every widget's lines as blanks,
  so a frame is Textual's compositor only (``blank``); or nothing, no frame at all (``none``).

And the same work with no app at all (``session only``): an :class:`ExplorerSession` in this
process with the app's garbage-collector policy, 50 hybrid queries in waves and 20 pages of 500
objects (100, then 400), with the same 10 ms timer on the loop. ``blank`` and ``none`` are not
ways to run the app: they are the upper bounds of making frames cheaper, measured.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from explorer.core.base.gc_pauses import GcPauses
from explorer.core.client.session import ExplorerSession
from explorer.tui import frame_priority
from explorer.tui.widgets.explorer_table import ExplorerTable
from tests.benchmarks import profile_parse_elsewhere as elsewhere
from tests.benchmarks.loop_lag import OBJECTS_TO_PAGE, PAGE_SIZE, LagMonitor, _one_run, _query_waves
from tests.benchmarks.server import BIG_COLLECTION, BenchServer, bench_server
from tests.benchmarks.stats import percentile

FRAMES = ("drawn", "blank", "none")
#: The first slice of a page, as the objects pane loads a big page.
FIRST_SLICE = 100


def _blank_lines(self: Widget, crop: Region) -> list[Strip]:
    return [Strip.blank(crop.width) for _ in range(crop.height)]


def _no_frame(self: Any) -> None:
    return None


@contextmanager
def _frames(mode: str) -> Iterator[None]:
    """Frames drawn as the app draws them, drawn as blanks, or not drawn at all."""
    widget_lines, table_lines = Widget.render_lines, ExplorerTable.render_lines
    refresh = frame_priority.FramesKeepTheGil._compositor_refresh
    try:
        if mode == "blank":
            Widget.render_lines = _blank_lines  # type: ignore[method-assign]
            ExplorerTable.render_lines = _blank_lines  # type: ignore[method-assign]
        elif mode == "none":
            frame_priority.FramesKeepTheGil._compositor_refresh = _no_frame  # type: ignore[method-assign]
        yield
    finally:
        Widget.render_lines = widget_lines  # type: ignore[method-assign]
        ExplorerTable.render_lines = table_lines  # type: ignore[method-assign]
        frame_priority.FramesKeepTheGil._compositor_refresh = refresh  # type: ignore[method-assign]


async def session_only(server: BenchServer) -> float:
    """The loop-lag run's work with no app: its p99 (ms)."""
    pauses = GcPauses()
    pauses.begin()
    pauses.freeze_startup()
    try:
        async with ExplorerSession(server.options) as session:
            await session.fetch_page(BIG_COLLECTION, limit=10)
            monitor = LagMonitor()
            stop = asyncio.Event()
            monitor.start()
            queries = asyncio.create_task(_query_waves(session, stop))
            after = None
            for _ in range(OBJECTS_TO_PAGE // PAGE_SIZE):
                first = await session.fetch_page(BIG_COLLECTION, limit=FIRST_SLICE, after=after)
                rest = await session.fetch_page(
                    BIG_COLLECTION, limit=PAGE_SIZE - FIRST_SLICE, after=first.next_after
                )
                after = rest.next_after
            stop.set()
            await queries
            monitor.stop()
            return percentile(monitor.lateness_ms, 0.99)
    finally:
        pauses.end()


async def main(rounds: int) -> None:
    results: dict[str, list[float]] = {}
    async with bench_server(lambda message: print(message, file=sys.stderr)) as server:
        recording = await elsewhere.record(server)
        for round_ in range(rounds):
            p99 = await session_only(server)
            results.setdefault("session only", []).append(p99)
            line = [f"round {round_ + 1}: session only {p99:.1f}"]
            for where in ("here", "elsewhere"):
                for frames in FRAMES:
                    with _frames(frames):
                        if where == "here":
                            p99, _, _, _ = await _one_run(server)
                        else:
                            p99, _ = await elsewhere.replayed_run(server, recording)
                    results.setdefault(f"client {where}, frames {frames}", []).append(p99)
                    line.append(f"{where}/{frames} {p99:.1f}")
            print(", ".join(line), flush=True)
    print(f"p99 lateness of the 10 ms timer (ms), {rounds} alternated runs each:")
    for name, runs in results.items():
        print(
            f"  {name:32s} median {statistics.median(runs):5.1f}  "
            f"runs {', '.join(f'{run:.1f}' for run in runs)}"
        )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
