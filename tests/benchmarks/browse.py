"""Browsing 100,000 objects: the explorer's cursor pager vs the client's async iterator.

Each browse runs in its own fresh process (browse_worker), so peak RSS growth is its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.benchmarks.server import BIG_COUNT, BenchServer
from tests.benchmarks.stats import Figure, alternate, median

#: Objects per request on both sides (the pane's --page-size; the iterator's cache_size).
PAGE_SIZE = 1000
REPO_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 240


def _run(mode: str, server: BenchServer) -> dict[str, Any]:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks.browse_worker",
            mode,
            server.url,
            str(server.grpc_port),
            str(PAGE_SIZE),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"browse_worker {mode} failed:\n{completed.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["seen"] != BIG_COUNT:
        raise RuntimeError(f"browse_worker {mode} saw {result['seen']} of {BIG_COUNT} objects")
    return result


def browse(server: BenchServer, runs: int) -> tuple[Figure, Figure]:
    time_figure = Figure.new(
        "browse_time_ratio",
        f"paging 100,000 objects with ExplorerSession.fetch_page (cursor, {PAGE_SIZE} a page) "
        f"into ObjectRecords, over collection.iterator(cache_size={PAGE_SIZE}) with the same "
        "metadata",
        measured_unit="s",
    )
    rss_figure = Figure.new(
        "browse_rss_growth_mb",
        "peak RSS growth of a fresh process while paging 100,000 objects with the explorer's "
        "pager (VmHWM after resetting it via /proc/self/clear_refs, minus VmRSS before)",
    )
    ours, raw = alternate(runs, lambda: _run("explorer", server), lambda: _run("raw", server))
    time_figure.ours = median([r["seconds"] for r in ours])
    time_figure.baseline = median([r["seconds"] for r in raw])
    time_figure.samples = rss_figure.samples = runs
    time_figure.notes.append(f"ours s {sorted(round(r['seconds'], 2) for r in ours)}")
    time_figure.notes.append(f"raw s {sorted(round(r['seconds'], 2) for r in raw)}")
    rss_figure.ours = median([r["growth_mb"] for r in ours])
    rss_figure.notes.append(
        f"ours MB {sorted(round(r['growth_mb'], 1) for r in ours)}; raw iterator MB "
        f"{sorted(round(r['growth_mb'], 1) for r in raw)}; peak reset: {ours[0]['peak_reset']}"
    )
    return time_figure, rss_figure
