"""The REPL shows every value of every type as inserted: get, fetch and searches, as a table,
JSON and JSON lines, for the plain every-type collection and for each tenant of its twin."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from explorer.core.client.session import ExplorerSession
from explorer.repl.render import make_console
from explorer.repl.runner import CommandRunner
from tests.integration.all_types import (
    OBJECT_COUNT,
    ODD_DATE_INDEX,
    ODD_GEO_INDEX,
    SPARSE_INDEX,
    AllTypes,
    AllTypesObject,
    shapes_fixture,
)
from tests.integration.shape_expectations import (
    PROPERTIES,
    cell,
    repl_json_properties,
    same,
    shown_properties,
)
from tests.repl.harness import ReplHarness

PLAIN = "ShapesRepl"
TENANTED = "ShapesReplMt"
TENANTS = ("t1", "t2")
#: The width of a cell in ``get``'s table, and in listings (fetch, searches).
GET_CELL_WIDTH = 200
FOOTER = re.compile(r"^\d+ objects? · \d+ ms$")


shapes = shapes_fixture(PLAIN, TENANTED, TENANTS)


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    # Wide enough that no table cell is folded onto a second line.
    harness.runner = CommandRunner(
        harness.context, make_console(harness.out, width=700), make_console(harness.err, width=700)
    )
    yield harness
    await harness.context.schema.close()
    session.current_collection = session.current_tenant = None


def table_rows(text: str, last_column: str) -> list[tuple[str, str]]:
    """(text before the last column, the last column's cell) of each row of a printed table."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if last_column in line)
    start = lines[header].index(last_column)
    rows = []
    for line in lines[header + 2 :]:
        if not line.strip() or FOOTER.match(line):
            continue
        rows.append((line[:start].strip(), line[start:].rstrip()))
    return rows


def vector_line(value: Any) -> str:
    """How a table sums up a vector: the first three numbers and the dimension, or the shape."""
    if isinstance(value[0], list):
        return f"{len(value)} × {len(value[0])}-d multi-vector"
    head = ", ".join(f"{x:.4f}" for x in value[:3])
    return f"[{head}, …] {len(value)}-d"


def check_json(found: dict[str, Any], obj: AllTypesObject, *, references: bool) -> None:
    same(found["properties"], repl_json_properties(obj), obj.uuid)
    same(found["vectors"], obj.vectors, f"{obj.uuid}.vectors")
    if references:
        assert found.get("references", {}) == made_references(obj), obj.uuid


def made_references(obj: AllTypesObject) -> dict[str, list[Any]]:
    """Every reference target with its collection, as ``get`` shows it."""
    return {
        name: [{"uuid": u, "collection": c} for c, u in targets]
        for name, targets in obj.references.items()
    }


async def test_get_shows_every_value_as_json_and_as_a_table(
    repl: ReplHarness, shapes: tuple[AllTypes, AllTypes]
) -> None:
    made, _ = shapes
    assert (await repl.run(f"use {made.name}")).ok
    for obj in made.objects:
        found = await repl.json(f"get {obj.uuid} --vector")
        assert found["uuid"] == obj.uuid and found["collection"] == made.name
        check_json(found, obj, references=True)

        table = await repl.run(f"get {obj.uuid} --vector")
        assert table.ok, table.err
        rows = dict(table_rows(table.out, "Value"))
        expected = {"uuid": obj.uuid, "collection": made.name}
        shown = shown_properties(obj)
        expected.update({name: cell(shown[name], GET_CELL_WIDTH) for name in PROPERTIES})
        for name, targets in obj.references.items():
            labels = [f"{c} {u}" for c, u in targets]
            expected[f"{name} →"] = ", ".join(labels)
        for name, vector in obj.vectors.items():
            expected[f"vector {name}"] = vector_line(vector)
        assert {k: v for k, v in rows.items() if k not in ("created", "updated")} == expected

    # The rules, spelled out for the odd values.
    first = await repl.json(f"get {made.objects[0].uuid}")
    assert first["properties"]["published"] == "2020-01-01T08:30:00+00:00"
    assert first["properties"]["location"] == {"latitude": 52.5, "longitude": 13.25}
    assert first["properties"]["phone"]["national_formatted"] == "030 1234560"
    assert first["properties"]["image"] == "aGVsbG8="
    assert "vectors" not in first  # only with --vector
    odd = await repl.json(f"get {made.objects[ODD_DATE_INDEX].uuid}")
    assert odd["properties"]["published"] == "2021-06-30T23:59:58.123456+02:00"
    geo = await repl.json(f"get {made.objects[ODD_GEO_INDEX].uuid}")
    assert geo["properties"]["location"] == {"latitude": 52.37, "longitude": -4.89}
    sparse = made.objects[SPARSE_INDEX]
    sparse_rows = dict(table_rows((await repl.run(f"get {sparse.uuid}")).out, "Value"))
    assert sparse_rows["count"] == "0" and sparse_rows["tags"] == sparse_rows["image"] == "∅"
    found = (await repl.json(f"get {sparse.uuid}"))["properties"]
    assert found["tags"] is None and found["details"] is None  # no value: null, not []
    assert (await repl.json(f"get {made.objects[-1].uuid}"))["properties"]["tags"] == []


async def test_fetch_and_searches_show_every_value(
    repl: ReplHarness, shapes: tuple[AllTypes, AllTypes]
) -> None:
    made, _ = shapes
    by_uuid = {o.uuid: o for o in made.objects}
    assert (await repl.run(f"use {made.name}")).ok
    listed = await repl.json(f"fetch --limit {OBJECT_COUNT} --vector")
    assert sorted(o["uuid"] for o in listed) == sorted(by_uuid)
    for found in listed:
        check_json(found, by_uuid[found["uuid"]], references=False)

    lines = (await repl.run(f"fetch --limit {OBJECT_COUNT} --vector --format jsonl")).out
    assert [json.loads(line) for line in lines.splitlines()] == listed

    near = await repl.json(
        f'near_vector "{made.objects[0].vectors["small"]}" --target small '
        f"--limit {OBJECT_COUNT} --vector"
    )
    assert sorted(o["uuid"] for o in near) == sorted(by_uuid)
    assert near[0]["uuid"] == made.objects[0].uuid and near[0]["distance"] == pytest.approx(0)
    for found in near:
        check_json(found, by_uuid[found["uuid"]], references=False)

    keyword = await repl.json("bm25 shared --props tags --limit 20")
    with_tag = {o.uuid for o in made.objects if "shared" in o.properties.get("tags", [])}
    assert {o["uuid"] for o in keyword} == with_tag and len(with_tag) == OBJECT_COUNT - 2
    for found in keyword:
        same(found["properties"], repl_json_properties(by_uuid[found["uuid"]]), found["uuid"])

    # The table, one property at a time (every cell one line of at most 40 characters).
    for name in PROPERTIES:
        ran = await repl.run(f"fetch --limit {OBJECT_COUNT} --props {name}")
        assert ran.ok, ran.err
        rows = table_rows(ran.out, name)
        assert len(rows) == OBJECT_COUNT, ran.out
        for uuid, shown in rows:
            assert shown == cell(shown_properties(by_uuid[uuid])[name]), (uuid, name)
    ran = await repl.run(f'bm25 "shared" --props tags --limit {OBJECT_COUNT} --vector')
    assert ran.ok, ran.err
    assert "2 × 4-d multi-vector" in ran.out


@pytest.mark.parametrize("tenant", TENANTS)
async def test_each_tenant_shows_its_own_objects(
    repl: ReplHarness, shapes: tuple[AllTypes, AllTypes], tenant: str
) -> None:
    _, made = shapes
    expected = {o.uuid: o for o in made.objects_of(tenant)}
    assert (await repl.run(f"use {made.name} @{tenant}")).ok
    listed = await repl.json("fetch --limit 20 --vector")
    assert sorted(o["uuid"] for o in listed) == sorted(expected)
    for found in listed:
        check_json(found, expected[found["uuid"]], references=False)
    for obj in expected.values():
        found = await repl.json(f"get {obj.uuid} --vector")
        check_json(found, obj, references=True)
    other = next(o for o in made.objects if o.tenant != tenant)
    missing = await repl.run(f"get {other.uuid}")
    assert not missing.ok and f"has no object {other.uuid}" in missing.err
    rows = table_rows((await repl.run("fetch --limit 20 --props published")).out, "published")
    assert {uuid: shown for uuid, shown in rows} == {
        uuid: cell(o.properties.get("published")) for uuid, o in expected.items()
    }
    # a non-UTC date keeps its offset and its microseconds
    assert any(shown == "2021-06-30T23:59:58.123456+02:00" for _uuid, shown in rows)
