"""The vector lab's views in the running app, opened from the command palette: map, health,
search quality. Real data: a collection with known vector problems and a deliberately poor index.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from explorer.core.client.session import ExplorerSession
from explorer.tui.app import ExplorerApp
from explorer.tui.lab.health_view import VectorHealthView
from explorer.tui.lab.lab_screens import SearchQualityScreen, VectorHealthScreen, VectorMapScreen
from explorer.tui.lab.map_plot import MapPlot
from explorer.tui.lab.map_view import VectorMapView
from explorer.tui.lab.recall_view import SearchQualityView
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.object_detail import ObjectDetailScreen
from tests.lab_data import RoughVectors, create_poor_index, create_rough_vectors
from tests.tui.helpers import loaded_pane, press_at_once, wait_for_collection, wait_until

ROUGH = "LabRoughTui"
POOR = "LabPoorTui"


@pytest.fixture(scope="module")
async def rough(session: ExplorerSession) -> AsyncIterator[RoughVectors]:
    await session.client.collections.delete(ROUGH)
    yield await create_rough_vectors(session, ROUGH)
    await session.client.collections.delete(ROUGH)


@pytest.fixture(scope="module")
async def poor(session: ExplorerSession) -> AsyncIterator[list[str]]:
    await session.client.collections.delete(POOR)
    yield await create_poor_index(session, POOR)
    await session.client.collections.delete(POOR)


def static(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_lab(pilot: Pilot[Any], collection: str, title: str, screen_type: type) -> Any:
    app = pilot.app
    assert isinstance(app, ExplorerApp)
    await wait_for_collection(pilot, collection)
    if app.opened is None or app.opened.session.current_collection != collection:
        app.open_collection(collection)
    await wait_until(
        pilot,
        lambda: app.opened is not None and app.opened.session.current_collection == collection,
        "the collection",
    )
    await pilot.press("ctrl+p", *title)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, screen_type), f"the {title} screen")
    return app.screen


async def test_map_cursor_shows_and_opens_points_and_marks_the_last_query(
    app: ExplorerApp, poor: list[str]
) -> None:
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, POOR)
        app.open_collection(POOR)
        query = await loaded_pane(pilot, QueryPane)
        await wait_until(pilot, lambda: query.config is not None, "the query form")
        query.run_similar(poor[0], "v")
        await wait_until(pilot, lambda: query.result is not None, "a near_object query")
        assert query.result is not None
        last = {o.uuid for o in query.result.objects}
        screen = await open_lab(pilot, POOR, "Vector map", VectorMapScreen)
        view = screen.query_one(VectorMapView)
        await wait_until(pilot, lambda: view.config is not None, "the map form")
        view.query_one("#map-sample", Input).value = "300"
        view.query_one("#map-color-by", Select).value = "n"
        view.query_one("#map-target", Select).focus()
        await press_at_once(pilot, "ctrl+r", "ctrl+r")  # twice, fast
        plot = view.query_one(MapPlot)
        await wait_until(pilot, lambda: plot.vector_map is not None, "the map")
        assert plot.vector_map is not None
        assert len(plot.vector_map.points) == 300
        assert plot.highlighted == frozenset(last)
        first = plot.vector_map.points[0].uuid
        await wait_until(pilot, lambda: first in static(view, "#map-point"), "the first point")
        assert "n: " in static(view, "#map-point")
        # The frame's lines are built in the plot's thread: a repaint converts nothing here.
        await wait_until(pilot, lambda: any("PC1" in line.text for line in plot._lines), "lines")
        converted: list[int] = []
        textual_conversion = plot._render_content

        def counted() -> None:
            converted.append(1)
            textual_conversion()

        plot._render_content = counted
        plot.refresh()
        await pilot.pause()
        assert "PC1" in app.export_screenshot()
        assert converted == []
        await pilot.press("right")
        moved = plot.current_uuid
        assert moved is not None and moved != first
        assert plot.vector_map.points[plot.cursor].x >= plot.vector_map.points[0].x
        await wait_until(pilot, lambda: moved in static(view, "#map-point"), "the moved point")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "the object")
        assert isinstance(app.screen, ObjectDetailScreen) and app.screen.uuid == moved
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, VectorMapScreen), "back to the map")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen, "the main screen")


async def test_health_lists_each_problem_and_opens_its_objects(
    app: ExplorerApp, rough: RoughVectors
) -> None:
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_lab(pilot, ROUGH, "Vector health", VectorHealthScreen)
        view = screen.query_one(VectorHealthView)
        await wait_until(pilot, lambda: view.config is not None, "the health form")
        await press_at_once(pilot, "ctrl+r", "ctrl+r")
        await wait_until(pilot, lambda: view.report is not None, "the scan")
        assert "8 objects scanned" in static(view, "#health-summary")
        table = view.query_one("#health-problems")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        zero_rows = [r for r in rows if r[0] == "a" and r[1] == "zero vector"]
        assert zero_rows == [["a", "zero vector", "1", rough.uuid("zero")]]
        assert ["b", "no vector", "1", rough.uuid("no_b")] in rows
        assert len(view.query("BarChartView")) == 3
        table.focus()
        table.move_cursor(row=rows.index(zero_rows[0]))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "the object")
        assert isinstance(app.screen, ObjectDetailScreen) and app.screen.uuid == rough.uuid("zero")


async def test_search_quality_reports_low_recall_and_advice(
    app: ExplorerApp, poor: list[str]
) -> None:
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_lab(pilot, POOR, "Search quality", SearchQualityScreen)
        view = screen.query_one(SearchQualityView)
        target = view.query_one("#recall-target", Select)
        await wait_until(pilot, lambda: target.value == "v", "the only vector chosen")
        view.query_one("#recall-sample", Input).value = "20"
        view.query_one("#recall-k", Input).focus()
        await pilot.press("enter")  # Enter in the form measures too
        await wait_until(pilot, lambda: view.report is not None, "the measurement")
        assert view.report is not None and view.report.sample == 20
        summary = static(view, "#recall-summary")
        assert f"recall@10 {view.report.recall:.3f}" in summary
        assert "raise ef" in summary and "efConstruction=4" in summary
        table = view.query_one("#recall-queries")
        assert table.row_count == 20


async def test_lab_views_need_a_collection(app: ExplorerApp) -> None:
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        await pilot.press("ctrl+p", *"Search quality")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any("Open a collection first" in str(n.message) for n in app._notifications),
            "the hint",
        )
        assert app.screen is app.main_screen
