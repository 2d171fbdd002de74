"""A tmux control-mode client: keys in and screen rows out without a process per call.

``tmux -C attach`` keeps one pipe open: commands go in as lines, answers come back between
``%begin``/``%end``, and ``%output`` tells when the pane wrote anything. Polling the screen with a
``tmux capture-pane`` process per look would cost a fork each time, on the same two cores as the
app under test; here a look is one line written and a few read, and it happens only after the
pane wrote something.
"""

from __future__ import annotations

import os
import select
import subprocess
import time
from collections.abc import Callable


class ControlModeError(RuntimeError):
    pass


class ControlClient:
    """One control-mode client attached to ``session`` of the tmux server ``socket_name``."""

    def __init__(self, socket_name: str, session: str, width: int, height: int) -> None:
        self.target = session
        self._process = subprocess.Popen(
            ["tmux", "-L", socket_name, "-C", "attach", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        assert self._process.stdout is not None
        self._fd = self._process.stdout.fileno()
        self._buffer = b""
        #: Set when the pane wrote since the last look at the screen.
        self.dirty = True
        for _ in range(100):  # until the attach is done, tmux has "no current client"
            try:
                self.command(f"refresh-client -C {width}x{height}")
                break
            except ControlModeError as exc:
                if "no current client" not in str(exc):
                    raise
                time.sleep(0.05)

    def close(self) -> None:
        process = self._process
        if process.poll() is None:
            try:
                self._write("detach-client")
                process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()  # our own child, by its handle
                process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()

    def _write(self, line: str) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(line.encode() + b"\n")

    def _line(self, deadline: float) -> bytes | None:
        """The next line, or None once ``deadline`` (monotonic) passes."""
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            readable, _, _ = select.select([self._fd], [], [], left)
            if not readable:
                return None
            chunk = os.read(self._fd, 1 << 16)
            if not chunk:
                raise ControlModeError("the tmux control client ended")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def _note(self, line: bytes) -> None:
        if line.startswith(b"%output") or line.startswith(b"%extended-output"):
            self.dirty = True
        elif line.startswith(b"%exit"):
            raise ControlModeError("the tmux control client was told to exit")

    def command(self, command: str, timeout: float = 10.0) -> list[bytes]:
        """Run one tmux command; its answer's lines (notifications meanwhile are noted)."""
        self._write(command)
        deadline = time.monotonic() + timeout
        answer: list[bytes] | None = None
        while True:
            line = self._line(deadline)
            if line is None:
                raise ControlModeError(f"no answer to {command!r} within {timeout:g}s")
            if answer is None:
                if line.startswith(b"%begin"):
                    answer = []
                else:
                    self._note(line)
            elif line.startswith(b"%end"):
                return answer
            elif line.startswith(b"%error"):
                raise ControlModeError(f"{command!r}: {b' '.join(answer).decode(errors='replace')}")
            else:
                answer.append(line)

    def send_keys(self, *keys: str, literal: bool = False) -> None:
        flag = " -l" if literal else ""
        self.command(f"send-keys -t {self.target}{flag} " + " ".join(_quoted(k) for k in keys))

    def row(self, index: int) -> str:
        """Screen row ``index`` (0 is the top), as plain text."""
        self.dirty = False
        lines = self.command(f"capture-pane -p -t {self.target} -S {index} -E {index}")
        return lines[0].decode(errors="replace") if lines else ""

    def screen(self) -> str:
        self.dirty = False
        return b"\n".join(self.command(f"capture-pane -p -t {self.target}")).decode(
            errors="replace"
        )

    def wait_for_row(
        self, index: int, condition: Callable[[str], bool], timeout: float, recheck: float = 0.05
    ) -> float:
        """Look at row ``index`` each time the pane writes (and every ``recheck`` seconds) until
        ``condition`` holds; the perf_counter time of the look that saw it."""
        deadline = time.monotonic() + timeout
        while True:
            if self.dirty:
                looked = time.perf_counter()
                if condition(self.row(index)):
                    return looked
            else:
                line = self._line(min(deadline, time.monotonic() + recheck))
                if line is None:
                    self.dirty = True  # nothing written for a while: look again anyway
                else:
                    self._note(line)
            if time.monotonic() > deadline:
                raise TimeoutError(f"row {index} never matched; it shows {self.row(index)!r}")


def _quoted(key: str) -> str:
    """A key name or literal text of letters, digits and dashes (all the benchmark types)."""
    if not key or not all(c.isalnum() or c == "-" for c in key):
        raise ValueError(f"{key!r}: only letters, digits and dashes are sent")
    return key
