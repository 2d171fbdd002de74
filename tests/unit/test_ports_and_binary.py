from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from explorer.core.base.errors import ServerProvisionError, ServerStartError
from explorer.local import binary
from explorer.local.ports import PORT_RANGE_ENV, allocate_ports, is_port_free


@pytest.fixture
def private_cursor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A port-range cursor file of this test's own (it lives in the temp dir)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.mark.parametrize("port_range", [None, "19100-19999"], ids=["kernel", "range"])
def test_allocated_ports_are_distinct_and_free(
    port_range: str | None, private_cursor: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if port_range is None:
        monkeypatch.delenv(PORT_RANGE_ENV, raising=False)
    else:
        monkeypatch.setenv(PORT_RANGE_ENV, port_range)
    ports = allocate_ports()
    every = ports.all_ports()
    assert len(set(every)) == 6
    assert all(is_port_free(p) for p in every)
    assert ports.gossip + 1 in every and ports.raft + 1 in every
    if port_range is not None:
        assert all(19100 <= p <= 19999 for p in every)


def test_a_range_hands_out_each_port_once_until_it_wraps(
    private_cursor: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Below the suite's range (tests/conftest.py): a server another worker starts meanwhile
    # took ports of a range inside it, the hand-out wrapped early and gave two ports twice
    # (CI, 6 December). Room for eleven times five ports.
    monkeypatch.setenv(PORT_RANGE_ENV, "19000-19059")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 19003))
        busy.listen()
        first = [allocate_ports(http=9).all_ports()[1:] for _ in range(11)]
        wrapped = allocate_ports(http=9).all_ports()[1:]
    handed = [p for ports in first for p in ports]
    assert len(handed) == len(set(handed)) == 55 and 19003 not in handed
    assert all(19000 <= p <= 19059 for p in handed + wrapped)
    assert set(wrapped) & set(handed) and 19003 not in wrapped


def test_processes_sharing_a_range_never_share_a_port(tmp_path: Path) -> None:
    script = (
        "import json\n"
        "from explorer.local.ports import allocate_ports\n"
        "print(json.dumps([allocate_ports().all_ports() for _ in range(20)]))\n"
    )
    env = {**os.environ, PORT_RANGE_ENV: "22000-23999", "TMPDIR": str(tmp_path)}
    workers = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    handed = [p for out in outputs for ports in json.loads(out) for p in ports]
    assert len(handed) == 4 * 20 * 6
    assert len(set(handed)) == len(handed)
    assert all(22000 <= p <= 23999 for p in handed)


@pytest.mark.parametrize("text", ["8080", "9000-8000", "80-9000", "20000-20005", "a-b", "1-2-3"])
def test_a_bad_range_says_what_to_fix(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PORT_RANGE_ENV, text)
    with pytest.raises(ServerStartError, match=f"{PORT_RANGE_ENV}=.*LOW-HIGH"):
        allocate_ports()


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
