"""A multi-tenant collection with many tenants, most of them INACTIVE, and a few known ones.

Active tenants open files on the server (about 9,300 exhausted a 20,000 open-file limit), so the
bulk is created INACTIVE. The known tenants:

- ``acme-01`` … ``acme-30`` (ACTIVE): "apple NN" at [1, NN/100, 0] and "banana NN" at [0, 1, 0];
- ``globex-1`` … ``globex-5`` (ACTIVE): "globex apple K" at [0.5, 0.5, 0];
- ``odd-dims`` (ACTIVE): one object with a 4-dimensional vector, so a 3-dimensional search
  fails in this tenant alone;
- ``cold-1`` … ``cold-4`` (INACTIVE, with one "apple cold K" object each at [1, 0, 0]);
- ``arch-0000`` … (INACTIVE, empty): the rest, up to ``total``.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject
from weaviate.classes.tenants import Tenant, TenantActivityStatus

from explorer.core.client.session import ExplorerSession

ACME = tuple(f"acme-{i:02d}" for i in range(1, 31))
GLOBEX = tuple(f"globex-{i}" for i in range(1, 6))
COLD = tuple(f"cold-{i}" for i in range(1, 5))
ODD = "odd-dims"
KNOWN = (*ACME, *GLOBEX, ODD, *COLD)
#: How many tenants are active (each opens files on the server).
ACTIVE = (*ACME, *GLOBEX, ODD)


@dataclass(frozen=True)
class ManyTenants:
    name: str
    total: int
    #: Seconds the tenants took to create (the objects not included).
    create_seconds: float

    @property
    def archived(self) -> tuple[str, ...]:
        return tuple(f"arch-{i:04d}" for i in range(self.total - len(KNOWN)))


async def create_many_tenants(session: ExplorerSession, name: str, total: int) -> ManyTenants:
    client = session.client
    await client.collections.create(
        name,
        properties=[Property(name="title", data_type=DataType.TEXT)],
        vector_config=Configure.Vectors.self_provided(),
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    handle = client.collections.use(name)
    started = time.perf_counter()
    await handle.tenants.create([Tenant(name=t) for t in (*ACTIVE, *COLD)])
    bulk = [
        Tenant(name=f"arch-{i:04d}", activity_status=TenantActivityStatus.INACTIVE)
        for i in range(total - len(KNOWN))
    ]
    for start in range(0, len(bulk), 2_000):
        await handle.tenants.create(bulk[start : start + 2_000])
    create_seconds = time.perf_counter() - started
    for index, tenant in enumerate(ACME, start=1):
        await handle.with_tenant(tenant).data.insert_many(
            [
                DataObject({"title": f"apple {index:02d}"}, vector=[1.0, index / 100, 0.0]),
                DataObject({"title": f"banana {index:02d}"}, vector=[0.0, 1.0, 0.0]),
            ]
        )
    for index, tenant in enumerate(GLOBEX, start=1):
        await handle.with_tenant(tenant).data.insert(
            {"title": f"globex apple {index}"}, vector=[0.5, 0.5, 0.0]
        )
    await handle.with_tenant(ODD).data.insert({"title": "apple odd"}, vector=[1.0, 0, 0, 0])
    for index, tenant in enumerate(COLD, start=1):
        await handle.with_tenant(tenant).data.insert(
            {"title": f"apple cold {index}"}, vector=[1.0, 0.0, 0.0]
        )
    await handle.tenants.deactivate(list(COLD))
    return ManyTenants(name, total, create_seconds)


@asynccontextmanager
async def many_tenants_collection(
    session: ExplorerSession, total: int
) -> AsyncIterator[ManyTenants]:
    """A fresh collection of ``total`` tenants (see the module), deleted afterwards."""
    name = f"ManyTenants{time.time_ns() % 10**12}"
    try:
        yield await create_many_tenants(session, name, total)
    finally:
        await session.client.collections.delete(name)
