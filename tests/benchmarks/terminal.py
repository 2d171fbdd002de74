"""Launch a command in a real terminal (tmux, 120x40) and time how long until text shows.

"Process start" is the moment just before tmux is asked to run the command: the tmux server and
its pane already exist (running ``sleep``), so only the command's own start-up is timed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tests.terminal.tmux import Tmux

POLL_SECONDS = 0.01


@dataclass
class Launched:
    tmux: Tmux
    #: Seconds from just before launch until ``ready`` held.
    elapsed: float
    pid: int
    screen: str


@contextlib.contextmanager
def launched(
    command: str,
    ready: Callable[[str], bool],
    *,
    timeout: float = 60.0,
    width: int = 120,
    height: int = 40,
) -> Iterator[Launched]:
    """Run ``command`` in a fresh private tmux server; yield once ``ready(screen)`` holds."""
    if not shutil.which("tmux"):
        raise RuntimeError("tmux is needed for the terminal benchmarks")
    tmux = Tmux(f"wx-bench-{uuid.uuid4().hex[:8]}", "main")
    tmux.run(
        "new-session", "-d", "-s", tmux.session, "-x", str(width), "-y", str(height), "sleep 600"
    )
    socket_path = tmux.run("display-message", "-p", "#{socket_path}").strip()
    try:
        # COLUMNS/LINES inherited from the runner would override the real terminal size.
        started = time.perf_counter()
        tmux.run("respawn-pane", "-k", "-t", tmux.session, f"env -u COLUMNS -u LINES {command}")
        deadline = started + timeout
        screen = ""
        while True:
            screen = tmux.screen()
            now = time.perf_counter()
            if ready(screen):
                elapsed = now - started
                break
            if now > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f}s; last screen:\n{screen}")
            time.sleep(POLL_SECONDS)
        pid = int(tmux.run("display-message", "-p", "-t", tmux.session, "#{pane_pid}").strip())
        yield Launched(tmux, elapsed, pid, screen)
    finally:
        # Only the tmux server this run started (its private socket) is ended; it ends the pane.
        subprocess.run(["tmux", "-L", tmux.socket_name, "kill-server"], capture_output=True)
        if socket_path:
            with contextlib.suppress(OSError):
                os.unlink(socket_path)  # the socket file of our own, now ended, tmux server


def read_status_kb(pid: int, field: str) -> int:
    """A ``/proc/<pid>/status`` field in kB (VmRSS, VmHWM)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    raise KeyError(f"{field} not in /proc/{pid}/status")
