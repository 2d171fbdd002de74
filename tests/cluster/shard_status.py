"""Setting a shard's status in a test: the update answers at once, but a shard on another node
reads as before for about 100 ms (v1.38.11), so a check run straight after would miss it."""

from __future__ import annotations

import asyncio
from typing import Any

#: However slow the machine, a status shows within this long.
SETTLE_SECONDS = 30.0


async def set_status_and_wait(handle: Any, shard: str, status: str) -> None:
    """``update_shards(status, shard)`` on the collection ``handle``, then wait until a read says
    ``status``."""
    await handle.config.update_shards(status, shard)
    deadline = asyncio.get_running_loop().time() + SETTLE_SECONDS
    while True:
        read = {s.name: str(s.status) for s in await handle.config.get_shards()}
        if read[shard] == status:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"shard {shard} still reads {read[shard]}, not {status}")
        await asyncio.sleep(0.05)
