"""A light health poll: notices within seconds when the server goes away, and reconnects.

While the server answers, :class:`HealthMonitor` probes REST readiness and gRPC health about
once a second. When a probe fails the session is marked unreachable: calls in flight end at
once with a clear :class:`ConnectionFailed` (instead of waiting out the client's retries), and
new calls fail fast. It then retries with backoff; when both probes answer again the session
reconnects (a new client on the same loop) and ``on_recovered`` lets the front end refresh.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from explorer.core.base.errors import ExplorerError
from explorer.core.client.client_loop import ClientLoop
from explorer.core.client.probes import GrpcHealthProbe, HttpReadyProbe, grpc_serving
from explorer.core.client.session import ExplorerSession

State = Literal["up", "down", "grpc-down", "reconnecting"]

#: Seconds between probes while the server answers.
POLL_INTERVAL = 1.0
#: Seconds a probe may take; a refused connection fails at once.
PROBE_TIMEOUT = 2.0
#: Probes in a row that must time out before a slow server counts as gone (a refused
#: connection counts at once): a busy server or a slow link is not a dead one.
TIMEOUTS_BEFORE_DOWN = 3
#: Backoff between reconnection attempts: first, factor, ceiling (seconds).
BACKOFF_FIRST, BACKOFF_FACTOR, BACKOFF_MAX = 0.5, 2.0, 8.0


@dataclass(frozen=True)
class Health:
    #: up; down (REST does not answer: calls in flight end, new ones fail fast); grpc-down
    #: (REST answers, gRPC does not); reconnecting (a new client is being connected).
    state: State
    detail: str = ""
    #: ``time.monotonic()`` when this state began.
    since: float = 0.0
    #: Seconds until the next reconnection attempt, while down.
    retry_in: float | None = None

    @property
    def reachable(self) -> bool:
        return self.state == "up"


async def probe(
    session: ExplorerSession,
    timeout: float = PROBE_TIMEOUT,
    grpc_probe: GrpcHealthProbe | None = None,
    http_probe: HttpReadyProbe | None = None,
) -> Health:
    """One REST and one gRPC probe, run side by side.

    ``grpc_probe`` is the session's reused gRPC channel (see :class:`HealthMonitor`); without
    it the gRPC probe opens and closes a channel of its own.
    """
    options = session.options
    if grpc_probe is not None:
        grpc_check = grpc_probe.serving(timeout)
    else:
        grpc_check = grpc_serving(
            options.resolved_grpc_host,
            options.grpc_port,
            secure=options.resolved_grpc_secure,
            timeout=timeout,
        )
    rest_check = (
        http_probe.ready(timeout) if http_probe is not None else session.server_ready(timeout)
    )
    rest, grpc = await asyncio.gather(rest_check, session.on_client_loop(grpc_check))
    now = time.monotonic()
    if not rest:
        return Health("down", f"{options.display_url} does not answer", now)
    if not grpc:
        return Health(
            "grpc-down",
            f"{options.display_url} answers over HTTP, but gRPC at {options.grpc_address} "
            "does not: check the gRPC port",
            now,
        )
    return Health("up", "", now)


class HealthMonitor:
    """Polls the server in a background task on the session's loop.

    The gRPC probe reuses one channel for the session (opened at the first probe, closed by
    :meth:`stop`), instead of dialling anew every second.
    """

    def __init__(
        self,
        session: ExplorerSession,
        *,
        on_change: Callable[[Health], None] | None = None,
        on_recovered: Callable[[], Awaitable[None] | None] | None = None,
        interval: float = POLL_INTERVAL,
        timeout: float = PROBE_TIMEOUT,
    ) -> None:
        self.session = session
        self.on_change = on_change
        self.on_recovered = on_recovered
        self.interval = interval
        self.timeout = timeout
        self.health = Health("up", "", time.monotonic())
        self._task: asyncio.Task[None] | None = None
        self._grpc: GrpcHealthProbe | None = None
        #: The client loop the gRPC probe's channel lives on (None: the caller's loop).
        self._grpc_loop: ClientLoop | None = None
        self._http: HttpReadyProbe | None = None

    def start(self) -> asyncio.Task[None]:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="weaviate-explorer health")
        return self._task

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        grpc, self._grpc = self._grpc, None
        if grpc is not None:
            await self._close_probe(grpc)
        http, self._http = self._http, None
        if http is not None:
            await http.close()

    async def _close_probe(self, grpc: GrpcHealthProbe) -> None:
        """Close the probe's channel on the loop it lives on; with that loop gone, drop it."""
        if self._grpc_loop is None:
            await grpc.close()
        elif self._grpc_loop.running:
            await self._grpc_loop.run(grpc.close())

    @property
    def grpc_probe(self) -> GrpcHealthProbe | None:
        """The reused gRPC health channel (None before the first probe and after stop)."""
        return self._grpc

    @property
    def http_probe(self) -> HttpReadyProbe | None:
        """The reused REST readiness client (None before the first probe and after stop)."""
        return self._http

    async def _probe(self) -> Health:
        """One probe, over the session's gRPC channel (a new one if its address changed)."""
        options = self.session.options
        host, port = options.resolved_grpc_host, options.grpc_port
        secure = options.resolved_grpc_secure
        grpc = self._grpc
        client_loop = self.session.client_loop
        if (
            grpc is None
            or (grpc.target, grpc.secure) != (f"{host}:{port}", secure)
            or self._grpc_loop is not client_loop  # reconnected: a new client loop
        ):
            if grpc is not None:
                await self._close_probe(grpc)
            grpc = self._grpc = GrpcHealthProbe(host, port, secure=secure)
            self._grpc_loop = client_loop
        http = self._http
        if http is None or http.url != HttpReadyProbe(options.display_url).url:
            if http is not None:
                await http.close()
            http = self._http = HttpReadyProbe(options.display_url, self.session.ready_headers())
        return await probe(self.session, self.timeout, grpc, http)

    def _set(self, health: Health) -> None:
        changed = (health.state, health.retry_in) != (self.health.state, self.health.retry_in)
        if health.state == self.health.state:
            health = Health(health.state, health.detail, self.health.since, health.retry_in)
        self.health = health
        if health.state == "down":
            self.session.mark_unreachable(health.detail)
        elif health.state != "reconnecting":  # reconnect() itself needs calls to go through
            # gRPC alone not answering (slow link, busy server) ends no call: calls keep their
            # own timeouts and Esc; the status bar says what is wrong.
            self.session.mark_reachable()
        if changed and self.on_change is not None:
            self.on_change(health)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            if time.monotonic() - self.session.last_answer_at < self.interval:
                continue  # a call just got its answer: the server is there, no need to ask
            current = await self._probe_patiently()
            self._set(current)
            if not current.reachable:
                await self._recover()

    async def _probe_patiently(self) -> Health:
        """A failed probe, unless it only timed out: then retry, up to TIMEOUTS_BEFORE_DOWN."""
        for _attempt in range(TIMEOUTS_BEFORE_DOWN):
            started = time.monotonic()
            current = await self._probe()
            if current.reachable or time.monotonic() - started < self.timeout * 0.9:
                return current
        return current

    async def _recover(self) -> None:
        delay = BACKOFF_FIRST
        # Once REST has gone the server may have restarted, so the client must be replaced,
        # even when REST comes back before gRPC does (down, then grpc-down, then up).
        rest_went_away = self.health.state == "down"
        while True:
            self._set(
                Health(self.health.state, self.health.detail, self.health.since, retry_in=delay)
            )
            await asyncio.sleep(delay)
            current = await self._probe()
            rest_went_away = rest_went_away or current.state == "down"
            if current.reachable and not rest_went_away:
                self._set(current)  # REST never went away: the client and its calls carry on
                return
            if current.reachable:
                self._set(Health("reconnecting", "reconnecting…", time.monotonic()))
                try:
                    await self.session.reconnect()
                except ExplorerError as exc:
                    self._set(Health("down", exc.message, time.monotonic()))
                    delay = min(delay * BACKOFF_FACTOR, BACKOFF_MAX)
                    continue
                self._set(Health("up", "", time.monotonic()))
                if self.on_recovered is not None:
                    result = self.on_recovered()
                    if result is not None:
                        await result
                return
            self._set(current)
            delay = min(delay * BACKOFF_FACTOR, BACKOFF_MAX)
