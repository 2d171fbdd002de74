"""A process of ours that serves on a loopback port: started, awaited until it listens, ended.

Shared by the ``serve`` and ``web`` tests and the serve benchmark.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


class NotListening(AssertionError):
    """The process exited, or did not listen in time; the message holds its output."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def listening_process(
    command: list[str],
    port: int,
    env: Mapping[str, str],
    log_path: Path | None = None,
    within: float = 90.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` (its output to ``log_path``) until it listens on ``port``; end it after."""
    with log_path.open("wb") if log_path else open("/dev/null", "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=output, env=dict(env))

    def output_so_far() -> str:
        return log_path.read_text(errors="replace") if log_path else ""

    try:
        deadline = time.monotonic() + within
        while True:
            if process.poll() is not None:
                raise NotListening(
                    f"{command[2]} exited with {process.returncode}: {output_so_far()}"
                )
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise NotListening(
                        f"{command[2]} did not listen within {within:g} s: {output_so_far()}"
                    ) from None
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
