"""A big import file of known content, and what a collection must hold after importing it.

Most rows carry no uuid (the importer derives one from the content); every ``OWN_UUID_EVERY``-th
row has its own; every ``TWIN_EVERY``-th row repeats the row before it exactly (two objects).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.rows import RowShaper

OWN_UUID_EVERY = 997
TWIN_EVERY = 1000


def row(index: int) -> dict[str, Any]:
    if index % TWIN_EVERY == TWIN_EVERY - 1:
        index -= 1  # the same content as the row before
    out: dict[str, Any] = {"n": index, "label": f"row {index}", "group": index % 7}
    if index % OWN_UUID_EVERY == 0:
        out["uuid"] = f"00000000-0000-4000-8000-{index:012d}"
    return out


def write_rows(path: Path, count: int) -> list[dict[str, Any]]:
    rows = [row(i) for i in range(count)]
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in rows)
    return rows


async def create_target(session: ExplorerSession, name: str) -> None:
    from weaviate.classes.config import Configure, DataType, Property

    await session.client.collections.create(
        name,
        properties=[
            Property(name="n", data_type=DataType.INT),
            Property(name="label", data_type=DataType.TEXT),
            Property(name="group", data_type=DataType.INT),
        ],
        vector_config=Configure.Vectors.self_provided(),
    )


def _entry(uuid: str, properties: dict[str, Any]) -> tuple[str, str]:
    return uuid, json.dumps(properties, sort_keys=True)


async def expected_contents(
    session: ExplorerSession, name: str, rows: list[dict[str, Any]]
) -> Counter[tuple[str, str]]:
    """(uuid, properties) of every row, the uuid as the importer gives it (own or derived)."""
    shaper = RowShaper(await session.collection_config(name))
    out: Counter[tuple[str, str]] = Counter()
    for number, raw in enumerate(rows, 1):
        prepared = shaper.prepare(number, raw)
        assert prepared.properties == {k: v for k, v in raw.items() if k != "uuid"}
        out[_entry(prepared.uuid, prepared.properties)] += 1
    return out


async def stored_contents(session: ExplorerSession, name: str) -> Counter[tuple[str, str]]:
    """(uuid, properties) of every object in the collection, read by cursor."""
    collection = session.client.collections.use(name)
    out: Counter[tuple[str, str]] = Counter()
    async for obj in collection.iterator(cache_size=2000):
        out[_entry(str(obj.uuid), dict(obj.properties))] += 1
    return out
