"""The server goes away and comes back: a real server process, killed and restarted.

The health poll must notice within 3 s, end the calls in flight with a clear error, fail new
calls at once, and reconnect (and refresh) when the server is back.
"""

from __future__ import annotations

import asyncio
import signal
import time

import pytest

from explorer.core.base.errors import ConnectionFailed
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.health import Health, HealthMonitor, probe
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from tests.integration.books import create_books
from tests.restarts import kill, restart, wait_for

#: Fault cases (servers killed, restarted or made read-only): `make test-slow` runs them.
pytestmark = pytest.mark.slow

#: The issue's promise: the status shows the server gone within 3 s.
DETECT_WITHIN = 3.0


async def test_kill_is_noticed_calls_fail_fast_and_the_session_reconnects(
    own_server: LocalServer,
) -> None:
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    changes: list[Health] = []
    recovered = asyncio.Event()
    async with ExplorerSession(options) as session:
        name = "Resilient"
        books = await create_books(session, name)
        monitor = HealthMonitor(session, on_change=changes.append, on_recovered=recovered.set)
        monitor.start()
        try:
            kill(own_server)
            took = await wait_for(lambda: not session.reachable, "disconnect noticed", 10)
            assert took <= DETECT_WITHIN, f"noticed after {took:.1f}s"
            assert monitor.health.state == "down"
            assert own_server.url in monitor.health.detail

            # New calls fail at once with a clear error instead of hanging in retries.
            started = time.monotonic()
            with pytest.raises(ConnectionFailed, match="Connection lost") as lost:
                await session.count(name)
            assert time.monotonic() - started < 1.0
            assert "Reconnecting" in lost.value.message

            await restart(own_server)
            try:
                await asyncio.wait_for(recovered.wait(), 30)
            except TimeoutError:
                raise AssertionError(f"not recovered: {changes}") from None
            assert session.reachable and monitor.health.state == "up"
            assert await session.count(name) == len(books)  # nothing lost
            states = [c.state for c in changes]
            assert states[0] == "down" and states[-1] == "up"
            assert "reconnecting" in states
        finally:
            await monitor.stop()


async def test_a_call_in_flight_ends_with_a_clear_error_when_the_server_hangs(
    own_server: LocalServer,
) -> None:
    """SIGSTOP: the server keeps its sockets but answers nothing, the hardest case."""
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    async with ExplorerSession(options) as session:
        await create_books(session, "Frozen")
        monitor = HealthMonitor(session)
        monitor.start()
        try:
            kill(own_server, signal.SIGSTOP)
            call = asyncio.create_task(session.count("Frozen"))
            # Until the call is in flight, or has ended: then the check below says how it
            # ended (one CI run saw no call in flight at any 50 ms poll for 5 s).
            await wait_for(lambda: session.calls_in_flight >= 1 or call.done(), "the call", 5)
            with pytest.raises(ConnectionFailed, match="Connection lost"):
                await asyncio.wait_for(call, 15)  # the client alone would retry for ~60 s
            assert session.calls_in_flight == 0
            assert not session.reachable
            # The task that ran the call is not left half-cancelled.
            assert not call.cancelled()
        finally:
            kill(own_server, signal.SIGCONT)
            await monitor.stop()


async def test_grpc_unreachable_is_reported_within_seconds(own_server: LocalServer) -> None:
    from explorer.local.ports import allocate_ports

    closed_port = allocate_ports().grpc  # free, so nothing answers there
    session = ExplorerSession(ConnectionOptions(url=own_server.url, grpc_port=closed_port))
    started = time.monotonic()
    health = await probe(session, timeout=1.5)
    assert time.monotonic() - started < 5
    assert health.state == "grpc-down"
    assert f":{closed_port}" in health.detail and "gRPC" in health.detail


async def test_the_poll_reuses_one_grpc_channel_and_sees_the_server_come_back(
    own_server: LocalServer,
) -> None:
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    recovered = asyncio.Event()
    async with ExplorerSession(options) as session:
        monitor = HealthMonitor(session, interval=0.05, on_recovered=recovered.set)
        monitor.start()
        try:
            await wait_for(
                lambda: monitor.grpc_probe is not None and monitor.grpc_probe.checks >= 10,
                "ten probes",
                30,
            )
            grpc = monitor.grpc_probe
            assert grpc is not None
            assert grpc.channels_opened == 1 and grpc.is_open  # one channel for ten probes
            assert monitor.http_probe is not None and monitor.http_probe.clients_opened == 1
            assert monitor.health.state == "up"

            kill(own_server)
            await wait_for(lambda: not session.reachable, "disconnect noticed", 10)
            await restart(own_server)
            try:
                await asyncio.wait_for(recovered.wait(), 30)
            except TimeoutError:
                raise AssertionError(f"not recovered: {monitor.health}") from None
            assert monitor.grpc_probe is grpc and grpc.is_open
            assert grpc.channels_opened >= 2  # the failed channel was dropped, a new one dialled
            assert monitor.health.state == "up"
            reopened, checks = grpc.channels_opened, grpc.checks
            await wait_for(lambda: grpc.checks >= checks + 5, "five more probes", 30)
            assert grpc.channels_opened == reopened  # reused again once the server is back
        finally:
            await monitor.stop()
        assert monitor.grpc_probe is None and not grpc.is_open  # stop closes the channel


async def test_a_restart_where_rest_returns_before_grpc_still_reconnects(
    own_server: LocalServer,
) -> None:
    """Down, then REST back but gRPC not (grpc-down), then both: a new client, a refresh."""
    from explorer.local.ports import allocate_ports

    assert own_server.ports is not None and own_server.process is not None
    http_port, grpc_port = own_server.ports.http, own_server.ports.grpc
    options = ConnectionOptions(url=own_server.url, grpc_port=grpc_port)
    changes: list[Health] = []
    recovered = asyncio.Event()
    async with ExplorerSession(options) as session:
        await create_books(session, "Returning")
        monitor = HealthMonitor(session, on_change=changes.append, on_recovered=recovered.set)
        monitor.start()
        try:
            kill(own_server)
            await wait_for(lambda: not session.reachable, "disconnect noticed", 10)
            # The server comes back with REST on its port but gRPC elsewhere, for now.
            await own_server.process.wait()
            own_server.requested_http_port = http_port
            own_server.requested_grpc_port = allocate_ports().grpc
            await own_server.start()
            await wait_for(lambda: monitor.health.state == "grpc-down", "grpc-down", 30)
            assert not recovered.is_set()

            kill(own_server)
            assert own_server.process is not None
            await own_server.process.wait()
            own_server.requested_grpc_port = grpc_port
            await own_server.start()
            try:
                await asyncio.wait_for(recovered.wait(), 30)
            except TimeoutError:
                raise AssertionError(f"not recovered: {changes}") from None
            states = [c.state for c in changes]
            assert "reconnecting" in states[states.index("grpc-down") :]
            assert monitor.health.state == "up" and session.reachable
            assert await session.count("Returning") > 0
        finally:
            await monitor.stop()
