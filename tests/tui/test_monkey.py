"""The key monkey over the whole TUI, on a read-only connection to a server with data.

``MONKEY_SEEDS`` (comma-separated) and ``MONKEY_KEYS`` make longer runs (``make monkey``); by
default one fresh seed and 2,000 keys. A failure names the seed and the last 20 keys.
"""

from __future__ import annotations

import hashlib
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.demo import DEMO_COLLECTION, load_demo
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from tests.tui.monkey import Monkey

DEFAULT_KEYS = 2000


def fresh_seed() -> int:
    """A new seed every run, the same in every pytest-xdist worker of one run (each worker
    collects the tests, and xdist refuses workers that collected different ones)."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run_id is None:
        return random.randrange(1_000_000)
    return int(hashlib.sha256(run_id.encode()).hexdigest(), 16) % 1_000_000


SEEDS = [int(seed) for seed in os.environ.get("MONKEY_SEEDS", "").split(",") if seed.strip()] or [
    fresh_seed()
]
KEYS = int(os.environ.get("MONKEY_KEYS", DEFAULT_KEYS))


async def server_state(session: ExplorerSession) -> dict[str, object]:
    """What a read-only connection must leave as it was: collections, counts and tenants."""
    state: dict[str, object] = {}
    for config in await session.list_collection_configs():
        if config.multi_tenant:
            state[config.name] = {
                tenant.name: (
                    tenant.activity_status,
                    await session.count(config.name, tenant=tenant.name),
                )
                for tenant in await session.list_tenants(config.name)
            }
        else:
            state[config.name] = await session.count(config.name)
    return state


@pytest.fixture
async def monkey_data(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    """The demo collection, and a multi-tenant one with two tenants holding objects."""
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.tenants import Tenant

    if not await session.client.collections.exists(DEMO_COLLECTION):
        await load_demo(session.client)
    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name,
        properties=[Property(name="label", data_type=DataType.TEXT)],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    collection = session.client.collections.use(collection_name)
    await collection.tenants.create([Tenant(name="alpha"), Tenant(name="beta")])
    for tenant in ("alpha", "beta"):
        await collection.with_tenant(tenant).data.insert_many(
            [{"label": f"{tenant} {i}"} for i in range(7)]
        )


#: Runs that once broke the app, (seed, keys): each stays in the suite as its regression test.
FOUND = [
    (652643, 139),  # the palette's search finished after the palette closed (NoMatches)
    (289489, 30),  # ctrl+p soon after the palette closed: a second one with its id (DuplicateIds)
]


@pytest.mark.parametrize(
    ("seed", "keys"), [*((seed, KEYS) for seed in SEEDS), *FOUND], ids=lambda v: str(v)
)
async def test_random_keys_never_break_the_app(
    seed: int,
    keys: int,
    server_options: ConnectionOptions,
    session: ExplorerSession,
    monkey_data: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # an export the monkey confirms lands here
    before = await server_state(session)
    app = ExplorerApp(LaunchPlan(replace(server_options, read_only=True)), page_size=5)
    monkey = Monkey(seed)
    async with app.run_test(size=(140, 45)) as pilot:
        await monkey.run(pilot, keys)
    assert await server_state(session) == before, "a read-only connection changed the server"
