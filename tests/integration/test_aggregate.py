"""Aggregate against the real server: every metric checked against values computed from the data."""

from __future__ import annotations

from typing import Any

import pytest

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import (
    AggregateResult,
    BooleanMetrics,
    DateMetrics,
    NumberMetrics,
    TextMetrics,
)
from explorer.core.client.session import ExplorerSession
from explorer.core.query.aggregate_charts import (
    groups_chart,
    property_charts,
    top_occurrences_chart,
)
from explorer.core.query.requests import AggregateRequest
from explorer.core.where.filters import Condition
from explorer.core.where.parser import parse_where
from tests.integration.inventory import (
    ITEMS,
    create_inventory,
    date_stats,
    number_stats,
    occurrences,
    values_of,
)

Inventory = tuple[str, list[dict[str, Any]]]


def _numbers(result: AggregateResult, name: str) -> NumberMetrics:
    metrics = result.property_metrics(name)
    assert isinstance(metrics, NumberMetrics)
    return metrics


def _check_numbers(metrics: NumberMetrics, rows: list[dict[str, Any]]) -> None:
    expected = number_stats(values_of(rows, metrics.name))
    assert metrics.count == expected["count"]
    assert metrics.minimum == expected["minimum"]
    assert metrics.maximum == expected["maximum"]
    assert metrics.mean == pytest.approx(expected["mean"])
    assert metrics.median == pytest.approx(expected["median"])
    assert metrics.sum == pytest.approx(expected["sum"])
    if expected["mode"] is not None:
        assert metrics.mode == expected["mode"]


def _check_boolean(metrics: BooleanMetrics, rows: list[dict[str, Any]]) -> None:
    values = values_of(rows, metrics.name)
    trues = sum(1 for v in values if v)
    assert (metrics.count, metrics.total_true, metrics.total_false) == (
        len(values),
        trues,
        len(values) - trues,
    )
    assert metrics.percentage_true == pytest.approx(100 * trues / len(values))
    assert metrics.percentage_false == pytest.approx(100 * (len(values) - trues) / len(values))


async def test_every_metric_of_every_type(session: ExplorerSession, inventory: Inventory) -> None:
    name, rows = inventory
    result = await session.aggregate(AggregateRequest(name))  # no metrics named: all of them

    assert result.total_count == len(rows)
    assert [m.name for m in result.properties] == [
        "name", "colour", "tags", "quantity", "price", "sizes", "in_stock", "checks", "added",
    ]  # fmt: skip
    assert {(s.name, s.data_type) for s in result.skipped} == {
        ("location", "geoCoordinates"),
        ("photo", "blob"),
        ("sku", "uuid"),
    }
    for number in ("quantity", "price", "sizes"):
        _check_numbers(_numbers(result, number), rows)
    assert isinstance(_numbers(result, "quantity").sum, int)
    assert _numbers(result, "sizes").kind == "int"  # int[]: over every element

    colour = result.property_metrics("colour")
    assert isinstance(colour, TextMetrics)
    colours = occurrences(values_of(rows, "colour"))
    assert colour.count == len(rows)
    assert [(t.value, t.count) for t in colour.top_occurrences] == sorted(
        colours.items(), key=lambda item: -item[1]
    )
    tags = result.property_metrics("tags")
    assert isinstance(tags, TextMetrics)
    assert tags.count == len(values_of(rows, "tags"))
    assert {t.value: t.count for t in tags.top_occurrences} == occurrences(values_of(rows, "tags"))

    for boolean in ("in_stock", "checks"):
        metrics = result.property_metrics(boolean)
        assert isinstance(metrics, BooleanMetrics)
        _check_boolean(metrics, rows)

    added = result.property_metrics("added")
    assert isinstance(added, DateMetrics)
    expected = date_stats(values_of(rows, "added"))
    assert (added.count, added.minimum, added.maximum, added.median, added.mode) == (
        expected["count"],
        expected["minimum"],
        expected["maximum"],
        expected["median"],
        expected["mode"],
    )
    assert added.span == expected["maximum"] - expected["minimum"]


async def test_top_occurrences_limit_and_bar_data(
    session: ExplorerSession, inventory: Inventory
) -> None:
    name, rows = inventory
    result = await session.aggregate(
        AggregateRequest(name, metrics=("colour", "in_stock"), top_occurrences=2)
    )
    assert [m.name for m in result.properties] == ["colour", "in_stock"]
    colours = sorted(occurrences(values_of(rows, "colour")).items(), key=lambda i: -i[1])
    colour = result.property_metrics("colour")
    assert isinstance(colour, TextMetrics)
    chart = top_occurrences_chart(colour)
    assert [(b.label, b.value) for b in chart.bars] == [(v, float(c)) for v, c in colours[:2]]
    assert [b.fraction for b in chart.bars] == [c / len(rows) for _v, c in colours[:2]]
    assert chart.bars[0].length == 1.0
    assert chart.bars[1].length == colours[1][1] / colours[0][1]
    titles = [c.title for c in property_charts(result)]
    assert titles == ["colour: top values", "in_stock: true / false"]


async def test_group_by_text_with_counts_and_metrics(
    session: ExplorerSession, inventory: Inventory
) -> None:
    name, rows = inventory
    result = await session.aggregate(
        AggregateRequest(name, group_by="colour", metrics=("quantity", "in_stock"))
    )
    assert result.total_count == len(rows)
    expected_counts = occurrences(values_of(rows, "colour"))
    assert [(g.value, g.count) for g in result.groups] == sorted(
        expected_counts.items(), key=lambda item: -item[1]
    )  # largest first
    for group in result.groups:
        members = [r for r in rows if r["colour"] == group.value]
        quantity = next(m for m in group.properties if m.name == "quantity")
        assert isinstance(quantity, NumberMetrics)
        assert (quantity.count, quantity.sum, quantity.minimum, quantity.maximum) == (
            len(members),
            sum(r["quantity"] for r in members),
            min(r["quantity"] for r in members),
            max(r["quantity"] for r in members),
        )
        in_stock = next(m for m in group.properties if m.name == "in_stock")
        assert isinstance(in_stock, BooleanMetrics)
        _check_boolean(in_stock, members)
    # Overall metrics come with the groups.
    _check_numbers(_numbers(result, "quantity"), rows)
    chart = groups_chart(result)
    assert [b.value for b in chart.bars] == [float(g.count or 0) for g in result.groups]
    assert sum(b.fraction for b in chart.bars) == pytest.approx(1.0)
    assert not result.groups_may_be_missing


async def test_group_by_arrays_numbers_and_booleans(
    session: ExplorerSession, inventory: Inventory
) -> None:
    name, rows = inventory
    by_tag = await session.aggregate(AggregateRequest(name, group_by="tags", metrics=("price",)))
    # An array groups by each element: an item with two tags is in two groups.
    assert {g.value: g.count for g in by_tag.groups} == occurrences(values_of(rows, "tags"))
    assert sum(g.count or 0 for g in by_tag.groups) > (by_tag.total_count or 0)
    sale = next(g for g in by_tag.groups if g.value == "sale")
    sale_price = next(m for m in sale.properties if m.name == "price")
    assert isinstance(sale_price, NumberMetrics)
    assert sale_price.sum == pytest.approx(sum(r["price"] for r in rows if "sale" in r["tags"]))

    by_quantity = await session.aggregate(AggregateRequest(name, group_by="quantity"))
    # The server sends int group values as floats; they come back as ints.
    assert {g.value: g.count for g in by_quantity.groups} == occurrences(
        values_of(rows, "quantity")
    )
    assert all(type(g.value) is int for g in by_quantity.groups)

    by_stock = await session.aggregate(AggregateRequest(name, group_by="in_stock"))
    assert {g.value: g.count for g in by_stock.groups} == occurrences(values_of(rows, "in_stock"))

    by_date = await session.aggregate(AggregateRequest(name, group_by="added", metrics=("name",)))
    assert {g.value: g.count for g in by_date.groups} == occurrences(values_of(rows, "added"))

    limited = await session.aggregate(AggregateRequest(name, group_by="colour", group_limit=2))
    counts = sorted(occurrences(values_of(rows, "colour")).values(), reverse=True)
    assert [g.count for g in limited.groups] == counts[:2]
    assert limited.groups_may_be_missing
    assert limited.total_count == len(rows)


async def test_a_filter_applies_to_total_metrics_and_groups(
    session: ExplorerSession, inventory: Inventory
) -> None:
    name, rows = inventory
    config = await session.collection_config(name)
    filters = parse_where("quantity > 4 and in_stock = true", config)
    matched = [r for r in rows if r["quantity"] > 4 and r["in_stock"]]
    assert 0 < len(matched) < len(rows)
    result = await session.aggregate(
        AggregateRequest(name, metrics=("quantity", "price"), filters=filters, group_by="colour")
    )
    assert result.filtered and result.total_count == len(matched)
    _check_numbers(_numbers(result, "quantity"), matched)
    _check_numbers(_numbers(result, "price"), matched)
    assert {g.value: g.count for g in result.groups} == occurrences(values_of(matched, "colour"))

    empty = await session.aggregate(
        AggregateRequest(name, filters=Condition("quantity", ">", 1000))
    )
    assert empty.total_count == 0
    quantity, in_stock = _numbers(empty, "quantity"), empty.property_metrics("in_stock")
    assert (quantity.count, quantity.minimum, quantity.mean, quantity.sum) == (0, None, None, None)
    assert isinstance(in_stock, BooleanMetrics) and in_stock.percentage_true is None


async def test_a_tenant_applies(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    north, south = ITEMS[:6], ITEMS[6:]
    await create_inventory(session, collection_name, tenants={"north": north, "south": south})
    for tenant, rows in (("north", north), ("south", south)):
        result = await session.aggregate(
            AggregateRequest(collection_name, metrics=("quantity",), tenant=tenant)
        )
        assert result.total_count == len(rows) and result.tenant == tenant
        _check_numbers(_numbers(result, "quantity"), rows)
    for group_by in (None, "colour"):  # grouped: two requests fail, one error comes back
        with pytest.raises(ExplorerError, match="multi-tenant: choose a tenant"):
            await session.aggregate(AggregateRequest(collection_name, group_by=group_by))


async def test_unsupported_combinations_are_refused_before_sending(
    session: ExplorerSession, inventory: Inventory
) -> None:
    name, _rows = inventory
    await session.collection_config(name)  # cached from here on: a refusal sends nothing
    cases: list[tuple[AggregateRequest, str]] = [
        (AggregateRequest(name, metrics=("location",)), "'location' is geoCoordinates"),
        (AggregateRequest(name, metrics=("photo",)), "'photo' is blob"),
        (AggregateRequest(name, metrics=("sku",)), "'sku' is uuid"),
        (AggregateRequest(name, metrics=("nope",)), "no property 'nope'"),
        (AggregateRequest(name, group_by="photo"), "'photo' is blob: group by a text"),
        (AggregateRequest(name, group_by="location"), "'location' is geoCoordinates"),
        (AggregateRequest(name, group_by="nope"), "cannot group by 'nope'"),
        (AggregateRequest(name, top_occurrences=0), "from 1 to 10,000"),
        (AggregateRequest(name, group_by="colour", group_limit=0), "from 1 to 10,000"),
    ]
    latency = session.last_latency_ms
    for request, message in cases:
        with pytest.raises(ExplorerError, match=message):
            await session.aggregate(request)
    assert session.last_latency_ms == latency
    # The error lists what can be chosen instead.
    with pytest.raises(ExplorerError, match="choose from name, colour, tags, quantity"):
        await session.aggregate(AggregateRequest(name, metrics=("location",)))
    # Grouping by a uuid works: each sku is its own group.
    by_sku = await session.aggregate(AggregateRequest(name, group_by="sku"))
    assert {g.count for g in by_sku.groups} == {1} and len(by_sku.groups) == len(ITEMS)
