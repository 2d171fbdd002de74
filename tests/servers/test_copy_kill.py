"""A copy whose process is killed halfway, then the same copy again: it converges.

The copy runs as the real command (``repl -c "copy …"``) in a process of the test's own, killed
with SIGKILL once the first objects have landed on the target. Running the same command again
must leave the target identical to the source: every object once, same uuids, same vectors and
references, nothing duplicated.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
import uuid
from pathlib import Path

import pytest

from explorer.core.base.errors import ExplorerError
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from tests.integration.all_types import stored_objects

#: A kill and two runs of the real command: `make test-slow` runs it too.
pytestmark = pytest.mark.slow

TENANTS = ("alpha", "beta")
PER_TENANT = 1500
DIMENSIONS = 16


async def _create_source(session: ExplorerSession, name: str) -> None:
    from weaviate.classes.config import Configure, DataType, Property, ReferenceProperty
    from weaviate.classes.data import DataObject, DataReference
    from weaviate.classes.tenants import Tenant

    await session.client.collections.create(
        name=name,
        properties=[
            Property(name="title", data_type=DataType.TEXT),
            Property(name="rank", data_type=DataType.INT),
        ],
        references=[ReferenceProperty(name="next", target_collection=name)],
        vector_config=[Configure.Vectors.self_provided(name="embedding")],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    collection = session.client.collections.use(name)
    await collection.tenants.create([Tenant(name=t) for t in TENANTS])
    for tenant in TENANTS:
        ids = [
            str(uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{tenant}/{i}")) for i in range(PER_TENANT)
        ]
        handle = collection.with_tenant(tenant)
        result = await handle.data.insert_many(
            [
                DataObject(
                    uuid=ids[i],
                    properties={"title": f"{tenant} object {i}", "rank": i},
                    vector={"embedding": [float((i + d) % 7) for d in range(DIMENSIONS)]},
                )
                for i in range(PER_TENANT)
            ]
        )
        assert not result.errors, result.errors
        # Every fiftieth object points to the next one.
        refs = await handle.data.reference_add_many(
            [
                DataReference(from_uuid=ids[i], from_property="next", to_uuid=ids[i + 1])
                for i in range(0, PER_TENANT - 1, 50)
            ]
        )
        assert not refs.errors, refs.errors


async def _count(session: ExplorerSession, name: str, tenant: str) -> int:
    try:
        return await session.count(name, tenant=tenant)
    except ExplorerError:
        return 0  # not created yet


def _copy_command(source: ConnectionOptions, target: ConnectionOptions, name: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "explorer",
        "repl",
        "--url",
        source.url,
        "--grpc-port",
        str(source.grpc_port),
        "--format",
        "json",
        "-c",
        f"copy {name} --to {target.url} --to-grpc-port {target.grpc_port} --vectors --yes",
    ]


async def test_a_copy_killed_halfway_converges_when_run_again(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    second_session: ExplorerSession,
    second_options: ConnectionOptions,
    tmp_path: Path,
) -> None:
    name = f"Kill{uuid.uuid4().hex[:8]}"
    await _create_source(session, name)
    command = _copy_command(server_options, second_options, name)
    try:
        first = await asyncio.create_subprocess_exec(
            *command,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        landed = 0
        started = time.monotonic()
        while first.returncode is None and landed == 0:
            assert time.monotonic() - started < 240, "nothing landed on the target"
            landed = await _count(second_session, name, TENANTS[0])
        assert first.returncode is None, "the copy finished before it could be killed"
        os.kill(first.pid, signal.SIGKILL)  # only the process this test started
        await first.wait()
        partial = sum([await _count(second_session, name, t) for t in TENANTS])
        print(f"\nkilled after {time.monotonic() - started:.1f}s with {partial:,} objects copied")
        assert first.returncode == -signal.SIGKILL
        assert 0 < partial < PER_TENANT * len(TENANTS)

        second = await asyncio.create_subprocess_exec(
            *command,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(second.communicate(), 300)
        assert second.returncode == 0, err.decode()
        report = json.loads(out)
        print(f"second run: {report['copied']:,} objects in {report['elapsed_s']:.1f}s")
        checked = time.monotonic()
        assert not report["created"]  # the first run made it: compatible, used as it is
        assert (report["read"], report["copied"], report["failed"]) == (
            PER_TENANT * len(TENANTS),
            PER_TENANT * len(TENANTS),
            0,
        )
        for tenant in TENANTS:
            assert await second_session.count(name, tenant=tenant) == PER_TENANT
            copied = await stored_objects(second_session, name, tenant)
            assert copied == await stored_objects(session, name, tenant)
        assert not await asyncio.to_thread(lambda: list(tmp_path.glob("*.failed.jsonl")))
        print(f"compared in {time.monotonic() - checked:.1f}s")
    finally:
        await session.client.collections.delete(name)
        await second_session.client.collections.delete(name)
