"""Filters through a reference (``hasCategory.title = "SCIENCE"``), type-checked against the
target collection's schema."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from explorer.core.client.session import ExplorerSession
from tests.integration.dangling import create_questions
from tests.repl.harness import ReplHarness


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    yield ReplHarness(session)


async def test_where_through_a_reference(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.extend([collection_name, f"{collection_name}Cat"])
    await create_questions(session, collection_name)
    assert (await repl.run(f"use {collection_name}")).ok

    found = await repl.json("fetch --where 'hasCategory.title = \"SCIENCE\"'")
    assert sorted(o["properties"]["answer"] for o in found) == ["Atom", "DNA"]
    found = await repl.json("fetch --where 'hasCategory.title != \"SCIENCE\" and value > 100'")
    assert [o["properties"]["answer"] for o in found] == ["Rome"]

    wrong_type = await repl.run("fetch --where 'hasCategory.title = 3'")
    assert not wrong_type.ok
    assert "'hasCategory.title' is text (in" in wrong_type.err and "quote it" in wrong_type.err
    unknown = await repl.run("fetch --where 'hasCategory.name = \"x\"'")
    assert not unknown.ok and "has no property 'name'" in unknown.err
    not_a_reference = await repl.run("fetch --where 'answer.title = \"x\"'")
    assert not not_a_reference.ok and "has no reference 'answer'" in not_a_reference.err


async def test_fetch_props_resolves_reference_columns(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    category = f"{collection_name}Cat"
    cleanup_collections.extend([collection_name, category])
    _category, categories, answers = await create_questions(session, collection_name)
    assert (await repl.run(f"use {collection_name}")).ok

    found = await repl.json("fetch --props answer,hasCategory.title,hasCategory")
    assert len(found) == 3
    for obj in found:
        answer = obj["properties"]["answer"]
        assert set(obj["properties"]) == {"answer"}
        assert obj["resolved"] == {"hasCategory.title": answers[answer]}
        assert obj["references"]["hasCategory"] == [
            {"uuid": categories[answers[answer]], "collection": category}
        ]

    table = await repl.run("fetch --props answer,hasCategory.title,hasCategory --sort value")
    assert table.ok, table.err
    lines = [line for line in table.out.splitlines() if "DNA" in line or "Rome" in line]
    assert "SCIENCE" in lines[0] and f"{category} {categories['SCIENCE']}"[:30] in lines[0]
    assert "HISTORY" in lines[1]

    only_reference = await repl.run("fetch --props hasCategory")
    assert only_reference.ok, only_reference.err
    unknown = await repl.run("fetch --props hasCategory.name")
    assert not unknown.ok and "hasCategory.title" in unknown.err
