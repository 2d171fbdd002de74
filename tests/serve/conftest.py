"""A real ``weaviate-explorer serve`` process (uvicorn) on loopback, against a real Weaviate."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from tests.integration.books import create_books
from tests.listening import free_port, listening_process


@dataclass
class ServeProcess:
    process: subprocess.Popen[bytes]
    base_url: str
    config_dir: Path
    stderr_path: Path

    def client(self, token: str | None = None, timeout: float = 60.0) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=timeout)

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")


def repl_json(server: LocalServer, config_dir: Path, commands: str) -> bytes:
    """``repl -c COMMANDS --format json`` as a real process: its stdout."""
    done = subprocess.run(
        [
            *(sys.executable, "-m", "explorer", "repl", "--url", server.url),
            *("--grpc-port", str(server.grpc_port), "-c", commands, "--format", "json"),
        ],
        capture_output=True,
        env={**os.environ, "WEAVIATE_EXPLORER_CONFIG_DIR": str(config_dir)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@contextmanager
def serve_process(
    server: LocalServer | tuple[str, int],
    tmp: Path,
    *flags: str,
    env: dict[str, str] | None = None,
) -> Iterator[ServeProcess]:
    """Start ``serve`` on a free loopback port and wait until /health answers."""
    port = free_port()
    config_dir = tmp / "config"
    config_dir.mkdir(exist_ok=True)
    stderr_path = tmp / f"serve-{port}.log"
    url, grpc_port = server if isinstance(server, tuple) else (server.url, server.grpc_port)
    command = [sys.executable, "-m", "explorer", "serve", "--url", url]
    command += ["--grpc-port", str(grpc_port), "--port", str(port), *flags]
    environment = {**os.environ, "WEAVIATE_EXPLORER_CONFIG_DIR": str(config_dir), **(env or {})}
    with listening_process(command, port, environment, stderr_path) as process:
        yield ServeProcess(process, f"http://127.0.0.1:{port}", config_dir, stderr_path)


@pytest.fixture(scope="module")
async def books_collection(session: ExplorerSession) -> AsyncIterator[str]:
    name = f"ServeBooks{os.getpid()}"
    await create_books(session, name)
    yield name
    await session.client.collections.delete(name)


@pytest.fixture(scope="module")
def read_only_serve(
    weaviate_server: LocalServer, books_collection: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServeProcess]:
    with serve_process(weaviate_server, tmp_path_factory.mktemp("serve")) as serving:
        yield serving


async def wait_until(check: object, what: str, within: float = 60.0) -> None:
    """Await ``check()`` (an async callable returning bool) until true."""
    started = time.monotonic()
    while not await check():  # type: ignore[operator]
        if time.monotonic() - started > within:
            raise AssertionError(f"{what} not within {within} s")
        await asyncio.sleep(0.2)
