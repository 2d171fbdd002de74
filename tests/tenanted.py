"""A small multi-tenant collection for tests: named properties, named tenants, nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.tenants import Tenant

from explorer.core.client.session import ExplorerSession


async def create_tenanted(
    session: ExplorerSession,
    name: str,
    properties: dict[str, DataType],
    tenants: Sequence[str],
) -> Any:
    """Create it and its tenants; returns the client's collection handle."""
    await session.client.collections.create(
        name,
        properties=[Property(name=p, data_type=t) for p, t in properties.items()],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    handle = session.client.collections.use(name)
    await handle.tenants.create([Tenant(name=t) for t in tenants])
    return handle
