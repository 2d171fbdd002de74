"""One browse of the 100,000-object collection in a fresh process; prints a JSON line.

Usage: python -m tests.benchmarks.browse_worker explorer|raw URL GRPC_PORT PAGE_SIZE

Peak RSS growth: after connecting (and a warm-up page) the peak is reset by writing "5" to
/proc/self/clear_refs, so VmHWM at the end minus VmRSS at the start is the growth while
browsing. Without that file (not Linux) the growth is VmRSS after minus before instead.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from explorer.core.base.quiet import quiet_client_warnings

quiet_client_warnings()

from explorer.core.client.connection import ConnectionOptions  # noqa: E402
from explorer.core.client.session import ExplorerSession  # noqa: E402
from tests.benchmarks.server import BIG_COLLECTION  # noqa: E402
from tests.benchmarks.terminal import read_status_kb  # noqa: E402


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


async def browse(mode: str, options: ConnectionOptions, page_size: int) -> dict[str, object]:
    from weaviate.classes.query import MetadataQuery

    pid = 0
    import os

    pid = os.getpid()
    async with ExplorerSession(options) as session:
        # Warm-up: the schema, the gRPC channel and the code paths, before measuring.
        await session.fetch_page(BIG_COLLECTION, limit=page_size)
        collection = session.client.collections.use(BIG_COLLECTION)
        async for _ in collection.iterator(cache_size=page_size):
            break
        peak_reset = reset_peak()
        rss_before = read_status_kb(pid, "VmRSS")
        seen = 0
        started = time.perf_counter()
        if mode == "explorer":
            after = None
            while True:  # what the objects pane does: one page at a time, the next by cursor
                page = await session.fetch_page(BIG_COLLECTION, limit=page_size, after=after)
                seen += len(page.objects)
                if page.next_after is None:
                    break
                after = page.next_after
        else:
            metadata = MetadataQuery(creation_time=True, last_update_time=True)
            async for _obj in collection.iterator(return_metadata=metadata, cache_size=page_size):
                seen += 1
        elapsed = time.perf_counter() - started
        rss_after = read_status_kb(pid, "VmRSS")
        peak = read_status_kb(pid, "VmHWM") if peak_reset else rss_after
    return {
        "mode": mode,
        "seen": seen,
        "seconds": elapsed,
        "rss_before_kb": rss_before,
        "peak_kb": peak,
        "growth_mb": (peak - rss_before) / 1024,
        "peak_reset": peak_reset,
    }


def main() -> None:
    mode, url, grpc_port, page_size = sys.argv[1:5]
    options = ConnectionOptions(url=url, grpc_port=int(grpc_port))
    print(json.dumps(asyncio.run(browse(mode, options, int(page_size)))), flush=True)


if __name__ == "__main__":
    main()
