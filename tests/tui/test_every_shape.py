"""The TUI shows every value of every type as inserted: the objects table cell by cell, the
detail view (one-line and full values, references, every named vector, the copied JSON) and the
value screen, for the plain every-type collection and for each tenant of its twin."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.object_detail import ObjectDetailScreen
from explorer.tui.screens.value_screen import ValueScreen
from tests.integration.all_types import (
    EMPTY_INDEX,
    OBJECT_COUNT,
    ODD_DATE_INDEX,
    ODD_GEO_INDEX,
    PROPERTY_BY_TYPE,
    SPARSE_INDEX,
    AllTypes,
    AllTypesObject,
    shapes_fixture,
)
from tests.integration.shape_expectations import (
    PRICE_CELLS,
    PROPERTIES,
    cell,
    full_text,
    iso,
    same,
    shown_properties,
)
from tests.tui.helpers import column, loaded_pane, static_text, wait_until

PLAIN = "ShapesTui"
TENANTED = "ShapesTuiMt"
TENANTS = ("t1", "t2")
TYPE_OF = {prop: data_type for data_type, prop in PROPERTY_BY_TYPE.items()}
#: Detail rows cut their one-line value to this many characters.
DETAIL_WIDTH = 60


shapes = shapes_fixture(PLAIN, TENANTED, TENANTS)


async def open_objects(
    app: ExplorerApp, pilot: Pilot[Any], name: str, tenant: str | None = None
) -> DataTable[Any]:
    await wait_until(pilot, lambda: app.opened is not None and app.collections != (), "the list")
    app.open_collection(name, tenant)
    table = app.screen.query_one("#objects-table", DataTable)
    await wait_until(pilot, lambda: table.row_count == OBJECT_COUNT, "the objects")
    return table


def check_table(app: ExplorerApp, table: DataTable[Any], objects: list[AllTypesObject]) -> None:
    """Every cell of the objects table against the inserted value."""
    by_uuid = {o.uuid: o for o in objects}
    records = app.screen.query_one(ObjectsPane).records
    assert sorted(r.uuid for r in records) == sorted(by_uuid)
    assert column(table, "uuid") == [r.uuid[:8] + "…" for r in records]
    for name in PROPERTIES:
        cells = column(table, f"p:{name}")
        expected = [cell(shown_properties(by_uuid[r.uuid])[name]) for r in records]
        assert cells == expected, name


def pretty(value: Any) -> str:
    """A full value over several lines: text as it is, structures as indented JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | dict):
        return json.dumps(_iso_dates(value), indent=2, ensure_ascii=False)
    return full_text(value)


def _iso_dates(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    return value


def reference_labels(obj: AllTypesObject, name: str) -> list[str]:
    return [f"{collection} {uuid}" for collection, uuid in obj.references[name]]


def vector_label(name: str, value: Any) -> str:
    rows = value if isinstance(value[0], list) else [value]
    first = rows[0]
    shape = f"{len(rows)} × {len(first)}" if len(rows) > 1 else f"{len(first)}"
    norm = math.sqrt(sum(x * x for x in first))
    return (
        f"vector {name} · dim {shape} · norm {norm:.4f} · "
        f"min {min(first):.4f} · max {max(first):.4f}"
    )


async def check_detail(
    app: ExplorerApp, pilot: Pilot[Any], session: ExplorerSession, name: str, obj: AllTypesObject
) -> None:
    """The detail view of one object against what was inserted."""
    app.push_screen(ObjectDetailScreen(session, name, obj.uuid))
    await wait_until(pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "the detail")
    detail = app.screen
    assert isinstance(detail, ObjectDetailScreen)
    await wait_until(pilot, lambda: detail.prepared is not None, "the object")
    await wait_until(pilot, lambda: len(detail.query(".vector-label")) == 3, "the vectors")
    prepared = detail.prepared
    assert prepared is not None

    shown = shown_properties(obj)
    present = PROPERTIES  # every one: ∅ where the object has no value
    references = list(obj.references)
    expected_rows = [(n, TYPE_OF[n], full_text(shown[n])) for n in present]
    expected_rows += [
        (n, "→ reference", label) for n in references for label in reference_labels(obj, n)
    ]
    assert sorted(prepared.rows) == sorted(expected_rows)
    assert [r[0] for r in prepared.rows[: len(present)]] == present  # schema order
    expected_full = [pretty(shown[n]) for n in present]
    expected_full += [label for n in references for label in reference_labels(obj, n)]
    assert sorted(prepared.full_values) == sorted(expected_full)

    table = detail.query_one("#detail-properties", DataTable)
    on_screen = [
        (str(table.get_row_at(i)[0]), str(table.get_row_at(i)[2])) for i in range(table.row_count)
    ]
    assert sorted(on_screen) == sorted(
        (row_name, cell(value.replace("\n", "↵"), DETAIL_WIDTH))
        for row_name, _kind, value in expected_rows
    )

    labels = [str(w.render()) for w in detail.query(".vector-label")]
    assert labels == [vector_label(n, obj.vectors[n]) for n in sorted(obj.vectors)]

    copied = json.loads(prepared.json)
    assert copied["uuid"] == obj.uuid and copied["collection"] == name
    same(copied["properties"], _iso_dates(shown), obj.uuid)
    same(copied["vectors"], obj.vectors, f"{obj.uuid}.vectors")
    assert copied["references"] == {
        n: [{"uuid": u, "collection": c} for c, u in obj.references[n]] for n in references
    }
    await pilot.press("escape")
    await wait_until(pilot, lambda: not isinstance(app.screen, ObjectDetailScreen), "closed")


async def test_table_and_detail_show_every_value(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    shapes: tuple[AllTypes, AllTypes],
) -> None:
    made, _ = shapes
    app = ExplorerApp(LaunchPlan(server_options), page_size=50)
    async with app.run_test(size=(160, 50)) as pilot:
        table = await open_objects(app, pilot, made.name)
        check_table(app, table, made.objects)
        records = (await loaded_pane(pilot, ObjectsPane)).records
        by_uuid = {o.uuid: o for o in made.objects}
        # The rules, spelled out once.
        prices = column(table, "p:price")
        assert [prices[i] for i in range(len(records))] == [
            PRICE_CELLS[made.objects.index(by_uuid[r.uuid])] for r in records
        ]
        row = {r.uuid: i for i, r in enumerate(records)}
        first = row[made.objects[0].uuid]
        assert column(table, "p:published")[first] == "2020-01-01T08:30:00Z"
        assert column(table, "p:location")[first] == '{"latitude": 52.5, "longitude": 13.25}'
        assert column(table, "p:image")[first] == "aGVsbG8="
        assert column(table, "p:prices")[first] == "[0.5, 0.0, -3.75]"
        assert column(table, "p:dates")[first] == '["2020-01-01T08:30:00Z", "2020-01-31T08…'
        odd = row[made.objects[ODD_DATE_INDEX].uuid]
        assert column(table, "p:published")[odd] == "2021-06-30T23:59:58.123456+02:00"
        geo = row[made.objects[ODD_GEO_INDEX].uuid]
        assert column(table, "p:location")[geo] == '{"latitude": 52.37, "longitude": -4.89}'

        # The value screen (v) shows a nested object in full.
        table.focus()
        table.move_cursor(row=first, column=PROPERTIES.index("details") + 1)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, ValueScreen), "the value")
        assert isinstance(app.screen, ValueScreen)
        assert app.screen.text == pretty(made.objects[0].properties["details"])
        assert '    "inner": {\n      "code": "C-000"' in app.screen.text  # three levels deep
        await pilot.press("escape")

        assert app.opened is not None
        # One object of each shape: full, odd dates, a newline in text, odd geo, nulls, empties.
        for index in (0, ODD_DATE_INDEX, 2, ODD_GEO_INDEX, SPARSE_INDEX, EMPTY_INDEX):
            await check_detail(app, pilot, app.opened.session, made.name, made.objects[index])


@pytest.mark.parametrize("tenant", TENANTS)
async def test_each_tenant_shows_its_own_objects(
    server_options: ConnectionOptions,
    shapes: tuple[AllTypes, AllTypes],
    tenant: str,
) -> None:
    _, made = shapes
    app = ExplorerApp(LaunchPlan(server_options), page_size=50)
    async with app.run_test(size=(160, 50)) as pilot:
        table = await open_objects(app, pilot, made.name, tenant)
        assert f"{made.name}@{tenant}" in str(app.status_bar.render())
        check_table(app, table, made.objects_of(tenant))
        assert app.opened is not None
        for obj in made.objects_of(tenant)[:2]:  # a full object and the odd dates
            await check_detail(app, pilot, app.opened.session, made.name, obj)
        assert "page 1 · objects 1–12 · end" in static_text(app, "#objects-info")
