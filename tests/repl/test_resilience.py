"""REPL commands when the server dies mid-session and comes back (a real server, killed)."""

from __future__ import annotations

import asyncio
import io

from explorer.core.connection import ConnectionOptions
from explorer.core.session import ExplorerSession
from explorer.local.server import LocalServer
from explorer.repl.app import _health_reporter
from explorer.repl.render import make_console
from explorer.startup import OpenedSession
from tests.integration.books import create_books
from tests.repl.harness import ReplHarness
from tests.restarts import kill, restart, wait_for


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
