"""diff-schema and copy at the REPL: a profile or a URL as the other side, JSON output, the
typed confirmation of --apply, and read-only refusals before anything is sent."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.servers import rest_schema
from explorer.core.store.profiles import Profile, save_profile
from tests.repl.harness import ReplHarness

BOOK: dict[str, Any] = {
    "properties": [
        {"name": "title", "dataType": ["text"]},
        {"name": "year", "dataType": ["int"]},
    ],
    "vectorConfig": {
        "main": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw", "vectorIndexConfig": {}}
    },
}


def _asker(answer: str) -> tuple[Callable[[str], Awaitable[str]], list[str]]:
    asked: list[str] = []

    async def ask(question: str) -> str:
        asked.append(question)
        return answer

    return ask, asked


def _profile(name: str, options: ConnectionOptions, *, read_only: bool = False) -> None:
    save_profile(
        Profile(
            name=name,
            kind="custom",
            url=options.url,
            grpc_port=options.grpc_port,
            read_only=read_only,
        )
    )


async def _pair(session: ExplorerSession, second: ExplorerSession, *, b_extra: bool = True) -> str:
    """The same collection on both servers; B has one more property and another ef."""
    name = f"Rd{uuid.uuid4().hex[:10]}"
    b: dict[str, Any] = {**BOOK, "class": name, "properties": [*BOOK["properties"]]}
    if b_extra:
        b["properties"].append({"name": "isbn", "dataType": ["text"]})
        b["vectorConfig"] = {
            "main": {**BOOK["vectorConfig"]["main"], "vectorIndexConfig": {"ef": 77}}
        }
        b["invertedIndexConfig"] = {"indexTimestamps": True}
    await rest_schema.create_class(session, {**BOOK, "class": name})
    await rest_schema.create_class(second, b)
    return name


async def _drop(session: ExplorerSession, second: ExplorerSession, *names: str) -> None:
    for name in names:
        await session.client.collections.delete(name)
        await second.client.collections.delete(name)


async def test_diff_schema_against_a_profile_lists_each_difference_as_json(
    session: ExplorerSession, second_session: ExplorerSession, second_options: ConnectionOptions
) -> None:
    _profile("staging", second_options)
    name = await _pair(session, second_session)
    try:
        repl = ReplHarness(session)
        data = await repl.json(f"diff-schema {name} --against staging")
        found = {(d["path"], d["change"], d["in_place"]) for d in data["differences"]}
        assert found == {
            ("isbn", "added", True),
            ("main.index.ef", "changed", True),
            ("indexTimestamps", "changed", False),
        }
        assert data["b_url"] == second_options.url.rstrip("/")
        table = await repl.run(f"diff-schema {name} --against staging")
        assert (
            table.ok and "isbn" in table.out and "3 differences, 2 can change in place" in table.out
        )

        # The whole schema: which collections are on one side only.
        only_here = f"Rh{uuid.uuid4().hex[:8]}"
        await rest_schema.create_class(session, {**BOOK, "class": only_here})
        url = f"{second_options.url} --against-grpc-port {second_options.grpc_port}"
        whole = await repl.json(f"diff-schema --against {url}")
        assert only_here in whole["only_a"] and name in whole["differing"]
        await session.client.collections.delete(only_here)
    finally:
        await _drop(session, second_session, name)


async def test_apply_shows_the_plan_asks_for_the_name_and_makes_a_match_b(
    session: ExplorerSession, second_session: ExplorerSession, second_options: ConnectionOptions
) -> None:
    _profile("staging", second_options)
    name = await _pair(session, second_session)
    try:
        repl = ReplHarness(session, interactive=True)
        repl.context.ask, asked = _asker("wrong")
        refused = await repl.run(f"diff-schema {name} --against staging --apply")
        assert not refused.ok and "nothing was changed" in refused.err
        assert "isbn" in asked[0] and f"Type {name} to confirm" in asked[0]
        assert len((await rest_schema.read_class(session, name) or {})["properties"]) == 2

        repl.context.ask, asked = _asker(name)
        applied = await repl.json(f"diff-schema {name} --against staging --apply")
        assert {d["path"] for d in applied["applied"]} == {"isbn", "main.index.ef"}
        assert [d["path"] for d in applied["left"]] == ["indexTimestamps"]
        after = await repl.json(f"diff-schema {name} --against staging")
        assert [d["path"] for d in after["differences"]] == ["indexTimestamps"]
    finally:
        await _drop(session, second_session, name)


async def test_read_only_refuses_apply_and_copy_before_sending_anything(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    second_session: ExplorerSession,
    second_options: ConnectionOptions,
) -> None:
    _profile("prod", second_options, read_only=True)
    name = await _pair(session, second_session)
    try:
        async with ExplorerSession(replace(server_options, read_only=True)) as read_only:
            repl = ReplHarness(read_only, interactive=True)
            repl.context.ask, asked = _asker(name)
            applied = await repl.run(f"diff-schema {name} --against prod --apply")
            assert not applied.ok and "read-only" in applied.err and not asked
        assert len((await rest_schema.read_class(session, name) or {})["properties"]) == 2
        # The target's profile is read-only: copy is refused before connecting to it.
        repl = ReplHarness(session)
        copied = await repl.run(f"copy {name} --to prod --as {name}Copy --yes")
        assert not copied.ok and "read-only" in copied.err
        assert await rest_schema.read_class(second_session, f"{name}Copy") is None
    finally:
        await _drop(session, second_session, name)


async def test_copy_at_the_repl_plans_copies_and_reports_as_json(
    session: ExplorerSession,
    second_session: ExplorerSession,
    second_options: ConnectionOptions,
    tmp_path: Path,
) -> None:
    from weaviate.classes.data import DataObject

    _profile("staging", second_options)
    name = f"Rc{uuid.uuid4().hex[:10]}"
    await rest_schema.create_class(session, {**BOOK, "class": name})
    books: list[Any] = [
        DataObject(
            properties={"title": f"book {i}", "year": 2000 + i}, vector={"main": [float(i), 1.0]}
        )
        for i in range(5)
    ]
    assert not (await session.collection(name).data.insert_many(books)).errors
    target = f"{name}Copy"
    failed = tmp_path / "failed.jsonl"
    try:
        repl = ReplHarness(session)
        plan = await repl.json(
            f"copy {name} --to staging --as {target} --where 'year >= 2002' --dry-run"
        )
        assert plan["create"] and plan["total"] == 3 and plan["target"] == target
        assert await rest_schema.read_class(second_session, target) is None  # only a plan

        no_yes = await repl.run(f"copy {name} --to staging --as {target}")
        assert not no_yes.ok and "--yes" in no_yes.err

        report = await repl.json(
            f"copy {name} --to staging --as {target} --vectors --failed {failed} --yes"
        )
        assert report["created"] and (report["read"], report["copied"], report["failed"]) == (
            5,
            5,
            0,
        )
        assert await second_session.count(target) == 5
        assert report["failed_path"] is None and not failed.exists()

        unknown = await repl.run(f"copy {name} --to nosuchprofile --yes")
        assert not unknown.ok and "nosuchprofile" in unknown.err
        no_target = await repl.run(f"copy {name}")
        assert not no_target.ok and "--to PROFILE|URL" in no_target.err
    finally:
        await session.client.collections.delete(name)
        await second_session.client.collections.delete(target)
