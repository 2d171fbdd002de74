"""Paging past 10,000 objects, and the detail view of every kind of value."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.object_detail import ObjectDetailScreen
from tests.tui.helpers import column, loaded_pane, static_text, wait_until

MANY = 10_050


async def test_paging_goes_past_ten_thousand(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    from weaviate.classes.config import DataType, Property
    from weaviate.classes.data import DataObject

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name, properties=[Property(name="n", data_type=DataType.INT)]
    )
    collection = session.client.collections.use(collection_name)
    for start in range(0, MANY, 2000):
        result = await collection.data.insert_many(
            [DataObject(properties={"n": i}) for i in range(start, min(start + 2000, MANY))]
        )
        assert not result.errors

    app = ExplorerApp(LaunchPlan(server_options), page_size=5000)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(
            pilot, lambda: app.opened is not None and app.collections != (), "collections"
        )
        app.open_collection(collection_name)
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count == 5000, "page 1")
        seen = set(column(objects, "p:n"))
        for page in ("page 2", "page 3"):
            await pilot.press("2", "n")
            await wait_until(pilot, lambda: page in static_text(app, "#objects-info"), page)  # noqa: B023
            seen |= set(column(objects, "p:n"))
        assert "objects 10001–10050 · end" in static_text(app, "#objects-info")
        assert len(seen) == MANY
        pane = await loaded_pane(pilot, ObjectsPane)
        assert pane.cursors[2] is not None  # the third page was reached by cursor, not offset


async def test_detail_shows_every_kind_of_value(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    from weaviate.classes.config import Configure, DataType, Property, ReferenceProperty
    from weaviate.classes.data import GeoCoordinate, PhoneNumber

    target_name = collection_name + "Target"
    cleanup_collections.extend([collection_name, target_name])
    await session.client.collections.create(
        target_name, properties=[Property(name="label", data_type=DataType.TEXT)]
    )
    target_uuid = await session.client.collections.use(target_name).data.insert(
        {"label": "pointed at"}
    )
    await session.client.collections.create(
        collection_name,
        properties=[
            Property(name="tags", data_type=DataType.TEXT_ARRAY),
            Property(name="when", data_type=DataType.DATE),
            Property(name="where", data_type=DataType.GEO_COORDINATES),
            Property(name="phone", data_type=DataType.PHONE_NUMBER),
            Property(
                name="nested",
                data_type=DataType.OBJECT,
                nested_properties=[
                    Property(
                        name="level1",
                        data_type=DataType.OBJECT,
                        nested_properties=[
                            Property(name="level2", data_type=DataType.TEXT),
                        ],
                    ),
                ],
            ),
        ],
        references=[ReferenceProperty(name="points_to", target_collection=target_name)],
        vector_config=Configure.Vectors.self_provided(name="plain"),
    )
    uuid = await session.client.collections.use(collection_name).data.insert(
        {
            "tags": ["a", "b"],
            "when": dt.datetime(2001, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
            "where": GeoCoordinate(latitude=52.37, longitude=4.89),
            "phone": PhoneNumber(number="+31 20 123 4567"),
            "nested": {"level1": {"level2": "deep"}},
        },
        references={"points_to": target_uuid},
        vector={"plain": [0.5, 0.5]},
    )

    app = ExplorerApp(LaunchPlan(server_options))
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(
            pilot, lambda: app.opened is not None and app.collections != (), "collections"
        )
        app.open_collection(collection_name)
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count == 1, "the object")
        objects.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "detail")
        detail = app.screen
        assert isinstance(detail, ObjectDetailScreen)
        await wait_until(pilot, lambda: detail.prepared is not None, "the object")
        assert detail.prepared is not None and detail.prepared.record.uuid == str(uuid)
        rows = {name: (kind, value) for name, kind, value in detail.prepared.rows}
        full = dict(
            zip([r[0] for r in detail.prepared.rows], detail.prepared.full_values, strict=True)
        )
        assert rows["tags"] == ("text[]", '["a", "b"]')
        assert rows["when"] == ("date", "2001-02-03T04:05:06Z")
        assert '"latitude": 52.37' in full["where"] and '"longitude": 4.89' in full["where"]
        assert "+31 20 123 4567" in full["phone"]
        assert '"level2": "deep"' in full["nested"]
        assert rows["points_to"] == ("→ reference", f"{target_name} {target_uuid}")
        labels = [str(w.render()) for w in detail.query(".vector-label")]
        assert any("vector plain · dim 2 · norm 0.7071" in label for label in labels), labels
