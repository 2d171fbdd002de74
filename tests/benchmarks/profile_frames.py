"""Where a loop-lag run's UI time goes: each frame's wall and CPU time, and the GC's pauses.

``.ci/in-private-network .venv/bin/python -m tests.benchmarks.profile_frames``

Runs one loop-lag run (:mod:`tests.benchmarks.loop_lag`) with every ``Screen._compositor_refresh``
timed in wall time and in the UI thread's CPU time (``time.thread_time``), and every garbage
collection timed through ``gc.callbacks``. Frames whose CPU time is close to their wall time
cost the UI thread itself; a wall time far above the CPU time is time spent waiting for the GIL.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
import time
from typing import Any

from textual.screen import Screen

from tests.benchmarks.loop_lag import _one_run
from tests.benchmarks.server import bench_server


def _summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[int(len(ordered) * 0.9)]
    return (
        f"median {statistics.median(ordered):.1f}, p90 {p90:.1f}, max {ordered[-1]:.1f}, "
        f"sum {sum(ordered):.0f}"
    )


async def main() -> None:
    frames: list[tuple[float, float]] = []
    pauses: list[tuple[int, float]] = []
    started: dict[str, float] = {}
    original = Screen._compositor_refresh

    def timed(self: Screen[Any]) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            original(self)
        finally:
            frames.append(((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000))

    def collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started["at"] = time.perf_counter()
        else:
            pauses.append((info["generation"], (time.perf_counter() - started["at"]) * 1000))

    async with bench_server(lambda message: print(message, file=sys.stderr)) as server:
        Screen._compositor_refresh = timed  # type: ignore[method-assign]
        gc.callbacks.append(collection)
        try:
            p99, worst, paged, answered = await _one_run(server)
        finally:
            gc.callbacks.remove(collection)
            Screen._compositor_refresh = original  # type: ignore[method-assign]
    print(f"loop lag p99 {p99:.0f} ms, max {worst:.0f} ms; {paged} paged, {answered} queries")
    print(f"{len(frames)} frames, wall ms: {_summary([w for w, _ in frames])}")
    print(f"{len(frames)} frames, UI thread CPU ms: {_summary([c for _, c in frames])}")
    for generation in (0, 1, 2):
        times = [ms for g, ms in pauses if g == generation]
        if times:
            print(f"generation {generation} collections: {len(times)}, ms: {_summary(times)}")


if __name__ == "__main__":
    asyncio.run(main())
