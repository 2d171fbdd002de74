"""Changing objects: insert, update, replace, delete one, and delete many by a filter.

Each function refuses up front on a read-only connection, checks the object against the schema
before sending it, and returns a small record of exactly what was done.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import ObjectRecord
from explorer.core.client.session import ExplorerSession
from explorer.core.objects.validation import ValidObject, validate_object
from explorer.core.query.requests import SearchRequest
from explorer.core.query.vector_dimensions import vector_dimensions
from explorer.core.where.filters import FilterExpr, to_weaviate

#: How many matching objects a delete preview shows.
PREVIEW_EXAMPLES = 5


@dataclass(frozen=True)
class ObjectChanged:
    """One object inserted, updated, replaced or deleted."""

    action: str  # "inserted", "updated", "replaced" or "deleted"
    collection: str
    uuid: str
    tenant: str | None = None
    #: The properties sent (empty for a delete).
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeletePreview:
    """What a delete by filter would remove: a dry run's count and a few of the objects."""

    collection: str
    tenant: str | None
    matches: int
    examples: tuple[ObjectRecord, ...]


@dataclass(frozen=True)
class DeleteManyResult:
    collection: str
    tenant: str | None
    matches: int
    successful: int
    failed: int
    #: Objects that still match afterwards (the server deletes at most a batch per request).
    remaining: int


def _where(collection: str, tenant: str | None) -> str:
    return f"{collection}@{tenant}" if tenant else collection


async def _checked_tenant(session: ExplorerSession, collection: str, tenant: str | None) -> None:
    """A multi-tenant collection changes only within a tenant: say so before any change."""
    config = await session.collection_config(collection)
    if config.multi_tenant and not tenant:
        raise ExplorerError(
            "Tenant needed",
            f"{collection} is multi-tenant: choose a tenant first "
            f"(in the app press t; in the REPL: use {collection} @<tenant>)",
        )
    if tenant and not config.multi_tenant:
        raise ExplorerError("No tenants", f"{collection} is not multi-tenant: drop the tenant")


async def checked_object(
    session: ExplorerSession,
    collection: str,
    document: Mapping[str, Any],
    tenant: str | None = None,
) -> ValidObject:
    """The document validated against the collection, vector dimensions included."""
    await _checked_tenant(session, collection, tenant)
    config = await session.collection_config(collection)
    dimensions: dict[str, int] = {}
    if document.get("vector") is not None or document.get("vectors") is not None:
        dimensions = await vector_dimensions(session, collection, tenant)
    return validate_object(document, config, dimensions)


async def insert_object(
    session: ExplorerSession,
    collection: str,
    document: Mapping[str, Any],
    *,
    tenant: str | None = None,
) -> ObjectChanged:
    await session.approve(f"insert an object into {_where(collection, tenant)}")
    valid = await checked_object(session, collection, document, tenant)
    # A new object has no value where null is given: leaving it out says the same.
    properties = {k: v for k, v in valid.properties.items() if v is not None}
    async with session.call():
        new_id = await session.collection(collection, tenant).data.insert(
            properties=properties, uuid=valid.uuid, vector=valid.vector
        )
    return ObjectChanged("inserted", collection, str(new_id), tenant, tuple(properties))


async def update_object(
    session: ExplorerSession,
    collection: str,
    object_id: str,
    document: Mapping[str, Any],
    *,
    tenant: str | None = None,
    replace: bool = False,
) -> ObjectChanged:
    """Change the given properties (``replace=False``) or the whole object (``replace=True``)."""
    verb = "replace" if replace else "update"
    await session.approve(f"{verb} object {object_id} of {_where(collection, tenant)}")
    object_id = _checked_uuid(object_id)
    valid = await checked_object(session, collection, document, tenant)
    if valid.uuid is not None and valid.uuid != object_id:
        raise ExplorerError(
            "UUID mismatch",
            f"the JSON names uuid {valid.uuid}, but you asked to {verb} {object_id}: "
            "drop the uuid from the JSON or use the same one",
        )
    if not replace and not valid.properties and valid.vector is None:
        raise ExplorerError("Nothing to update", "give at least one property or a vector")
    handle = session.collection(collection, tenant)
    async with session.call():
        exists = await handle.data.exists(object_id)
    if not exists:
        raise _not_found(collection, tenant, object_id, f"nothing was {verb}d")
    async with session.call():
        if replace:
            await handle.data.replace(
                object_id, properties=dict(valid.properties), vector=valid.vector
            )
        else:
            await handle.data.update(
                object_id, properties=dict(valid.properties), vector=valid.vector
            )
    return ObjectChanged(f"{verb}d", collection, object_id, tenant, tuple(valid.properties))


async def delete_object(
    session: ExplorerSession, collection: str, object_id: str, *, tenant: str | None = None
) -> ObjectChanged:
    await session.approve(f"delete object {object_id} of {_where(collection, tenant)}")
    object_id = _checked_uuid(object_id)
    await _checked_tenant(session, collection, tenant)
    handle = session.collection(collection, tenant)
    async with session.call():
        exists = await handle.data.exists(object_id)
    if not exists:
        raise _not_found(collection, tenant, object_id, "nothing was deleted")
    async with session.call():
        await handle.data.delete_by_id(object_id)
    return ObjectChanged("deleted", collection, object_id, tenant)


async def preview_delete_many(
    session: ExplorerSession,
    collection: str,
    filters: FilterExpr | None,
    *,
    tenant: str | None = None,
    examples: int = PREVIEW_EXAMPLES,
) -> DeletePreview:
    """A dry run: how many objects the filter would delete, and the first few of them."""
    session.require_writable(f"delete objects of {_where(collection, tenant)}")
    where = _required_filter(filters)
    await _checked_tenant(session, collection, tenant)

    async with session.call():
        dry = await session.collection(collection, tenant).data.delete_many(
            to_weaviate(where), dry_run=True
        )
    shown: tuple[ObjectRecord, ...] = ()
    if dry.matches and examples > 0:
        result = await session.search(
            SearchRequest(collection, "fetch", filters=where, limit=examples, tenant=tenant)
        )
        shown = result.objects
    return DeletePreview(collection, tenant, int(dry.matches), shown)


async def delete_many(
    session: ExplorerSession,
    collection: str,
    filters: FilterExpr | None,
    *,
    tenant: str | None = None,
) -> DeleteManyResult:
    """Delete every object the filter matches; says how many went, failed and remain."""
    await session.approve(f"delete objects of {_where(collection, tenant)}")
    where = _required_filter(filters)
    await _checked_tenant(session, collection, tenant)

    async with session.call():
        done = await session.collection(collection, tenant).data.delete_many(to_weaviate(where))
    remaining = await session.count(collection, tenant=tenant, filters=where)
    return DeleteManyResult(
        collection,
        tenant,
        matches=int(done.matches),
        successful=int(done.successful),
        failed=int(done.failed),
        remaining=remaining,
    )


def describe_delete_many(result: DeleteManyResult) -> str:
    """One sentence that says exactly what happened."""
    text = f"Deleted {result.successful:,} of {result.matches:,} matching objects from {_where(result.collection, result.tenant)}"
    if result.failed:
        text += f"; {result.failed:,} failed"
    if result.remaining:
        text += f"; {result.remaining:,} still match (run the delete again for the rest)"
    return text + "."


def _required_filter(filters: FilterExpr | None) -> FilterExpr:
    if filters is None:
        raise ExplorerError(
            "Filter needed",
            "a delete by filter needs a where expression, e.g. year < 1990; "
            "to empty a whole collection, delete and recreate it",
        )
    return filters


def _checked_uuid(object_id: str) -> str:
    try:
        return str(uuid_module.UUID(object_id))
    except ValueError:
        raise ExplorerError(
            "Invalid UUID",
            f"{object_id!r} is not a UUID (e.g. 6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f)",
        ) from None


def _not_found(collection: str, tenant: str | None, object_id: str, outcome: str) -> ExplorerError:
    return ExplorerError(
        "Not found", f"{_where(collection, tenant)} has no object {object_id}; {outcome}"
    )
