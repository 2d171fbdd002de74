"""A TCP proxy on loopback that can hold back the server's answers, to make real calls slow.

Used to test cancellation and responsiveness against the real server: nothing is faked, the
bytes are only delayed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class SlowProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        #: Seconds to hold each chunk the server sends back; set it to 0 to release them.
        self.delay = 0.0
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._server is not None:
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        forward = asyncio.ensure_future(self._pipe(reader, up_writer, slow=False))
        backward = asyncio.ensure_future(self._pipe(up_reader, writer, slow=True))
        self._tasks.update((forward, backward))
        try:
            await asyncio.wait((forward, backward), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (forward, backward):
                task.cancel()
                self._tasks.discard(task)
            for w in (writer, up_writer):
                w.close()

    async def _hold(self) -> None:
        """Hold a chunk for ``delay`` seconds; lowering ``delay`` releases it early."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        while loop.time() - started < self.delay:  # noqa: ASYNC110 - tests set delay directly
            await asyncio.sleep(0.02)

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, slow: bool
    ) -> None:
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while chunk := await reader.read(65536):
                if slow:
                    await self._hold()
                writer.write(chunk)
                await writer.drain()


@contextlib.asynccontextmanager
async def slow_proxy(upstream_port: int) -> AsyncIterator[SlowProxy]:
    proxy = SlowProxy(upstream_port)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.stop()
