"""Open and close what a front end needs: maybe a local server, then the one session.

Shared by the TUI and the REPL so both start the same way.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.core.client.connection import ConnectionOptions

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from explorer.core.base.models import ServerInfo
    from explorer.core.client.health import Health, HealthMonitor
    from explorer.core.client.session import ExplorerSession
    from explorer.core.store.profiles import CliValues, Profile
    from explorer.core.transfer.demo import DemoLoadReport
    from explorer.local.server import LocalServer

Report = Callable[[str], None]


@dataclass(frozen=True)
class LaunchPlan:
    """What the user asked for on the command line."""

    connection: ConnectionOptions
    embedded: bool = False
    demo: bool = False
    data_dir: Path | None = None
    server_binary: Path | None = None


@dataclass
class OpenedSession:
    session: ExplorerSession
    #: The local server we started and must stop; None when we connected to one already there.
    owned_server: LocalServer | None = None
    demo_report: DemoLoadReport | None = None
    monitor: HealthMonitor | None = None

    def watch_health(
        self,
        on_change: Callable[[Health], None] | None = None,
        on_recovered: Callable[[], Awaitable[None] | None] | None = None,
    ) -> HealthMonitor:
        """Start the health poll (stopped by :meth:`close`)."""
        from explorer.core.client.health import HealthMonitor

        if self.monitor is None:
            self.monitor = HealthMonitor(
                self.session, on_change=on_change, on_recovered=on_recovered
            )
            self.monitor.start()
        return self.monitor

    async def close(self) -> None:
        if self.monitor is not None:
            await self.monitor.stop()
        try:
            await self.session.close()
        finally:
            if self.owned_server is not None:
                await self.owned_server.stop()


async def open_session(
    plan: LaunchPlan,
    report: Report,
    confirm_mutation: Callable[[str], Awaitable[bool]] | None = None,
    *,
    client_thread: bool = True,
) -> OpenedSession:
    """Start or attach to the embedded server if asked, connect, and load the demo if asked.

    Loading the demo is a change: on a protected connection ``confirm_mutation`` is asked first
    (it becomes the session's :attr:`~ExplorerSession.confirm_mutation`). ``client_thread`` is
    the session's: False keeps the client on this loop.
    """
    from explorer.core.base.paths import embedded_data_dir
    from explorer.core.client.session import ExplorerSession
    from explorer.local.binary import find_server_binary
    from explorer.local.ports import LOOPBACK
    from explorer.local.server import LocalServer, running_state

    # weaviate-client takes a second or more to import: import it in a thread, so that a UI
    # sharing this loop paints its first frame and answers keys meanwhile.
    await asyncio.to_thread(importlib.import_module, "weaviate")
    connection = plan.connection
    owned: LocalServer | None = None
    if plan.embedded:
        data_dir = plan.data_dir or embedded_data_dir()
        running = running_state(data_dir)
        if running is not None:
            report(f"Using the local Weaviate already running on {running.url}")
            connection = replace(
                connection, url=running.url, grpc_host=LOOPBACK, grpc_port=running.ports.grpc
            )
        else:
            binary = plan.server_binary
            if binary is None:
                binary = await asyncio.to_thread(find_server_binary, report)
            report("Starting a local Weaviate server…")
            owned = LocalServer(binary, data_dir)
            await owned.start()
            connection = replace(
                connection, url=owned.url, grpc_host=LOOPBACK, grpc_port=owned.grpc_port
            )
    session = ExplorerSession(connection, client_thread=client_thread)
    session.confirm_mutation = confirm_mutation
    opened = OpenedSession(session, owned)
    try:
        report(f"Connecting to {connection.describe()}…")
        await session.connect()
        if plan.demo:
            from explorer.core.transfer.demo import load_demo_into

            def demo_progress(done: int, total: int) -> None:
                report(f"Loading the JeopardyQuestion demo: {done}/{total}")

            opened.demo_report = await load_demo_into(session, demo_progress)
    except BaseException:
        await opened.close()
        raise
    return opened


def plan_from_sources(
    cli: CliValues,
    environ: Mapping[str, str],
    profile: Profile | None = None,
    *,
    embedded: bool = False,
    demo: bool = False,
    data_dir: Path | None = None,
    server_binary: Path | None = None,
) -> LaunchPlan:
    """A launch plan from flags, environment and a profile (see :func:`profiles.resolve`).

    An embedded profile starts (or reuses) the local server unless a URL flag says otherwise;
    an embedded server ignores ``WEAVIATE_URL``/``WEAVIATE_API_KEY``.
    """
    from explorer.core.store.profiles import resolve

    if profile is not None and profile.embedded and not cli.url:
        embedded = True
        if data_dir is None and profile.data_dir:
            data_dir = Path(profile.data_dir).expanduser()
    connection = resolve(cli, {} if embedded else environ, profile)
    return LaunchPlan(
        connection, embedded=embedded, demo=demo, data_dir=data_dir, server_binary=server_binary
    )


async def switch_session(
    current: OpenedSession | None, plan: LaunchPlan, report: Report
) -> OpenedSession:
    """Connect as ``plan`` says, then close ``current``: both on the running loop.

    The new connection is made first, so a failed switch leaves the current one working. A
    local server that ``current`` started stays up when the new plan uses it too.
    """
    confirm = current.session.confirm_mutation if current is not None else None
    opened = await open_session(plan, report, confirm)
    if current is None:
        return opened
    if current.monitor is not None:  # the new connection is watched the same way
        opened.watch_health(current.monitor.on_change, current.monitor.on_recovered)
    server = current.owned_server
    if server is not None and server.ports is not None and opened.session.options.url == server.url:
        # The new session reuses the server the old one started: hand the server over.
        opened.owned_server, current.owned_server = server, None
    try:
        await current.close()
    except BaseException:
        # Cancelled (the app closing) or failed while closing the old one: nobody will get the
        # new session, so it is closed here rather than left connected.
        await opened.close()
        raise
    return opened


async def check_connection(options: ConnectionOptions) -> ServerInfo:
    """Connect with ``options`` and disconnect again: the server's answer, or an ExplorerError."""
    from explorer.core.client.session import ExplorerSession

    async with ExplorerSession(options) as session:
        assert session.server_info is not None
        return session.server_info
