"""The schema snapshot that completion reads: rebuilt in the background, swapped in whole.

Completion never waits on the network and never sees a half-built snapshot (pgcli's
completion refresher, on asyncio).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession


@dataclass(frozen=True)
class SchemaSnapshot:
    """Names that completion offers, for every collection at one moment."""

    collections: tuple[str, ...] = ()
    properties: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    vectors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_configs(cls, configs: Iterable[CollectionConfig]) -> SchemaSnapshot:
        ordered = sorted(configs, key=lambda c: c.name)
        return cls(
            collections=tuple(c.name for c in ordered),
            properties=MappingProxyType(
                {c.name: tuple(p.name for p in c.properties) for c in ordered}
            ),
            vectors=MappingProxyType(
                {c.name: tuple(v.name for v in c.vectors) for c in ordered if c.named_vectors}
            ),
        )


class SchemaCache:
    """Holds the current snapshot; :meth:`refresh_in_background` replaces it when done."""

    def __init__(self, session: ExplorerSession) -> None:
        self.session = session
        self.snapshot = SchemaSnapshot()
        self.last_error: ExplorerError | None = None
        self._task: asyncio.Task[SchemaSnapshot | None] | None = None

    async def refresh(self) -> SchemaSnapshot:
        """Read every collection's config in one request and swap the new snapshot in."""
        snapshot = self.replace(await self.session.list_collection_configs())
        self.last_error = None
        return snapshot

    def replace(self, configs: Iterable[CollectionConfig]) -> SchemaSnapshot:
        """Swap in a snapshot built from configs read elsewhere (``ls`` reads them all)."""
        self.snapshot = SchemaSnapshot.from_configs(configs)
        return self.snapshot

    def refresh_in_background(self) -> asyncio.Task[SchemaSnapshot | None]:
        """Start a refresh, superseding one still running; failures keep the old snapshot."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = asyncio.create_task(self._refresh_quietly(), name="schema-refresh")
        return self._task

    async def _refresh_quietly(self) -> SchemaSnapshot | None:
        try:
            return await self.refresh()
        except ExplorerError as exc:
            self.last_error = exc
            return None

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
