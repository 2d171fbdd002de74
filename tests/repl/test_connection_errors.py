"""A connection error says what failed: refused, DNS, gRPC refused, no key (issue 15 item 15)."""

from __future__ import annotations

import socket

from explorer.core.client.connection import ConnectionOptions
from tests.repl.harness import run_cli


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_refused_rest_port_says_refused() -> None:
    port = _closed_port()
    url = f"http://127.0.0.1:{port}"
    done = await run_cli("repl", "--url", url, "--grpc-port", str(port + 1), "-c", "ls")
    assert done.returncode == 1
    assert "refused" in done.stderr and "Details: ." not in done.stderr, done.stderr


async def test_an_unknown_host_says_dns() -> None:
    url = "http://no-such-host.invalid:8080"
    done = await run_cli("repl", "--url", url, "-c", "ls")
    assert done.returncode == 1
    assert "could not be resolved (DNS" in done.stderr, done.stderr
    assert "Details: ." not in done.stderr


async def test_a_refused_grpc_port_says_refused(server_options: ConnectionOptions) -> None:
    port = _closed_port()
    done = await run_cli("repl", "--url", server_options.url, "--grpc-port", str(port), "-c", "ls")
    assert done.returncode == 1
    assert f"127.0.0.1:{port} was refused" in done.stderr, done.stderr
    assert "within" not in done.stderr
