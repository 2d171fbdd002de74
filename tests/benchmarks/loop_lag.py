"""Event-loop lag of the running app while it queries and pages: a 10 ms timer's lateness."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.tui.panes.objects_pane import ObjectsPane
from tests.benchmarks.app_driver import loaded_pane, running_app, wait_for
from tests.benchmarks.server import (
    BIG_COLLECTION,
    HYBRID_COLLECTION,
    HYBRID_TARGET,
    HYBRID_TEXTS,
    BenchServer,
)
from tests.benchmarks.stats import Figure, median, percentile

INTERVAL = 0.010
CONCURRENT_QUERIES = 50
PAGE_SIZE = 500
OBJECTS_TO_PAGE = 10_000


class LagMonitor:
    """A repeating ``call_later`` chain that records how late each tick fires (ms)."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.lateness_ms: list[float] = []
        self._handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._schedule(loop, loop.time() + self.interval)

    def _schedule(self, loop: asyncio.AbstractEventLoop, due: float) -> None:
        self._handle = loop.call_at(due, self._tick, loop, due)

    def _tick(self, loop: asyncio.AbstractEventLoop, due: float) -> None:
        now = loop.time()
        self.lateness_ms.append(max(0.0, now - due) * 1000)
        self._schedule(loop, now + self.interval)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()


async def _query_waves(session: ExplorerSession, stop: asyncio.Event) -> int:
    """Keep 50 hybrid queries in flight, in waves, until ``stop`` is set."""
    done = 0
    while not stop.is_set():
        requests = [
            SearchRequest(
                HYBRID_COLLECTION,
                "hybrid",
                text=HYBRID_TEXTS[(done + i) % len(HYBRID_TEXTS)],
                target_vector=HYBRID_TARGET,
                limit=10,
            )
            for i in range(CONCURRENT_QUERIES)
        ]
        await asyncio.gather(*(session.search(r) for r in requests))
        done += len(requests)
    return done


async def _one_run(server: BenchServer) -> tuple[float, float, int, int]:
    async with running_app(server, page_size=PAGE_SIZE) as (app, pilot):
        assert app.opened is not None
        session = app.opened.session
        pane = await loaded_pane(app, ObjectsPane)
        monitor = LagMonitor()
        stop = asyncio.Event()
        monitor.start()
        queries = asyncio.create_task(_query_waves(session, stop))
        try:
            app.open_collection(BIG_COLLECTION)  # page 1, through the pane's own worker
            await wait_for(lambda: len(pane.records) == PAGE_SIZE, "page 1")
            pages = OBJECTS_TO_PAGE // PAGE_SIZE
            for page in range(1, pages):
                shown = pane.records
                pane.action_next_page()
                await wait_for(
                    lambda shown=shown: (
                        pane.records is not shown and len(pane.records) == PAGE_SIZE
                    ),  # type: ignore[misc]
                    f"page {page + 1}",
                )
            paged = pane.page_index * PAGE_SIZE + len(pane.records)
            # At least one full wave of 50 ran alongside the paging.
            await asyncio.sleep(0)
        finally:
            stop.set()
            answered = await queries
            monitor.stop()
        with contextlib.suppress(Exception):
            await pilot.pause()
    lags = monitor.lateness_ms
    return percentile(lags, 0.99), max(lags), paged, answered


def lag_figures(
    prefix: str, description: str, results: list[tuple[float, float, Any, Any]]
) -> tuple[Figure, Figure]:
    """``<prefix>_p99_ms`` and ``<prefix>_max_ms``: medians over runs of (p99, max, …)."""
    p99 = Figure.new(f"{prefix}_p99_ms", description)
    worst = Figure.new(f"{prefix}_max_ms", "max lateness of the same timer")
    p99.ours = median([r[0] for r in results])
    worst.ours = median([r[1] for r in results])
    p99.samples = worst.samples = len(results)
    for figure, index in ((p99, 0), (worst, 1)):
        figure.notes.append(f"per run ms {[round(r[index], 1) for r in results]}")
    return p99, worst


async def loop_lag(server: BenchServer, runs: int) -> tuple[Figure, Figure]:
    results = [await _one_run(server) for _ in range(runs)]
    p99, worst = lag_figures(
        "loop_lag",
        "p99 lateness of a 10 ms timer in the running app (Pilot, 120x40) while 50 concurrent "
        "hybrid queries run and the objects pane pages through 10,000 objects",
        list(results),
    )
    p99.notes.append(
        f"objects paged per run {[r[2] for r in results]}, "
        f"hybrid queries answered per run {[r[3] for r in results]}"
    )
    return p99, worst
