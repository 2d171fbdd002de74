"""``import PATH --into NEW --create`` without an exported config infers one from the file
(issue 15 item 23), shows it, asks, and creates it on the real server."""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from explorer.core.base.models import PropertyInfo
from explorer.core.client.session import ExplorerSession
from tests.repl.harness import ReplHarness

ROWS: list[dict[str, Any]] = [
    {
        "title": "Dune",
        "year": 1965,
        "rating": 4.5,
        "in_print": True,
        "published": "1965-08-01T00:00:00Z",
        "isbn_id": "0b6f6b1e-6d1d-4b53-9a4a-0d5d2b0b8e11",
        "tags": ["sf", "desert"],
        "sizes": [1, 2],
        "author": {"name": "Frank Herbert", "born": 1920},
        "editions": [{"label": "first", "pages": 412}],
    },
    {
        "title": "Emma",
        "year": 1815,
        "rating": 4,  # a whole number in a number column stays a number
        "in_print": False,
        "published": "1815-12-23T00:00:00Z",
        "isbn_id": "5b0f4a39-3c4f-4c8e-9f51-7f0d8b6c2a44",
        "tags": [],
        "sizes": [3],
        "author": {"name": "Jane Austen", "born": 1775},
        "editions": [{"label": "penguin", "pages": 474}],
    },
    {"title": "Untyped", "year": None, "rating": None},  # missing values say nothing
]
EXPECTED = {
    "title": "text",
    "year": "int",
    "rating": "number",
    "in_print": "boolean",
    "published": "date",
    "isbn_id": "uuid",
    "tags": "text[]",
    "sizes": "int[]",
    "author": "object",
    "author.name": "text",
    "author.born": "int",
    "editions": "object[]",
    "editions.label": "text",
    "editions.pages": "int",
}


def write_rows(path: Path) -> None:
    """ROWS as a .json, .jsonl or .csv file (a CSV cell holds JSON text for lists and objects)."""
    if path.suffix == ".json":
        path.write_text(json.dumps(ROWS), encoding="utf-8")
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(ROWS[0]))
            writer.writeheader()
            for row in ROWS:
                writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


def types_of(properties: tuple[PropertyInfo, ...], prefix: str = "") -> dict[str, str]:
    types: dict[str, str] = {}
    for prop in properties:
        types[prefix + prop.name] = prop.data_type
        types |= types_of(prop.nested, f"{prefix}{prop.name}.")
    return types


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    yield harness
    await harness.context.schema.close()


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl"])
async def test_import_create_infers_the_collection_from_the_rows(
    suffix: str,
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    path = tmp_path / f"books{suffix}"
    write_rows(path)
    asked: list[str] = []

    async def answer(question: str) -> str:
        asked.append(question)
        return "no"

    repl.context.ask = answer
    refused = await repl.run(f"import {path} --into {collection_name} --create")
    assert not refused.ok and "nothing was changed" in refused.err, refused.err
    assert not await session.client.collections.exists(collection_name)
    shown = asked[0]  # what it inferred, before anything was created
    assert "inferred" in shown and "books.config.json" in shown
    for name, data_type in EXPECTED.items():
        assert f"{name.rsplit('.', 1)[-1]}: {data_type}\n" in shown, (name, shown)

    cleanup_collections.append(collection_name)

    async def confirm(question: str) -> str:
        return collection_name

    repl.context.ask = confirm
    report = await repl.json(f"import {path} --into {collection_name} --create")
    assert report["imported"] == len(ROWS) and report["failed"] == 0, report
    assert report["created"]["properties"] == EXPECTED
    config = await session.collection_config(collection_name, refresh=True)
    assert types_of(config.properties) == EXPECTED
    fetched = await session.client.collections.use(collection_name).query.fetch_objects(limit=5)
    by_title = {o.properties["title"]: o.properties for o in fetched.objects}
    assert by_title["Dune"]["author"] == {"name": "Frank Herbert", "born": 1920}
    assert by_title["Emma"]["rating"] == 4.0 and by_title["Emma"]["in_print"] is False


async def test_an_inferred_collection_says_where_rows_disagree_and_refuses_bad_names(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('{"code": 1}\n{"code": "A7"}\n', encoding="utf-8")
    cleanup_collections.append(collection_name)
    report = await repl.json(f"import {mixed} --into {collection_name} --create --yes")
    assert report["created"]["properties"] == {"code": "text"}
    assert report["created"]["notes"] == ["code: int, text in different rows, so text"]

    spaced = tmp_path / "spaced.csv"
    spaced.write_text("Air Date,value\n2024-01-31,3\n", encoding="utf-8")
    bad = await repl.run(f"import {spaced} --into {collection_name}Other --create --yes")
    assert not bad.ok and "'Air Date'" in bad.err and "--map" in bad.err, bad.err
    renamed = await repl.json(
        f"import {spaced} --into {collection_name}Other --create --yes --map 'Air Date=air_date'"
    )
    cleanup_collections.append(f"{collection_name}Other")
    assert renamed["created"]["properties"] == {"air_date": "date", "value": "int"}
    assert renamed["imported"] == 1
