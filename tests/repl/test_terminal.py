"""The REPL in a real terminal (tmux, 120x40): Tab completion, history with the up arrow, Ctrl-D.

Every step waits for what it expects to appear on the screen, polling ``capture-pane`` until a
deadline.
"""

from __future__ import annotations

import asyncio
import shlex
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.demo import load_demo

WEAVIATE_EXPLORER = Path(sys.executable).with_name("weaviate-explorer")


def last_line(screen: str) -> str:
    lines = [line.strip() for line in screen.splitlines() if line.strip()]
    return lines[-1] if lines else ""


class Tmux:
    """One private tmux server (its own socket) running the REPL in a 120x40 window."""

    def __init__(self, socket: Path) -> None:
        self.socket = socket

    async def tmux(self, *args: str) -> str:
        process = await asyncio.create_subprocess_exec(
            "tmux",
            "-S",
            str(self.socket),
            *args,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
        assert process.returncode == 0, f"tmux {args}: {err.decode()}"
        return out.decode()

    async def start(self, command: str, env: dict[str, str], config: Path) -> None:
        exports = [f"{k}={v}" for k, v in env.items()]
        await self.tmux(
            "-f", str(config), "new-session", "-d", "-s", "repl", "-x", "120", "-y", "40",
            *(arg for e in exports for arg in ("-e", e)),
            # COLUMNS/LINES from the test runner would override the terminal's real size.
            f"env -u COLUMNS -u LINES {' '.join(shlex.quote(e) for e in exports)} {command}",
        )  # fmt: skip

    async def screen(self) -> str:
        return await self.tmux("capture-pane", "-p", "-t", "repl")

    async def keys(self, *keys: str, literal: bool = False) -> None:
        await self.tmux("send-keys", "-t", "repl", *(("-l",) if literal else ()), *keys)

    async def wait_for(
        self, condition: Callable[[str], bool], what: str, timeout: float = 30
    ) -> str:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            screen = await self.screen()
            if condition(screen):
                return screen
            if loop.time() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen:\n{screen}")
            await asyncio.sleep(0.05)

    async def last_line(self) -> str:
        return last_line(await self.screen())

    async def pane_dead(self) -> bool:
        out = await self.tmux("list-panes", "-t", "repl", "-F", "#{pane_dead}")
        return out.strip() == "1"


@pytest.fixture
async def demo_loaded(session: ExplorerSession) -> None:
    await load_demo(session.client)


@pytest.fixture
async def terminal(tmp_path: Path) -> AsyncIterator[Callable[[], Tmux]]:
    assert shutil.which("tmux"), "tmux is needed for the terminal tests"
    started: list[Tmux] = []

    def new() -> Tmux:
        started.append(Tmux(tmp_path / f"tmux-{len(started)}.sock"))
        return started[-1]

    yield new
    for tmux in started:
        if tmux.socket.exists():
            await tmux.tmux("kill-server")


async def open_repl(
    tmux: Tmux, server_options: ConnectionOptions, data_dir: Path, config: Path
) -> str:
    command = (
        f"{shlex.quote(str(WEAVIATE_EXPLORER))} repl --url {server_options.url} "
        f"--grpc-port {server_options.grpc_port}"
    )
    await tmux.start(command, {"WEAVIATE_EXPLORER_DATA_DIR": str(data_dir)}, config)
    host = server_options.url.split("//", 1)[1].rstrip("/")
    await tmux.wait_for(lambda s: s.rstrip().endswith(f"{host}>"), "the prompt")
    return host


async def test_completion_history_and_ctrl_d_in_a_real_terminal(
    terminal: Callable[[], Tmux],
    server_options: ConnectionOptions,
    demo_loaded: None,
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    config = tmp_path / "tmux.conf"
    config.write_text("set -g remain-on-exit on\nset -g history-limit 1000\n")
    tmux = terminal()
    host = await open_repl(tmux, server_options, data_dir, config)

    # A collection by Tab. The schema cache fills in the background, so Tab may need a retry.
    await tmux.keys("use Jeopard", literal=True)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while "use JeopardyQuestion" not in await tmux.last_line():
        assert loop.time() < deadline, await tmux.screen()
        await tmux.keys("Tab")
        await asyncio.sleep(0.2)
    await tmux.keys("Enter")
    await tmux.wait_for(
        lambda s: s.rstrip().endswith(f"{host}/JeopardyQuestion>"),
        "the prompt to show the collection",
    )

    # A property by Tab, then run it.
    await tmux.keys("fetch --limit 1 --sort value:desc --props ans", literal=True)
    await tmux.keys("Tab")
    await tmux.wait_for(
        lambda s: s.rstrip().endswith("--props answer"),
        "the property to complete",
    )
    await tmux.keys("Enter")
    screen = await tmux.wait_for(lambda s: "1 object" in s, "the fetch result")
    assert "answer" in screen

    # The up arrow recalls the last command.
    await tmux.wait_for(lambda s: s.rstrip().endswith("JeopardyQuestion>"), "a fresh prompt")
    await tmux.keys("Up")
    await tmux.wait_for(
        lambda s: s.rstrip().endswith("--sort value:desc --props answer"), "history recall"
    )

    # Ctrl-C clears the line, Ctrl-D leaves.
    await tmux.keys("C-c")
    await tmux.wait_for(lambda s: s.rstrip().endswith("JeopardyQuestion>"), "a cleared prompt")

    # Enter inside an open quote starts a continuation line instead of running the command.
    await tmux.keys('bm25 theatre --limit 1 --task "first line', literal=True)
    await tmux.keys("Enter")
    await tmux.wait_for(lambda s: set(last_line(s)) == {"."}, "a continuation line")
    await tmux.keys('second line"', literal=True)
    await tmux.keys("Enter")
    screen = await tmux.wait_for(lambda s: "generated (grouped task):" in s, "the RAG result")
    assert "first line" in screen and "second line" in screen
    await tmux.wait_for(lambda s: s.rstrip().endswith("JeopardyQuestion>"), "a fresh prompt")
    await tmux.keys("C-d")
    deadline = loop.time() + 30
    while not await tmux.pane_dead():
        assert loop.time() < deadline, await tmux.screen()
        await asyncio.sleep(0.05)

    history = (data_dir / "repl-history").read_text()
    assert "+use JeopardyQuestion" in history
    assert "+fetch --limit 1 --sort value:desc --props answer" in history
    assert '+bm25 theatre --limit 1 --task "first line\n+second line"' in history

    # A new session shares the history file.
    again = terminal()
    await open_repl(again, server_options, data_dir, config)
    await again.keys("Up")
    await again.wait_for(
        lambda s: s.rstrip().endswith('second line"'), "the multi-line command, recalled whole"
    )
    await again.keys("Up", "Up")  # to the recalled command's first line, then the one before
    await again.wait_for(
        lambda s: s.rstrip().endswith("--sort value:desc --props answer"),
        "older history from the previous session",
    )
