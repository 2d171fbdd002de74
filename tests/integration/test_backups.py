"""Backups against the real server's filesystem backend: create, follow, list, restore."""

from __future__ import annotations

import asyncio
import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest

from explorer.core.admin.backups import (
    BackupProgress,
    backup_status,
    create_backup,
    follow,
    list_backups,
    restore_backup,
)
from explorer.core.base.errors import ExplorerError, ReadOnlyRefused
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.backup_copy import restore_as_new
from explorer.local.server import LocalServer


def scratch_directories() -> set[Path]:
    """The scratch servers' data dirs that restore-as-new left in the temp dir."""
    return set(Path(tempfile.gettempdir()).glob("explorer-restore-*"))


@pytest.fixture
def own_temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temp dir of this test alone: the other workers' restores make their scratch dirs in
    the shared one (a fresh-clone run saw another worker's dir appear during this test)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def new_backup_id() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


async def snapshot(session: ExplorerSession, name: str) -> dict[str, tuple[Any, Any]]:
    """Every object of a collection: uuid -> (properties, vectors)."""
    handle = session.client.collections.use(name)
    return {
        str(o.uuid): (o.properties, {k: list(v) for k, v in o.vector.items()})
        async for o in handle.iterator(include_vector=True)
    }


async def backed_up(session: ExplorerSession, name: str) -> tuple[str, list[BackupProgress]]:
    backup_id = new_backup_id()
    started = await create_backup(session, backup_id, include=[name])
    events = [event async for event in follow(session, started, interval=0.05)]
    return backup_id, events


async def test_create_follow_list_and_restore_into_a_new_name(
    session: ExplorerSession, books, cleanup_collections: list[str]
) -> None:
    name, data = books
    backup_id, events = await backed_up(session, name)
    assert events[0].status == "STARTED" and events[0].collections == (name,)
    assert not events[0].done
    assert events[-1].status == "SUCCESS" and events[-1].done
    assert [e.elapsed for e in events] == sorted(e.elapsed for e in events)

    listed = {b.backup_id: b for b in await list_backups(session)}
    assert listed[backup_id].status == "SUCCESS"
    assert listed[backup_id].collections == (name,)
    assert listed[backup_id].started is not None and listed[backup_id].completed is not None

    new_name = f"{name}Copy"
    cleanup_collections.append(new_name)
    steps = [p async for p in restore_as_new(session, backup_id, name, new_name, interval=0.05)]
    assert steps[0].status == "STARTED" and steps[-1].status == "SUCCESS"
    assert any(s.status == "TRANSFERRING" for s in steps)
    assert f"copied {len(data)} of {len(data)} objects" in [s.detail for s in steps]

    original, copy = await snapshot(session, name), await snapshot(session, new_name)
    assert len(copy) == len(data)
    assert copy == original
    config = await session.client.collections.use(new_name).config.get()
    assert [p.name for p in config.properties] == [
        p.name for p in (await session.client.collections.use(name).config.get()).properties
    ]


async def test_restore_under_the_original_name_after_a_drop(
    session: ExplorerSession, books, cleanup_collections: list[str]
) -> None:
    name, _data = books
    before = await snapshot(session, name)
    backup_id, _ = await backed_up(session, name)

    with pytest.raises(ExplorerError) as clash:
        await restore_backup(session, backup_id, include=[name])
    assert clash.value.title == "Collection already exists"
    assert f"drop {name} first, or restore into a new name" in clash.value.message

    await session.client.collections.delete(name)
    started = await restore_backup(session, backup_id)
    assert started.collections == (name,)
    events = [e async for e in follow(session, started, interval=0.05)]
    assert events[-1].status == "SUCCESS"
    assert await snapshot(session, name) == before


async def test_bad_ids_unknown_backups_and_unknown_collections(
    session: ExplorerSession, books
) -> None:
    name, _ = books
    with pytest.raises(ExplorerError, match="lowercase letters, digits") as invalid:
        await create_backup(session, "Bad Id!", include=[name])
    assert invalid.value.title == "Invalid backup id"

    missing = new_backup_id()
    with pytest.raises(ExplorerError) as unknown:
        await restore_backup(session, missing)
    assert unknown.value.title == "Unknown backup" and missing in unknown.value.message
    with pytest.raises(ExplorerError, match="Unknown backup"):
        [p async for p in restore_as_new(session, missing, name, f"{name}X")]

    with pytest.raises(ExplorerError) as backend:
        await create_backup(session, new_backup_id(), include=[name], backend="s3")
    assert backend.value.title == "Backup backend not available"

    backup_id, _ = await backed_up(session, name)
    with pytest.raises(ExplorerError) as taken:
        await create_backup(session, backup_id, include=[name])
    assert taken.value.title == "Backup id taken"
    with pytest.raises(ExplorerError, match="has no collection 'Nope'"):
        await restore_backup(session, backup_id, include=["Nope"])
    with pytest.raises(ExplorerError, match=f"{name} exists: choose a new name"):
        [p async for p in restore_as_new(session, backup_id, name, name)]


async def test_read_only_refuses_every_backup_mutation_before_sending(
    server_options: ConnectionOptions, books
) -> None:
    from dataclasses import replace

    name, _ = books
    async with ExplorerSession(replace(server_options, read_only=True)) as read_only:
        before = read_only.last_latency_ms
        read_only.last_latency_ms = None
        backup_id = new_backup_id()
        with pytest.raises(ReadOnlyRefused, match=f"create backup {backup_id}"):
            await create_backup(read_only, backup_id, include=[name])
        with pytest.raises(ReadOnlyRefused, match="restore backup"):
            await restore_backup(read_only, backup_id)
        with pytest.raises(ReadOnlyRefused, match="restore"):
            [p async for p in restore_as_new(read_only, backup_id, name, f"{name}New")]
        assert read_only.calls_in_flight == 0 and read_only.last_latency_ms is None
        assert before is not None  # the session did connect
        assert backup_id not in {b.backup_id for b in await list_backups(read_only)}


async def test_cancelling_the_follower_cancels_the_backup_on_the_server(
    session: ExplorerSession, books, weaviate_server: LocalServer
) -> None:
    name, _ = books
    backup_id = new_backup_id()
    started = await create_backup(session, backup_id, include=[name])
    events = follow(session, started, interval=0.05)
    assert (await anext(events)).status == "STARTED"
    waiting = asyncio.ensure_future(anext(events))
    await asyncio.sleep(0)  # the follower is now waiting for its next poll
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting

    log = weaviate_server.log_path.read_text()
    cancels = [
        json.loads(line)
        for line in log.splitlines()
        if '"cancel_backup"' in line and backup_id in line
    ]
    assert cancels and cancels[0]["level"] == "info"  # the server took the cancel request
    final = await backup_status(session, backup_id)
    while not final.done:
        final = await backup_status(session, backup_id)
    # A one-node backup of a small collection may be past the point of no return already.
    assert final.status in ("CANCELED", "SUCCESS")


async def test_a_stopped_restore_as_new_leaves_nothing_behind(
    session: ExplorerSession, books, own_temp_dir: Path
) -> None:
    name, data = books
    backup_id, _ = await backed_up(session, name)
    scratch_dirs = scratch_directories()
    new_name = f"{name}Stopped"
    steps = restore_as_new(session, backup_id, name, new_name, interval=0.05)
    async for step in steps:
        if step.detail.startswith("copied"):
            assert step.detail == f"copied {len(data)} of {len(data)} objects"
            assert await session.client.collections.exists(new_name)
            assert scratch_directories() - scratch_dirs  # the scratch server's, in this test's dir
            break
    await steps.aclose()  # what Esc or Ctrl-C does to the running restore
    assert not await session.client.collections.exists(new_name)
    assert scratch_directories() <= scratch_dirs


@pytest.mark.filterwarnings("ignore:Dep024")  # the legacy vectorizer_config is the point here
async def test_restore_as_new_keeps_references_and_a_legacy_unnamed_vector(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from weaviate.classes.config import Configure, DataType, Property, ReferenceProperty
    from weaviate.classes.data import DataObject

    client = session.client
    authors, notes = f"{collection_name}Authors", f"{collection_name}Notes"
    cleanup_collections.extend([f"{notes}Copy", notes, authors])
    await client.collections.create(
        authors, properties=[Property(name="n", data_type=DataType.TEXT)]
    )
    author_ids = [str(uuid.uuid4()) for _ in range(3)]
    await client.collections.use(authors).data.insert_many(
        [DataObject(properties={"n": f"a{i}"}, uuid=u) for i, u in enumerate(author_ids)]
    )
    await client.collections.create(
        notes,
        properties=[Property(name="body", data_type=DataType.TEXT)],
        references=[ReferenceProperty(name="by", target_collection=authors)],
        vectorizer_config=Configure.Vectorizer.none(),
    )
    await client.collections.use(notes).data.insert_many(
        [
            DataObject(
                properties={"body": f"note {i}"},
                vector=[float(i), 0.5, -1.0],
                references={"by": author_ids[: i % 3 + 1]},
            )
            for i in range(7)
        ]
    )
    backup_id, _ = await backed_up(session, notes)
    steps = [p async for p in restore_as_new(session, backup_id, notes, f"{notes}Copy")]
    assert steps[-1].status == "SUCCESS"

    async def read(name: str) -> dict[str, tuple[Any, Any, list[str]]]:
        from weaviate.classes.query import QueryReference

        handle = client.collections.use(name)
        out = {}
        async for o in handle.iterator(
            include_vector=True, return_references=[QueryReference(link_on="by")]
        ):
            refs = sorted(str(r.uuid) for r in o.references["by"].objects)
            out[str(o.uuid)] = (o.properties, list(o.vector["default"]), refs)
        return out

    original, copy = await read(notes), await read(f"{notes}Copy")
    assert len(copy) == 7 and copy == original
