"""A load that fails leaves no stale rows: the pane shows the failure, and keys on rows find
nothing to act on until a load succeeds (opening an INACTIVE tenant after another collection)."""

from __future__ import annotations

from textual.widgets import DataTable

from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.screens.object_detail import ObjectDetailScreen
from tests.tui.helpers import (
    loaded_pane,
    notifications,
    static_text,
    wait_for_collection,
    wait_until,
)


async def test_an_inactive_tenant_shows_its_failure_and_no_rows(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.tenants import Tenant, TenantActivityStatus

    plain, tenanted = f"{collection_name}Plain", f"{collection_name}Mt"
    cleanup_collections.extend([plain, tenanted])
    await session.client.collections.create(
        plain, properties=[Property(name="title", data_type=DataType.TEXT)]
    )
    for i in range(3):
        await session.client.collections.use(plain).data.insert({"title": f"chunk {i}"})
    await session.client.collections.create(
        tenanted,
        properties=[Property(name="title", data_type=DataType.TEXT)],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    await session.client.collections.use(tenanted).tenants.create(
        [Tenant(name="t2", activity_status=TenantActivityStatus.INACTIVE)]
    )

    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, tenanted)
        app.open_collection(plain)
        pane = await loaded_pane(pilot, ObjectsPane)
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count == 3, "the plain collection's rows")
        query = await loaded_pane(pilot, QueryPane)
        await wait_until(pilot, lambda: query.config is not None, "the query pane")
        query.run_query(SearchRequest(plain, "fetch", limit=5))
        results = app.screen.query_one("#query-table", DataTable)
        await wait_until(pilot, lambda: results.row_count == 3, "the query's results")

        app.open_collection(tenanted, "t2")
        await wait_until(
            pilot, lambda: "could not be loaded" in static_text(app, "#objects-info"), "failure"
        )
        info = static_text(app, "#objects-info")
        assert f"{tenanted}@t2 could not be loaded" in info and "t2" in info
        assert objects.row_count == 0 and pane.records == ()
        assert any("t2" in n for n in notifications(app))

        objects.focus()
        for key in ("d", "e", "enter", "v"):  # delete, edit, open, view: nothing to act on
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, ConfirmTypedScreen | ObjectDetailScreen), key
        assert "No object here to delete." in " ".join(notifications(app))

        # The query pane of the new collection starts empty, and a failed query stays empty.
        await wait_until(pilot, lambda: results.row_count == 0, "the old results gone")
        assert query.result is None
        query.run_query(SearchRequest(tenanted, "fetch", limit=5, tenant="t2"))
        await wait_until(pilot, lambda: "no results" in static_text(app, "#query-summary"), "q")
        assert results.row_count == 0 and query.result is None
