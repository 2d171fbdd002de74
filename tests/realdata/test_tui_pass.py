"""The app on Weaviate's demo datasets (loaded as ``test_repl_pass.py`` says): per dataset,
browse the objects, open one in the detail view, read the schema, aggregate grouped, run a query
on each named vector, and, for the multi-tenant one, pick the tenant with vi keys."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select

from explorer.core.client.connection import ConnectionOptions
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.aggregate_pane import AggregatePane
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.object_detail import ObjectDetailScreen
from explorer.tui.screens.tenant_picker import TenantPickerScreen
from tests.realdata.datasets import DATASETS, Dataset
from tests.realdata.rest import stored_objects
from tests.tui.helpers import (
    loaded_pane,
    notifications,
    static_text,
    wait_for_collection,
    wait_until,
)

#: One worker loads the datasets (tests/realdata/conftest.py) and runs every real-data test.
pytestmark = pytest.mark.xdist_group("realdata")

PASSES = [d for d in DATASETS.values() if d.key != "JeopardyCategory"]
#: What each vector is made from, as the schema view says it.
SOURCES = {"title": "title", "review_body": "review_body", "title_country": "title, country"}
PAGE = 20


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEAVIATE_EXPLORER_CONFIG_DIR", str(tmp_path / "config"))


async def open_dataset(app: ExplorerApp, pilot: Pilot[Any], dataset: Dataset) -> DataTable[Any]:
    await wait_for_collection(pilot, dataset.collection)
    await pilot.press("enter")
    if dataset.tenants:
        await wait_until(pilot, lambda: isinstance(app.screen, TenantPickerScreen), "the picker")
        options = app.screen.query_one("#tenant-list", OptionList)
        options.focus()
        options.highlighted = 0
        await pilot.press("j", "j", "k", "j")  # vi keys: "All tenants", then the second tenant
        await pilot.press("enter")
    table = app.screen.query_one("#objects-table", DataTable)
    await wait_until(pilot, lambda: table.row_count == PAGE, f"{dataset.collection}'s first page")
    return table


@pytest.mark.parametrize("dataset", PASSES, ids=lambda d: d.key)
async def test_browse_detail_schema_aggregate_and_query(
    realdata_options: ConnectionOptions, realdata_server: LocalServer, dataset: Dataset
) -> None:
    tenant = dataset.tenants[1] if dataset.tenants else None
    stored = await stored_objects(realdata_server.url, dataset.collection, tenant)
    app = ExplorerApp(LaunchPlan(realdata_options), page_size=PAGE)
    async with app.run_test(size=(160, 50)) as pilot:
        table = await open_dataset(app, pilot, dataset)
        assert app.opened is not None and app.opened.session.current_tenant == tenant
        pane = await loaded_pane(pilot, ObjectsPane)
        assert set(pane.row_uuids) <= set(stored)

        # Detail of the row under the cursor, then back.
        table.focus()
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "the detail")
        detail = app.screen
        assert isinstance(detail, ObjectDetailScreen)
        await wait_until(pilot, lambda: "loading" not in static_text(app, "#detail-meta"), "loaded")
        assert detail.uuid == pane.row_uuids[1]
        shown = app.screen.query_one("#detail-properties", DataTable)
        labels = [str(shown.get_row_at(i)[0]) for i in range(shown.row_count)]
        for name in stored[detail.uuid]["properties"]:
            assert any(name in label for label in labels), (name, labels)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ObjectDetailScreen), "back")

        # Schema: every property and every named vector.
        await pilot.press("4")
        await wait_until(
            pilot, lambda: dataset.collection in static_text(app, "#schema-summary"), "schema"
        )
        summary = static_text(app, "#schema-summary")
        sources = {v: SOURCES.get(v, "all text properties") for v in dataset.vectors}
        for vector in dataset.vectors:
            assert f"{vector}: vectorizer text2vec-bigram (from {sources[vector]}" in summary
        assert "generative-dummy" in summary

        # Aggregate grouped by a text property.
        await pilot.press("5")
        aggregate = await loaded_pane(pilot, AggregatePane)
        await wait_until(pilot, lambda: aggregate.config is not None, "the aggregate config")
        aggregate.query_one("#aggregate-group-by", Select).value = dataset.group_by
        before = aggregate.result
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: aggregate.result is not before, "the aggregate")
        assert aggregate.result is not None
        grouped = aggregate.query_one("#aggregate-groups", DataTable)
        assert grouped.row_count > 0, notifications(app)
        assert f"groups by {dataset.group_by}" in static_text(app, "#aggregate-summary")

        # A hybrid query on each named vector.
        await pilot.press("3")
        query = await loaded_pane(pilot, QueryPane)
        for vector in dataset.vectors:
            results = await run_hybrid(app, pilot, query, vector, dataset.search_text)
            assert results.row_count > 0, vector


async def run_hybrid(
    app: ExplorerApp, pilot: Pilot[Any], query: QueryPane, vector: str, text: str
) -> DataTable[Any]:
    query.query_one("#query-kind", Select).value = "hybrid"
    if vector != "default":
        query.query_one("#query-target", Select).value = vector
    query.query_one("#query-text", Input).value = text
    query.query_one("#query-limit", Input).value = "5"
    await pilot.pause()
    before = query.last_request
    await pilot.press("ctrl+r")
    await wait_until(
        pilot,
        lambda: (
            query.last_request is not before and "results" in static_text(app, "#query-summary")
        ),
        f"hybrid on {vector}: {notifications(app)}",
    )
    return query.query_one("#query-table", DataTable)
