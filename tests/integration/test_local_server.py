"""The launcher against the real server binary: loopback ports, clean stops, no orphans."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from explorer.core.base.errors import ServerStartError
from explorer.local.server import STATE_FILE, LocalServer
from tests.integration.processes import listening_addresses, wait_until_gone


async def test_test_server_is_reachable_from_loopback_only(weaviate_server: LocalServer) -> None:
    assert weaviate_server.pid is not None and weaviate_server.ports is not None
    listening = listening_addresses(weaviate_server.pid)
    ports = weaviate_server.ports
    for port in (ports.http, ports.gossip, ports.raft, ports.raft + 1):
        assert listening.get(port) == "127.0.0.1", (port, listening)
    # gRPC and the cluster data port bind every interface (the server has no setting for
    # them), so the tests must run where loopback is the only interface.
    wildcard = {port for port, address in listening.items() if address not in ("127.0.0.1", "::1")}
    assert ports.grpc in listening and ports.gossip + 1 in listening
    interfaces = {name for _index, name in socket.if_nameindex()}
    assert not wildcard or interfaces == {"lo"}, (
        f"ports {sorted(wildcard)} are bound on every interface and this network has "
        f"{sorted(interfaces)}: run the tests through .ci/in-private-network (make check does)"
    )


async def test_start_and_stop_leave_no_process(server_binary: Path, tmp_path: Path) -> None:
    server = LocalServer(server_binary, tmp_path / "data")
    await server.start()
    pid = server.pid
    assert pid is not None
    assert (tmp_path / "data" / STATE_FILE).exists()
    assert (tmp_path / "data" / "backups").is_dir()
    await server.stop()
    assert wait_until_gone(pid, timeout=1)
    assert not (tmp_path / "data" / STATE_FILE).exists()


async def test_a_busy_data_dir_is_refused(
    weaviate_server: LocalServer, server_binary: Path
) -> None:
    with pytest.raises(ServerStartError, match="already runs"):
        await LocalServer(server_binary, weaviate_server.data_dir).start()


async def test_a_taken_port_is_a_clear_error(
    weaviate_server: LocalServer, server_binary: Path, tmp_path: Path
) -> None:
    assert weaviate_server.ports is not None
    with pytest.raises(ServerStartError, match=f"port {weaviate_server.ports.http} is taken"):
        await LocalServer(server_binary, tmp_path, http_port=weaviate_server.ports.http).start()


def test_server_dies_with_a_crashed_parent(server_binary: Path, tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import asyncio, json, sys
        from pathlib import Path
        from explorer.local.server import LocalServer

        async def main():
            server = LocalServer(Path({str(server_binary)!r}), Path({str(tmp_path / "data")!r}))
            await server.start()
            print(json.dumps({{"pid": server.pid}}), flush=True)
            await asyncio.sleep(600)

        asyncio.run(main())
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    try:
        assert parent.stdout is not None
        line = parent.stdout.readline()
        assert line, "the parent process died before starting the server"
        server_pid = json.loads(line)["pid"]
        assert os.path.exists(f"/proc/{server_pid}")
        parent.send_signal(signal.SIGKILL)  # a crash: no cleanup code runs
        parent.wait(timeout=10)
        assert wait_until_gone(server_pid, timeout=30), "the server outlived its crashed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
