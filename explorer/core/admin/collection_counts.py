"""Collection counts that never wait out a dead node: each arrives as it comes, the rest say why.

A count waits on every replica of the collection, so with a node down it hangs for the whole
query timeout (60 s). :func:`bounded_counts` gives all counts one deadline; when some are late
it asks the cluster which nodes are down, and once it knows, the counts still missing get a
short grace, then end as "n/a" naming the dead nodes. It asks only when counts are late, so a
healthy server gets no extra request.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from explorer.core.admin.cluster import down_nodes
from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession

T = TypeVar("T")

#: Seconds the counts get in all, when no node is known to be down.
COUNT_TIMEOUT = 8.0
#: Seconds after which counts still missing make it ask the cluster which nodes are down.
ASK_CLUSTER_AFTER = 1.0
#: Seconds the counts still missing get once a node is known to be down.
GRACE_WHEN_DOWN = 2.0
#: Counts in flight at once.
CONCURRENCY = 8


@dataclass(frozen=True)
class CountResult:
    name: str
    count: int | None
    #: Why there is no count: "node1 down", "timed out" or "failed" (empty with a count).
    why_none: str = ""


def why_missing(down: tuple[str, ...], otherwise: str) -> str:
    return f"{', '.join(down)} down" if down else otherwise


async def bounded_counts(
    session: ExplorerSession,
    names: Iterable[str],
    on_result: Callable[[CountResult], None],
    *,
    timeout: float = COUNT_TIMEOUT,
    ask_cluster_after: float = ASK_CLUSTER_AFTER,
    grace_when_down: float = GRACE_WHEN_DOWN,
) -> tuple[str, ...]:
    """Count each of ``names``, calling ``on_result`` once for each as it is known.

    Counts still missing after ``ask_cluster_after`` s make it ask which nodes are down; once
    some are, the rest get ``grace_when_down`` s more. Returns the nodes found down (empty when
    none, or when it did not ask). Cancelling this cancels every count still in flight.
    """
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(name: str) -> int:
        async with limit:
            return await session.count(name)

    counts = {_retrieved(asyncio.ensure_future(one(name))): name for name in names}
    waiting = set(counts)
    check: asyncio.Future[tuple[str, ...]] | None = None
    down: tuple[str, ...] = ()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    ask_at = loop.time() + ask_cluster_after
    try:
        while waiting and (now := loop.time()) < deadline:
            if check is None and now >= ask_at:
                check = _retrieved(asyncio.ensure_future(down_nodes(session)))
            watched = waiting | ({check} if check is not None and not check.done() else set())
            wake = deadline if check is not None else min(deadline, ask_at)
            done, _ = await asyncio.wait(
                watched, timeout=wake - now, return_when=asyncio.FIRST_COMPLETED
            )
            if check is not None and check in done:
                down = _nodes_down(check)
                if down:
                    deadline = min(deadline, loop.time() + grace_when_down)
            for task in [task for task in waiting if task in done]:
                waiting.discard(task)
                if task.exception() is None:
                    on_result(CountResult(counts[task], task.result()))
                else:
                    on_result(CountResult(counts[task], None, why_missing(down, "failed")))
        if waiting and check is not None and not check.done():
            # The cluster answers at once even with a node down; give it a moment more.
            await asyncio.wait({check}, timeout=grace_when_down)
            down = _nodes_down(check) if check.done() else ()
        for task in waiting:
            task.cancel()
            on_result(CountResult(counts[task], None, why_missing(down, "timed out")))
        return down
    finally:
        for task in counts:
            task.cancel()
        if check is not None:
            check.cancel()


def _retrieved(task: asyncio.Future[T]) -> asyncio.Future[T]:
    task.add_done_callback(_retrieve)
    return task


def _retrieve(task: asyncio.Future[Any]) -> None:
    """Take what a call ended with, so a cancelled one is never "exception never retrieved"."""
    if not task.cancelled():
        task.exception()


def _nodes_down(check: asyncio.Future[tuple[str, ...]]) -> tuple[str, ...]:
    if check.cancelled():
        return ()
    with contextlib.suppress(ExplorerError):
        return check.result()
    return ()
