"""``cosine A B``: the cosine similarity of two objects, for each of their vectors."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core.base.errors import ExplorerError
from explorer.core.lab.distances import cosine_similarity
from explorer.core.query.session_protocol import CollectionSession


@dataclass(frozen=True)
class VectorSimilarity:
    target: str
    #: None when a side has no vector, a zero vector, NaN values or another dimension.
    similarity: float | None
    #: Why there is no number, or how it was computed (multi-vectors: their mean token vectors).
    note: str = ""


async def object_vectors(
    session: CollectionSession, collection: str, uuid: str, tenant: str | None
) -> dict[str, Any]:
    async with session.call():
        found = await session.collection(collection, tenant).query.fetch_object_by_id(
            uuid, include_vector=True, return_properties=[]
        )
    if found is None:
        raise ExplorerError("No such object", f"{collection} has no object {uuid}")
    return dict(found.vector or {})


def similarities(first: dict[str, Any], second: dict[str, Any]) -> tuple[VectorSimilarity, ...]:
    """Blocking numpy work: call it in a thread."""
    found = []
    for name in sorted(set(first) | set(second)):
        a, b = first.get(name), second.get(name)
        if not a or not b:
            found.append(VectorSimilarity(name, None, "one of the objects has no such vector"))
            continue
        x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        note = ""
        if x.ndim == 2 or y.ndim == 2:
            x, y = np.atleast_2d(x).mean(axis=0), np.atleast_2d(y).mean(axis=0)
            note = "multi-vector: cosine of the mean token vectors"
        if x.shape != y.shape:
            found.append(VectorSimilarity(name, None, f"dimensions differ: {len(x)} vs {len(y)}"))
            continue
        value = cosine_similarity(x, y)
        if value is None:
            note = "a zero vector or NaN/inf values: no direction to compare"
        found.append(VectorSimilarity(name, value, note))
    return tuple(found)


async def object_similarity(
    session: CollectionSession, collection: str, first: str, second: str, tenant: str | None
) -> tuple[VectorSimilarity, ...]:
    a, b = await asyncio.gather(
        object_vectors(session, collection, first, tenant),
        object_vectors(session, collection, second, tenant),
    )
    return await asyncio.to_thread(similarities, a, b)
