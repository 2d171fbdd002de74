"""How alike ranked result lists are: Jaccard overlap@K and an object's rank in each list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations


def jaccard(first: Sequence[str], second: Sequence[str]) -> float:
    """|A ∩ B| / |A ∪ B| of two lists of uuids; two empty lists are alike (1.0)."""
    a, b = set(first), set(second)
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def pair_label(first: str, second: str) -> str:
    return f"{first} vs {second}"


def pairwise_overlap(lists: Mapping[str, Sequence[str]], k: int) -> dict[str, float]:
    """Jaccard overlap of the top ``k`` of every pair of lists, keyed ``"a vs b"``."""
    return {
        pair_label(a, b): round(jaccard(lists[a][:k], lists[b][:k]), 4)
        for a, b in combinations(lists, 2)
    }


def ranks(lists: Mapping[str, Sequence[str]], uuid: str) -> dict[str, int | None]:
    """The 1-based rank of ``uuid`` in each list, None where it is absent."""
    return {
        label: (items.index(uuid) + 1 if uuid in items else None) for label, items in lists.items()
    }


def gained_and_lost(
    before: Sequence[str], after: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What ``after`` has that ``before`` had not (gained), and the other way round (lost)."""
    kept_before, kept_after = set(before), set(after)
    gained = tuple(u for u in after if u not in kept_before)
    lost = tuple(u for u in before if u not in kept_after)
    return gained, lost
