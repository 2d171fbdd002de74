"""Insert, update, replace, delete and delete-by-filter against the real server."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from explorer.core.base.errors import ExplorerError, ReadOnlyRefused
from explorer.core.client.session import ExplorerSession
from explorer.core.objects.mutations import (
    delete_many,
    delete_object,
    describe_delete_many,
    insert_object,
    preview_delete_many,
    update_object,
)
from explorer.core.objects.validation import ObjectInvalid
from explorer.core.where.parser import parse_where
from tests.integration.books import Book


async def test_insert_update_replace_and_delete_one(
    session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    inserted = await insert_object(
        session,
        name,
        {"properties": {"title": "Dune", "year": 1965}, "vectors": {"custom": [1, 0.5, 0.25]}},
    )
    assert inserted.action == "inserted" and inserted.properties == ("title", "year")
    stored = await session.get_object(name, inserted.uuid)
    assert stored is not None and stored.properties["title"] == "Dune"
    assert stored.vectors["custom"] == (1.0, 0.5, 0.25)

    updated = await update_object(session, name, inserted.uuid, {"rating": 4.5})
    assert updated.action == "updated"
    stored = await session.get_object(name, inserted.uuid)
    assert stored is not None
    assert (stored.properties["title"], stored.properties["rating"]) == ("Dune", 4.5)

    replaced = await update_object(
        session, name, inserted.uuid, {"properties": {"title": "Dune Messiah"}}, replace=True
    )
    assert replaced.action == "replaced"
    stored = await session.get_object(name, inserted.uuid)
    assert stored is not None and stored.properties["title"] == "Dune Messiah"
    assert stored.properties["rating"] is None and stored.properties["year"] is None

    deleted = await delete_object(session, name, inserted.uuid)
    assert deleted.action == "deleted"
    assert await session.get_object(name, inserted.uuid) is None
    assert await session.count(name) == len(data)


async def test_missing_objects_and_invalid_input_change_nothing(
    session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    missing = str(uuid.uuid4())
    for attempt in (
        update_object(session, name, missing, {"title": "x"}),
        update_object(session, name, missing, {"title": "x"}, replace=True),
        delete_object(session, name, missing),
    ):
        with pytest.raises(ExplorerError, match=f"{name} has no object {missing}; nothing was"):
            await attempt
    with pytest.raises(ObjectInvalid, match=r"properties\.year: expected int"):
        await update_object(session, name, data[0].uuid, {"properties": {"year": "soon"}})
    with pytest.raises(ExplorerError, match="UUID mismatch"):
        await update_object(session, name, data[0].uuid, {"properties": {}, "uuid": missing})
    with pytest.raises(ExplorerError, match="Nothing to update"):
        await update_object(session, name, data[0].uuid, {})
    with pytest.raises(ExplorerError, match="is not a UUID"):
        await delete_object(session, name, "nope")
    with pytest.raises(ObjectInvalid, match='has no property "titel"; did you mean "title"'):
        await insert_object(session, name, {"titel": "x"})
    config = await session.collection_config(name, refresh=True)
    assert "titel" not in {p.name for p in config.properties}  # auto-schema never saw it
    stored = await session.get_object(name, data[0].uuid)
    assert stored is not None and stored.properties["year"] == data[0].properties["year"]
    assert await session.count(name) == len(data)


async def test_delete_many_dry_run_then_for_real(
    session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    config = await session.collection_config(name)
    where = parse_where('genre = "drama"', config)
    drama = {b.uuid for b in data if b.properties["genre"] == "drama"}

    preview = await preview_delete_many(session, name, where, examples=2)
    assert preview.matches == len(drama)
    assert len(preview.examples) == 2 and {o.uuid for o in preview.examples} <= drama
    assert await session.count(name) == len(data)  # a dry run deletes nothing

    result = await delete_many(session, name, where)
    assert (result.matches, result.successful, result.failed, result.remaining) == (
        len(drama),
        len(drama),
        0,
        0,
    )
    assert describe_delete_many(result) == (
        f"Deleted {len(drama)} of {len(drama)} matching objects from {name}."
    )
    assert await session.count(name) == len(data) - len(drama)
    nothing = await preview_delete_many(session, name, where)
    assert (nothing.matches, nothing.examples) == (0, ())
    with pytest.raises(ExplorerError, match="needs a where expression"):
        await delete_many(session, name, None)
    summary = describe_delete_many(replace(result, failed=1, remaining=7))
    assert summary.endswith("; 1 failed; 7 still match (run the delete again for the rest).")


async def test_mutations_in_a_tenant(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.tenants import Tenant

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name,
        properties=[Property(name="n", data_type=DataType.INT)],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    handle = session.client.collections.use(collection_name)
    await handle.tenants.create([Tenant(name="alpha"), Tenant(name="beta")])
    await handle.with_tenant("beta").data.insert({"n": 1})

    with pytest.raises(ExplorerError, match="is multi-tenant: choose a tenant first"):
        await insert_object(session, collection_name, {"n": 1})
    inserted = await insert_object(session, collection_name, {"n": 1}, tenant="alpha")
    assert inserted.tenant == "alpha"
    await update_object(session, collection_name, inserted.uuid, {"n": 2}, tenant="alpha")
    stored = await session.get_object(collection_name, inserted.uuid, tenant="alpha")
    assert stored is not None and stored.properties["n"] == 2
    with pytest.raises(ExplorerError, match=f"{collection_name}@beta has no object"):
        await delete_object(session, collection_name, inserted.uuid, tenant="beta")

    where = parse_where("n >= 1", await session.collection_config(collection_name))
    preview = await preview_delete_many(session, collection_name, where, tenant="alpha")
    assert preview.matches == 1 and preview.examples[0].uuid == inserted.uuid
    result = await delete_many(session, collection_name, where, tenant="alpha")
    assert result.successful == 1 and result.tenant == "alpha"
    assert await session.count(collection_name, tenant="alpha") == 0
    assert await session.count(collection_name, tenant="beta") == 1  # the other tenant kept its


async def test_a_read_only_session_refuses_every_mutation_up_front(
    server_options, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    where = parse_where("year > 0", await session.collection_config(name))
    target = data[0].uuid
    async with ExplorerSession(replace(server_options, read_only=True)) as read_only:
        attempts = {
            "insert an object": insert_object(read_only, name, {"title": "x"}),
            f"update object {target}": update_object(read_only, name, target, {"year": 1}),
            f"replace object {target}": update_object(
                read_only, name, target, {"year": 1}, replace=True
            ),
            f"delete object {target}": delete_object(read_only, name, target),
            "delete objects": preview_delete_many(read_only, name, where),
            "delete objects ": delete_many(read_only, name, where),
        }
        for action, attempt in attempts.items():
            calls_before = read_only.last_latency_ms
            with pytest.raises(ReadOnlyRefused, match=f"refused to {action.strip()}"):
                await attempt
            assert read_only.last_latency_ms == calls_before  # no request was made
    assert await session.count(name) == len(data)
    stored = await session.get_object(name, target)
    assert stored is not None and stored.properties["year"] == data[0].properties["year"]
