"""Keystroke echo: from a key sent to a real terminal (tmux) until the input shows it.

Ours is the real app under load (:mod:`tests.benchmarks.loaded_app`: paging 500-row pages of the
100k collection, 20 hybrid queries and 3 aggregates in flight), typed into its filter bar. The
baseline is a bare Textual app with an Input, typed into the same way in the same run. Keys go
in and the input's row is read through one tmux control-mode client (no process per look); a
key is typed 80–160 ms after the last one showed, as a person types.
"""

from __future__ import annotations

import contextlib
import os
import random
import shlex
import string
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.benchmarks.control_mode import ControlClient
from tests.benchmarks.server import BenchServer
from tests.benchmarks.stats import Figure, alternate, median, percentile
from tests.terminal.tmux import Tmux

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).parent / "scripts"
WIDTH, HEIGHT = 120, 40
KEYS_PER_RUN = 40
#: Keys typed before the input is emptied again (ctrl+u), so the text never scrolls.
KEYS_PER_LINE = 20
PAUSE_SECONDS = (0.08, 0.16)
#: What shows on the loaded app's info line once it pages (the load is running).
LOADED_MARK = "BenchObjects · page 3"
LEFT_EDGE, RIGHT_EDGE = "▊", "▎"


def _input_text(row: str, columns: slice) -> str:
    """The text in an input's row (its ``columns``), without its borders and the cursor."""
    return row[columns].strip(LEFT_EDGE + RIGHT_EDGE + " ")


@contextlib.contextmanager
def _terminal(command: str) -> Iterator[tuple[Tmux, ControlClient]]:
    tmux = Tmux(f"wx-echo-{uuid.uuid4().hex[:8]}", "main")
    tmux.run(
        "new-session", "-d", "-s", tmux.session, "-x", str(WIDTH), "-y", str(HEIGHT),
        "-c", str(ROOT), f"env -u COLUMNS -u LINES {command}",
    )  # fmt: skip
    socket_path = tmux.run("display-message", "-p", "#{socket_path}").strip()
    client = ControlClient(tmux.socket_name, tmux.session, WIDTH, HEIGHT)
    try:
        yield tmux, client
    finally:
        client.close()
        subprocess.run(["tmux", "-L", tmux.socket_name, "kill-server"], capture_output=True)
        if socket_path:
            with contextlib.suppress(OSError):
                os.unlink(socket_path)  # the socket of our own, now ended, tmux server


def _find_input(
    client: ControlClient, placeholder: str, ready: str, timeout: float
) -> tuple[int, slice]:
    """Wait until ``ready`` is on screen; the row and columns of the input showing
    ``placeholder`` (from its left border to its right one)."""
    deadline = time.monotonic() + timeout
    while True:
        screen = client.screen()
        if ready in screen:
            for index, line in enumerate(screen.splitlines()):
                at = line.find(placeholder)
                left = line.rfind(LEFT_EDGE, 0, max(at, 0))
                right = line.find(RIGHT_EDGE, at)
                if at >= 0 and left >= 0 and right > at:
                    return index, slice(left, right + 1)
        if time.monotonic() > deadline:
            raise TimeoutError(f"{ready!r} and the input never showed; last screen:\n{screen}")
        time.sleep(0.1)


def _showing(columns: slice, text: str, *, prefix_gone: bool = False) -> Callable[[str], bool]:
    """Whether an input's row shows exactly ``text`` (or, with ``prefix_gone``, no longer
    starts with it)."""
    if prefix_gone:
        return lambda row: not _input_text(row, columns).startswith(text)
    return lambda row: _input_text(row, columns) == text


def type_and_time(
    client: ControlClient, row: int, columns: slice, keys: int, seed: int
) -> list[float]:
    """Type ``keys`` letters into the input at ``row``/``columns``; each one's echo in ms."""
    chooser = random.Random(seed)
    echoes: list[float] = []
    typed = ""
    for _ in range(keys):
        if len(typed) == KEYS_PER_LINE:
            client.send_keys("C-u")
            client.wait_for_row(row, _showing(columns, typed, prefix_gone=True), 30)
            typed = ""
        time.sleep(chooser.uniform(*PAUSE_SECONDS))
        key = chooser.choice(string.ascii_lowercase)
        expected = typed + key
        client.dirty = False
        sent = time.perf_counter()
        client.send_keys(key, literal=True)
        seen = client.wait_for_row(row, _showing(columns, expected), 30)
        echoes.append((seen - sent) * 1000)
        typed = expected
    return echoes


def keystroke_echo(server: BenchServer, runs: int) -> tuple[Figure, Figure, Figure]:
    ratio = Figure.new(
        "keystroke_echo_median_ratio",
        "median ms from a key sent to tmux (120x40) until the input shows it: the app typed "
        "into while it pages 500-row pages of the 100k collection with 20 hybrid queries and 3 "
        "aggregates in flight, over a bare Textual app with an Input",
        measured_unit="ms",
    )
    p99 = Figure.new("keystroke_echo_p99_ms", "p99 echo of the same keys in the loaded app")
    worst = Figure.new("keystroke_echo_max_ms", "slowest echo of the same keys in the loaded app")
    python = shlex.quote(sys.executable)
    with tempfile.TemporaryDirectory() as config_dir:
        ours_command = (
            f"env WEAVIATE_EXPLORER_CONFIG_DIR={shlex.quote(config_dir)} {python} -m "
            f"tests.benchmarks.loaded_app {server.url} {server.grpc_port}"
        )
        base_command = f"{python} {shlex.quote(str(SCRIPTS / 'bare_input.py'))}"

        def measure(command: str, placeholder: str, ready: str, seed: int) -> list[float]:
            with _terminal(command) as (_tmux, client):
                row, columns = _find_input(client, placeholder, ready, timeout=120)
                return type_and_time(client, row, columns, KEYS_PER_RUN, seed)

        seeds = iter(range(2 * runs))
        ours_runs, base_runs = alternate(
            runs,
            lambda: measure(ours_command, "where, e.g.", LOADED_MARK, next(seeds)),
            lambda: measure(base_command, "type here", "weaviate-explorer", next(seeds)),
        )
    ours = [ms for run in ours_runs for ms in run]
    base = [ms for run in base_runs for ms in run]
    ratio.ours, ratio.baseline, ratio.samples = median(ours), median(base), len(ours)
    p99.ours, p99.samples = percentile(ours, 0.99), len(ours)
    worst.ours, worst.samples = max(ours), len(ours)
    ratio.notes.append(
        f"ours per run median ms {[round(median(r), 1) for r in ours_runs]}; "
        f"baseline {[round(median(r), 1) for r in base_runs]}"
    )
    p99.notes.append(f"baseline p99 {percentile(base, 0.99):.1f} ms, max {max(base):.1f} ms")
    worst.notes.append(f"ours slowest five ms {sorted(round(v) for v in ours)[-5:]}")
    return ratio, p99, worst
