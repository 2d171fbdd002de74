from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from explorer.core.base.errors import ServerProvisionError
from explorer.local import binary
from explorer.local.ports import allocate_ports, is_port_free


def test_allocated_ports_are_distinct_and_free() -> None:
    ports = allocate_ports()
    every = ports.all_ports()
    assert len(set(every)) == 6
    assert all(is_port_free(p) for p in every)
    assert ports.gossip + 1 in every and ports.raft + 1 in every


def test_a_bound_port_is_not_free() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert not is_port_free(sock.getsockname()[1])


def test_env_binary_must_be_executable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope"
    monkeypatch.setenv(binary.BINARY_ENV_VAR, str(missing))
    with pytest.raises(ServerProvisionError, match="not an executable file"):
        binary.find_server_binary(progress=lambda _line: None)


def test_env_binary_is_used_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "weaviate-server"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv(binary.BINARY_ENV_VAR, str(fake))
    assert binary.find_server_binary(progress=lambda _line: None) == fake


def test_cached_build_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(binary.BINARY_ENV_VAR, raising=False)
    monkeypatch.setenv("WEAVIATE_EXPLORER_CACHE_DIR", str(tmp_path))
    cached = binary.cached_binary_path()
    cached.parent.mkdir(parents=True)
    cached.write_text("#!/bin/sh\n")
    cached.chmod(0o755)
    assert binary.find_server_binary(progress=lambda _line: None) == cached


def test_every_route_failing_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(binary.BINARY_ENV_VAR, raising=False)
    monkeypatch.setenv("WEAVIATE_EXPLORER_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no `go` here

    def no_download(version: str, progress: object) -> Path:
        raise ServerProvisionError("Download failed", "no network in this test")

    monkeypatch.setattr(binary, "download_release_binary", no_download)
    with pytest.raises(ServerProvisionError) as caught:
        binary.find_server_binary(progress=lambda _line: None)
    message = caught.value.message
    assert "Install Go 1.26 or newer" in message
    assert binary.BINARY_ENV_VAR in message
    assert "`go` is not on PATH" in message and "no network in this test" in message


def test_go_version_is_read_from_the_toolchain() -> None:
    go = os.environ.get("GO", "go")
    import shutil

    found = shutil.which(go)
    assert found, "the test machine must have Go (it builds the server)"
    version = binary.go_version(found)
    assert version is not None and version >= binary.MINIMUM_GO_VERSION


def test_concurrent_builds_take_turns_under_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes' worth of builders: one builds, the other finds the result after the lock."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setenv("WEAVIATE_EXPLORER_CACHE_DIR", str(tmp_path))
    # The tests run without a network (.ci/in-private-network), so this also proves the
    # air-gapped route: `make test` filled Go's module cache, and the build falls back to it.
    messages: list[str] = []
    with ThreadPoolExecutor(2) as pool:
        results = list(
            pool.map(lambda _i: binary.build_with_go(progress=messages.append), range(2))
        )
    assert results[0] == results[1] == binary.cached_binary_path()
    assert os.access(results[0], os.X_OK)
    assert sum(m.startswith("Building the Weaviate server") for m in messages) == 1
    if not socket.if_nameindex() or {n for _i, n in socket.if_nameindex()} == {"lo"}:
        assert any("building from Go's module cache" in m for m in messages), messages
    assert not list(results[0].parent.glob(".build-*")), "no half-built files are left"
