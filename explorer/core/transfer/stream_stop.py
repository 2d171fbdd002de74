"""Notice that a batch stream's server is gone, and end the stream keeping what it confirmed.

Measured with weaviate-client 4.23.1 against a single node killed with SIGKILL: the stream's
receiving task sees "Socket closed", then polls ``/nodes`` every 5 s until the node is back (for
ever), its sending loop pauses for up to 300 s, and ``add_object`` blocks meanwhile. Leaving the
``async with`` then waits ``Timeout.insert`` + 5 s and raises without copying the results, so
what the server had confirmed is lost too. :func:`abandon_stream` cancels the stream's two
background tasks instead: leaving the ``async with`` then returns at once and copies the results
(the confirmed objects, the failed ones) to ``collection.batch.results`` / ``failed_objects``
as after a normal end. It reads a private attribute of the pinned client; with another client
it does nothing and the caller reports every sent row as unconfirmed.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from explorer.core.client.health import PROBE_TIMEOUT, TIMEOUTS_BEFORE_DOWN, probe
from explorer.core.client.session import ExplorerSession

#: The client's name-mangled attribute holding the stream's background tasks (4.23.1).
_BACKGROUND_TASKS = "_BatchBaseAsync__bg_tasks"


def abandon_stream(batch: Any) -> bool:
    """Cancel the stream's background tasks; False when this client version has none to find."""
    tasks = getattr(batch, _BACKGROUND_TASKS, None)
    found = [getattr(tasks, name, None) for name in ("recv", "loop")]
    running = [task for task in found if isinstance(task, asyncio.Task)]
    for task in running:
        if not task.done():
            # The tasks live on the client's loop, in the session's thread.
            task.get_loop().call_soon_threadsafe(task.cancel)
    return bool(running)


class ServerWatch:
    """Probes the server while a stream runs and cancels the streaming task when it is gone.

    The session's health poll ends calls in flight when the server goes away, but only where a
    front end runs one; without it a stream to a dead server waits ``Timeout.insert`` + 5 s and
    confirms nothing. The watch probes like the poll does: a refused probe counts at once,
    timeouts only ``TIMEOUTS_BEFORE_DOWN`` times in a row (a busy server is not a dead one).
    """

    def __init__(
        self, session: ExplorerSession, *, interval: float = 2.0, timeout: float = PROBE_TIMEOUT
    ) -> None:
        self.session = session
        self.interval = interval
        self.timeout = timeout
        #: Why the server counts as gone, once the watch found it so.
        self.lost: str | None = None
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> ServerWatch:
        streaming = asyncio.current_task()
        if streaming is not None:
            self._task = asyncio.create_task(self._watch(streaming), name="import server watch")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def check_now(self) -> str | None:
        """Probe once, at once: a stream that died with an error may have beaten the next
        probe to the news (the gRPC stream fails as soon as the node is killed). Only a refused
        probe counts here; a slow one may be a busy server. Returns (and keeps) why it is lost."""
        if self.lost is None:
            started = time.monotonic()
            health = await probe(self.session, self.timeout)
            if health.state == "down" and time.monotonic() - started < self.timeout * 0.9:
                self.lost = health.detail
        return self.lost

    async def _watch(self, streaming: asyncio.Task[Any]) -> None:
        timeouts = 0
        while True:
            await asyncio.sleep(self.interval)
            started = time.monotonic()
            health = await probe(self.session, self.timeout)
            if health.state != "down":
                timeouts = 0
                continue
            if time.monotonic() - started >= self.timeout * 0.9:
                timeouts += 1
                if timeouts < TIMEOUTS_BEFORE_DOWN:
                    continue
            self.lost = health.detail
            streaming.cancel()
            return
