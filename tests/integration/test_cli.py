"""The command line, run as a user would: server start/status/stop and demo load."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.demo import BIGRAM_VECTOR, DEMO_COLLECTION, PRECOMPUTED_VECTOR
from explorer.local.server import STATE_FILE, ServerState
from explorer.local.startup import LaunchPlan, open_session
from tests.integration.processes import wait_until_gone


def explorer_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "explorer", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
    )


async def test_detached_server_then_demo_load_then_stop(tmp_path: Path) -> None:
    data_dir = tmp_path / "detached"
    started = explorer_cli("server", "start", "--detach", "--data-dir", str(data_dir))
    assert started.returncode == 0, started.stderr
    url = re.search(r"HTTP URL:\s+(\S+)", started.stdout)
    grpc = re.search(r"gRPC port:\s+(\d+)", started.stdout)
    assert url and grpc, started.stdout
    state = ServerState.read(data_dir)
    assert state is not None and state.detached
    try:
        status = explorer_cli("server", "status", "--data-dir", str(data_dir))
        assert status.returncode == 0 and "ready" in status.stdout

        loaded = explorer_cli("demo", "load", "--url", url.group(1), "--grpc-port", grpc.group(1))
        assert loaded.returncode == 0, loaded.stderr
        assert "1000 in the collection" in loaded.stdout
        assert "1000/1000" in loaded.stderr  # progress was shown

        options = ConnectionOptions(url=url.group(1), grpc_port=int(grpc.group(1)))
        async with ExplorerSession(options) as session:
            assert await session.count(DEMO_COLLECTION) == 1000
            config = await session.collection_config(DEMO_COLLECTION)
            assert {v.name for v in config.vectors} == {BIGRAM_VECTOR, PRECOMPUTED_VECTOR}
            page = await session.fetch_page(DEMO_COLLECTION, limit=3, include_vector=True)
            for record in page.objects:
                assert len(record.vectors[PRECOMPUTED_VECTOR]) == 1536
                assert len(record.vectors[BIGRAM_VECTOR]) > 0

        # --embedded on the same data dir reuses the running server and leaves it running.
        plan = LaunchPlan(ConnectionOptions(), embedded=True, data_dir=data_dir)
        opened = await open_session(plan, lambda _line: None)
        assert opened.owned_server is None
        assert opened.session.options.url == url.group(1)
        await opened.close()
        assert ServerState.read(data_dir) == state
    finally:
        stopped = explorer_cli("server", "stop", "--data-dir", str(data_dir))
    assert stopped.returncode == 0, stopped.stderr
    assert f"pid {state.pid}" in stopped.stdout
    assert wait_until_gone(state.pid, timeout=5)
    assert not (data_dir / STATE_FILE).exists()
    after = explorer_cli("server", "status", "--data-dir", str(data_dir))
    assert after.returncode == 3 and "Not running" in after.stdout


def test_connection_error_is_a_message_not_a_traceback() -> None:
    result = explorer_cli(
        "demo", "load", "--url", "http://127.0.0.1:9", "--grpc-port", "10", timeout=60
    )
    assert result.returncode == 1
    assert "Error: Cannot reach Weaviate" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_header_flag_says_how_to_write_it() -> None:
    result = explorer_cli("demo", "load", "--header", "nonsense", timeout=60)
    assert result.returncode == 2
    assert "NAME=VALUE" in result.stderr


def test_version_and_help() -> None:
    assert "weaviate-explorer" in explorer_cli("--version").stdout
    help_text = explorer_cli("--help").stdout
    for word in ("--embedded", "--demo", "server", "demo"):
        assert word in help_text


async def _demo_state(session: ExplorerSession) -> int | None:
    """The demo collection's count, or None when it does not exist."""
    if not await session.client.collections.exists(DEMO_COLLECTION):
        return None
    return await session.count(DEMO_COLLECTION)


async def test_demo_load_is_a_change_refused_read_only_and_on_an_unasked_protected_profile(
    server_options: ConnectionOptions, session: ExplorerSession, tmp_path: Path
) -> None:
    import os

    before = await _demo_state(session)
    target = ["--url", server_options.url, "--grpc-port", str(server_options.grpc_port)]
    read_only = explorer_cli("demo", "load", *target, "--read-only", timeout=120)
    assert read_only.returncode == 1
    assert "Read-only connection" in read_only.stderr
    assert "refused to load the JeopardyQuestion demo" in read_only.stderr

    env = {**os.environ, "WEAVIATE_EXPLORER_CONFIG_DIR": str(tmp_path / "config")}
    added = explorer_cli(
        "profiles", "add", "prod", "--kind", "custom", *target, "--protected", env=env
    )
    assert added.returncode == 0, added.stderr
    # stdin is not a terminal here: nobody can be asked, so the load is refused.
    protected = explorer_cli("demo", "load", "--profile", "prod", env=env, timeout=120)
    assert protected.returncode == 1
    assert "Protected connection" in protected.stderr
    assert "refused to load the JeopardyQuestion demo" in protected.stderr
    assert "Traceback" not in protected.stderr + read_only.stderr
    assert await _demo_state(session) == before  # nothing was sent
