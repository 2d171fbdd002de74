"""The loop lag if the client's parsing ran in a process of its own: an upper bound of its gain.

``.ci/in-private-network .venv/bin/python -m tests.benchmarks.profile_parse_elsewhere [ROUNDS]``

Before a process of its own for the client (a design change to ``ExplorerSession``), this
measures what it could give. It records every page and every query answer of two loop-lag runs
(:mod:`tests.benchmarks.loop_lag`) as pickled bytes with its latency. Then it alternates real
runs with replayed ones, ``ROUNDS`` of each (default 4). In a replayed run the app's session
answers each page and query from the recording: it waits the recorded latency, then unpickles
in a thread, as a reply from another process would be read. Meanwhile a second process
(``--load URL GRPC_PORT``) does the same work against the same server with a client of its
own: 50 hybrid queries in waves, and a 500-object page (100 objects, then 400) at most every
125 ms. The UI's process then parses nothing, while the server's load and the parsing's CPU
stay on the machine.
"""

from __future__ import annotations

import asyncio
import pickle
import statistics
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from tests.benchmarks.loop_lag import _one_run, _query_waves
from tests.benchmarks.server import BIG_COLLECTION, BenchServer, bench_server

#: Seconds a page of the load process takes at least (a loop-lag run turns a page about as often).
PAGE_EVERY = 0.125

Recording = dict[tuple[str, ...], tuple[bytes, float]]
Methods = tuple[Callable[..., Any], Callable[..., Any]]
#: The session's own ``fetch_page`` and ``search``.
ORIGINAL_METHODS: Methods = (ExplorerSession.fetch_page, ExplorerSession.search)


def answer_with(methods: Methods) -> None:
    """The session's ``fetch_page`` and ``search`` from now on (``ORIGINAL_METHODS`` to undo)."""
    ExplorerSession.fetch_page, ExplorerSession.search = methods  # type: ignore[method-assign]


def _page_key(collection: str, options: dict[str, Any]) -> tuple[str, ...]:
    return ("page", collection, repr(sorted(options.items())))


def _query_key(request: SearchRequest) -> tuple[str, ...]:
    return ("query", repr(request))


def _recording_methods(recording: Recording) -> Methods:
    fetch_page, search = ORIGINAL_METHODS

    async def timed(key: tuple[str, ...], call: Awaitable[Any]) -> Any:
        started = time.perf_counter()
        answer = await call
        recording[key] = (pickle.dumps(answer), time.perf_counter() - started)
        return answer

    async def recorded_page(self: ExplorerSession, collection: str, **options: Any) -> Any:
        return await timed(_page_key(collection, options), fetch_page(self, collection, **options))

    async def recorded_query(self: ExplorerSession, request: SearchRequest) -> Any:
        return await timed(_query_key(request), search(self, request))

    return recorded_page, recorded_query


def _replaying_methods(recording: Recording) -> Methods:
    async def replay(key: tuple[str, ...]) -> Any:
        data, latency = recording[key]
        await asyncio.sleep(latency)
        return await asyncio.to_thread(pickle.loads, data)

    async def replayed_page(self: ExplorerSession, collection: str, **options: Any) -> Any:
        return await replay(_page_key(collection, options))

    async def replayed_query(self: ExplorerSession, request: SearchRequest) -> Any:
        return await replay(_query_key(request))

    return replayed_page, replayed_query


async def _load(url: str, grpc_port: int) -> None:
    """The load process: the loop-lag run's queries and pages, with a client of its own."""

    async def paging(session: ExplorerSession) -> None:
        loop = asyncio.get_running_loop()
        while True:
            after = None
            for _ in range(20):
                started = loop.time()
                first = await session.fetch_page(BIG_COLLECTION, limit=100, after=after)
                rest = await session.fetch_page(BIG_COLLECTION, limit=400, after=first.next_after)
                after = rest.next_after
                await asyncio.sleep(max(0.0, PAGE_EVERY - (loop.time() - started)))

    async with ExplorerSession(ConnectionOptions(url=url, grpc_port=grpc_port)) as session:
        print("ready", flush=True)
        await asyncio.gather(_query_waves(session, asyncio.Event()), paging(session))


@asynccontextmanager
async def load_process(server: BenchServer) -> AsyncIterator[None]:
    """A second process doing a loop-lag run's work against ``server`` (``_load``), from when
    it is ready until the block ends."""
    load = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", __spec__.name, "--load", server.url, str(server.grpc_port)),
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert load.stdout is not None
        if (await load.stdout.readline()).strip() != b"ready":
            raise RuntimeError("the load process did not start")
        yield
    finally:
        load.terminate()  # our own child, by its handle
        await load.wait()


async def record(server: BenchServer) -> Recording:
    """Every page and answer of two loop-lag runs (the session answers as usual after)."""
    recording: Recording = {}
    answer_with(_recording_methods(recording))
    try:
        for _ in range(2):
            await _one_run(server)
    finally:
        answer_with(ORIGINAL_METHODS)
    print(f"recorded {len(recording)} answers", flush=True)
    return recording


async def replayed_run(server: BenchServer, recording: Recording) -> tuple[float, float]:
    """One loop-lag run's (p99, max), the app answered from ``recording`` while a second
    process does the work."""
    async with load_process(server):
        answer_with(_replaying_methods(recording))
        try:
            p99, worst, _, _ = await _one_run(server)
        finally:
            answer_with(ORIGINAL_METHODS)
    return p99, worst


async def main(rounds: int) -> None:
    results: dict[str, list[tuple[float, float]]] = {"real": [], "replayed": []}
    async with bench_server(lambda message: print(message, file=sys.stderr)) as server:
        recording = await record(server)
        for _ in range(rounds):
            p99, worst, _, _ = await _one_run(server)
            results["real"].append((p99, worst))
            print(f"real      p99 {p99:5.1f} ms, max {worst:5.1f} ms", flush=True)
            p99, worst = await replayed_run(server, recording)
            results["replayed"].append((p99, worst))
            print(f"replayed  p99 {p99:5.1f} ms, max {worst:5.1f} ms", flush=True)
    for name, runs in results.items():
        print(
            f"{name}: p99 median {statistics.median(r[0] for r in runs):.1f} ms, "
            f"max median {statistics.median(r[1] for r in runs):.1f} ms over {len(runs)} runs"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--load"]:
        asyncio.run(_load(sys.argv[2], int(sys.argv[3])))
    else:
        asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 4))
