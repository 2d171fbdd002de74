"""Full garbage collections deferred while an app runs, and everything put back after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from explorer.core.base.gc_pauses import DEFERRED_THRESHOLD, DUE_AFTER, FORCED_AFTER, GcPauses


@pytest.fixture
def pauses() -> Iterator[GcPauses]:
    before = gc.get_threshold()
    policy = GcPauses()
    yield policy
    policy.end()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def young_collections(count: int) -> None:
    """Let ``count`` generation-1 collections happen (each one counts towards a full one)."""
    gc.collect()  # starts the count at zero
    for _ in range(count):
        gc.collect(1)


def test_begin_defers_only_the_full_collection(pauses: GcPauses) -> None:
    young, middle, _ = gc.get_threshold()
    pauses.begin()
    assert gc.get_threshold() == (young, middle, DEFERRED_THRESHOLD)
    pauses.begin()  # twice changes nothing, and end still restores the first thresholds
    assert pauses.active


def test_freeze_startup_freezes_once_and_end_unfreezes(pauses: GcPauses) -> None:
    pauses.freeze_startup()
    assert gc.get_freeze_count() == 0  # not before begin
    pauses.begin()
    pauses.freeze_startup()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    kept = [object() for _ in range(100)]
    pauses.freeze_startup()
    assert gc.get_freeze_count() == frozen
    pauses.end()
    assert gc.get_freeze_count() == 0
    assert not pauses.active
    del kept


def test_a_full_collection_waits_for_an_idle_moment(pauses: GcPauses) -> None:
    pauses.begin()
    young_collections(DUE_AFTER)
    assert pauses.pending() >= DUE_AFTER
    assert not pauses.collect_if_due(idle=False)
    assert pauses.collections == 0
    assert pauses.collect_if_due(idle=True)
    assert pauses.collections == 1
    assert pauses.pending() == 0
    assert not pauses.collect_if_due(idle=True)  # nothing due right after one


def test_an_overdue_full_collection_runs_even_when_busy(pauses: GcPauses) -> None:
    pauses.begin()
    young_collections(FORCED_AFTER)
    assert pauses.collect_if_due(idle=False)
    assert pauses.pending() == 0


def test_nothing_is_collected_unless_begun() -> None:
    policy = GcPauses()
    young_collections(FORCED_AFTER)
    assert not policy.collect_if_due(idle=True)
    policy.end()  # harmless
