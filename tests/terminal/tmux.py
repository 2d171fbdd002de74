"""Drive a real terminal: a private tmux server, send-keys to type, capture-pane to read."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager


class Tmux:
    def __init__(self, socket_name: str, session: str) -> None:
        self.socket_name = socket_name
        self.session = session

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket_name, *args], capture_output=True, text=True, check=True
        ).stdout

    def send(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def wait_for_match(self, pattern: str, timeout: float = 60.0) -> str:
        """Poll the screen until the regex ``pattern`` matches (a layout may settle late)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never matched. Last screen:\n{screen}")

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        """Poll the screen until ``text`` shows; fail with the last screen if it never does."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed. Last screen:\n{screen}")


@contextmanager
def tmux_session(command: str, width: int = 120, height: int = 40) -> Iterator[Tmux]:
    assert shutil.which("tmux"), "tmux is required for terminal tests (make check installs it)"
    tmux = Tmux(f"wx-test-{uuid.uuid4().hex[:8]}", "main")
    # COLUMNS/LINES inherited from the test runner would override the real terminal size.
    command = f"env -u COLUMNS -u LINES {command}"
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", str(width), "-y", str(height), command)
    try:
        yield tmux
    finally:
        # Only the tmux server this test started (its private socket) is ended.
        subprocess.run(["tmux", "-L", tmux.socket_name, "kill-server"], capture_output=True)
