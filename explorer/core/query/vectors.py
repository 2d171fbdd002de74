"""Vector summaries for display: dimension, norm and a downsampled profile (run in a thread)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.core.base.models import VectorValue


@dataclass(frozen=True)
class VectorSummary:
    name: str
    dimensions: int
    #: Number of vectors: 1, or the token count of a multi-vector (ColBERT-style).
    count: int
    norm: float
    minimum: float
    maximum: float
    #: At most ``buckets`` finite values: bucket means of the (first) vector, for a sparkline.
    profile: tuple[float, ...]


def summarize(name: str, value: VectorValue, buckets: int = 64) -> VectorSummary:
    rows: tuple[tuple[float, ...], ...] = (
        value if value and isinstance(value[0], tuple) else (value,)  # type: ignore[assignment]
    )
    first = rows[0] if rows else ()
    size = max(1, math.ceil(len(first) / buckets)) if first else 1
    means = (
        sum(first[i : i + size]) / len(first[i : i + size]) for i in range(0, len(first), size)
    )
    # A sparkline cannot scale nan or inf (Textual raises): such a bucket is drawn as 0.
    profile = tuple(mean if math.isfinite(mean) else 0.0 for mean in means)
    return VectorSummary(
        name=name,
        dimensions=len(first),
        count=len(rows),
        norm=math.sqrt(sum(x * x for x in first)),
        minimum=min(first) if first else 0.0,
        maximum=max(first) if first else 0.0,
        profile=profile,
    )
