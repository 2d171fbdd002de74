"""Connection and safety flags mean the same before or after the subcommand, or are an error.

Issue 15 item 1: ``--read-only repl`` inserted an object, and ``--url … repl`` went to
localhost:8080. Each case runs the real command line against the real test server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from tests.integration.books import Book
from tests.repl.harness import run_cli


def _target(options: ConnectionOptions) -> list[str]:
    return ["--url", options.url, "--grpc-port", str(options.grpc_port)]


async def _titles(session: ExplorerSession, name: str) -> list[str]:
    collection = session.client.collections.use(name)
    return sorted([str(o.properties["title"]) async for o in collection.iterator()])


@pytest.mark.parametrize("where", ["before", "after", "both"])
async def test_read_only_before_or_after_repl_sends_no_insert(
    where: str,
    server_options: ConnectionOptions,
    session: ExplorerSession,
    books: tuple[str, list[Book]],
) -> None:
    name, _ = books
    before = await _titles(session, name)
    flags = {
        "before": (["--read-only"], []),
        "after": ([], ["--read-only"]),
        "both": (["--read-only"], ["--read-only"]),
    }[where]
    done = await run_cli(
        *flags[0],
        "repl",
        *_target(server_options),
        *flags[1],
        "-c",
        f'use {name}; insert \'{{"title": "Written anyway", "year": 1}}\'',
    )
    assert done.returncode != 0
    assert "read-only" in done.stderr.lower(), done.stderr
    assert await _titles(session, name) == before


async def test_connection_flags_before_repl_reach_the_server(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    done = await run_cli(*_target(server_options), "repl", "-c", f"use {name}; count")
    assert (done.returncode, done.stdout) == (0, f"{len(data)}\n"), done.stderr


async def test_a_profile_before_repl_is_used(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    saved = await run_cli("profiles", "add", "loc", "--kind", "custom", *_target(server_options))
    assert saved.returncode == 0, saved.stderr
    done = await run_cli("--profile", "loc", "repl", "-c", f"use {name}; count")
    assert (done.returncode, done.stdout) == (0, f"{len(data)}\n"), done.stderr


async def test_the_same_flag_twice_with_different_values_is_refused(
    server_options: ConnectionOptions,
) -> None:
    done = await run_cli(
        "--url", "http://127.0.0.1:1", "repl", *_target(server_options), "-c", "ls"
    )
    assert done.returncode == 2
    assert "--url is given twice with different values" in done.stderr


async def test_read_only_before_demo_load_writes_nothing(own_server: LocalServer) -> None:
    done = await run_cli(
        "--read-only",
        "demo",
        "load",
        "--url",
        own_server.url,
        "--grpc-port",
        str(own_server.grpc_port),
    )
    assert done.returncode != 0
    assert "read-only" in done.stderr.lower(), done.stderr
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    async with ExplorerSession(options) as session:
        assert tuple(await session.list_collection_configs()) == ()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--read-only", "profiles", "test", "loc"], "--read-only before `profiles test`"),
        (["--url", "http://127.0.0.1:1", "profiles", "list"], "--url before `profiles list`"),
        (["--url", "http://127.0.0.1:1", "server", "status"], "--url before `server status`"),
        (
            ["--grpc-port", "50999", "server", "start"],
            "put it after `server start`",
        ),
        (["--page-size", "3", "repl", "-c", "ls"], "--page-size before `repl`"),
    ],
)
async def test_a_flag_where_it_means_nothing_is_an_error(
    args: list[str], expected: str, tmp_path: Path
) -> None:
    done = await run_cli(*args)
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr
