"""The dimension each vector of a collection must have, from its config or one stored object.

A self-provided vector index takes its dimension from the first vector stored, so the config
rarely names it; one object's vectors do. Answers are cached per session and collection config,
so a schema change (``session.forget_config``) starts afresh.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

from explorer.core.base.errors import WrongVectorLength
from explorer.core.base.models import CollectionConfig
from explorer.core.query.session_protocol import CollectionSession

_Entry = tuple["weakref.ref[CollectionConfig]", dict[str, int]]
_CACHE: weakref.WeakKeyDictionary[CollectionSession, dict[str, _Entry]] = (
    weakref.WeakKeyDictionary()
)


def dimensions_from_config(config: CollectionConfig) -> dict[str, int]:
    """Dimensions a vectorizer's settings name (e.g. ``dimensions`` of a module), by vector."""
    found: dict[str, int] = {}
    raw: Mapping[str, Any] = config.raw
    if config.named_vectors:
        for name, vector in (raw.get("vectorConfig") or {}).items():
            size = _dimensions_in((vector or {}).get("vectorizer"))
            if size is not None:
                found[name] = size
    elif config.vectors:
        size = _dimensions_in(raw.get("moduleConfig"))
        if size is not None:
            found["default"] = size
    return found


def _dimensions_in(settings: Any) -> int | None:
    if not isinstance(settings, Mapping):
        return None
    for module in settings.values():
        if isinstance(module, Mapping):
            size = module.get("dimensions")
            if isinstance(size, int) and not isinstance(size, bool) and size > 0:
                return size
    return None


async def vector_dimensions(
    session: CollectionSession, collection: str, tenant: str | None = None
) -> dict[str, int]:
    """Known dimensions by vector name (``"default"`` for an unnamed vector); missing if unknown.

    One request at most per collection config: a fetch of one object with its vectors.
    """
    config = await session.collection_config(collection)
    cached = _CACHE.setdefault(session, {}).get(collection)
    if cached is not None and cached[0]() is config:
        return dict(cached[1])
    found = dimensions_from_config(config)
    names = [v.name for v in config.vectors]
    if any(name not in found for name in names) and (tenant or not config.multi_tenant):
        async with session.call():
            result = await session.collection(collection, tenant).query.fetch_objects(
                limit=1, include_vector=True
            )
        for obj in result.objects:
            for name, vector in (obj.vector or {}).items():
                if vector and name not in found:
                    first = vector[0]
                    found[name] = len(first) if isinstance(first, list | tuple) else len(vector)
    if all(name in found for name in names):  # only complete answers are kept
        _CACHE[session][collection] = (weakref.ref(config), found)
    return dict(found)


async def check_query_vector(
    session: CollectionSession,
    collection: str,
    vector: tuple[float, ...],
    target: str | None = None,
    tenant: str | None = None,
) -> None:
    """Refuse a query vector whose length is not the dimension of the vector it searches."""
    dimensions = await vector_dimensions(session, collection, tenant)
    name = target
    if name is None and len(dimensions) == 1:
        name = next(iter(dimensions))
    expected = dimensions.get(name) if name is not None else None
    if expected is not None and len(vector) != expected:
        label = "the vector" if name == "default" else f"vector {name}"
        raise WrongVectorLength(
            "Wrong vector length",
            f"{label} of {collection} has {expected} dimensions and this vector has "
            f"{len(vector)} numbers: paste {expected} numbers",
        )


async def check_query_vector_targets(
    session: CollectionSession,
    collection: str,
    vector: tuple[float, ...],
    target: str | None,
    targets: tuple[str, ...] | None,
    tenant: str | None = None,
) -> None:
    """:func:`check_query_vector` for the one target, or for each of several: one vector
    searches them all, so it must fit every one."""
    for name in targets or (target,):
        await check_query_vector(session, collection, vector, name, tenant)
