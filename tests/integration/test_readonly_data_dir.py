"""A data dir the server cannot write: at start-up, and turned read-only under a running server.

The server runs without the capabilities that let root ignore file modes (tests/readonly_dirs.py),
so a read-only data dir really stops its writes.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.connection import ConnectionOptions
from explorer.core.errors import ServerStartError
from explorer.core.session import ExplorerSession
from explorer.core.transfer.importer import ImportRequest, import_file
from explorer.local.server import LocalServer
from tests.big_import import create_target, stored_contents, write_rows
from tests.readonly_dirs import obeying_file_modes, set_writable
from tests.repl.harness import ReplHarness, run_cli


async def test_a_read_only_data_dir_at_start_names_the_path_that_is_not_writable(
    server_binary: Path, tmp_path: Path
) -> None:
    launcher = obeying_file_modes(server_binary, tmp_path)
    data_dir = tmp_path / "locked"
    (data_dir / "backups").mkdir(parents=True)
    set_writable(data_dir, False)

    server = LocalServer(launcher, data_dir)
    with pytest.raises(ServerStartError) as caught:
        await server.start(timeout=60)
    assert caught.value.title == "Data dir not writable"
    assert f"cannot write to {data_dir / 'data'}" in caught.value.message
    assert "permission denied" in caught.value.message and "--data-dir" in caught.value.message

    # `--embedded` says the same, in two lines and without a traceback.
    done = await run_cli(
        "repl",
        "--embedded",
        "--data-dir",
        str(data_dir),
        "-c",
        "collections",
        env={"WEAVIATE_SERVER_BINARY": str(launcher)},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Error: Data dir not writable" in done.stderr
    assert f"cannot write to {data_dir / 'data'}" in done.stderr


@pytest.fixture
async def obeying_server(server_binary: Path, tmp_path: Path) -> AsyncIterator[LocalServer]:
    server = LocalServer(obeying_file_modes(server_binary, tmp_path), tmp_path / "server")
    await server.start()
    yield server
    set_writable(server.data_dir, True)
    await server.stop()


async def test_a_data_dir_turned_read_only_fails_writes_with_the_servers_words(
    obeying_server: LocalServer, tmp_path: Path
) -> None:
    options = ConnectionOptions(url=obeying_server.url, grpc_port=obeying_server.grpc_port)
    rows = write_rows(tmp_path / "more.jsonl", 50)
    async with ExplorerSession(options) as session:
        await create_target(session, "Locked")
        await session.collection("Locked").data.insert({"n": -1, "label": "before", "group": 0})
        set_writable(obeying_server.data_dir / "data", False)
        before = await stored_contents(session, "Locked")
        repl = ReplHarness(session)
        assert (await repl.run("use Locked")).ok

        inserted = await repl.run("""insert '{"n": 7, "label": "refused", "group": 1}'""")
        print("INSERT", inserted)
        after_insert = await stored_contents(session, "Locked")
        print("AFTER INSERT", len(before), len(after_insert))

        imported = await repl.run(f"import {tmp_path / 'more.jsonl'}")
        print("IMPORT", imported)
        after_import = await stored_contents(session, "Locked")
        print("AFTER IMPORT", len(after_import))
        failed = tmp_path / "more.jsonl.failed.jsonl"
        if failed.exists():
            print(failed.read_text()[:1000])
        counted = await repl.run("count")
        print("COUNT", counted)
        try:
            report = await import_file(session, ImportRequest(tmp_path / "more.jsonl", "Locked"))
            print("REPORT", report.summary())
        except Exception as exc:
            print("EXC", type(exc), exc)
        assert rows and json
