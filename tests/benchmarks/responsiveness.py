"""Responsiveness: idle CPU (real terminal), help screen and big page open times (Pilot)."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Callable

from textual.widgets import DataTable, Static

from explorer.tui.screens.help_screen import DrawnTable, HelpScreen
from tests.benchmarks.app_driver import painted_at, recording_frames, running_app, wait_for
from tests.benchmarks.server import BIG_COLLECTION, BenchServer
from tests.benchmarks.startup import HEADER, _explorer_command, _script, counts_on_screen
from tests.benchmarks.stats import Figure, alternate, median
from tests.benchmarks.terminal import launched

#: How long each app sits idle while its CPU time is read.
IDLE_CPU_SECONDS = 20.0
#: Rows per page for the help-under-paging and big-page figures.
HELP_PAGE_SIZE = 1000
BIG_PAGE_SIZE = 10_000
#: How long after ``n`` the help key is pressed.
AFTER_NEXT_SECONDS = 0.05


def _cpu_ticks(pid: int) -> int:
    """utime + stime of ``pid`` and its reaped children, in clock ticks."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return sum(int(fields[index]) for index in (11, 12, 13, 14))


def _tree_ticks(pid: int) -> int:
    """CPU ticks of ``pid`` and its live children (the pane's shell runs the app)."""
    total = _cpu_ticks(pid)
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        for child in children.read().split():
            total += _tree_ticks(int(child))
    return total


def idle_cpu(server: BenchServer, runs: int) -> Figure:
    figure = Figure.new(
        "idle_cpu_ratio",
        f"CPU ticks of the connected app idle for {IDLE_CPU_SECONDS:g}s (tmux 120x40), over a "
        "bare Textual app with a Header, an Input, a DataTable and a Footer",
        measured_unit="ticks",
    )
    with tempfile.TemporaryDirectory() as config_dir:
        ours_command = _explorer_command(server, config_dir)
        base_command = _script("bare_widgets.py")

        def measure(command: str, ready: object) -> float:
            with launched(command, ready) as run:  # type: ignore[arg-type]
                time.sleep(1.0)  # let start-up work settle
                before = _tree_ticks(run.pid)
                time.sleep(IDLE_CPU_SECONDS)
                return float(_tree_ticks(run.pid) - before)

        ours, base = alternate(
            runs,
            lambda: measure(ours_command, lambda s: counts_on_screen(s, server.counts)),
            lambda: measure(base_command, lambda s: HEADER in s),
        )
    figure.ours, figure.baseline, figure.samples = median(ours), median(base), runs
    figure.notes.append(f"ours ticks {sorted(ours)}; baseline ticks {sorted(base)}")
    figure.notes.append(f"{os.sysconf('SC_CLK_TCK')} ticks a second")
    return figure


def help_drawn(app: object) -> bool:
    """The help screen is on top with its keys (its table is drawn in a thread on first open)."""
    screen = getattr(app, "screen", None)
    if not isinstance(screen, HelpScreen):
        return False
    return isinstance(screen.query_one("#help-table", Static).content, DrawnTable)


async def help_open(server: BenchServer, runs: int) -> tuple[Figure, Figure]:
    idle = Figure.new("help_open_ms", "`?` until the help screen has drawn its keys, idle (Pilot)")
    paging = Figure.new(
        "help_open_paging_ms",
        f"`?` pressed {AFTER_NEXT_SECONDS * 1000:.0f} ms after `n` on a {HELP_PAGE_SIZE:,}-row "
        "page, until the help screen has drawn its keys (Pilot)",
    )
    idle_ms: list[float] = []
    paging_ms: list[float] = []
    with recording_frames() as frames:
        async with running_app(server, page_size=HELP_PAGE_SIZE) as (app, pilot):
            app.open_collection(BIG_COLLECTION)
            table = app.main_screen.query_one("#objects-table", DataTable)
            await wait_for(lambda: table.row_count == HELP_PAGE_SIZE, "the first page")
            table.focus()
            await pilot.pause()

            async def open_help() -> float:
                started = time.perf_counter()
                # Looked for while the key is handled: ``pilot.press`` returns only once the
                # process idles, after the table's thread, and a look after that would take
                # the box's first frame for the keys'.
                press = asyncio.create_task(pilot.press("question_mark"))
                shown = await painted_at(
                    frames,
                    lambda: help_drawn(app),
                    lambda: app.screen,
                    "the help screen",
                    started,
                )
                await press
                elapsed = (shown - started) * 1000
                await pilot.press("escape")
                await wait_for(lambda: not isinstance(app.screen, HelpScreen), "help closed")
                return elapsed

            for _ in range(runs):
                await app.workers.wait_for_complete()
                await pilot.pause()
                idle_ms.append(await open_help())
                await pilot.press("n")
                await asyncio.sleep(AFTER_NEXT_SECONDS)
                paging_ms.append(await open_help())
    idle.ours, idle.samples = median(idle_ms), runs
    paging.ours, paging.samples = median(paging_ms), runs
    idle.notes.append(f"ms {sorted(round(v) for v in idle_ms)}")
    paging.notes.append(f"ms {sorted(round(v) for v in paging_ms)}")
    return idle, paging


def _has_rows(table: DataTable[object]) -> Callable[[], bool]:
    return lambda: table.row_count > 0


async def big_page_open(server: BenchServer, runs: int) -> Figure:
    figure = Figure.new(
        "big_page_open_ms",
        f"opening the 100k collection with --page-size {BIG_PAGE_SIZE:,}: from the key until "
        "the first frame drawn with a row in the table (Pilot; includes the server's answer)",
    )
    samples: list[float] = []
    for _ in range(runs):
        with recording_frames() as frames:
            async with running_app(server, page_size=BIG_PAGE_SIZE) as (app, _pilot):
                table = app.main_screen.query_one("#objects-table", DataTable)
                started = time.perf_counter()
                app.open_collection(BIG_COLLECTION)
                shown = await painted_at(
                    frames, _has_rows(table), lambda: app.main_screen, "the first row", started
                )
                samples.append((shown - started) * 1000)
                await app.workers.wait_for_complete()
    figure.ours, figure.samples = median(samples), runs
    figure.notes.append(f"ms {sorted(round(v) for v in samples)}")
    return figure
