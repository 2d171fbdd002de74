"""The client's own event loop, in a thread owned by the session, and the proxy that reaches it.

The client parses every response (about 0.2 ms an object) on the loop it lives on, so on the UI's
loop a 500-object page held the UI for about 100 ms. Here the client lives on a loop of its own:
callers on the UI's loop still ``await`` client calls, which :class:`OnClientLoop` hands over with
``run_coroutine_threadsafe`` and awaits with ``wrap_future``; cancelling the awaiting task cancels
the request on the client's loop. Local methods (``collections.use``, ``is_connected``) stay
plain synchronous calls.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
import threading
from collections.abc import Awaitable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

#: Seconds between GIL hand-overs (CPython's default is 5 ms): the client's thread parses in
#: long pure-Python stretches, and the UI's thread should get the GIL back within a frame.
SWITCH_INTERVAL = 0.001


class ClientLoop:
    """An event loop running in a daemon thread until :meth:`stop`."""

    def __init__(self, name: str = "weaviate-client") -> None:
        if sys.getswitchinterval() > SWITCH_INTERVAL:
            sys.setswitchinterval(SWITCH_INTERVAL)
        self.loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()
        self._started.wait()

    def _run(self) -> None:
        loop = self.loop
        asyncio.set_event_loop(loop)
        loop.set_exception_handler(_quiet_grpc_poller)
        loop.call_soon(self._started.set)
        try:
            loop.run_forever()
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()

    @property
    def running(self) -> bool:
        return self.thread.is_alive() and not self.loop.is_closed()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        """Run ``coroutine`` on the client's loop; await the returned future on the caller's."""
        if not self.running:
            coroutine.close()
            raise RuntimeError("the client's event loop has stopped")
        future: concurrent.futures.Future[T] = asyncio.run_coroutine_threadsafe(
            coroutine, self.loop
        )
        return asyncio.wrap_future(future)

    async def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return await self.submit(coroutine)

    def stop(self) -> None:
        """Cancel what still runs there, stop the loop and join its thread."""
        if self.thread.is_alive() and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.loop.stop)
        if self.thread is not threading.current_thread():
            self.thread.join()


def _quiet_grpc_poller(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Drop gRPC's spurious poller wake-up error; pass on everything else.

    gRPC's asyncio poller is one per process and wakes every loop that uses gRPC; all but one
    find its socket empty and raise BlockingIOError, which changes nothing (grpc/grpc#25364).
    """
    if isinstance(context.get("exception"), BlockingIOError) and "PollerCompletionQueue" in repr(
        context.get("handle")
    ):
        return
    loop.default_exception_handler(context)


def _reaches_the_client(value: object) -> bool:
    """Whether ``value`` is a part of the client whose methods talk to the server."""
    kind = type(value)
    if not kind.__module__.startswith("weaviate"):
        return False
    return (
        kind.__name__.endswith("Async") or hasattr(kind, "__aenter__") or hasattr(kind, "__anext__")
    )


class OnClientLoop:
    """A client object seen from another loop: what it returns to await runs on the client's.

    Attributes and results that are themselves parts of the client (a collection handle, its
    ``query``, an iterator, a batch stream) come back wrapped too; plain values come back as is.
    """

    __slots__ = ("_client_loop", "_target")

    def __init__(self, target: object, client_loop: ClientLoop) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_client_loop", client_loop)

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, Coroutine):
            return self._awaited(value)
        if _reaches_the_client(value):
            return OnClientLoop(value, self._client_loop)
        return value

    async def _awaited(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return self._wrap(await self._client_loop.submit(_unwrapped(coroutine)))

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value) and not isinstance(value, type):
            return _Method(value, self)
        return self._wrap(value)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target, name, value)

    def __repr__(self) -> str:
        return f"OnClientLoop({self._target!r})"

    # The protocols Python looks up on the type, not through __getattr__.

    def __aiter__(self) -> OnClientLoop:
        return self._wrap(self._target.__aiter__())

    async def __anext__(self) -> Any:
        return self._wrap(await self._client_loop.submit(_unwrapped(self._target.__anext__())))

    async def __aenter__(self) -> Any:
        return self._wrap(await self._client_loop.submit(_unwrapped(self._target.__aenter__())))

    async def __aexit__(self, *exc_info: Any) -> Any:
        return await self._client_loop.submit(_unwrapped(self._target.__aexit__(*exc_info)))


class _Method:
    __slots__ = ("_method", "_owner")

    def __init__(self, method: Any, owner: OnClientLoop) -> None:
        self._method = method
        self._owner = owner

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._owner._wrap(self._method(*args, **kwargs))


async def _unwrapped(awaitable: Awaitable[T]) -> T:
    """A coroutine for ``run_coroutine_threadsafe``, which takes coroutines only."""
    return await awaitable
