"""End a server-side batch stream whose server is gone, keeping what it had confirmed.

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
from typing import Any

#: The client's name-mangled attribute holding the stream's background tasks (4.23.1).
_BACKGROUND_TASKS = "_BatchBaseAsync__bg_tasks"


def abandon_stream(batch: Any) -> bool:
    """Cancel the stream's background tasks; False when this client version has none to find."""
    tasks = getattr(batch, _BACKGROUND_TASKS, None)
    found = [getattr(tasks, name, None) for name in ("recv", "loop")]
    running = [task for task in found if isinstance(task, asyncio.Task)]
    for task in running:
        if not task.done():
            task.cancel()
    return bool(running)
