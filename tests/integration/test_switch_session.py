"""A switch cancelled while it closes the old connection leaves no connection behind."""

from __future__ import annotations

import asyncio

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.local import startup
from explorer.local.startup import LaunchPlan, OpenedSession, open_session, switch_session


async def test_a_switch_cancelled_while_closing_the_old_session_closes_the_new_one(
    server_options: ConnectionOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = await open_session(LaunchPlan(server_options), lambda _message: None)
    opened: list[OpenedSession] = []

    async def recorded(*args: object, **kwargs: object) -> OpenedSession:
        session = await open_session(*args, **kwargs)  # type: ignore[arg-type]
        opened.append(session)
        return session

    closing = asyncio.Event()
    close_old = current.close

    async def slow_close() -> None:
        closing.set()
        await asyncio.sleep(5)  # the switch is cancelled here (the app closing)
        await close_old()

    monkeypatch.setattr(startup, "open_session", recorded)
    monkeypatch.setattr(current, "close", slow_close)
    switch = asyncio.create_task(
        switch_session(current, LaunchPlan(server_options), lambda _message: None)
    )
    await asyncio.wait_for(closing.wait(), 30)
    switch.cancel()
    with pytest.raises(asyncio.CancelledError):
        await switch
    assert len(opened) == 1
    assert not opened[0].session.is_connected()
    assert opened[0].session.client_loop is None  # its thread is gone too
    await close_old()
