"""Snapshots of the lab views, each opened from the palette on seeded data at a fixed size.

The lab screens cover the main screen, so the shared test server's other collections never show.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.lab.health_view import VectorHealthView
from explorer.tui.lab.map_plot import MapPlot
from explorer.tui.lab.map_view import VectorMapView
from explorer.tui.lab.messages import LabViewRequested
from explorer.tui.lab.recall_view import SearchQualityView
from tests.lab_data import create_flat_index, create_rough_vectors
from tests.tui.helpers import static_text, wait_until, wait_until_still

ROUGH = "LabRoughSnap"
#: A flat index: its search is exact, so the recall shown is the same on every run (an HNSW
#: graph is built concurrently and may differ between runs).
FLAT = "LabFlatSnap"
SIZE = (120, 36)


@pytest.fixture(scope="module")
async def rough_snap(session: ExplorerSession) -> AsyncIterator[str]:
    await session.client.collections.delete(ROUGH)
    await session.client.collections.delete(FLAT)
    await create_rough_vectors(session, ROUGH)
    await create_flat_index(session, FLAT)
    yield ROUGH
    await session.client.collections.delete(ROUGH)
    await session.client.collections.delete(FLAT)


def opened(
    view: str, then: Callable[[Pilot[Any]], Any], collection: str = ROUGH
) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, ExplorerApp)
        await wait_until(pilot, lambda: any(c.name == collection for c in app.collections), "list")
        app.open_collection(collection)
        app.post_message(LabViewRequested(view))
        await wait_until(pilot, lambda: app.screen is not app.main_screen, "the lab screen")
        await then(pilot)
        await wait_until_still(pilot)

    return run_before


async def _map(pilot: Pilot[Any]) -> None:
    view = pilot.app.screen.query_one(VectorMapView)
    await wait_until(pilot, lambda: view.config is not None, "the form")
    view.query_one("#map-target", Select).value = "b"
    view.query_one("#map-color-by", Select).value = "kind"
    await pilot.press("ctrl+r")
    plot = view.query_one(MapPlot)
    await wait_until(pilot, lambda: plot.vector_map is not None, "the map")
    await wait_until(pilot, lambda: "kind: " in static_text(pilot.app, "#map-point"), "a point")


async def _health(pilot: Pilot[Any]) -> None:
    view = pilot.app.screen.query_one(VectorHealthView)
    await wait_until(pilot, lambda: view.config is not None, "the form")
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: view.report is not None, "the scan")


async def _recall(pilot: Pilot[Any]) -> None:
    view = pilot.app.screen.query_one(SearchQualityView)
    target = view.query_one("#recall-target", Select)
    await wait_until(pilot, lambda: target.value == "v", "the only vector chosen")
    view.query_one("#recall-k", Input).value = "3"
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: view.report is not None, "the measurement")


def test_vector_map_view(
    snap_compare: Any, server_options: ConnectionOptions, rough_snap: str
) -> None:
    app = ExplorerApp(LaunchPlan(server_options))
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("map", _map))


def test_vector_health_view(
    snap_compare: Any, server_options: ConnectionOptions, rough_snap: str
) -> None:
    app = ExplorerApp(LaunchPlan(server_options))
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("health", _health))


def test_search_quality_view(
    snap_compare: Any, server_options: ConnectionOptions, rough_snap: str
) -> None:
    app = ExplorerApp(LaunchPlan(server_options))
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("recall", _recall, FLAT))
