"""``code --import`` for real: the generated script, run with the project's Python on each export
format of the every-shape collection (two tenants, dangling references added), gives the same
objects as the explorer's own import: properties of every type, named and multi-vectors, single,
multi-target and self references (dangling ones too), uuids."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.codegen.files import import_code
from explorer.core.codegen.script import Variant
from explorer.core.transfer.exporter import ExportRequest, export_objects
from explorer.core.transfer.importer import ImportRequest, import_file
from tests.integration.all_types import (
    MULTI_REFERENCE,
    SELF_REFERENCE,
    SINGLE_REFERENCE,
    AllTypes,
    create_all_types,
    create_all_types_collection,
    stored_objects,
)
from tests.integration.dangling import add_dangling, missing_uuid, raw_references
from tests.integration.test_codegen_runs import run_script

TENANTS = ("t1", "t2")
#: (tenant, the script variant run for it): the plain collection, then each tenant.
RUNS: tuple[tuple[str | None, Variant], ...] = ((None, "async"), ("t1", "sync"), ("t2", "async"))
REFERENCES = [SINGLE_REFERENCE, MULTI_REFERENCE, SELF_REFERENCE]


@pytest.fixture(scope="module")
async def shapes(session: ExplorerSession) -> AsyncIterator[dict[str | None, AllTypes]]:
    """The every-shape collection (with dangling references added: a multi-tenant collection
    refuses them, even in a batch) and its multi-tenant twin, by tenant."""
    name = f"TCodeImport{uuid.uuid4().hex[:8]}"
    plain = await create_all_types(session, name)
    first, second = (o.uuid for o in plain.objects[:2])
    await add_dangling(
        session,
        name,
        [
            (first, SINGLE_REFERENCE, missing_uuid("a"), None),
            (second, MULTI_REFERENCE, missing_uuid("b"), plain.target_b),
            (second, SELF_REFERENCE, missing_uuid("self"), None),
        ],
    )
    tenanted = await create_all_types(session, f"{name}Mt", tenants=TENANTS)
    yield {None: plain, "t1": tenanted, "t2": tenanted}
    for made in (plain, tenanted):
        for collection in made.collections:
            await session.client.collections.delete(collection)


def in_copy(references: dict[str, dict[str, list[str]]], copy: str) -> Any:
    """References with the copy's own name (self references) written as ``SELF``."""
    return {
        uuid: {
            name: [t.replace(f"{copy}/", "SELF/") for t in targets]
            for name, targets in by_name.items()
        }
        for uuid, by_name in references.items()
    }


@pytest.mark.parametrize("extension", ["json", "jsonl", "csv"])
async def test_generated_import_script_matches_the_explorers_import(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    shapes: dict[str | None, AllTypes],
    tmp_path: Path,
    extension: str,
) -> None:
    copies = []
    try:
        for tenant, variant in RUNS:
            made = shapes[tenant]
            tenants = TENANTS if tenant else ()
            by_explorer, by_script = f"{made.name}Exp{extension}", f"{made.name}Gen{extension}"
            if by_explorer not in copies:
                copies += [by_explorer, by_script]
                for copy in (by_explorer, by_script):
                    await create_all_types_collection(
                        session, copy, made.target_a, made.target_b, tenants
                    )
            path = tmp_path / f"{tenant}.{extension}"
            await export_objects(
                session, ExportRequest(made.name, path, tenant=tenant, with_vectors=True)
            )
            report = await import_file(session, ImportRequest(path, by_explorer, tenant=tenant))
            assert report.failed == 0 and report.references_failed == 0
            source = import_code(path, by_script, server_options, variant=variant, tenant=tenant)
            printed = await run_script(source, tmp_path, variant)
            assert printed == {
                "inserted": report.imported,
                "failed": 0,
                "references_added": report.references_added,
                "references_failed": 0,
            }

            expected = await stored_objects(session, by_explorer, tenant)
            found = await stored_objects(session, by_script, tenant)
            assert len(found) == len(expected) == len(made.objects_of(tenant))
            for object_uuid, stored in expected.items():
                assert found[object_uuid].properties == stored.properties, object_uuid
                assert found[object_uuid].vectors == stored.vectors, object_uuid

            refs = {
                collection: in_copy(
                    await raw_references(server_options.url, collection, REFERENCES, tenant),
                    collection,
                )
                for collection in (by_explorer, by_script, made.name)
            }
            assert refs[by_script] == refs[by_explorer]
            assert refs[by_explorer] == refs[made.name]  # dangling ones included
    finally:
        for copy in copies:
            await session.client.collections.delete(copy)
