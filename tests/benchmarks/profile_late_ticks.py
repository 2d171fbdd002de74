"""What ran on the app's loop while a loop-lag tick was late: every callback, in wall and CPU time.

``.ci/in-private-network .venv/bin/python -m tests.benchmarks.profile_late_ticks [RUNS]``

Runs loop-lag runs (:mod:`tests.benchmarks.loop_lag`) with every callback the UI's loop runs
(``asyncio.Handle._run``: task steps, timers, thread-safe calls) timed in wall time and in the UI
thread's CPU time (``time.thread_time``). For each tick later than 10 ms it prints the callbacks
of more than a millisecond that ran between the tick's due time and the moment it fired, and the time the loop spent outside
any callback in that window (waiting in ``select`` or for the GIL). A callback whose wall time is
far above its CPU time waited for the GIL or for a core.
"""

from __future__ import annotations

import asyncio
import collections
import sys
import threading
import time

from tests.benchmarks.loop_lag import LagMonitor, _one_run
from tests.benchmarks.server import bench_server

LATE_MS = 10.0
#: Callbacks shorter than this (seconds) are not recorded.
SLOW_S = 0.001


def _describe(handle: asyncio.Handle) -> str:
    callback = getattr(handle, "_callback", None)
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.Task):
        coro = owner.get_coro()
        frame = getattr(coro, "cr_frame", None)
        where = f"{frame.f_code.co_filename.split('/')[-1]}:{frame.f_lineno}" if frame else ""
        timer = frame.f_locals.get("self") if frame else None
        name = getattr(timer, "name", "") if type(timer).__name__ == "Timer" else ""
        return f"task {getattr(coro, '__qualname__', coro)} {where} {name}".rstrip()
    name = getattr(callback, "__qualname__", repr(callback))
    return str(name)[:90]


async def main(runs: int) -> None:
    ui_thread = threading.get_ident()
    records: list[tuple[float, float, float, str]] = []  # start s, wall ms, cpu ms, what
    elsewhere: list[tuple[float, float, float, str]] = []  # the same, on other threads' loops
    ticks: list[tuple[float, float]] = []  # due s, fired s (perf_counter)
    original_run = asyncio.Handle._run
    original_tick = LagMonitor._tick

    def timed_run(self: asyncio.Handle) -> None:
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            original_run(self)
        finally:
            end = time.perf_counter()
            if end - start > SLOW_S:  # only slow callbacks are described: cheap to watch
                into = records if threading.get_ident() == ui_thread else elsewhere
                into.append(
                    (
                        start,
                        (end - start) * 1000,
                        (time.thread_time() - cpu) * 1000,
                        _describe(self),
                    )
                )

    def timed_tick(self: LagMonitor, loop: asyncio.AbstractEventLoop, due: float) -> None:
        late = loop.time() - due
        now = time.perf_counter()
        ticks.append((now - max(0.0, late), now))
        original_tick(self, loop, due)

    async with bench_server(lambda message: print(message, file=sys.stderr)) as server:
        asyncio.Handle._run = timed_run  # type: ignore[method-assign]
        LagMonitor._tick = timed_tick  # type: ignore[method-assign]
        try:
            for _ in range(runs):
                p99, worst, _, _ = await _one_run(server)
                print(f"run: p99 {p99:.1f} ms, max {worst:.1f} ms, {len(ticks)} ticks so far")
        finally:
            asyncio.Handle._run = original_run  # type: ignore[method-assign]
            LagMonitor._tick = original_tick  # type: ignore[method-assign]
    blame: collections.Counter[str] = collections.Counter()
    causes: collections.Counter[str] = collections.Counter()
    late = [(due, fired) for due, fired in ticks if (fired - due) * 1000 > LATE_MS]
    print(f"{len(late)} of {len(ticks)} ticks later than {LATE_MS:.0f} ms")
    for due, fired in late:
        inside = [r for r in records if r[0] < fired and r[0] + r[1] / 1000 > due]
        busy = sum(r[1] for r in inside)
        print(
            f"\ntick {(fired - due) * 1000:.1f} ms late: {len(inside)} callbacks, "
            f"{busy:.1f} ms wall, {sum(r[2] for r in inside):.1f} ms CPU"
        )
        longest = max(inside, key=lambda r: r[1], default=None)
        lateness = (fired - due) * 1000
        if longest is not None and longest[1] > lateness / 2:
            kind = "cpu-bound" if longest[2] > longest[1] * 0.7 else "waited"
            causes[f"one callback ({kind}): {' '.join(longest[3].split(' ')[:2])}"] += 1
        elif busy < lateness / 2:
            causes["outside callbacks (select, the GIL, a core)"] += 1
        else:
            causes["many callbacks"] += 1
        for start, wall, cpu, what in sorted(inside, key=lambda r: -r[1])[:6]:
            print(f"  {wall:6.1f} wall {cpu:6.1f} cpu  +{(start - due) * 1000:6.1f}  {what}")
        other = [r for r in elsewhere if r[0] < fired and r[0] + r[1] / 1000 > due]
        for start, wall, cpu, what in sorted(other, key=lambda r: -r[1])[:3]:
            print(
                f"  client's loop: {wall:6.1f} wall {cpu:6.1f} cpu  +{(start - due) * 1000:6.1f}  {what}"
            )
            blame[what.split(" ")[0] + " " + what.split(" ")[1] if " " in what else what] += 1
    print("\nwhat made each late tick late:")
    for what, count in causes.most_common():
        print(f"  {count:4d}  {what}")
    print("\nmost often in a late tick:")
    for what, count in blame.most_common(15):
        print(f"  {count:4d}  {what}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2))
