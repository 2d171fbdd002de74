"""Ctrl-C (SIGINT) cancels the running command's task, and the REPL and its session go on."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable

from explorer.core.client.session import ExplorerSession
from explorer.repl.app import run_cancellable
from tests.repl.harness import ReplHarness


async def interrupt_when(condition: Callable[[], bool], timeout: float = 30) -> None:
    """Send ourselves SIGINT as soon as ``condition()`` holds (polled on every loop turn)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "the condition never held"
        await asyncio.sleep(0)
    os.kill(os.getpid(), signal.SIGINT)


async def test_sigint_cancels_the_task_and_restores_the_handler() -> None:
    started = asyncio.Event()
    before = signal.getsignal(signal.SIGINT)

    async def slow() -> str:
        started.set()
        await asyncio.sleep(60)
        return "finished"

    interrupter = asyncio.create_task(interrupt_when(started.is_set))
    assert await asyncio.wait_for(run_cancellable(slow()), 20) is None
    await interrupter
    assert signal.getsignal(signal.SIGINT) is before
    assert await run_cancellable(asyncio.sleep(0, "next")) == "next"


async def test_ctrl_c_during_a_query_leaves_the_session_usable(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from tests.integration.books import create_books

    cleanup_collections.append(collection_name)
    data = await create_books(session, collection_name)
    harness = ReplHarness(session)
    try:
        await harness.run(f"use {collection_name}")
        assert session.calls_in_flight == 0
        interrupter = asyncio.create_task(interrupt_when(lambda: session.calls_in_flight > 0))
        outcome = await asyncio.wait_for(run_cancellable(harness.runner.run("ls")), 30)
        await interrupter
        assert outcome is None
        assert session.calls_in_flight == 0
        ran = await harness.run("count")
        assert ran.out == f"{len(data)}\n"
    finally:
        session.current_collection = None
