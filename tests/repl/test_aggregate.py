"""The REPL's ``aggregate``: tables with bars, structured JSON, filters, tenants and clear errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from explorer.core.client.session import ExplorerSession
from tests.integration.inventory import (
    HOSTILE_COLOUR,
    ITEMS,
    create_inventory,
    date_stats,
    number_stats,
    occurrences,
    values_of,
)
from tests.repl.harness import ReplHarness

Inventory = tuple[str, list[dict[str, Any]]]


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    yield harness
    await harness.context.schema.close()
    session.current_collection = session.current_tenant = None


async def test_json_has_every_metric_typed(repl: ReplHarness, inventory: Inventory) -> None:
    name, rows = inventory
    await repl.run(f"use {name}")
    result = await repl.json("aggregate")
    assert result["collection"] == name and result["total_count"] == len(rows)
    metrics = result["metrics"]
    for prop in ("quantity", "price", "sizes"):
        expected = number_stats(values_of(rows, prop))
        got = metrics[prop]
        assert {k: got[k] for k in ("count", "minimum", "maximum", "mode")} == {
            k: expected[k] for k in ("count", "minimum", "maximum", "mode")
        }
        assert got["mean"] == pytest.approx(expected["mean"])
        assert got["median"] == pytest.approx(expected["median"])
        assert got["sum"] == pytest.approx(expected["sum"])
    colours = occurrences(values_of(rows, "colour"))
    assert {t["value"]: t["count"] for t in metrics["colour"]["top_occurrences"]} == colours
    trues = sum(1 for r in rows if r["in_stock"])
    assert metrics["in_stock"]["total_true"] == trues
    assert metrics["in_stock"]["percentage_true"] == pytest.approx(100 * trues / len(rows))
    dates = date_stats(values_of(rows, "added"))
    assert metrics["added"]["minimum"] == dates["minimum"].isoformat()
    assert metrics["added"]["maximum"] == dates["maximum"].isoformat()
    assert metrics["added"]["data_type"] == "date"
    assert {s["name"] for s in result["skipped"]} == {"location", "photo", "sku"}


async def test_table_shows_numbers_and_bars_with_server_text_inert(
    repl: ReplHarness, inventory: Inventory
) -> None:
    name, rows = inventory
    await repl.run(f"use {name}")
    ran = await repl.run("aggregate --metrics quantity,colour,in_stock,added")
    assert ran.ok, ran.err
    out = ran.out
    quantity = number_stats(values_of(rows, "quantity"))
    quantity_row = next(line for line in out.splitlines() if line.startswith("quantity"))
    for key in ("minimum", "maximum", "mode", "sum"):
        assert f" {quantity[key]:,} " in f"{quantity_row} "
    assert f"{len(rows)} objects" in out
    colours = sorted(occurrences(values_of(rows, "colour")).items(), key=lambda i: -i[1])
    top_value, top_count = colours[0]
    top_row = next(line for line in out.splitlines() if line.startswith(top_value))
    assert f"{100 * top_count / len(rows):.1f}%" in top_row
    assert "█" * 20 in top_row  # the largest value has the full bar
    assert "\x1b" not in out and "ye\\x1b[31mllow" in out  # the hostile value, inert
    trues = sum(1 for r in rows if r["in_stock"])
    stock_row = next(line for line in out.splitlines() if line.startswith("in_stock"))
    assert f"{100 * trues / len(rows):.1f}%" in stock_row and "█" in stock_row
    assert (
        "earliest" in out
        and date_stats(values_of(rows, "added"))["minimum"].strftime("%Y-%m-%d") in out
    )


async def test_group_by_with_top_where_and_groups(repl: ReplHarness, inventory: Inventory) -> None:
    name, rows = inventory
    await repl.run(f"use {name}")
    grouped = await repl.json("agg --group-by colour --metrics quantity --where 'quantity > 2'")
    matched = [r for r in rows if r["quantity"] > 2]
    assert grouped["total_count"] == len(matched) and grouped["filtered"] is True
    assert {g["value"]: g["count"] for g in grouped["groups"]} == occurrences(
        values_of(matched, "colour")
    )
    for group in grouped["groups"]:
        members = [r["quantity"] for r in matched if r["colour"] == group["value"]]
        assert group["metrics"]["quantity"]["sum"] == sum(members)
    assert grouped["groups_may_be_missing"] is False

    top = await repl.json("aggregate --metrics tags --top 2")
    tag_counts = sorted(occurrences(values_of(rows, "tags")).values(), reverse=True)
    assert [t["count"] for t in top["metrics"]["tags"]["top_occurrences"]] == tag_counts[:2]

    limited = await repl.json("aggregate --group-by colour --groups 1")
    assert len(limited["groups"]) == 1 and limited["groups_may_be_missing"] is True

    table = (await repl.run("aggregate --group-by colour --metrics quantity,in_stock")).out
    largest = max(occurrences(values_of(rows, "colour")).items(), key=lambda i: i[1])
    group_row = next(line for line in table.splitlines() if line.startswith(largest[0]))
    assert "█" * 20 in group_row and f"{largest[1]}" in group_row
    assert "groups by colour" in table and "% true" in table


async def test_tenant_applies(
    repl: ReplHarness, session: ExplorerSession, collection_name: str, cleanup_collections
) -> None:
    cleanup_collections.append(collection_name)
    north, south = ITEMS[:4], ITEMS[4:]
    await create_inventory(session, collection_name, tenants={"north": north, "south": south})
    await repl.run(f"use {collection_name} @south")
    result = await repl.json("aggregate --metrics quantity")
    assert result["tenant"] == "south" and result["total_count"] == len(south)
    assert result["metrics"]["quantity"]["sum"] == sum(r["quantity"] for r in south)
    assert f"{collection_name}@south · {len(south)} objects" in (await repl.run("aggregate")).out


async def test_unsupported_requests_point_at_the_word(
    repl: ReplHarness, inventory: Inventory
) -> None:
    name, _rows = inventory
    await repl.run(f"use {name}")
    for line, message in (
        ("aggregate --metrics quantity --metrics location", "'location' is geoCoordinates"),
        ("aggregate --group-by photo", "'photo' is blob: group by a text"),
        ("aggregate --group-by nope", "no such property"),
        ("aggregate --top 0", "--top needs a number of at least 1"),
        ("aggregate --groups 20000", "--groups may not pass 10,000"),
    ):
        ran = await repl.run(line)
        assert not ran.ok and message in ran.err, (line, ran.err)
    ran = await repl.run("aggregate --metrics quantity --metrics location")
    assert f"column {len('aggregate --metrics quantity --metrics ') + 1}" in ran.err
    assert HOSTILE_COLOUR not in ran.err
