"""A small, fully known collection with every aggregatable type, for the aggregate tests.

Tests compute what they expect from ``ITEMS``; nothing here is an expected result.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from weaviate.util import generate_uuid5

from explorer.core.client.session import ExplorerSession

#: Server text is untrusted: one colour carries an escape sequence the front ends must defuse.
HOSTILE_COLOUR = "ye\x1b[31mllow"
_COLOURS = ["red", "blue", "red", "green", "red", "blue", "red", "green", "blue", "red"]
_COLOURS.append(HOSTILE_COLOUR)
_QUANTITIES = [3, 7, 7, 7, 1, 12, 5, 5, 9, 2, 4]
_PRICES = [2.5, 1.25, 1.25, 9.75, 4.0, 1.25, 3.5, 6.0, 2.5, 8.0, 0.5]
_DAYS = [5, 9, 9, 9, 1, 20, 14, 3, 28, 11, 17]
_TAGS = [
    ["new", "sale"],
    ["sale"],
    ["new"],
    ["sale", "clearance"],
    ["new", "sale", "gift"],
    [],
    ["gift"],
    ["sale"],
    ["new"],
    ["clearance"],
    ["sale"],
]
_SIZES = [[1, 2], [2], [3, 3], [2, 4], [1], [5, 2], [2, 3], [4], [1, 2], [3], [2]]
_IN_STOCK = [True, True, False, True, True, False, True, True, False, True, False]


def items() -> list[dict[str, Any]]:
    out = []
    for index in range(len(_QUANTITIES)):
        out.append(
            {
                "name": f"item {index}",
                "colour": _COLOURS[index],
                "tags": _TAGS[index],
                "quantity": _QUANTITIES[index],
                "price": _PRICES[index],
                "sizes": _SIZES[index],
                "in_stock": _IN_STOCK[index],
                "checks": [_IN_STOCK[index], index % 3 == 0],
                "added": dt.datetime(2024, 1, _DAYS[index], 8, 30, tzinfo=dt.UTC),
                "location": {"latitude": 52.0 + index / 10, "longitude": 4.0},
                "photo": "aGVsbG8=",
                "sku": str(generate_uuid5(index, "inventory-sku")),
            }
        )
    return out


ITEMS = items()


async def create_inventory(
    session: ExplorerSession, name: str, *, tenants: dict[str, list[dict[str, Any]]] | None = None
) -> list[dict[str, Any]]:
    """Create the collection and insert ``ITEMS`` (or, multi-tenant, each tenant's items)."""
    from weaviate.classes.config import Configure, DataType, Property, Tokenization
    from weaviate.classes.tenants import Tenant

    await session.client.collections.create(
        name=name,
        properties=[
            Property(name="name", data_type=DataType.TEXT),
            Property(name="colour", data_type=DataType.TEXT, tokenization=Tokenization.FIELD),
            Property(name="tags", data_type=DataType.TEXT_ARRAY),
            Property(name="quantity", data_type=DataType.INT),
            Property(name="price", data_type=DataType.NUMBER),
            Property(name="sizes", data_type=DataType.INT_ARRAY),
            Property(name="in_stock", data_type=DataType.BOOL),
            Property(name="checks", data_type=DataType.BOOL_ARRAY),
            Property(name="added", data_type=DataType.DATE),
            Property(name="location", data_type=DataType.GEO_COORDINATES),
            Property(name="photo", data_type=DataType.BLOB),
            Property(name="sku", data_type=DataType.UUID),
        ],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True) if tenants else None,
    )
    collection = session.client.collections.use(name)
    if tenants:
        await collection.tenants.create([Tenant(name=tenant) for tenant in tenants])
        for tenant, tenant_items in tenants.items():
            await _insert(collection.with_tenant(tenant), tenant_items)
        return [item for tenant_items in tenants.values() for item in tenant_items]
    await _insert(collection, ITEMS)
    return ITEMS


async def _insert(collection: Any, rows: list[dict[str, Any]]) -> None:
    result = await collection.data.insert_many(rows)
    assert not result.errors, result.errors


# -- what the metrics should be, computed from the rows ---------------------------------------


def values_of(rows: list[dict[str, Any]], name: str) -> list[Any]:
    """Every value of a property; arrays contribute each element."""
    out: list[Any] = []
    for row in rows:
        value = row.get(name)
        if isinstance(value, list):
            out.extend(value)
        elif value is not None:
            out.append(value)
    return out


def number_stats(values: list[float]) -> dict[str, Any]:
    """count, minimum, maximum, mean, median, mode and sum as statistics computes them."""
    return {
        "count": len(values),
        "minimum": min(values),
        "maximum": max(values),
        "mean": statistics.fmean(values),
        "median": statistics.median(values),
        "mode": unique_mode(values),
        "sum": sum(values),
    }


def date_stats(values: list[dt.datetime]) -> dict[str, Any]:
    """The median of an even count is the midpoint of the middle two, as for numbers."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    median = (
        ordered[middle]
        if len(ordered) % 2
        else ordered[middle - 1] + (ordered[middle] - ordered[middle - 1]) / 2
    )
    return {
        "count": len(values),
        "minimum": ordered[0],
        "maximum": ordered[-1],
        "median": median,
        "mode": unique_mode(values),
    }


def unique_mode(values: list[Any]) -> Any:
    """The most frequent value, or None when several tie (the server then picks any of them)."""
    counts = occurrences(values)
    best = max(counts.values())
    winners = [value for value, count in counts.items() if count == best]
    return winners[0] if len(winners) == 1 else None


def occurrences(values: list[Any]) -> dict[Any, int]:
    return dict(Counter(values))
