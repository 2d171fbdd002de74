"""References exactly as stored, dangling ones included, read over REST.

Weaviate's gRPC queries resolve references and silently leave out those whose target no longer
exists; the REST object endpoints (``GET /v1/objects/{Collection}/{id}`` and the cursor listing
``GET /v1/objects?class=…&after=…``) return the raw beacons, every one of them. The explorer
reads references here so that a dangling reference is shown, exported and imported like any
other: it is data. Which targets exist is known from a gRPC query that resolves them.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig, ObjectRecord


class ExplorerSession(Protocol):
    """What these reads need of :class:`explorer.core.client.session.ExplorerSession`."""

    consistency_level: str | None

    @property
    def client(self) -> Any: ...

    def call(self) -> AbstractAsyncContextManager[None]: ...


_BEACON = re.compile(r"^weaviate://[^/]+/(?:([A-Za-z_][A-Za-z0-9_]*)/)?([0-9a-fA-F-]{32,36})$")
#: Objects read at once when the references of arbitrary uuids are needed.
PARALLEL_READS = 8


@dataclass(frozen=True)
class StoredReference:
    """One target of a reference property, as stored."""

    uuid: str
    #: The target collection (from the beacon, else the property's only target).
    collection: str


#: Reference property -> its targets, in stored order.
StoredReferences = dict[str, tuple[StoredReference, ...]]


def parse_beacon(beacon: str) -> tuple[str | None, str] | None:
    """``weaviate://localhost/Collection/uuid`` as (collection or None, uuid); None if not one."""
    match = _BEACON.match(beacon)
    return (match.group(1), match.group(2).lower()) if match else None


def references_of(raw_properties: Mapping[str, Any], config: CollectionConfig) -> StoredReferences:
    """The reference properties of a REST object's ``properties``, as :class:`StoredReference`."""
    out: StoredReferences = {}
    for name, targets in config.references:
        found = []
        for item in raw_properties.get(name) or ():
            parsed = (
                parse_beacon(str(item.get("beacon", ""))) if isinstance(item, Mapping) else None
            )
            if parsed is None:
                continue
            collection, uuid = parsed
            found.append(StoredReference(uuid, collection or (targets[0] if targets else "?")))
        if found:
            out[name] = tuple(found)
    return out


def _params(session: ExplorerSession, tenant: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if tenant:
        params["tenant"] = tenant
    if session.consistency_level:
        params["consistency_level"] = session.consistency_level
    return params


async def _get(session: ExplorerSession, path: str, params: Mapping[str, Any]) -> Any:
    """The JSON of a REST GET (None for 404), through the client's own authenticated connection."""
    async with session.call():
        pending: Any = session.client._connection.get(path=path, params=dict(params))
        response = await pending
    if response.status_code == 404:
        return None
    if response.status_code >= 400:
        raise ExplorerError(
            "Cannot read references", f"GET /v1{path}: HTTP {response.status_code} {response.text}"
        )
    return response.json()


async def stored_references(
    session: ExplorerSession, config: CollectionConfig, uuid: str, tenant: str | None = None
) -> StoredReferences | None:
    """Every reference of one object as stored; None when the object does not exist."""
    if not config.references:
        return {}
    data = await _get(
        session, f"/objects/{quote(config.name)}/{quote(uuid)}", _params(session, tenant)
    )
    if not isinstance(data, Mapping):
        return None
    return references_of(data.get("properties") or {}, config)


async def stored_reference_page(
    session: ExplorerSession,
    config: CollectionConfig,
    limit: int,
    tenant: str | None = None,
    after: str | None = None,
) -> dict[str, StoredReferences]:
    """The references of the cursor page of ``limit`` objects after ``after``, by uuid: one
    listing request (run it beside the gRPC query of the same page)."""
    if not config.references:
        return {}
    params = {**_params(session, tenant), "class": config.name, "limit": limit}
    if after:
        params["after"] = after
    data = await _get(session, "/objects", params)
    return {
        str(obj.get("id")): references_of(obj.get("properties") or {}, config)
        for obj in (data or {}).get("objects") or ()
    }


async def stored_references_of_many(
    session: ExplorerSession,
    config: CollectionConfig,
    uuids: Sequence[str],
    tenant: str | None = None,
    known: Mapping[str, StoredReferences] | None = None,
) -> dict[str, StoredReferences]:
    """The references of ``uuids`` by uuid; those not in ``known`` (a page read already) are
    read one by one, a few at a time."""
    if not config.references or not uuids:
        return {uuid: {} for uuid in uuids}
    out: dict[str, StoredReferences] = dict(known or {})
    gate = asyncio.Semaphore(PARALLEL_READS)

    async def one(uuid: str) -> None:
        async with gate:
            out[uuid] = await stored_references(session, config, uuid, tenant) or {}

    await asyncio.gather(*(one(uuid) for uuid in uuids if uuid not in out))
    return {uuid: out.get(uuid, {}) for uuid in uuids}


def with_stored_references(record: ObjectRecord, stored: StoredReferences) -> ObjectRecord:
    """``record`` with every stored reference, in stored order, each with its collection; the
    targets ``record`` did not resolve (gRPC leaves out what does not exist) are missing."""
    import dataclasses

    resolved = {(name, uuid) for name, uuids in record.references.items() for uuid in uuids}
    return dataclasses.replace(
        record,
        references={name: tuple(t.uuid for t in targets) for name, targets in stored.items()},
        reference_collections={
            name: tuple(t.collection for t in targets) for name, targets in stored.items()
        },
        missing_references=frozenset(
            (name, t.uuid)
            for name, targets in stored.items()
            for t in targets
            if (name, t.uuid) not in resolved
        ),
    )
