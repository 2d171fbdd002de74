"""Every row of ``repl_cases.CASES`` against one real collection.

Each row: no crash (a clean error or success, no traceback, the REPL still answers), no raw
terminal control in any output, nothing written when the line is rejected (every object and
vector the same before and after), and the error names the problem and the fix.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.client.session import ExplorerSession
from tests.hostile.hostile_collection import assert_inert, create_hostile_collection, snapshot
from tests.hostile.repl_cases import CASES, COLLECTION, ReplCase
from tests.repl.harness import ReplHarness

#: A one-object table never shows more than this, however long the value.
TABLE_LIMIT = 5_000


@pytest.fixture(scope="module")
async def hostile_collection(session: ExplorerSession) -> AsyncIterator[str]:
    await create_hostile_collection(session, COLLECTION)
    yield COLLECTION
    await session.client.collections.delete(COLLECTION)


async def _harness(session: ExplorerSession, *, interactive: bool) -> ReplHarness:
    harness = ReplHarness(session, interactive=interactive)
    used = await harness.run(f"use {COLLECTION}")
    assert used.ok, used.err
    return harness


@pytest.fixture
async def repl(session: ExplorerSession, hostile_collection: str) -> AsyncIterator[ReplHarness]:
    harness = await _harness(session, interactive=False)
    yield harness
    await harness.context.schema.close()


@pytest.fixture
async def prompt(session: ExplorerSession, hostile_collection: str) -> AsyncIterator[ReplHarness]:
    """The same REPL as a person at the prompt sees it (Rich output, carets under errors)."""
    harness = await _harness(session, interactive=True)
    yield harness
    await harness.context.schema.close()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
async def test_hostile_repl_line(
    case: ReplCase,
    repl: ReplHarness,
    prompt: ReplHarness,
    session: ExplorerSession,
    tmp_path: Path,
) -> None:
    for name, text in case.files:
        (tmp_path / name).write_text(text, encoding="utf-8")
    line = case.line.replace("@DIR", str(tmp_path))
    collections = set(await session.client.collections.list_all(simple=True))
    before = await snapshot(session, COLLECTION)
    ran = await repl.run(line)
    assert_inert(ran.out, ran.err)
    if case.rejected:
        assert not ran.ok, ran.out[:500]
        assert ran.err.startswith("Error: ") and ran.err.count("\n") == 1, ran.err[:500]
        for fragment in case.error:
            assert fragment in ran.err, (fragment, ran.err[:1000])
        assert await snapshot(session, COLLECTION) == before
        assert set(await session.client.collections.list_all(simple=True)) == collections
        again = await prompt.run(line)  # the Rich path, with its caret line
        assert not again.ok
        assert_inert(again.out, again.err)
        assert case.error[0] in again.err
    else:
        assert ran.ok, ran.err[:1000]
        if case.stored is not None:
            assert ran.out.startswith(f"Inserted {case.stored[0]} into {COLLECTION}"), ran.out
        for fragment in () if case.stored else case.shows:
            assert fragment in ran.out, (fragment, ran.out[:1000])
    if case.stored is not None:
        await _check_stored(case, repl, prompt, session)
    still = await repl.json("count")  # the REPL still answers
    assert still == {"collection": COLLECTION, "count": await session.count(COLLECTION)}


async def _check_stored(
    case: ReplCase, repl: ReplHarness, prompt: ReplHarness, session: ExplorerSession
) -> None:
    """The server holds the exact value, and every output format shows it back inertly."""
    assert case.stored is not None
    uuid, prop, value = case.stored
    stored = await session.client.collections.use(COLLECTION).query.fetch_object_by_id(uuid)
    assert stored is not None and stored.properties[prop] == value

    shown = await repl.json(f"get {uuid}")
    assert shown["properties"][prop] == value  # JSON output round-trips exactly
    lines = await repl.run(f"get {uuid} --format jsonl")
    assert json.loads(lines.out)["properties"][prop] == value
    for harness in (repl, prompt):
        table = await harness.run(f"get {uuid}")
        assert table.ok, table.err
        assert_inert(table.out, table.err, lines.out)
        assert len(table.out) < TABLE_LIMIT, len(table.out)
        for fragment in case.shows:
            assert fragment in table.out, (fragment, table.out[:1000])
    if case.category == "big":  # later cases need not read megabytes back
        await session.client.collections.use(COLLECTION).data.delete_by_id(uuid)
