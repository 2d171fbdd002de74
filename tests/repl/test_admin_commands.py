"""REPL commands that change the schema, aliases and tenants, against the real server."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from tests.repl.harness import ReplHarness


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    yield harness
    await harness.context.schema.close()
    session.current_collection = session.current_tenant = None


@pytest.fixture
async def read_only_repl(server_options: ConnectionOptions) -> AsyncIterator[ReplHarness]:
    async with ExplorerSession(dataclasses.replace(server_options, read_only=True)) as session:
        harness = ReplHarness(session)
        yield harness
        await harness.context.schema.close()


async def names(session: ExplorerSession) -> set[str]:
    return set(await session.client.collections.list_all(simple=True))


def answering(*answers: str) -> tuple[Callable[[str], Awaitable[str]], list[str]]:
    """A person at the prompt who types these answers in turn."""
    queue = list(answers)
    asked: list[str] = []

    async def ask(question: str) -> str:
        asked.append(question)
        return queue.pop(0)

    return ask, asked


async def test_create_collection_from_flags(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.append(collection_name)
    schema = await repl.json(
        f"create-collection {collection_name} --property title:text --property year:int "
        "--property tags:string[] --vectorizer text2vec-bigram --source title --index flat "
        "--distance dot --generative generative-dummy --reranker reranker-dummy "
        '--multi-tenant --description "Made in the REPL"'
    )
    assert schema["name"] == collection_name
    config = await session.client.collections.use(collection_name).config.get()
    assert [(p.name, p.data_type.value) for p in config.properties] == [
        ("title", "text"),
        ("year", "int"),
        ("tags", "text[]"),
    ]
    assert config.description == "Made in the REPL"
    assert config.multi_tenancy_config.enabled
    assert config.generative_config is not None and config.reranker_config is not None
    raw = config.to_dict()["vectorConfig"]["default"]
    assert list(raw["vectorizer"]) == ["text2vec-bigram"]
    assert raw["vectorIndexType"] == "flat"
    assert raw["vectorIndexConfig"]["distanceMetric"] == "dot"
    assert collection_name in repl.context.schema.snapshot.collections  # completion knows it

    bad = await repl.run(f"create-collection {collection_name}X --property title:texty")
    assert not bad.ok and "'texty' is not a data type" in bad.err
    exists = await repl.run(f"create-collection {collection_name}")
    assert not exists.ok and "already a collection" in exists.err
    assert collection_name + "X" not in await names(session)


async def test_create_from_json_and_config_round_trip(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    copy = collection_name + "Copy"
    cleanup_collections.extend([collection_name, copy])
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            {
                "class": collection_name,
                "properties": [{"name": "title", "dataType": ["text"]}],
                "moduleConfig": {"reranker-dummy": {}},
            }
        )
    )
    created = await repl.json(f"create-collection --from-json {source}")
    assert created["name"] == collection_name and created["reranker_module"] == "reranker-dummy"

    printed = await repl.json(f"config {collection_name}")
    assert printed["class"] == collection_name
    exported = tmp_path / "out.json"
    assert (await repl.run(f"config {collection_name} --json {exported}")).ok
    assert json.loads(exported.read_text()) == printed

    again = await repl.json(f"create-collection {copy} --from-json {exported}")
    assert again["name"] == copy
    copied = await repl.json(f"config {copy}")
    assert copied == {**printed, "class": copy}

    broken = tmp_path / "broken.json"
    broken.write_text('{"class": "Broken",\n "properties": [,]}')
    failed = await repl.run(f"create-collection --from-json {broken}")
    assert not failed.ok and "Malformed JSON: line 2, column 17" in failed.err
    missing = await repl.run(f"create-collection --from-json {tmp_path / 'nope.json'}")
    assert not missing.ok and "Cannot read the file" in missing.err
    mixed = await repl.run(f"create-collection --from-json {source} --multi-tenant")
    assert not mixed.ok and "takes its settings from the file" in mixed.err
    assert "Broken" not in await names(session)


async def test_drop_collection_asks_for_the_name(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.append(collection_name)
    assert (await repl.run(f"create-collection {collection_name} --property a:text")).ok

    refused = await repl.run(f"drop-collection {collection_name}")  # nobody to ask
    assert not refused.ok and "add --yes" in refused.err
    assert collection_name in await names(session)

    ask, asked = answering("wrong")
    repl.context.ask = ask
    wrong = await repl.run(f"drop-collection {collection_name}")
    assert not wrong.ok and "nothing was changed" in wrong.err
    assert f"Type {collection_name} to confirm" in asked[0] and "its 0 objects" in asked[0]
    assert collection_name in await names(session)

    repl.context.ask, _ = answering(collection_name)
    dropped = await repl.json(f"drop-collection {collection_name}")
    assert dropped == [{"collection": collection_name, "action": "deleted"}]
    assert collection_name not in await names(session)
    assert collection_name not in repl.context.schema.snapshot.collections


async def test_drop_collection_with_yes(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.append(collection_name)
    assert (await repl.run(f"create-collection {collection_name}")).ok
    assert (await repl.run(f"drop-collection {collection_name} --yes")).ok
    assert collection_name not in await names(session)
    gone = await repl.run(f"drop-collection {collection_name} --yes")
    assert not gone.ok and "there is no collection" in gone.err


async def test_add_property(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.append(collection_name)
    assert (await repl.run(f"create-collection {collection_name} --property title:text")).ok
    assert (await repl.run(f"use {collection_name}")).ok
    schema = await repl.json("add-property pages integer")
    assert [(p["name"], p["data_type"]) for p in schema["properties"]] == [
        ("title", "text"),
        ("pages", "int"),
    ]
    assert repl.context.schema.snapshot.properties[collection_name] == ("title", "pages")
    bad = await repl.run("add-property other blobby")
    assert not bad.ok and "'blobby' is not a data type" in bad.err
    clash = await repl.run("add-property TITLE text")
    assert not clash.ok and "already has a property title" in clash.err
    config = await session.client.collections.use(collection_name).config.get()
    assert [p.name for p in config.properties] == ["title", "pages"]


async def test_aliases_and_use_through_an_alias(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    first, second, alias = collection_name + "A", collection_name + "B", collection_name + "Al"
    cleanup_collections.extend([first, second])
    for name, label in ((first, "first"), (second, "second")):
        assert (await repl.run(f"create-collection {name} --property label:text")).ok
        await session.client.collections.use(name).data.insert({"label": label})
    try:
        assert await repl.json(f"alias create {alias} {first}") == [
            {"alias": alias, "collection": first}
        ]
        assert {"alias": alias, "collection": first} in await repl.json("aliases")
        assert await repl.json(f"aliases {first}") == [{"alias": alias, "collection": first}]

        assert (await repl.run(f"use {alias}")).ok
        assert session.current_collection == alias
        fetched = await repl.json("fetch")
        assert [o["properties"]["label"] for o in fetched] == ["first"]

        assert (await repl.run(f"alias update {alias} {second}")).ok
        fetched = await repl.json("fetch")
        assert [o["properties"]["label"] for o in fetched] == ["second"]

        no_target = await repl.run(f"alias create {alias}X")
        assert not no_target.ok and "needs the collection" in no_target.err
        bad = await repl.run(f"alias rename {alias} {first}")
        assert not bad.ok and "alias takes create, update, delete" in bad.err

        assert await repl.json(f"alias delete {alias}") == [{"alias": alias, "collection": second}]
        assert alias not in {a.alias for a in (await session.client.alias.list_all()).values()}
    finally:
        await session.client.alias.delete(alias_name=alias)


async def test_tenant_commands(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.append(collection_name)
    assert (
        await repl.run(f"create-collection {collection_name} --property a:text --multi-tenant")
    ).ok
    assert (await repl.run(f"use {collection_name}")).ok
    created = await repl.json("tenants create alpha beta gamma")
    assert [(r["tenant"], r["action"], r["status"]) for r in created] == [
        ("alpha", "created", "ACTIVE"),
        ("beta", "created", "ACTIVE"),
        ("gamma", "created", "ACTIVE"),
    ]
    await (
        session.client.collections.use(collection_name).with_tenant("beta").data.insert({"a": "x"})
    )
    listed = await repl.json("tenants")
    assert listed == [
        {"tenant": "alpha", "status": "ACTIVE", "objects": 0},
        {"tenant": "beta", "status": "ACTIVE", "objects": 1},
        {"tenant": "gamma", "status": "ACTIVE", "objects": 0},
    ]
    assert [r["tenant"] for r in await repl.json("tenants --limit 1 --after alpha")] == ["beta"]

    assert (await repl.run("tenants deactivate beta")).ok
    listed = {r["tenant"]: r for r in await repl.json("tenants")}
    assert (listed["beta"]["status"], listed["beta"]["objects"]) == ("INACTIVE", None)
    assert (await repl.run("tenants activate beta")).ok
    assert {r["tenant"]: r["objects"] for r in await repl.json("tenants")}["beta"] == 1

    offload = await repl.run("tenants offload alpha")
    assert not offload.ok and "offload needs the offload-s3 module on the server" in offload.err

    refused = await repl.run("tenants delete gamma")
    assert not refused.ok and "add --yes" in refused.err
    repl.context.ask, asked = answering("gamma")
    deleted = await repl.json("tenants delete gamma")
    assert deleted[0]["tenant"] == "gamma" and "Type gamma to confirm" in asked[0]
    assert (await repl.run("tenants delete alpha --yes")).ok
    remaining = await session.client.collections.use(collection_name).tenants.get()
    assert set(remaining) == {"beta"}

    unknown = await repl.run("tenants frobnicate x")
    assert not unknown.ok and "tenants takes list, create" in unknown.err
    missing = await repl.run("tenants activate nobody")
    assert not missing.ok and "no tenant nobody; nothing was changed" in missing.err


async def test_read_only_refuses_every_change_up_front(
    read_only_repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    cleanup_collections.append(collection_name)
    await session.client.collections.create_from_dict(
        {"class": collection_name, "multiTenancyConfig": {"enabled": True}}
    )
    await session.client.collections.use(collection_name).tenants.create("t")
    source = tmp_path / "c.json"
    source.write_text(json.dumps({"class": collection_name + "New"}))
    before = await session.client.collections.use(collection_name).config.get()
    for line in (
        f"create-collection {collection_name}New",
        f"create-collection --from-json {source}",
        f"drop-collection {collection_name} --yes",
        f"drop-collection {collection_name}",
        f"add-property x text --collection {collection_name}",
        f"alias create {collection_name}Al {collection_name}",
        f"tenants create u --collection {collection_name}",
        f"tenants deactivate t --collection {collection_name}",
        f"tenants delete t --collection {collection_name} --yes",
    ):
        ran = await read_only_repl.run(line)
        assert not ran.ok and "Read-only connection" in ran.err, line
    assert collection_name + "New" not in await names(session)
    after = await session.client.collections.use(collection_name).config.get()
    assert after == before
    tenants = await session.client.collections.use(collection_name).tenants.get()
    assert {n: t.activity_status.value for n, t in tenants.items()} == {"t": "ACTIVE"}
