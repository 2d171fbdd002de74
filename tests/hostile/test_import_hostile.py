"""Every row of ``import_cases.CASES``: the REPL's ``import`` of that file into one collection.

Each row: no crash (the REPL still answers), no raw terminal control in any output; a refused
file writes nothing; otherwise the counts reconcile, the failed-rows file names each failed row
with its reason, failed rows are not in the collection and the rest are, with exact values.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.client.session import ExplorerSession
from tests.hostile.hostile_collection import assert_inert, create_hostile_collection, snapshot
from tests.hostile.import_cases import CASES, COLLECTION, ImportCase
from tests.repl.harness import ReplHarness

_TOKENS = re.compile(r"@U(\d)")


@pytest.fixture(scope="module")
async def import_collection(session: ExplorerSession) -> AsyncIterator[str]:
    await create_hostile_collection(session, COLLECTION)
    yield COLLECTION
    await session.client.collections.delete(COLLECTION)


@pytest.fixture
async def repl(session: ExplorerSession, import_collection: str) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    used = await harness.run(f"use {COLLECTION}")
    assert used.ok, used.err
    yield harness
    await harness.context.schema.close()


def _tokens(case: ImportCase) -> set[int]:
    content = case.content if isinstance(case.content, str) else case.content.decode("latin-1")
    return {int(t) for t in _TOKENS.findall(content)}


def _failed_rows(path: Path) -> dict[int, str]:
    failed = path.with_name(path.name + ".failed.jsonl")
    if not failed.exists():
        return {}
    rows = [json.loads(text) for text in failed.read_text(encoding="utf-8").splitlines()]
    return {row["row"]: row["error"] for row in rows}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
async def test_hostile_import_file(
    case: ImportCase, repl: ReplHarness, session: ExplorerSession, tmp_path: Path
) -> None:
    path = tmp_path / case.file_name
    path.write_bytes(case.data())
    collection = session.client.collections.use(COLLECTION)
    # The whole content only where the file is refused (reading back big values is slow).
    before = await snapshot(session, COLLECTION) if case.file_error else []
    count_before = await session.count(COLLECTION)

    ran = await repl.run(f"import {path} --format json")
    assert_inert(ran.out, ran.err)
    if case.file_error:
        assert not ran.ok, ran.out[:500]
        assert ran.err.startswith("Error: ") and ran.err.count("\n") == 1, ran.err[:500]
        for fragment in case.file_error:
            assert fragment in ran.err, (fragment, ran.err[:1000])
        assert await snapshot(session, COLLECTION) == before
        assert not _failed_rows(path)
    else:
        assert ran.ok, ran.err[:1000]
        report = json.loads(ran.out)
        failed = _failed_rows(path)
        assert set(failed) == set(case.failed), failed
        for row, fragments in case.failed.items():
            for fragment in fragments:
                assert fragment in failed[row], (row, fragment, failed[row])
        assert report["reconciled"] is True
        assert (report["failed"], report["imported"]) == (len(case.failed), len(case.imported))
        if case.category == "escapes":  # the table lists the failures, inertly
            table = await repl.run(f"import {path}")
            assert table.ok, table.err
            assert ("failed rows in" in table.out) == bool(case.failed), table.out
            assert_inert(table.out, table.err)
    for token in sorted(_tokens(case)):
        landed = await collection.data.exists(case.uuid(token))
        assert landed == (token in case.imported and not case.file_error), token
    for token, prop, value in case.stored:
        stored = await collection.query.fetch_object_by_id(case.uuid(token))
        assert stored is not None and stored.properties[prop] == value, (token, prop)
    still = await repl.json("count")  # the REPL still answers, and only the good rows landed
    assert still["count"] == count_before + len(case.imported)
    if case.category == "big":  # later cases need not read megabytes back
        for token in case.imported:
            await collection.data.delete_by_id(case.uuid(token))
