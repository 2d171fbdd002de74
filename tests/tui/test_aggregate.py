"""Pilot tests of the aggregate pane: numbers, bars, groups, the objects filter and tenants."""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, SelectionList

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.query.aggregate_charts import bar_string
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.aggregate_pane import AggregatePane
from explorer.tui.screens.tenant_picker import TenantPickerScreen
from explorer.tui.widgets.bar_chart import BAR_WIDTH, BarChartView
from tests.integration.inventory import (
    HOSTILE_COLOUR,
    ITEMS,
    create_inventory,
    date_stats,
    number_stats,
    occurrences,
    values_of,
)
from tests.slow_proxy import slow_proxy
from tests.tui.helpers import (
    loaded_pane,
    notifications,
    poll_until,
    static_text,
    wait_for_collection,
    wait_until,
)

Inventory = tuple[str, list[dict[str, Any]]]


def rows_of(table: DataTable[Any]) -> dict[str, list[str]]:
    """First cell -> the row's cells, as plain text."""
    rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    return {row[0]: row for row in rows}


def chart_text(chart: BarChartView) -> str:
    console = Console(width=120, record=True, markup=False, file=io.StringIO())
    console.print(chart.render())
    return console.export_text()


@contextlib.asynccontextmanager
async def aggregating(app: ExplorerApp, name: str) -> AsyncIterator[Pilot[Any]]:
    """The app with ``name`` open (asking for no tenant) and the aggregate pane in front."""
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_collection(pilot, name)
        await pilot.press("enter")
        pane = await loaded_pane(pilot, AggregatePane)
        await wait_until(pilot, lambda: pane.config is not None, "the config")
        await pilot.press("5")
        yield pilot


async def run(pilot: Pilot[Any], pane: AggregatePane) -> None:
    before = pane.result
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: pane.result is not before, "the aggregate")


async def test_metrics_tables_and_bars(app: ExplorerApp, inventory: Inventory) -> None:
    name, rows = inventory
    async with aggregating(app, name) as pilot:
        pane = await loaded_pane(pilot, AggregatePane)
        assert app.focused is pane.query_one("#aggregate-properties")
        # Only types with metrics are offered; the group-by lists what can be grouped.
        choices = pane.query_one("#aggregate-properties", SelectionList)
        offered = [choices.get_option_at_index(i).value for i in range(choices.option_count)]
        assert offered == [
            "name", "colour", "tags", "quantity", "price", "sizes", "in_stock", "checks", "added",
        ]  # fmt: skip
        await run(pilot, pane)  # nothing chosen: every property

        assert static_text(app, "#aggregate-summary").startswith(f"{name} · {len(rows)} objects")
        numbers = rows_of(pane.query_one("#aggregate-numbers", DataTable))
        for prop in ("quantity", "price", "sizes"):
            stats = number_stats(values_of(rows, prop))
            cells = numbers[prop]
            assert cells[2:5] == [f"{stats[k]:,}" for k in ("count", "minimum", "maximum")]
            assert float(cells[5]) == round(stats["mean"], 6 - len(str(int(stats["mean"]))))
            assert cells[7] == f"{stats['mode']:,}"
        dates = rows_of(pane.query_one("#aggregate-dates", DataTable))
        added = date_stats(values_of(rows, "added"))
        assert dates["added"][3].startswith(added["minimum"].date().isoformat())
        assert dates["added"][4].startswith(added["maximum"].date().isoformat())
        booleans = rows_of(pane.query_one("#aggregate-booleans", DataTable))
        trues = sum(1 for r in rows if r["in_stock"])
        assert booleans["in_stock"][3:6] == [
            str(trues),
            str(len(rows) - trues),
            f"{100 * trues / len(rows):.1f}%",
        ]

        charts = {c.chart.title: c for c in pane.query(BarChartView)}
        assert set(charts) >= {"colour: top values", "in_stock: true / false", "tags: top values"}
        colour = chart_text(charts["colour: top values"])
        counts = sorted(occurrences(values_of(rows, "colour")).items(), key=lambda i: -i[1])
        top_line = next(line for line in colour.splitlines() if line.startswith(counts[0][0]))
        assert bar_string(1.0, BAR_WIDTH) in top_line and str(counts[0][1]) in top_line
        assert "ye\\x1b[31mllow" in colour and HOSTILE_COLOUR not in colour  # inert
        stock = chart_text(charts["in_stock: true / false"])
        assert f"{100 * trues / len(rows):.1f}%" in stock
        notes = static_text(app, "#aggregate-notes")
        assert "location (geoCoordinates)" in notes and "photo (blob)" in notes


async def test_group_by_with_chosen_properties(app: ExplorerApp, inventory: Inventory) -> None:
    name, rows = inventory
    async with aggregating(app, name) as pilot:
        pane = await loaded_pane(pilot, AggregatePane)
        choices = pane.query_one("#aggregate-properties", SelectionList)
        choices.select("quantity")
        choices.select("in_stock")
        pane.query_one("#aggregate-group-by", Select).value = "colour"
        await run(pilot, pane)

        assert [m.name for m in pane.result.properties] == ["quantity", "in_stock"]  # type: ignore[union-attr]
        groups = pane.query_one("#aggregate-groups", DataTable)
        counts = occurrences(values_of(rows, "colour"))
        shown = rows_of(groups)
        assert {label: int(cells[1]) for label, cells in shown.items()} == {
            ("ye\\x1b[31mllow" if colour == HOSTILE_COLOUR else colour): count
            for colour, count in counts.items()
        }
        largest = max(counts, key=lambda c: counts[c])
        assert shown[largest][3].strip() == bar_string(1.0, 16).strip()
        members = [r["quantity"] for r in rows if r["colour"] == largest]
        assert shown[largest][4].startswith(f"mean {sum(members) / len(members):.6g}")
        assert f"{len(counts)} groups by colour" in static_text(app, "#aggregate-summary")
        assert pane.query_one("#aggregate-texts-section").has_class("hidden")


async def test_uses_the_objects_filter_and_reports_bad_input(
    app: ExplorerApp, inventory: Inventory
) -> None:
    name, rows = inventory
    async with aggregating(app, name) as pilot:
        await pilot.press("2", "f")
        app.screen.query_one("#objects-where", Input).value = "quantity > 4"
        await pilot.press("enter")
        await pilot.press("escape", "5")
        pane = await loaded_pane(pilot, AggregatePane)
        assert pane.query_one("#aggregate-where", Input).value == "quantity > 4"
        await run(pilot, pane)
        matched = [r for r in rows if r["quantity"] > 4]
        summary = static_text(app, "#aggregate-summary")
        assert f"{len(matched)} objects · filtered" in summary
        numbers = rows_of(pane.query_one("#aggregate-numbers", DataTable))
        assert numbers["quantity"][4] == str(max(r["quantity"] for r in matched))

        pane.query_one("#aggregate-top", Input).value = "0"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: bool(notifications(app)), "an error")
        assert "Invalid top-values limit" in notifications(app)[-1]


async def test_the_tenant_applies(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections
) -> None:
    cleanup_collections.append(collection_name)
    north, south = ITEMS[:3], ITEMS[3:]
    await create_inventory(session, collection_name, tenants={"north": north, "south": south})
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_collection(pilot, collection_name)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, TenantPickerScreen), "the tenant picker"
        )
        app.screen.query_one("#tenant-list", OptionList).focus()
        await pilot.press("down", "down", "enter")  # "All tenants" comes first, then north, south
        pane = await loaded_pane(pilot, AggregatePane)
        await wait_until(pilot, lambda: pane.config is not None, "the config")
        await pilot.press("5")
        await run(pilot, pane)
        assert static_text(app, "#aggregate-summary").startswith(
            f"{collection_name}@south · {len(south)} objects"
        )
        numbers = rows_of(pane.query_one("#aggregate-numbers", DataTable))
        assert numbers["quantity"][8] == f"{sum(r['quantity'] for r in south):,}"


async def test_escape_cancels_a_running_aggregate(
    server_options: ConnectionOptions, inventory: Inventory
) -> None:
    name, _rows = inventory
    async with slow_proxy(server_options.grpc_port) as proxy:
        app = ExplorerApp(LaunchPlan(replace(server_options, grpc_port=proxy.port)))
        async with aggregating(app, name) as pilot:
            pane = await loaded_pane(pilot, AggregatePane)
            proxy.delay = 5.0  # the server's answers now take 5 s to come back
            pane.action_run_aggregate()
            await pilot.pause()
            results = pane.query_one("#aggregate-results")
            # The loading indicator shows once the wait has lasted SHOW_AFTER (0.3 s).
            await poll_until(pilot, lambda: results.loading, "the loading indicator")
            assert app.opened is not None and app.opened.session.calls_in_flight == 1
            await pilot.press("escape")
            await wait_until(
                pilot, lambda: "cancelled" in static_text(app, "#aggregate-summary"), "the cancel"
            )
            assert pane.result is None and not results.loading
            assert app.opened.session.calls_in_flight == 0
            proxy.delay = 0


async def test_an_aggregate_run_is_added_to_the_history(
    app: ExplorerApp, inventory: Inventory
) -> None:
    """Issue 15 item 22: TUI aggregate runs were not in the history, though the README says so."""
    from explorer.core.query.requests import AggregateRequest
    from explorer.core.store.history import QueryHistory

    name, rows = inventory
    async with aggregating(app, name) as pilot:
        pane = await loaded_pane(pilot, AggregatePane)
        await run(pilot, pane)
        history = QueryHistory()
        await wait_until(pilot, lambda: bool(history.read()), "the history entry")
        entry = history.read()[-1]
        assert isinstance(entry.request, AggregateRequest)
        assert entry.request.collection == name and entry.front_end == "tui"
        assert entry.result_count == len(rows)
