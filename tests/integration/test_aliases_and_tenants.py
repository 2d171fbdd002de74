"""Aliases and tenant lifecycle, against the real server."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import pytest

from explorer.core.admin.aliases import create_alias, delete_alias, list_aliases, update_alias
from explorer.core.admin.collection_spec import CollectionSpec, PropertySpec
from explorer.core.admin.schema import create_collection
from explorer.core.admin.tenants import (
    create_tenants,
    delete_tenants,
    list_tenant_page,
    set_tenant_status,
)
from explorer.core.base.errors import ExplorerError, ReadOnlyRefused
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest


@pytest.fixture
async def read_only_session(server_options: ConnectionOptions) -> AsyncIterator[ExplorerSession]:
    async with ExplorerSession(dataclasses.replace(server_options, read_only=True)) as connected:
        yield connected


@pytest.fixture
async def alias_name(session: ExplorerSession, collection_name: str) -> AsyncIterator[str]:
    name = collection_name + "Alias"
    yield name
    await session.client.alias.delete(alias_name=name)


async def two_collections(
    session: ExplorerSession, name: str, cleanup: list[str]
) -> tuple[str, str]:
    first, second = name + "A", name + "B"
    cleanup.extend([first, second])
    for collection, label in ((first, "first"), (second, "second")):
        await create_collection(
            session, CollectionSpec(collection, properties=(PropertySpec("label", "text"),))
        )
        await session.client.collections.use(collection).data.insert({"label": label})
    return first, second


async def labels_through(session: ExplorerSession, name: str) -> list[str]:
    result = await session.search(SearchRequest(collection=name, kind="fetch"))
    return [str(o.properties["label"]) for o in result.objects]


async def test_alias_create_query_update_delete(
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
    alias_name: str,
) -> None:
    first, second = await two_collections(session, collection_name, cleanup_collections)
    created = await create_alias(session, alias_name, first)
    assert (created.alias, created.collection) == (alias_name, first)
    listed = {a.alias: a.collection for a in await list_aliases(session)}
    assert listed[alias_name] == first
    assert [a.alias for a in await list_aliases(session, first)] == [alias_name]

    session.use(alias_name)
    assert await labels_through(session, alias_name) == ["first"]
    assert await session.count(alias_name) == 1

    with pytest.raises(ExplorerError, match="already an alias"):
        await create_alias(session, alias_name, second)
    with pytest.raises(ExplorerError, match="no collection Missing"):
        await create_alias(session, alias_name + "X", "Missing")

    await update_alias(session, alias_name, second)
    assert await labels_through(session, alias_name) == ["second"]
    with pytest.raises(ExplorerError, match="no alias"):
        await update_alias(session, alias_name + "X", second)

    deleted = await delete_alias(session, alias_name)
    assert deleted.collection == second
    assert alias_name not in {a.alias for a in await list_aliases(session)}
    assert await session.count(second) == 1  # the collection stays
    with pytest.raises(ExplorerError, match="nothing was deleted"):
        await delete_alias(session, alias_name)


async def test_read_only_refuses_alias_changes(
    session: ExplorerSession,
    read_only_session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
    alias_name: str,
) -> None:
    first, second = await two_collections(session, collection_name, cleanup_collections)
    await create_alias(session, alias_name, first)
    for attempt in (
        create_alias(read_only_session, alias_name + "X", first),
        update_alias(read_only_session, alias_name, second),
        delete_alias(read_only_session, alias_name),
    ):
        with pytest.raises(ReadOnlyRefused):
            await attempt
    assert {a.alias: a.collection for a in await list_aliases(session)}.get(alias_name) == first
    assert alias_name + "X" not in {a.alias for a in await list_aliases(session)}


async def multi_tenant(session: ExplorerSession, name: str, cleanup: list[str]) -> str:
    cleanup.append(name)
    await create_collection(
        session,
        CollectionSpec(name, properties=(PropertySpec("label", "text"),), multi_tenant=True),
    )
    return name


async def statuses(session: ExplorerSession, collection: str) -> dict[str, str]:
    return {t.name: t.activity_status for t in await session.list_tenants(collection)}


async def test_tenant_lifecycle_with_counts(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    name = await multi_tenant(session, collection_name, cleanup_collections)
    created = await create_tenants(session, name, ["t1", "t2", "t3", "t4", "t5"])
    assert [t.name for t in created] == ["t1", "t2", "t3", "t4", "t5"]
    handle = session.client.collections.use(name)
    for index, tenant in enumerate(["t1", "t2", "t3"]):
        for number in range(index + 1):
            await handle.with_tenant(tenant).data.insert({"label": f"{tenant}-{number}"})

    first = await list_tenant_page(session, name, limit=2)
    assert [(t.name, t.activity_status, t.count) for t in first.tenants] == [
        ("t1", "ACTIVE", 1),
        ("t2", "ACTIVE", 2),
    ]
    assert (first.total, first.next_after) == (5, "t2")
    second = await list_tenant_page(session, name, limit=2, after=first.next_after)
    assert [(t.name, t.count) for t in second.tenants] == [("t3", 3), ("t4", 0)]
    last = await list_tenant_page(session, name, limit=2, after=second.next_after)
    assert [t.name for t in last.tenants] == ["t5"] and last.next_after is None

    with pytest.raises(ExplorerError, match="already has t1; nothing was created"):
        await create_tenants(session, name, ["new", "t1"])
    assert "new" not in await statuses(session, name)

    await set_tenant_status(session, name, ["t2", "t3"], "inactive")
    page = await list_tenant_page(session, name, limit=3)
    assert [(t.name, t.activity_status, t.count) for t in page.tenants] == [
        ("t1", "ACTIVE", 1),
        ("t2", "INACTIVE", None),
        ("t3", "INACTIVE", None),
    ]
    await set_tenant_status(session, name, ["t2"], "active")
    assert (await statuses(session, name))["t2"] == "ACTIVE"
    assert await session.count(name, tenant="t2") == 2  # the data survived

    with pytest.raises(ExplorerError, match="offload-s3 module") as caught:
        await set_tenant_status(session, name, ["t1"], "offloaded")
    assert caught.value.title == "Offload unavailable"
    assert (await statuses(session, name))["t1"] == "ACTIVE"

    with pytest.raises(ExplorerError, match="no tenant nope; nothing was changed"):
        await set_tenant_status(session, name, ["t1", "nope"], "inactive")
    assert (await statuses(session, name))["t1"] == "ACTIVE"

    with pytest.raises(ExplorerError, match="no tenant nope"):
        await delete_tenants(session, name, ["t4", "nope"])
    assert "t4" in await statuses(session, name)
    session.use(name, "t4")
    assert await delete_tenants(session, name, ["t4", "t5"]) == ("t4", "t5")
    assert set(await statuses(session, name)) == {"t1", "t2", "t3"}
    assert session.current_tenant is None


async def test_tenants_need_a_multi_tenant_collection(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    await create_collection(session, CollectionSpec(collection_name))
    with pytest.raises(ExplorerError, match="multi-tenancy is off"):
        await create_tenants(session, collection_name, ["a"])
    with pytest.raises(ExplorerError, match="multi-tenancy is off"):
        await list_tenant_page(session, collection_name)


async def test_read_only_refuses_tenant_changes(
    session: ExplorerSession,
    read_only_session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    name = await multi_tenant(session, collection_name, cleanup_collections)
    await create_tenants(session, name, ["a"])
    for attempt in (
        create_tenants(read_only_session, name, ["b"]),
        set_tenant_status(read_only_session, name, ["a"], "inactive"),
        set_tenant_status(read_only_session, name, ["a"], "offloaded"),
        delete_tenants(read_only_session, name, ["a"]),
    ):
        with pytest.raises(ReadOnlyRefused, match="read-only"):
            await attempt
    assert await statuses(session, name) == {"a": "ACTIVE"}
    page = await list_tenant_page(read_only_session, name)  # reading is fine
    assert [(t.name, t.count) for t in page.tenants] == [("a", 0)]
