"""Ask on the terminal before any UI runs (``demo load``, ``--demo`` at the REPL's start).

The protected-connection question of :meth:`ExplorerSession.approve`, asked on stderr and read
from stdin in a thread (the loop stays free). Only used when stdin is a terminal; without one,
nobody is asked and the change is refused.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable


async def confirm_at_terminal(action: str) -> bool:
    """The user types yes to go ahead."""

    def ask() -> str:
        sys.stderr.write(f"This connection is protected: {action}?\nType yes to go ahead: ")
        sys.stderr.flush()
        return sys.stdin.readline()

    return (await asyncio.to_thread(ask)).strip().lower() == "yes"


def terminal_confirmation() -> Callable[[str], Awaitable[bool]] | None:
    """:func:`confirm_at_terminal` when stdin is a terminal, else None (refused)."""
    return confirm_at_terminal if sys.stdin.isatty() else None
