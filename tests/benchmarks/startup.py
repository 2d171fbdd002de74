"""First paint, time to interactive and idle RSS: the installed app in a real terminal."""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explorer.core.base.formatting import format_count
from tests.benchmarks.server import BenchServer
from tests.benchmarks.stats import Figure, alternate, median
from tests.benchmarks.terminal import POLL_SECONDS, launched, read_status_kb

SCRIPTS = Path(__file__).parent / "scripts"
PYTHON = sys.executable
INSTALLED_APP = Path(sys.executable).parent / "weaviate-explorer"
HEADER = "weaviate-explorer"
#: How long the connected app sits idle before its RSS is read.
IDLE_SECONDS = 2.0
#: How long the client may take to connect after the list showed.
CONNECTED_TIMEOUT = 60.0


def _explorer_command(server: BenchServer, config_dir: str) -> str:
    return (
        f"env WEAVIATE_EXPLORER_CONFIG_DIR={shlex.quote(config_dir)} "
        f"{shlex.quote(str(INSTALLED_APP))} --url {server.url} --grpc-port {server.grpc_port}"
    )


def _script(name: str, *args: object) -> str:
    return " ".join(shlex.quote(str(a)) for a in (PYTHON, SCRIPTS / name, *args))


def counts_on_screen(screen: str, counts: dict[str, int]) -> bool:
    """Every collection's name with its formatted count after it, on one line."""
    lines = screen.splitlines()
    for name, count in counts.items():
        shown = format_count(count)
        if not any(name in line and shown in line.split(name, 1)[1] for line in lines):
            return False
    return True


def first_paint(server: BenchServer, runs: int) -> Figure:
    figure = Figure.new(
        "first_paint_ratio",
        "process start until the header is on screen (tmux 120x40), over a one-line Textual app",
        measured_unit="ms",
    )
    with tempfile.TemporaryDirectory() as config_dir:
        ours_command = _explorer_command(server, config_dir)
        base_command = _script("minimal_textual.py")

        def measure(command: str) -> float:
            with launched(command, lambda screen: HEADER in screen) as run:
                return run.elapsed * 1000

        measure(ours_command), measure(base_command)  # warm the file cache; not counted
        ours, base = alternate(runs, lambda: measure(ours_command), lambda: measure(base_command))
    figure.ours, figure.baseline, figure.samples = median(ours), median(base), runs
    figure.notes.append(f"ours ms {sorted(round(v) for v in ours)}")
    figure.notes.append(f"baseline ms {sorted(round(v) for v in base)}")
    return figure


def _idle_baseline_rss_kb() -> int:
    """Start the imports-only script, wait until it has imported, read its RSS, end it."""
    with subprocess.Popen(
        [PYTHON, str(SCRIPTS / "idle_imports.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None and process.stdin is not None
            if process.stdout.readline().strip() != "ready":
                raise RuntimeError("the imports-only baseline did not start")
            time.sleep(IDLE_SECONDS)
            return read_status_kb(process.pid, "VmRSS")
        finally:
            process.kill()  # our own child, by its handle


def interactive_and_idle(server: BenchServer, runs: int) -> tuple[Figure, Figure]:
    tti = Figure.new(
        "time_to_interactive_ratio",
        "process start until the collections list with counts is on screen, over a bare script "
        "that imports weaviate, connects and prints each count",
        measured_unit="ms",
    )
    idle = Figure.new(
        "idle_rss_ratio",
        "RSS of the connected, idle app, over a process that only imported textual.app and "
        "weaviate",
        measured_unit="MB",
    )
    ready = lambda screen: counts_on_screen(screen, server.counts)  # noqa: E731
    ours_rss: list[float] = []
    connected: list[float] = []
    with tempfile.TemporaryDirectory() as config_dir:
        ours_command = _explorer_command(server, config_dir)
        base_command = _script("bare_counts.py", server.http_port, server.grpc_port)

        def measure_ours() -> float:
            with launched(ours_command, ready) as run:
                elapsed = run.elapsed * 1000
                # The list can show before weaviate-client is connected (a REST preview): how
                # much later the client is ready is recorded beside the figure.
                ready_at = time.perf_counter()
                while "● connected" not in run.tmux.screen():
                    if time.perf_counter() - ready_at > CONNECTED_TIMEOUT:
                        raise TimeoutError("the list showed, but the client never connected")
                    time.sleep(POLL_SECONDS)
                connected.append(elapsed + (time.perf_counter() - ready_at) * 1000)
                time.sleep(IDLE_SECONDS)
                ours_rss.append(read_status_kb(run.pid, "VmRSS") / 1024)
                return elapsed

        def measure_base() -> float:
            with launched(base_command, ready) as run:
                return run.elapsed * 1000

        measure_ours(), measure_base()  # warm-up, not counted
        ours_rss.clear()
        connected.clear()
        ours, base = alternate(runs, measure_ours, measure_base)
        base_rss = [_idle_baseline_rss_kb() / 1024 for _ in range(max(3, runs // 2))]
    tti.ours, tti.baseline, tti.samples = median(ours), median(base), runs
    tti.notes.append(f"ours ms {sorted(round(v) for v in ours)}")
    tti.notes.append(f"baseline ms {sorted(round(v) for v in base)}")
    tti.notes.append(
        f"ours, until the status bar says connected: median {median(connected):.0f} ms, "
        f"{median(connected) / median(base):.2f}x the baseline; "
        f"ms {sorted(round(v) for v in connected)}"
    )
    idle.ours, idle.baseline, idle.samples = median(ours_rss), median(base_rss), len(ours_rss)
    idle.notes.append(f"app idle {IDLE_SECONDS:g}s after the counts showed; VmRSS")
    return tti, idle
