"""Alternating A/B runs for coroutines (the sync twin is ``stats.alternate``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def alternate_async(
    runs: int, first: Callable[[int], Awaitable[T]], second: Callable[[int], Awaitable[T]]
) -> tuple[list[T], list[T]]:
    """Await A and B ``runs`` times each (given the run index), alternating who goes first."""
    a_results: list[T] = []
    b_results: list[T] = []
    for index in range(runs):
        if index % 2 == 0:
            a_results.append(await first(index))
            b_results.append(await second(index))
        else:
            b_results.append(await second(index))
            a_results.append(await first(index))
    return a_results, b_results
