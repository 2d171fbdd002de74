"""Run the benchmarks: ``python -m tests.benchmarks [--only NAME] [--json PATH]``.

Starts the bench server (tests/benchmarks/server.py), runs each benchmark with A/B runs
alternated, prints figure / ours / baseline / ratio / target / verdict, and with --json writes
one object with every key. A whole run is limited to 15 minutes; every process it started is
ended on the way out.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import FrameType

from tests.benchmarks.stats import (
    NOT_RUN,
    TARGETS,
    Figure,
    format_table,
    json_details,
    json_object,
)

RUN_LIMIT_SECONDS = 15 * 60

#: name -> (the keys it measures, how many runs)
BENCHMARKS: dict[str, tuple[tuple[str, ...], int]] = {
    "first_paint": (("first_paint_ratio",), 7),
    "time_to_interactive": (("time_to_interactive_ratio", "idle_rss_ratio"), 5),
    "query_overhead": (("query_overhead_ratio",), 200),
    "render_10k": (("render_10k_rows_ratio",), 5),
    "loop_lag": (("loop_lag_p99_ms", "loop_lag_max_ms"), 3),
    "loop_lag_lab": (("loop_lag_lab_p99_ms", "loop_lag_lab_max_ms"), 3),
    "browse": (("browse_time_ratio", "browse_rss_growth_mb"), 3),
    "keystroke_echo": (
        ("keystroke_echo_median_ratio", "keystroke_echo_p99_ms", "keystroke_echo_max_ms"),
        3,
    ),
    "idle_cpu": (("idle_cpu_ratio",), 3),
    "help_open": (("help_open_ms", "help_open_paging_ms"), 7),
    "big_page_open": (("big_page_open_ms",), 3),
    "serve": (("serve_rps_ratio", "serve_p99_ms_ratio"), 3),
}
ALL_KEYS = tuple(TARGETS)


class RunTimeLimit(Exception):
    pass


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise RunTimeLimit(f"the run passed its {RUN_LIMIT_SECONDS // 60}-minute limit")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def _measure(name: str, runs: int, server: object) -> list[Figure]:
    from tests.benchmarks import (
        browse,
        keystroke_echo,
        loop_lag,
        loop_lag_lab,
        query_overhead,
        render,
        responsiveness,
        serve_load,
        startup,
    )
    from tests.benchmarks.server import BenchServer

    assert isinstance(server, BenchServer)
    sync: dict[str, Callable[[], list[Figure]]] = {
        "first_paint": lambda: [startup.first_paint(server, runs)],
        "time_to_interactive": lambda: list(startup.interactive_and_idle(server, runs)),
        "browse": lambda: list(browse.browse(server, runs)),
        "idle_cpu": lambda: [responsiveness.idle_cpu(server, runs)],
        "keystroke_echo": lambda: list(keystroke_echo.keystroke_echo(server, runs)),
    }
    coroutines: dict[str, Callable[[], Awaitable[list[Figure]]]] = {
        "query_overhead": lambda: _one(query_overhead.query_overhead(server, runs)),
        "render_10k": lambda: _one(render.render_10k(server, runs)),
        "loop_lag": lambda: _many(loop_lag.loop_lag(server, runs)),
        "loop_lag_lab": lambda: _many(loop_lag_lab.loop_lag_lab(server, runs)),
        "help_open": lambda: _many(responsiveness.help_open(server, runs)),
        "big_page_open": lambda: _one(responsiveness.big_page_open(server, runs)),
        "serve": lambda: _many(serve_load.serve_load(server, runs)),
    }
    if name in sync:
        # Blocking on purpose: these time other processes, and nothing else runs meanwhile.
        return sync[name]()
    return await coroutines[name]()


async def _one(awaitable: Awaitable[Figure]) -> list[Figure]:
    return [await awaitable]


async def _many(awaitable: Awaitable[tuple[Figure, ...]]) -> list[Figure]:
    return list(await awaitable)


def _placeholder(key: str, error: str) -> Figure:
    figure = Figure.new(key, "")
    figure.error = error
    return figure


async def run(selected: list[str]) -> list[Figure]:
    from tests.benchmarks.server import bench_server

    figures: list[Figure] = []
    async with bench_server(log, with_vectors="loop_lag_lab" in selected) as server:
        log(f"server ready at {server.url}; collections {server.counts}")
        for name in selected:
            keys, runs = BENCHMARKS[name]
            log(f"{name}: {runs} runs…")
            started = time.monotonic()
            try:
                measured = await _measure(name, runs, server)
            except RunTimeLimit:
                raise
            except Exception as exc:  # one broken benchmark must not hide the others
                traceback.print_exc()
                measured = [_placeholder(key, f"{type(exc).__name__}: {exc}") for key in keys]
            for figure in measured:
                log(f"  {figure.key}: {figure.verdict} ({figure.value})")
            log(f"{name}: done in {time.monotonic() - started:.0f}s")
            figures.extend(measured)
    return figures


def machine() -> dict[str, object]:
    try:
        with open("/proc/meminfo") as meminfo:
            total_kb = int(meminfo.readline().split()[1])
    except (OSError, ValueError, IndexError):
        total_kb = 0
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "memory_gb": round(total_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def compile_the_app() -> None:
    """Write the app's bytecode, as ``pip install`` does for an installed package.

    The baselines import Textual and weaviate-client from site-packages, which pip compiled on
    install. The app is installed editable from this checkout; where ``PYTHONDONTWRITEBYTECODE``
    is set (this sandbox sets it) Python never writes its bytecode, so each start compiled some
    ninety modules from source (measured: importing the app's first frame took 57–126 ms from
    source against 31–61 ms compiled). The comparison is between installed programs, so the app
    gets what an install gives it; a stale file is recompiled here, never used stale.
    """
    import compileall

    import explorer

    if not compileall.compile_dir(Path(explorer.__file__).parent, quiet=1):
        raise RuntimeError("compiling the app's modules failed (see above)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the results here")
    args = parser.parse_args(argv)
    selected = [name for name in BENCHMARKS if not args.only or name in args.only]

    from explorer.core.base.quiet import quiet_client_warnings

    quiet_client_warnings()
    compile_the_app()
    # The app remembers settings; the benchmarks never touch the user's.
    os.environ["WEAVIATE_EXPLORER_CONFIG_DIR"] = tempfile.mkdtemp(prefix="wx-bench-config-")
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(RUN_LIMIT_SECONDS)
    started = time.monotonic()
    try:
        figures = asyncio.run(run(selected))
    except RunTimeLimit as exc:
        log(str(exc))
        return 2
    finally:
        signal.alarm(0)
    total = time.monotonic() - started
    measured = {f.key for f in figures}
    figures.extend(_placeholder(key, NOT_RUN) for key in ALL_KEYS if key not in measured)
    figures.sort(key=lambda f: ALL_KEYS.index(f.key))
    print(format_table(figures))
    print(f"\n{sum(f.samples > 0 for f in figures)} figures in {total:.0f}s")
    for figure in figures:
        for note in figure.notes:
            print(f"  {figure.key}: {note}")
    if args.json:
        payload: dict[str, object] = dict(json_object(figures))
        payload["details"] = json_details(figures)
        payload["run"] = {**machine(), "seconds": round(total, 1), "benchmarks": selected}
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
        log(f"wrote {args.json}")
    return 1 if any(f.error and f.error != NOT_RUN for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
