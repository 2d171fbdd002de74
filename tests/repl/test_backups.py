"""The backup commands of the REPL against the real server's filesystem backend."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from tests.repl.harness import ReplHarness


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    yield harness
    await harness.context.schema.close()


def new_backup_id() -> str:
    return f"repl-{uuid.uuid4().hex[:12]}"


async def test_create_wait_list_status_and_restore_as_new(
    repl: ReplHarness,
    session: ExplorerSession,
    books,
    cleanup_collections: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, data = books
    backup_id = new_backup_id()
    created = await repl.json(f"backup create {backup_id} --collections {name} --wait")
    assert created["status"] == "SUCCESS" and created["collections"] == [name]
    progress = capsys.readouterr().err.splitlines()
    assert progress[0].startswith(f"backup {backup_id}: STARTED")
    assert progress[-1].startswith(f"backup {backup_id}: SUCCESS")

    listed = {b["id"]: b for b in await repl.json("backups")}
    assert listed[backup_id]["status"] == "SUCCESS"
    assert listed[backup_id]["collections"] == [name]
    table = (await repl.run("backups")).out
    assert backup_id in table and "SUCCESS" in table

    status = await repl.json(f"backup status {backup_id}")
    assert status["status"] == "SUCCESS" and status["path"].endswith(backup_id)
    assert status["collections"] == [name]  # issue 15 item 17: the row was empty
    status_table = (await repl.run(f"backup status {backup_id}")).out
    assert any(line.split()[:2] == ["collections", name] for line in status_table.splitlines())

    new_name = f"{name}Repl"
    cleanup_collections.append(new_name)
    restored = await repl.json(f"backup restore {backup_id} --collections {name} --as {new_name}")
    assert restored["status"] == "SUCCESS" and restored["collections"] == [new_name]
    steps = capsys.readouterr().err
    assert f"copied {len(data)} of {len(data)} objects" in steps
    handle = session.client.collections.use(new_name)
    assert (await handle.aggregate.over_all(total_count=True)).total_count == len(data)
    copied = {str(o.uuid): o.properties["title"] async for o in handle.iterator()}
    assert copied == {b.uuid: b.properties["title"] for b in data}


async def test_errors_are_one_clear_line(repl: ReplHarness, books) -> None:
    name, _ = books
    bad = await repl.run(f"backup create Nightly! --collections {name}")
    assert not bad.ok and "Invalid backup id" in bad.err and "lowercase letters" in bad.err

    backup_id = new_backup_id()
    assert (await repl.run(f"backup create {backup_id} --collections {name} --wait")).ok
    clash = await repl.run(f"backup restore {backup_id}")
    assert not clash.ok
    assert "Collection already exists" in clash.err
    assert f"drop {name} first, or restore into a new name (--as NEWNAME" in clash.err

    missing = await repl.run(f"backup restore {new_backup_id()}")
    assert not missing.ok and "Unknown backup" in missing.err
    unknown_status = await repl.run(f"backup status {new_backup_id()} --restore")
    assert not unknown_status.ok and "Unknown backup" in unknown_status.err
    action = await repl.run(f"backup delete {backup_id}")
    assert not action.ok and "choose create, status or restore" in action.err
    wrong_flag = await repl.run(f"backup status {backup_id} --as Other")
    assert not wrong_flag.ok and "backup status does not take --as" in wrong_flag.err
    two = await repl.run(f"backup restore {backup_id} --as Other")
    assert not two.ok and "--as restores one collection" in two.err


async def test_read_only_refuses_before_sending(
    server_options: ConnectionOptions, books, capsys: pytest.CaptureFixture[str]
) -> None:
    name, _ = books
    async with ExplorerSession(replace(server_options, read_only=True)) as read_only:
        repl = ReplHarness(read_only)
        backup_id = new_backup_id()
        refused = await repl.run(f"backup create {backup_id} --collections {name} --wait")
        assert not refused.ok and "Read-only connection" in refused.err
        assert f"refused to create backup {backup_id}" in refused.err
        assert capsys.readouterr().err == ""  # no progress: nothing was started
        listed = await repl.json("backups")  # reading still works
        assert backup_id not in {b["id"] for b in listed}
        await repl.context.schema.close()
