"""On a --read-only connection every mutating REPL command is refused before anything is sent.

One sweep over all of them, against the real server: each must fail with the read-only
message, and the server must be unchanged afterwards (same collections, same objects).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from tests.integration.books import Book
from tests.repl.harness import ReplHarness

MUTATIONS = [
    'insert \'{{"title": "Nope", "year": 2000}}\'',
    'update {uuid} \'{{"title": "Changed"}}\'',
    'replace {uuid} \'{{"title": "Replaced", "year": 1}}\'',
    "delete {uuid} --yes",
    "delete --where 'year > 0' --yes",
    "import {jsonl}",
    "create-collection --from-json {config} ReadOnlyCopy",
    "create-collection ReadOnlyNew --property title:text",
    "drop-collection {name} --yes",
    "add-property extra text",
    "alias create ReadOnlyAlias {name}",
    "tenants create t1",
    "backup create readonlysweep",
    "user create somebody",
    "role assign somebody viewer",
    "recall --ef 64",
]


@pytest.mark.parametrize("command", MUTATIONS)
async def test_every_mutating_command_is_refused_up_front(
    command: str,
    server_options: ConnectionOptions,
    session: ExplorerSession,
    books: tuple[str, list[Book]],
    tmp_path: Path,
) -> None:
    name, data = books
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text(json.dumps({"title": "Imported", "year": 1}) + "\n", encoding="utf-8")
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"class": "Anything", "properties": []}), encoding="utf-8")
    before_collections = {c.name for c in await session.list_collection_configs()}
    before_titles = sorted(str(b.properties["title"]) for b in data)

    async with ExplorerSession(replace(server_options, read_only=True)) as read_only:
        repl = ReplHarness(read_only)
        assert (await repl.run(f"use {name}")).ok
        line = command.format(uuid=data[0].uuid, jsonl=jsonl, config=config, name=name)
        ran = await repl.run(line)

    assert not ran.ok, f"{line!r} was not refused"
    assert "Read-only connection" in ran.err and "refused to" in ran.err, ran.err
    assert {c.name for c in await session.list_collection_configs()} == before_collections
    page = await session.fetch_page(name, limit=100)
    assert sorted(str(o.properties.get("title")) for o in page.objects) == before_titles
