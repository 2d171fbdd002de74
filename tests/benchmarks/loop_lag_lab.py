"""Event-loop lag of the running app while the lab computes on 100,000 vectors.

The vector map view draws 2,000 of BenchVectors (its worker, its plot thread) while a recall
measurement (100 sample queries, exact kNN over all 100,000 vectors) runs on the app's loop as
the search-quality view's worker runs it. A 10 ms timer's lateness is recorded throughout.
"""

from __future__ import annotations

import asyncio
import contextlib
import os

from textual.widgets import Input

from explorer.core.lab.recall import measure_recall
from explorer.tui import workers
from explorer.tui.lab.lab_pane import LabPane
from explorer.tui.lab.lab_screens import VectorMapScreen
from explorer.tui.lab.map_plot import MapPlot
from explorer.tui.lab.map_view import VectorMapView
from explorer.tui.lab.messages import LabViewRequested
from tests.benchmarks.app_driver import loaded_pane, running_app, wait_for
from tests.benchmarks.loop_lag import LagMonitor, lag_figures
from tests.benchmarks.server import VECTOR_COLLECTION, BenchServer
from tests.benchmarks.stats import Figure, percentile

MAP_SAMPLE = 2000
#: Idle time before measuring, once the app has mounted everything.
SETTLE_SECONDS = 1.0
RECALL_SAMPLE = 100


async def _one_run(server: BenchServer) -> tuple[float, float, float, float]:
    async with running_app(server) as (app, pilot):
        assert app.opened is not None
        session = app.opened.session
        app.open_collection(VECTOR_COLLECTION)
        await wait_for(lambda: session.current_collection == VECTOR_COLLECTION, "the collection")
        app.post_message(LabViewRequested("map"))
        await wait_for(
            lambda: isinstance(app.screen, VectorMapScreen) and bool(app.screen.query(MapPlot)),
            "the map screen",  # pushed at once, composed a moment later
        )
        view = app.screen.query_one(VectorMapView)
        await wait_for(lambda: view.config is not None, "the map form")
        view.query_one("#map-sample", Input).value = str(MAP_SAMPLE)
        # Measure the lab's work, not the app's start: the Lab pane mounts and the map screen
        # styles itself on the loop for a few hundred ms after it opens (a stack sampler saw
        # Textual's mount and stylesheet work in the late ticks, not numpy).
        await loaded_pane(app, LabPane)
        await pilot.pause()
        await asyncio.sleep(SETTLE_SECONDS)
        monitor = LagMonitor()
        monitor.start()
        try:
            # In a worker, as the search-quality view runs it: the app's deferred full garbage
            # collections wait while a worker runs (a bare task let one run mid-recall: 50-100
            # ms pauses in the lag figure that the app itself never has).
            recall = app.run_worker(
                measure_recall(session, VECTOR_COLLECTION, sample=RECALL_SAMPLE, k=10),
                group=workers.LAB_RECALL,
                exit_on_error=False,
            )
            view.action_run_map()
            plot = view.query_one(MapPlot)
            await wait_for(lambda: plot.vector_map is not None, "the map", timeout=300)
            report = await asyncio.wait_for(recall.wait(), 600)
        finally:
            monitor.stop()
        with contextlib.suppress(Exception):
            await pilot.pause()
    lags = monitor.lateness_ms
    return percentile(lags, 0.99), max(lags), report.recall, report.elapsed


async def loop_lag_lab(server: BenchServer, runs: int) -> tuple[Figure, Figure]:
    results = [await _one_run(server) for _ in range(runs)]
    p99, worst = lag_figures(
        "loop_lag_lab",
        "p99 lateness of a 10 ms timer in the running app (Pilot, 120x40) while the vector map "
        f"draws {MAP_SAMPLE:,} of 100,000 vectors and recall@10 ({RECALL_SAMPLE} queries, exact "
        "kNN over all 100,000) runs",
        list(results),
    )
    p99.notes.append(
        f"recall per run {[round(r[2], 3) for r in results]}, recall seconds per run "
        f"{[round(r[3], 1) for r in results]}, load average {os.getloadavg()}"
    )
    return p99, worst
