"""One loop-lag run under pyinstrument (the UI thread only), to see what holds the app's loop.

``.ci/in-private-network .venv/bin/python -m tests.benchmarks.profile_loop_lag [OUT.txt]``
"""

from __future__ import annotations

import asyncio
import sys

from pyinstrument import Profiler

from tests.benchmarks.loop_lag import _one_run
from tests.benchmarks.server import bench_server


async def main(out: str) -> None:
    async with bench_server(lambda message: print(message, file=sys.stderr)) as server:
        profiler = Profiler(interval=0.01, async_mode="disabled")
        profiler.start()
        p99, worst, paged, answered = await _one_run(server)
        profiler.stop()
    text = profiler.output_text(unicode=False, color=False)
    with open(out, "w") as handle:
        handle.write(f"p99 {p99:.0f} ms, max {worst:.0f} ms, {paged} paged, {answered} queries\n")
        handle.write(text)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "loop-lag-profile.txt"))
