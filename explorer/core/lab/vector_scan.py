"""Read a collection's vectors by cursor, page by page, as numpy arrays built in a thread.

The cursor (``after``) goes past the server's 10,000-result limit and returns no properties, so
a scan moves only uuids and vectors. Each page is converted off the caller's loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.query.session_protocol import CollectionSession
from explorer.core.where.filters import FilterExpr, to_weaviate

#: Objects per cursor page.
PAGE_SIZE = 500
#: What one page holds: uuids, and per object its vectors by name (raw lists from the client).
RawVectors = dict[str, Any]


@dataclass(frozen=True)
class ScanProgress:
    scanned: int
    #: Objects in the collection (None when unknown).
    total: int | None
    elapsed: float

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.scanned / self.total)


ProgressCallback = Callable[[ScanProgress], None]


@dataclass(frozen=True)
class VectorPage:
    uuids: tuple[str, ...]
    vectors: tuple[RawVectors, ...]
    #: Properties asked for (empty dicts otherwise).
    properties: tuple[dict[str, Any], ...] = ()


def vector_names(config: CollectionConfig) -> tuple[str, ...]:
    return tuple(v.name for v in config.vectors)


def checked_target(config: CollectionConfig, target: str | None) -> str:
    """The vector to analyse: the one named, or the only one; else an error listing them."""
    names = vector_names(config)
    if not names:
        raise ExplorerError("No vectors", f"{config.name} has no vector index to analyse")
    if target is None:
        if len(names) == 1:
            return names[0]
        raise ExplorerError(
            "Choose a target vector",
            f"{config.name} has the named vectors {', '.join(names)}: say which with --target",
        )
    if target not in names:
        raise ExplorerError(
            "Unknown target vector",
            f"{config.name} has no vector {target!r}; choose from {', '.join(names)}",
        )
    return target


def index_config(config: CollectionConfig, target: str) -> dict[str, Any]:
    """The vector index settings of ``target`` as the server stores them."""
    raw = config.raw
    if config.named_vectors:
        vector = (raw.get("vectorConfig") or {}).get(target) or {}
        return dict(vector.get("vectorIndexConfig") or {})
    return dict(raw.get("vectorIndexConfig") or {})


def is_multi_vector(config: CollectionConfig, target: str) -> bool:
    settings = index_config(config, target).get("multivector") or {}
    return bool(isinstance(settings, dict) and settings.get("enabled"))


async def scan_pages(
    session: CollectionSession,
    collection: str,
    *,
    tenant: str | None = None,
    targets: Sequence[str] | None = None,
    properties: Sequence[str] = (),
    limit: int | None = None,
    page_size: int = PAGE_SIZE,
) -> AsyncIterator[VectorPage]:
    """Every object's uuid and vectors (only ``targets`` if given), by cursor, up to ``limit``."""
    handle = session.collection(collection, tenant)
    after: str | None = None
    taken = 0
    while limit is None or taken < limit:
        size = page_size if limit is None else min(page_size, limit - taken)
        async with session.call():
            result = await handle.query.fetch_objects(
                limit=size,
                after=after,
                include_vector=list(targets) if targets else True,
                return_properties=list(properties),
            )
        objects = result.objects
        if not objects:
            return
        taken += len(objects)
        yield VectorPage(
            uuids=tuple(str(o.uuid) for o in objects),
            vectors=tuple(dict(o.vector or {}) for o in objects),
            properties=tuple(dict(o.properties or {}) for o in objects),
        )
        if len(objects) < size:
            return
        after = str(objects[-1].uuid)


async def filtered_page(
    session: CollectionSession,
    collection: str,
    target: str,
    filters: FilterExpr,
    *,
    tenant: str | None,
    properties: Sequence[str],
    limit: int,
) -> VectorPage:
    """The objects that match ``filters`` (at most ``limit``: Weaviate's cursor cannot filter)."""
    async with session.call():
        result = await session.collection(collection, tenant).query.fetch_objects(
            limit=limit,
            filters=to_weaviate(filters),
            include_vector=[target],
            return_properties=list(properties),
        )
    return VectorPage(
        uuids=tuple(str(o.uuid) for o in result.objects),
        vectors=tuple(dict(o.vector or {}) for o in result.objects),
        properties=tuple(dict(o.properties or {}) for o in result.objects),
    )


@dataclass
class VectorMatrix:
    """One vector per object, as float32 rows; what could not be a row is counted, not kept."""

    target: str
    uuids: list[str] = field(default_factory=list)
    rows: list[npt.NDArray[np.float32]] = field(default_factory=list)
    properties: list[dict[str, Any]] = field(default_factory=list)
    #: Objects left out: no vector, NaN or inf values, or another dimension than the first.
    skipped: int = 0
    #: Rows that are the mean of a multi-vector's token vectors.
    averaged: bool = False

    def matrix(self) -> npt.NDArray[np.float32]:
        if not self.rows:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack(self.rows)

    def add_page(self, page: VectorPage) -> None:
        """Convert one page (blocking numpy work: call it in a thread)."""
        keep_uuids: list[str] = []
        keep_rows: list[Any] = []
        keep_props: list[dict[str, Any]] = []
        width = self.rows[0].shape[1] if self.rows else None
        props = page.properties or tuple({} for _ in page.uuids)
        for uuid, vectors, properties in zip(page.uuids, page.vectors, props, strict=True):
            value = vectors.get(self.target)
            if not value:
                self.skipped += 1
                continue
            array = np.asarray(value, dtype=np.float32)
            if array.ndim == 2:
                array = array.mean(axis=0)
                self.averaged = True
            if width is None:
                width = len(array)
            if array.ndim != 1 or len(array) != width or not np.isfinite(array).all():
                self.skipped += 1
                continue
            keep_uuids.append(uuid)
            keep_rows.append(array)
            keep_props.append(properties)
        if keep_rows:
            self.uuids.extend(keep_uuids)
            self.rows.append(np.vstack(keep_rows))
            self.properties.extend(keep_props)


async def read_matrix(
    session: CollectionSession,
    collection: str,
    target: str,
    *,
    tenant: str | None = None,
    limit: int | None = None,
    properties: Sequence[str] = (),
    total: int | None = None,
    progress: ProgressCallback | None = None,
) -> VectorMatrix:
    """The vectors of ``target`` (up to ``limit`` objects) as a matrix, by cursor."""
    started = time.monotonic()
    matrix = VectorMatrix(target)
    scanned = 0
    async for page in scan_pages(
        session, collection, tenant=tenant, targets=[target], properties=properties, limit=limit
    ):
        await asyncio.to_thread(matrix.add_page, page)
        scanned += len(page.uuids)
        if progress is not None:
            progress(ScanProgress(scanned, total, time.monotonic() - started))
    return matrix
