"""copy between two real servers: every data type, named vectors, references and two tenants.

The copy must be identical object for object (properties, vectors, references) and keep the
uuids; an existing compatible target is used, an incompatible one refused before any write.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.base.errors import ReadOnlyRefused
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.servers.collection_copy import CopyProgress, run_copy
from explorer.core.servers.copy_plan import CopyRefused, CopyRequest, plan_copy
from tests.integration.all_types import AllTypes, create_all_types, stored_objects

TENANTS = ("t1", "t2")


@pytest.fixture(scope="module")
async def every_type(session: ExplorerSession) -> AsyncIterator[AllTypes]:
    name = f"Copy{uuid.uuid4().hex[:8]}"
    made = await create_all_types(session, name, tenants=TENANTS)
    yield made
    for collection in made.collections:
        await session.client.collections.delete(collection)


async def _drop(session: ExplorerSession, *names: str) -> None:
    for name in names:
        await session.client.collections.delete(name)


async def test_a_collection_of_every_type_with_two_tenants_is_copied_identically(
    session: ExplorerSession,
    second_session: ExplorerSession,
    every_type: AllTypes,
    tmp_path: Path,
) -> None:
    made = every_type
    try:
        # The reference targets first: the main collection's references need them there.
        for target in (made.target_a, made.target_b):
            request = CopyRequest(target, failed_path=tmp_path / f"{target}.failed.jsonl")
            plan = await plan_copy(session, second_session, request)
            assert plan.create and plan.tenants == TENANTS and plan.new_tenants == TENANTS
            await run_copy(session, second_session, plan)
        updates: list[CopyProgress] = []
        request = CopyRequest(
            made.name, with_vectors=True, failed_path=tmp_path / "main.failed.jsonl"
        )
        plan = await plan_copy(session, second_session, request)
        assert plan.create and plan.total == len(made.objects)
        report = await run_copy(session, second_session, plan, updates.append)
        assert (report.read, report.copied, report.failed) == (len(made.objects),) * 2 + (0,)
        assert report.failed_path is None and not request.failed_path.exists()  # type: ignore[union-attr]
        assert report.references_added > 0 and report.references_failed == 0
        assert updates and updates[-1].done == plan.total and updates[-1].rate > 0
        for tenant in TENANTS:
            source = await stored_objects(session, made.name, tenant)
            copied = await stored_objects(second_session, made.name, tenant)
            assert len(source) == len(made.objects_of(tenant))
            assert copied == source  # same uuids, properties, vectors and references

        # Again, into the existing target: compatible, converges, nothing duplicated.
        again = await plan_copy(session, second_session, request)
        assert not again.create and again.new_tenants == ()
        assert "exists there and is compatible" in "\n".join(again.describe())
        await run_copy(session, second_session, again)
        for tenant in TENANTS:
            assert await stored_objects(second_session, made.name, tenant) == await stored_objects(
                session, made.name, tenant
            )
            assert await second_session.count(made.name, tenant=tenant) == len(
                made.objects_of(tenant)
            )

        # One tenant, a filter and a new name: only the matching objects of t2.
        renamed = f"{made.name}Copy"
        subset = CopyRequest(
            made.name,
            target_name=renamed,
            where="count >= 5",
            tenants="t2",
            with_vectors=True,
            failed_path=tmp_path / "subset.failed.jsonl",
        )
        plan = await plan_copy(session, second_session, subset)
        expected = {o.uuid for o in made.objects_of("t2") if (o.properties.get("count") or 0) >= 5}
        assert plan.tenants == ("t2",) and plan.total == len(expected) > 0
        await run_copy(session, second_session, plan)
        copied = await stored_objects(second_session, renamed, "t2")
        source = await stored_objects(session, made.name, "t2")
        assert set(copied) == expected
        for uuid_, obj in copied.items():
            assert obj.properties == source[uuid_].properties
            assert obj.vectors == source[uuid_].vectors
    finally:
        await _drop(second_session, f"{made.name}Copy", made.name, made.target_a, made.target_b)


async def test_an_incompatible_target_is_refused_before_anything_is_written(
    session: ExplorerSession, second_session: ExplorerSession, every_type: AllTypes
) -> None:
    made = every_type
    try:
        await second_session.client.collections.create_from_dict(
            {
                "class": made.target_a,
                "properties": [{"name": "label", "dataType": ["int"]}],
                "multiTenancyConfig": {"enabled": True},
            }
        )
        with pytest.raises(CopyRefused) as caught:
            await plan_copy(session, second_session, CopyRequest(made.target_a))
        assert "another type for label" in caught.value.message
        # The main collection's reference targets are not all there: refused, and said why.
        with pytest.raises(CopyRefused) as missing:
            await plan_copy(session, second_session, CopyRequest(made.name))
        assert made.target_b in missing.value.message
        assert not await second_session.client.collections.use(made.target_a).tenants.get()
        assert made.name not in await second_session.client.collections.list_all(simple=True)
    finally:
        await _drop(second_session, made.target_a)


async def test_a_read_only_target_is_refused_before_anything_is_sent(
    session: ExplorerSession, second_options: ConnectionOptions, every_type: AllTypes
) -> None:
    from dataclasses import replace

    async with ExplorerSession(replace(second_options, read_only=True)) as read_only:
        with pytest.raises(ReadOnlyRefused):
            await plan_copy(session, read_only, CopyRequest(every_type.target_a))
        assert every_type.target_a not in await read_only.client.collections.list_all(simple=True)


def _json(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]
