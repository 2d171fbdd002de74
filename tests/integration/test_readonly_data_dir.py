"""A data dir the server cannot write: at start-up, and turned read-only under a running server.

The server runs without the capabilities that let root ignore file modes (tests/readonly_dirs.py),
so a read-only data dir really stops its writes.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.widgets import Input

from explorer.core.base.errors import ServerStartError
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.importer import ImportRequest, import_file
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.screens.import_screen import ImportScreen
from tests.big_import import create_target, expected_contents, stored_contents, write_rows
from tests.readonly_dirs import obeying_file_modes, set_writable
from tests.repl.harness import ReplHarness, run_cli
from tests.tui.helpers import static_text, wait_for_collection, wait_until

#: Fault cases (servers killed, restarted or made read-only): `make test-slow` runs them.
pytestmark = pytest.mark.slow


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
    server_data = obeying_server.data_dir / "data"
    repl_rows = write_rows(tmp_path / "more.jsonl", 50)
    tui_path = tmp_path / "screen.jsonl"
    tui_path.write_text(
        "".join(
            json.dumps({"n": 1000 + i, "label": f"screen {i}", "group": 3}) + "\n"
            for i in range(20)
        )
    )
    async with ExplorerSession(options) as session:
        await create_target(session, "Locked")
        await session.collection("Locked").data.insert({"n": -1, "label": "before", "group": 0})
        before = await stored_contents(session, "Locked")
        set_writable(server_data, False)

        repl = ReplHarness(session)
        assert (await repl.run("use Locked")).ok
        inserted = await repl.run("""insert '{"n": 7, "label": "refused", "group": 1}'""")
        inserted.err = " ".join(inserted.err.split())
        assert not inserted.ok and "Traceback" not in inserted.err
        assert "Error: Weaviate cannot write its data:" in inserted.err
        assert f"open {server_data}/" in inserted.err and "permission denied" in inserted.err
        assert "Make the server's data dir writable" in inserted.err

        imported = await repl.run(f"import {tmp_path / 'more.jsonl'}")
        assert imported.ok and "Traceback" not in imported.err
        said = " ".join(imported.out.split())  # the console wraps long lines
        assert "read 50 rows: 0 imported + 50 failed (reconciled)" in said
        assert "the server could not write to its data dir" in said
        assert "run the same import again" in said
        failed = [
            json.loads(line)
            for line in (tmp_path / "more.jsonl.failed.jsonl").read_text().splitlines()
        ]
        assert len(failed) == 50 and all("permission denied" in f["error"] for f in failed)
        assert (await repl.run("count")).ok  # the session goes on

        app = ExplorerApp(LaunchPlan(options), page_size=5)
        async with app.run_test(size=(140, 45)) as pilot:
            await wait_for_collection(pilot, "Locked")
            await pilot.press("enter")
            await wait_until(pilot, lambda: "Locked" in str(app.status_bar.render()), "opened")
            await pilot.press("I")
            await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen), "import screen")
            screen = app.screen
            assert isinstance(screen, ImportScreen)
            screen.query_one("#import-path", Input).value = str(tui_path)
            screen.query_one("#import-path", Input).focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda: screen.report is not None, "the import to end")
            summary = static_text(app, "#import-summary")
            assert "read 20 rows: 0 imported + 20 failed" in summary
            assert "the server could not write to its data dir" in summary
            assert f"First failed row 1: open {server_data}/" in summary
            assert "permission denied" in summary and app.is_running

        # Writable again: the same imports converge to exactly what the files hold.
        set_writable(server_data, True)
        expected = before + await expected_contents(session, "Locked", repl_rows)
        expected += await expected_contents(
            session, "Locked", [json.loads(line) for line in tui_path.read_text().splitlines()]
        )
        for path in (tmp_path / "more.jsonl", tui_path):
            again = await import_file(session, ImportRequest(path, "Locked"))
            assert again.failed == 0 and again.imported == again.read
        stored = await stored_contents(session, "Locked")
        refused_insert = [e for e in stored if '"refused"' in e[1]]
        # Weaviate 1.38 keeps an insert it answered with HTTP 500; it is the only extra.
        assert stored - expected == {e: 1 for e in refused_insert} and expected <= stored
