"""REPL commands when the server dies mid-session and comes back (a real server, killed)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from explorer.local.startup import OpenedSession
from explorer.repl.app import _health_reporter
from explorer.repl.render import make_console
from tests.big_import import create_target, expected_contents, stored_contents, write_rows
from tests.integration.books import create_books
from tests.repl.harness import ReplHarness
from tests.restarts import kill, restart, wait_for

#: Fault cases (servers killed, restarted or made read-only): `make test-slow` runs them.
pytestmark = pytest.mark.slow

#: Rows of the import killed midway: enough to outlast the first confirmed objects.
DURING_IMPORT_ROWS = 10_000


async def test_a_command_fails_clearly_while_down_and_works_again_after(
    own_server: LocalServer,
) -> None:
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    said = io.StringIO()
    recovered = asyncio.Event()
    async with ExplorerSession(options) as session:
        books = await create_books(session, "Shelf")
        opened = OpenedSession(session)
        opened.watch_health(_health_reporter(make_console(said, width=200)), recovered.set)
        repl = ReplHarness(session)
        try:
            assert (await repl.run("use Shelf")).ok
            kill(own_server)
            await wait_for(lambda: not session.reachable, "loss noticed", 10)
            failed = await asyncio.wait_for(repl.run("count"), 10)
            assert not failed.ok
            assert "Connection lost" in failed.err and own_server.url in failed.err
            assert "Traceback" not in failed.err
            assert "Connection lost" in said.getvalue()

            await restart(own_server)
            await asyncio.wait_for(recovered.wait(), 30)
            assert await repl.json("count") == {"collection": "Shelf", "count": len(books)}
            assert "Reconnected." in said.getvalue()
        finally:
            await opened.close()


async def test_a_kill_during_import_ends_it_with_a_report_and_the_same_import_then_converges(
    own_server: LocalServer, tmp_path: Path
) -> None:
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    rows = write_rows(tmp_path / "incoming.jsonl", DURING_IMPORT_ROWS)
    recovered = asyncio.Event()
    async with ExplorerSession(options) as session:
        await create_target(session, "Incoming")
        opened = OpenedSession(session)
        opened.watch_health(on_recovered=recovered.set)
        repl = ReplHarness(session)
        command = f"import {tmp_path / 'incoming.jsonl'}"
        try:
            assert (await repl.run("use Incoming")).ok
            running = asyncio.create_task(repl.run(command))
            await wait_for(lambda: session.calls_in_flight > 0, "the import started", 30)
            for _attempt in range(600):  # until some objects landed
                if await session.count("Incoming") > 0:
                    break
                await asyncio.sleep(0.05)
            assert not running.done()
            kill(own_server)
            failed = await asyncio.wait_for(running, 30)
            assert not failed.ok and "Traceback" not in failed.err + failed.out
            assert "Error: Import stopped: server lost:" in failed.err
            assert "may not have landed" in failed.err and own_server.url in failed.err
            assert "Run the same import again once the server is back" in failed.err
            down = await asyncio.wait_for(repl.run("count"), 10)
            assert not down.ok and "Connection lost" in down.err  # the REPL goes on

            await restart(own_server)
            await asyncio.wait_for(recovered.wait(), 60)
            again = await repl.json(command)
            assert (again["read"], again["imported"], again["failed"]) == (len(rows),) * 2 + (0,)
            assert await stored_contents(session, "Incoming") == await expected_contents(
                session, "Incoming", rows
            )
        finally:
            await opened.close()
