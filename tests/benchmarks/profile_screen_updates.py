"""What each screen update of a loop-lag run cost, and what asked for it.

``.ci/in-private-network .venv/bin/python -m tests.benchmarks.profile_screen_updates [lab|paging]``

Runs one run of :mod:`tests.benchmarks.loop_lag_lab` (``lab``, the default) or of
:mod:`tests.benchmarks.loop_lag` (``paging``) and, while its lag monitor runs, records every
screen update (``Screen._on_timer_update``: a layout if one was asked for, then a paint of the
dirty widgets) with its wall time, the UI thread's CPU time (``time.thread_time``), whether it
laid out (L) or repainted the whole screen (R), and the classes of the widgets it painted; and
every ``refresh`` by widget class. A wall time well above the CPU time is time spent waiting
for the GIL (the client's thread parsing, numpy, the plot's thread).
"""

from __future__ import annotations

import asyncio
import collections
import statistics
import sys
import time
from typing import Any

from textual.screen import Screen
from textual.widget import Widget

from tests.benchmarks import loop_lag, loop_lag_lab
from tests.benchmarks.loop_lag import LagMonitor
from tests.benchmarks.server import bench_server

Update = tuple[float, float, str]


def _kind(screen: Screen[Any]) -> str:
    flags = ("L" if screen._layout_required else "") + ("R" if screen._repaint_required else "")
    painted = ",".join(sorted({type(w).__name__ for w in screen._dirty_widgets}))
    return f"{type(screen).__name__} {flags or '-'} {painted or '-'}"


async def main(which: str) -> None:
    updates: list[Update] = []
    refreshes: collections.Counter[str] = collections.Counter()
    measuring = False
    update, refresh = Screen._on_timer_update, Widget.refresh
    start, stop = LagMonitor.start, LagMonitor.stop

    def timed_update(self: Screen[Any]) -> None:
        if not measuring:
            update(self)
            return
        kind, wall, cpu = _kind(self), time.perf_counter(), time.thread_time()
        try:
            update(self)
        finally:
            updates.append(
                ((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000, kind)
            )

    def counted_refresh(self: Widget, *regions: Any, **options: Any) -> Widget:
        if measuring:
            layout = " (layout)" if options.get("layout") else ""
            refreshes[f"{type(self).__name__}#{self.id or ''}{layout}"] += 1
        return refresh(self, *regions, **options)

    def started(self: LagMonitor) -> None:
        nonlocal measuring
        measuring = True
        start(self)

    def stopped(self: LagMonitor) -> None:
        nonlocal measuring
        measuring = False
        stop(self)

    Screen._on_timer_update = timed_update  # type: ignore[method-assign]
    Widget.refresh = counted_refresh  # type: ignore[assignment]
    LagMonitor.start, LagMonitor.stop = started, stopped  # type: ignore[method-assign]
    try:
        lab = which == "lab"
        async with bench_server(lambda m: print(m, file=sys.stderr), with_vectors=lab) as server:
            run = loop_lag_lab._one_run if lab else loop_lag._one_run
            result = await run(server)
    finally:
        Screen._on_timer_update = update  # type: ignore[method-assign]
        Widget.refresh = refresh  # type: ignore[method-assign]
        LagMonitor.start, LagMonitor.stop = start, stop  # type: ignore[method-assign]
    print(f"loop lag p99 {result[0]:.1f} ms, max {result[1]:.1f} ms")
    walls = sorted(u[0] for u in updates)
    cpus = sorted(u[1] for u in updates)
    print(
        f"{len(updates)} screen updates; wall ms median {statistics.median(walls):.1f}, "
        f"max {walls[-1]:.1f}, sum {sum(walls):.0f}; UI thread CPU ms median "
        f"{statistics.median(cpus):.1f}, max {cpus[-1]:.1f}, sum {sum(cpus):.0f}"
    )
    by_kind: dict[str, list[Update]] = collections.defaultdict(list)
    for item in updates:
        by_kind[item[2]].append(item)
    print("by kind (screen, L = layout / R = whole repaint, widgets painted), slowest first:")
    for kind, items in sorted(by_kind.items(), key=lambda kv: -max(u[0] for u in kv[1])):
        print(
            f"  {len(items):3d}x wall max {max(u[0] for u in items):5.1f} ms, CPU max "
            f"{max(u[1] for u in items):5.1f} ms  {kind}"
        )
    print("refresh calls by widget:")
    for name, count in refreshes.most_common(15):
        print(f"  {count:4d} {name}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "lab"))
