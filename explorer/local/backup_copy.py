"""Restore one collection of a backup into a NEW collection name.

Weaviate v1.38 cannot rename on restore (its restore request has no such field, and it fails
when a collection of the same name exists). So this restores the backup, for real, onto a
scratch local Weaviate server that gets a copy of the backup's files, and then copies the
collection (config, objects with their uuids and vectors over gRPC, then references, read as
unresolved beacons over REST since their targets are not on the scratch server) into the new
name on the live server in batches. Multi-tenant collections are refused. It works only for a
filesystem backup whose directory is readable from this machine (the explorer and the server
share a disk: embedded or local servers).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import tempfile
import time
from collections.abc import AsyncGenerator, AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.core.admin.backups import (
    POLL_SECONDS,
    BackupProgress,
    backup_status,
    failure,
    find_backup,
)
from explorer.core.base.asyncio_http import async_http_client
from explorer.core.base.errors import ExplorerError, translate_error

if TYPE_CHECKING:
    from weaviate import WeaviateAsyncClient

    from explorer.core.client.session import ExplorerSession
    from explorer.local.server import LocalServer

#: Objects sent to the live server per insert_many batch.
BATCH_SIZE = 200


async def restore_as_new(
    session: ExplorerSession,
    backup_id: str,
    collection: str,
    new_name: str,
    *,
    interval: float = POLL_SECONDS,
) -> AsyncGenerator[BackupProgress, None]:
    """Yield progress while ``collection`` of ``backup_id`` becomes ``new_name``; SUCCESS last."""
    await session.approve(f"restore {collection} of backup {backup_id} as {new_name}")
    _check_name(new_name)
    info = await find_backup(session, backup_id)
    if info.status != "SUCCESS":
        raise ExplorerError(
            "Backup not restorable",
            f"backup {backup_id!r} is {info.status}; only a successful backup can be restored",
        )
    source = next((c for c in info.collections if c.lower() == collection.lower()), None)
    if source is None:
        raise ExplorerError(
            "Not in the backup",
            f"backup {backup_id!r} has no collection {collection!r}; it has "
            f"{', '.join(info.collections) or 'none'}",
        )
    async with session.call():
        exists = await session.client.collections.exists(new_name)
    if exists:
        raise ExplorerError(
            "Collection already exists", f"{new_name} exists: choose a new name, or drop it first"
        )
    status = await backup_status(session, backup_id)
    backup_dir = Path(status.path)
    if not await asyncio.to_thread(lambda: (backup_dir / "backup_config.json").is_file()):
        raise ExplorerError(
            "Backup files not on this machine",
            f"restoring into a new name needs the backup's files, which the server keeps at "
            f"{status.path}, and that directory is not readable here. Weaviate cannot rename on "
            "restore; run the explorer on the server's machine, or drop the collection and "
            "restore it under its own name",
        )

    clock = time.monotonic()

    def progress(state: str, detail: str, error: str | None = None) -> BackupProgress:
        return BackupProgress(
            backup_id=backup_id,
            operation="restore",
            status=state,
            elapsed=time.monotonic() - clock,
            collections=(new_name,),
            error=error,
            path=status.path,
            detail=detail,
        )

    yield progress("STARTED", "starting a scratch server to restore onto")
    scratch_dir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="explorer-restore-"))
    server: LocalServer | None = None
    client: WeaviateAsyncClient | None = None
    try:
        await asyncio.to_thread(shutil.copytree, backup_dir, scratch_dir / "backups" / backup_id)
        server = await _start_scratch(scratch_dir)
        client = await _connect(server)
        yield progress("TRANSFERRING", f"restoring {source} on the scratch server")
        await _restore_on_scratch(client, backup_id, source, interval)
        copy = _CollectionCopy(session, client, server.url, source, new_name)
        await copy.read_source()
        await copy.create_target()
        try:
            async for copied, total in copy.copy_objects():
                yield progress("TRANSFERRING", f"copied {copied:,} of {total:,} objects")
            if copy.reference_names:
                async for linked in copy.copy_references():
                    yield progress("TRANSFERRING", f"copied the references of {linked:,} objects")
        except BaseException:
            # Nothing half-written: a copy that did not finish takes its new collection with it.
            with contextlib.suppress(Exception):
                async with session.call():
                    await asyncio.shield(session.client.collections.delete(new_name))
            raise
        finally:
            session.forget_config(new_name)
        yield progress("SUCCESS", f"restored {source} as {new_name}")
    finally:
        with contextlib.suppress(Exception):
            if client is not None:
                await asyncio.shield(client.close())
        if server is not None:
            await asyncio.shield(server.stop())
        await asyncio.to_thread(shutil.rmtree, scratch_dir, True)


def _check_name(name: str) -> None:
    if not re.fullmatch(r"[A-Z][_0-9A-Za-z]{0,254}", name):
        raise ExplorerError(
            "Invalid collection name",
            f"{name!r} is not a collection name: start with a capital letter, then letters, "
            "digits or _",
        )


async def _start_scratch(data_dir: Path) -> LocalServer:
    from explorer.local.binary import find_server_binary
    from explorer.local.server import LocalServer

    binary = await asyncio.to_thread(find_server_binary, lambda _line: None)
    server = LocalServer(binary, data_dir)
    await server.start()
    return server


async def _connect(server: LocalServer) -> WeaviateAsyncClient:
    import weaviate

    client = weaviate.use_async_with_local(
        host="127.0.0.1",
        port=server.ports.http if server.ports else 0,
        grpc_port=server.grpc_port,
        skip_init_checks=True,
    )
    try:
        await client.connect()
    except Exception as exc:
        await client.close()
        raise translate_error(exc, server="the scratch server") from exc
    return client


async def _restore_on_scratch(
    client: WeaviateAsyncClient, backup_id: str, collection: str, interval: float
) -> None:
    from weaviate.backup.backup import BackupStorage

    storage = BackupStorage.FILESYSTEM
    try:
        await client.backup.restore(backup_id, storage, include_collections=[collection])
        while True:
            status = await client.backup.get_restore_status(backup_id, storage)
            state = str(status.status.value)
            if state == "SUCCESS":
                return
            if state in ("FAILED", "CANCELED"):
                raise failure(BackupProgress(backup_id, "restore", state, 0.0, error=status.error))
            await asyncio.sleep(interval)
    except ExplorerError:
        raise
    except Exception as exc:
        raise translate_error(exc, server="the scratch server") from exc


class _CollectionCopy:
    """Copies one collection from the scratch server into a new name on the live server."""

    def __init__(
        self,
        session: ExplorerSession,
        scratch: WeaviateAsyncClient,
        scratch_url: str,
        source: str,
        new_name: str,
    ) -> None:
        self.session = session
        self.scratch_url = scratch_url
        self.source = scratch.collections.use(source)
        self.source_name = source
        self.new_name = new_name
        self.config: Any = None
        self.total = 0
        #: Reference property -> its target collections.
        self.reference_names: dict[str, tuple[str, ...]] = {}

    async def read_source(self) -> None:
        try:
            self.config = await self.source.config.get()
            result = await self.source.aggregate.over_all(total_count=True)
        except Exception as exc:
            raise translate_error(exc, server="the scratch server") from exc
        self.total = int(result.total_count or 0)
        self.reference_names = {
            ref.name: tuple(ref.target_collections) for ref in self.config.references
        }
        if self.config.multi_tenancy_config.enabled:
            raise ExplorerError(
                "Multi-tenant collection",
                f"{self.source_name} is multi-tenant; restoring it into a new name is not "
                f"supported. Drop {self.source_name} and restore it under its own name",
            )

    async def create_target(self) -> None:
        """The new collection with the source's config: properties, vectors, modules."""
        definition = self.config.to_dict()
        definition["class"] = self.new_name
        async with self.session.call():
            await self.session.client.collections.create_from_dict(definition)

    async def copy_objects(self) -> AsyncIterator[tuple[int, int]]:
        """Yield (copied, total) after each batch; uuids, vectors and references are kept."""
        from weaviate.classes.data import DataObject

        named_vectors = self.config.vector_config is not None
        target = self.session.client.collections.use(self.new_name)
        copied = 0
        batch: list[Any] = []
        # References come later from REST: gRPC would resolve them, and their targets are
        # not on the scratch server.
        objects: Any = self.source.iterator(include_vector=True)
        while True:
            try:
                obj = await anext(objects)
            except StopAsyncIteration:
                break
            except Exception as exc:
                raise translate_error(exc, server="the scratch server") from exc
            vector: Any = dict(obj.vector) if named_vectors else obj.vector.get("default")
            batch.append(DataObject(properties=obj.properties, uuid=obj.uuid, vector=vector))
            if len(batch) >= BATCH_SIZE:
                copied += await self._insert(target, batch)
                yield copied, self.total
        if batch:
            copied += await self._insert(target, batch)
        yield copied, self.total

    async def copy_references(self) -> AsyncIterator[int]:
        """Read the references as beacons (REST lists them unresolved) and add them in batches."""
        import httpx
        from weaviate.classes.data import DataReference

        target = self.session.client.collections.use(self.new_name)
        linked = 0
        after: str | None = None
        async with async_http_client(
            self.scratch_url, base_url=self.scratch_url, timeout=60
        ) as http:
            while True:
                params = {"class": self.source_name, "limit": str(BATCH_SIZE)}
                if after is not None:
                    params["after"] = after
                try:
                    response = await http.get("/v1/objects", params=params)
                    response.raise_for_status()
                except httpx.HTTPError as exc:
                    raise translate_error(exc, server="the scratch server") from exc
                objects = response.json().get("objects") or []
                if not objects:
                    return
                references: list[Any] = []
                for obj in objects:
                    properties = obj.get("properties") or {}
                    for name, targets in self.reference_names.items():
                        for beacon in properties.get(name) or []:
                            parts = str(beacon.get("beacon", "")).split("/")
                            to_uuid, to_class = parts[-1], parts[-2] if len(parts) > 4 else ""
                            if len(targets) > 1 and to_class:
                                references.append(
                                    DataReference.MultiTarget(
                                        from_property=name,
                                        from_uuid=obj["id"],
                                        to_uuid=to_uuid,
                                        target_collection=to_class,
                                    )
                                )
                            else:
                                references.append(
                                    DataReference(
                                        from_property=name, from_uuid=obj["id"], to_uuid=to_uuid
                                    )
                                )
                if references:
                    async with self.session.call():
                        result = await target.data.reference_add_many(references)
                    if result.has_errors:
                        first = next(iter(result.errors.values()))
                        raise ExplorerError(
                            "Copy failed",
                            f"{len(result.errors)} references did not land in {self.new_name} "
                            f"(first: {first.message})",
                        )
                linked += len(objects)
                after = objects[-1]["id"]
                yield linked

    async def _insert(self, target: Any, batch: list[Any]) -> int:
        async with self.session.call():
            result = await target.data.insert_many(batch)
        if result.has_errors:
            first = next(iter(result.errors.values()))
            raise ExplorerError(
                "Copy failed",
                f"{len(result.errors)} objects did not land in {self.new_name} "
                f"(first: {first.message})",
            )
        count = len(batch)
        batch.clear()
        return count
