"""What the query helpers need of a session, so they don't import the session that runs them.

:class:`explorer.core.client.session.ExplorerSession` satisfies it; the session imports the query
package (requests, aggregation), never the other way round.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Protocol

from explorer.core.base.models import CollectionConfig

if TYPE_CHECKING:
    from weaviate.collections.collection.async_ import CollectionAsync


class CollectionSession(Protocol):
    """A connected session: collection handles, cached configs, and guarded calls."""

    def collection(self, name: str, tenant: str | None = None) -> CollectionAsync: ...

    async def collection_config(self, name: str, *, refresh: bool = False) -> CollectionConfig: ...

    def call(self) -> AbstractAsyncContextManager[None]: ...
