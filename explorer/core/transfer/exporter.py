"""Export a collection, a filtered set or chosen objects to a JSON, JSONL or CSV file.

A whole collection is read by cursor (``after``), so it goes past the server's 10,000-result
limit. Weaviate cannot combine the cursor with a filter, so a filtered export walks the cursor
over uuids only and asks, page by page, which of those uuids match the filter: the filter is
evaluated by the server (the same semantics as a query), and any number of matches is exported.

References are exported as stored, in stored order, dangling ones (whose target no longer
exists) included: they are read over REST (``stored_references``), as gRPC leaves dangling
references out. A plain export reads a page's references with one cursor listing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.client.convert import nested_in_schema_order
from explorer.core.client.session import ExplorerSession
from explorer.core.client.stored_references import (
    StoredReferences,
    stored_reference_page,
    stored_references_of_many,
)
from explorer.core.query.returns import multi_target_references
from explorer.core.transfer.formats import FileFormat, existing_collection, format_for
from explorer.core.transfer.writers import CsvColumns, ExportFile, ExportRecord, json_value
from explorer.core.where.filters import FilterExpr, to_weaviate

#: Objects per page of a plain export, and uuids per page when a filter is matched.
PAGE_SIZE = 200
ID_PAGE_SIZE = 1000


@dataclass(frozen=True)
class ExportProgress:
    written: int
    #: How many objects the export expects (None when unknown).
    total: int | None
    elapsed: float

    @property
    def rate(self) -> float:
        """Objects per second so far."""
        return self.written / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, estimated from the rate so far."""
        if self.total is None or self.rate <= 0:
            return None
        return max(self.total - self.written, 0) / self.rate


@dataclass(frozen=True)
class ExportReport:
    collection: str
    path: Path
    file_format: FileFormat
    written: int
    with_vectors: bool
    #: "collection", "filtered" or "selection" (chosen objects such as a query's results).
    source: str
    elapsed: float
    #: Chosen uuids that no longer exist (selection exports only).
    missing: int = 0

    def summary(self) -> str:
        noun = "object" if self.written == 1 else "objects"
        what = {"filtered": f"matching {noun}", "selection": f"selected {noun}"}.get(
            self.source, noun
        )
        vectors = " with vectors" if self.with_vectors else ""
        text = (
            f"Exported {self.written:,} {what} of {self.collection}{vectors} to {self.path} "
            f"({self.file_format}) in {self.elapsed:.1f}s"
        )
        if self.missing:
            text += f"; {self.missing:,} selected objects no longer exist"
        return text


ExportProgressCallback = Callable[[ExportProgress], None]


@dataclass(frozen=True)
class ExportRequest:
    collection: str
    path: Path
    tenant: str | None = None
    filters: FilterExpr | None = None
    #: Export exactly these objects, in this order (e.g. the current query's results).
    uuids: tuple[str, ...] | None = None
    with_vectors: bool = False


async def export_objects(
    session: ExplorerSession,
    request: ExportRequest,
    progress: ExportProgressCallback | None = None,
) -> ExportReport:
    """Write the objects to ``request.path``; on failure or cancel no file is left there."""
    file_format = format_for(request.path)
    if await asyncio.to_thread(request.path.is_dir):
        raise ExplorerError(
            "Cannot write the file",
            f"{request.path} is a folder: name a file, such as "
            f"{request.path / (request.collection + request.path.suffix)}",
        )
    config = await existing_collection(
        session, request.collection, "check the name (ls lists them)"
    )
    if request.uuids is not None:
        source, total = "selection", len(request.uuids)
    elif request.filters is not None:
        source = "filtered"
        total = await session.count(
            request.collection, tenant=request.tenant, filters=request.filters
        )
    else:
        source = "collection"
        total = await session.count(request.collection, tenant=request.tenant)
    fetcher = ExportPages(
        session,
        config,
        tenant=request.tenant,
        filters=request.filters,
        uuids=request.uuids,
        with_vectors=request.with_vectors,
    )
    columns = CsvColumns(
        properties=tuple(p.name for p in config.properties),
        references=tuple(name for name, _targets in config.references),
        vectors=tuple(v.name for v in config.vectors) if request.with_vectors else (),
        unnamed_vector=not config.named_vectors,
    )
    started = time.perf_counter()
    try:
        out = await asyncio.to_thread(
            ExportFile,
            request.path,
            file_format,
            collection=request.collection,
            with_vectors=request.with_vectors,
            columns=columns,
        )
    except OSError as exc:
        raise await asyncio.to_thread(unwritable, request.path, exc) from None
    missing = 0
    try:
        if progress:
            progress(ExportProgress(0, total, 0.0))
        async for records in fetcher.pages():
            await asyncio.to_thread(out.write, records)
            if progress:
                progress(ExportProgress(out.written, total, time.perf_counter() - started))
        missing = fetcher.missing
        await asyncio.to_thread(out.commit)
    except BaseException as exc:
        await asyncio.shield(asyncio.to_thread(out.discard))
        if isinstance(exc, OSError):
            raise await asyncio.to_thread(unwritable, request.path, exc) from None
        raise
    return ExportReport(
        collection=request.collection,
        path=request.path,
        file_format=file_format,
        written=out.written,
        with_vectors=request.with_vectors,
        source=source,
        elapsed=time.perf_counter() - started,
        missing=missing,
    )


@dataclass(frozen=True)
class _PageRequest:
    tenant: str | None
    filters: FilterExpr | None
    uuids: tuple[str, ...] | None
    with_vectors: bool


def unwritable(path: Path, error: OSError) -> ExplorerError:
    """Why ``path`` cannot be written, as an error that says what to change."""
    blocker = next((parent for parent in path.parents if parent.exists()), None)
    if blocker is not None and not blocker.is_dir():
        reason = f"{blocker} is a file, not a folder"
    else:
        reason = error.strerror or str(error)
    return ExplorerError("Cannot write the file", f"{path}: {reason}; choose another path")


class ExportPages:
    """Pages of :class:`ExportRecord`: the objects of a collection (one tenant), those matching
    a filter, or chosen ones; an export writes them to a file, a copy streams them elsewhere."""

    def __init__(
        self,
        session: ExplorerSession,
        config: CollectionConfig,
        *,
        tenant: str | None = None,
        filters: FilterExpr | None = None,
        uuids: tuple[str, ...] | None = None,
        with_vectors: bool = False,
    ):
        self.session = session
        self.config = config
        self.request = _PageRequest(tenant, filters, uuids, with_vectors)
        self.handle = session.collection(config.name, tenant)
        self.property_names = [p.name for p in config.properties]  # blobs only when named
        self.missing = 0

    async def pages(self) -> Any:
        if self.request.uuids is not None:
            async for page in self._selection(self.request.uuids):
                yield page
        elif self.request.filters is not None:
            async for page in self._filtered(self.request.filters):
                yield page
        else:
            after: str | None = None
            while True:
                # The same cursor page over gRPC (values) and REST (references, dangling too).
                objects, stored = await asyncio.gather(
                    self._fetch(limit=PAGE_SIZE, after=after),
                    stored_reference_page(
                        self.session, self.config, PAGE_SIZE, self.request.tenant, after
                    ),
                )
                if objects:
                    yield await self._records(objects, stored)
                if len(objects) < PAGE_SIZE:
                    return
                after = str(objects[-1].uuid)

    async def _selection(self, uuids: Sequence[str]) -> Any:
        from weaviate.classes.query import Filter

        for start in range(0, len(uuids), PAGE_SIZE):
            chunk = list(uuids[start : start + PAGE_SIZE])
            objects = await self._fetch(
                limit=len(chunk), filters=Filter.by_id().contains_any(chunk)
            )
            by_id = {str(o.uuid): o for o in objects}
            ordered = [by_id[u] for u in chunk if u in by_id]
            self.missing += len(chunk) - len(ordered)
            if ordered:
                yield await self._records(ordered)

    async def _filtered(self, filters: FilterExpr) -> Any:
        from weaviate.classes.query import Filter

        where = to_weaviate(filters)
        after: str | None = None
        while True:
            async with self.session.call():
                page = await self.handle.query.fetch_objects(
                    limit=ID_PAGE_SIZE, after=after, return_properties=[]
                )
            ids = [str(o.uuid) for o in page.objects]
            if ids:
                objects = await self._fetch(
                    limit=len(ids), filters=Filter.all_of([where, Filter.by_id().contains_any(ids)])
                )
                if objects:
                    yield await self._records(objects)
            if len(ids) < ID_PAGE_SIZE:
                return
            after = ids[-1]

    async def _fetch(
        self, *, limit: int, after: str | None = None, filters: Any = None
    ) -> list[Any]:
        async with self.session.call():
            result = await self.handle.query.fetch_objects(
                limit=limit,
                after=after,
                filters=filters,
                include_vector=self.request.with_vectors,
                return_properties=self.property_names,
            )
        return list(result.objects)

    async def _records(
        self, objects: list[Any], page: dict[str, StoredReferences] | None = None
    ) -> list[ExportRecord]:
        multi = multi_target_references(self.config)
        stored = await stored_references_of_many(
            self.session, self.config, [str(o.uuid) for o in objects], self.request.tenant, page
        )
        references = {
            uuid: {
                name: [
                    {"uuid": t.uuid, "collection": t.collection} if name in multi else t.uuid
                    for t in targets
                ]
                for name, targets in by_name.items()
            }
            for uuid, by_name in stored.items()
        }
        order = {name: index for index, name in enumerate(self.property_names)}
        nested = {p.name: p for p in self.config.properties if p.nested}
        return [
            ExportRecord(
                uuid=str(obj.uuid),
                properties={
                    name: json_value(
                        nested_in_schema_order(value, nested[name]) if name in nested else value
                    )
                    for name, value in sorted(
                        (obj.properties or {}).items(), key=lambda item: order.get(item[0], 0)
                    )
                    if value is not None
                },
                vectors={name: json_value(v) for name, v in (obj.vector or {}).items()},
                references={
                    name: targets for name, targets in references[str(obj.uuid)].items() if targets
                },
            )
            for obj in objects
        ]
