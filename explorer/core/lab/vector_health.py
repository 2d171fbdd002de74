"""Vector health: what is wrong with a collection's stored vectors, for every named vector.

A cursor scan feeds pages to one :class:`HealthAccumulator` per vector (in a thread); it keeps
counts, norms and the uuids of each problem, never the vectors themselves (duplicates are found
by a hash of each vector's bytes). Seen on a real v1.38 server: gRPC batch inserts store NaN and
inf values as sent (REST cannot carry them: JSON has no NaN), and text2vec-bigram makes an
all-NaN vector of text under two characters.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from explorer.core.base.models import CollectionConfig
from explorer.core.lab.vector_scan import (
    ProgressCallback,
    ScanProgress,
    VectorPage,
    is_multi_vector,
    scan_pages,
    vector_names,
)
from explorer.core.query.aggregate_charts import BarChart, bar_chart
from explorer.core.query.session_protocol import CollectionSession
from explorer.core.query.vector_dimensions import dimensions_from_config

#: Buckets of the norm histogram.
HISTOGRAM_BUCKETS = 10
#: The problems a scan counts, in the order they are shown.
PROBLEMS = ("missing", "zero", "non_finite", "wrong_dimensions", "duplicates")
PROBLEM_TITLES = {
    "missing": "no vector",
    "zero": "zero vector",
    "non_finite": "NaN or inf values",
    "wrong_dimensions": "wrong dimensions",
    "duplicates": "exact duplicates",
}


@dataclass(frozen=True)
class NormStats:
    minimum: float
    median: float
    maximum: float
    #: Bucket edges (one more than counts) and how many norms fall in each bucket.
    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class TargetHealth:
    """The findings for one vector of the collection."""

    target: str
    multi_vector: bool
    scanned: int
    #: The dimension every vector should have (the config's, else the most common one).
    dimensions: int | None
    #: Problem name (see PROBLEMS) -> uuids; for duplicates, the uuids of every group member.
    problems: Mapping[str, tuple[str, ...]]
    #: Groups of objects that share one identical vector.
    duplicate_groups: tuple[tuple[str, ...], ...]
    norms: NormStats | None

    def count(self, problem: str) -> int:
        return len(self.problems.get(problem, ()))

    @property
    def healthy(self) -> bool:
        return not any(self.problems.get(p) for p in PROBLEMS)


@dataclass(frozen=True)
class HealthReport:
    collection: str
    tenant: str | None
    scanned: int
    targets: tuple[TargetHealth, ...]
    elapsed: float


@dataclass
class HealthAccumulator:
    """Counts of one vector's problems, fed page by page (blocking: call it in a thread)."""

    target: str
    expected_dimensions: int | None
    multi_vector: bool = False
    scanned: int = 0
    missing: list[str] = field(default_factory=list)
    zero: list[str] = field(default_factory=list)
    non_finite: list[str] = field(default_factory=list)
    #: (uuid, dimension) of every vector; wrong ones are decided at the end.
    dimensions: Counter[int] = field(default_factory=Counter)
    by_dimension: dict[int, list[str]] = field(default_factory=dict)
    hashes: dict[bytes, list[str]] = field(default_factory=dict)
    norms: list[npt.NDArray[np.float64]] = field(default_factory=list)

    def add_page(self, page: VectorPage) -> None:
        page_norms: list[float] = []
        for uuid, vectors in zip(page.uuids, page.vectors, strict=True):
            self.scanned += 1
            value = vectors.get(self.target)
            if not value:
                self.missing.append(uuid)
                continue
            array = np.asarray(value, dtype=np.float64)
            if array.ndim == 2:
                self.multi_vector = True
            tokens = np.atleast_2d(array)
            width = tokens.shape[1]
            self.dimensions[width] += 1
            self.by_dimension.setdefault(width, []).append(uuid)
            if not np.isfinite(tokens).all():
                self.non_finite.append(uuid)
                continue
            if not tokens.any():
                self.zero.append(uuid)
                continue
            # Weaviate stores float32: two vectors are the same when their float32 bytes are.
            digest = hashlib.blake2b(tokens.astype(np.float32).tobytes(), digest_size=16).digest()
            self.hashes.setdefault(digest, []).append(uuid)
            page_norms.extend(np.linalg.norm(tokens, axis=1).tolist())
        if page_norms:
            self.norms.append(np.asarray(page_norms))

    def finish(self) -> TargetHealth:
        expected = self.expected_dimensions
        if expected is None and self.dimensions:
            expected = self.dimensions.most_common(1)[0][0]
        wrong = tuple(
            uuid
            for width, uuids in sorted(self.by_dimension.items())
            if width != expected
            for uuid in uuids
        )
        groups = tuple(tuple(uuids) for uuids in self.hashes.values() if len(uuids) > 1)
        problems = {
            "missing": tuple(self.missing),
            "zero": tuple(self.zero),
            "non_finite": tuple(self.non_finite),
            "wrong_dimensions": wrong,
            "duplicates": tuple(uuid for group in groups for uuid in group),
        }
        return TargetHealth(
            target=self.target,
            multi_vector=self.multi_vector,
            scanned=self.scanned,
            dimensions=expected,
            problems=problems,
            duplicate_groups=groups,
            norms=norm_stats(np.concatenate(self.norms)) if self.norms else None,
        )


def norm_stats(norms: npt.NDArray[np.float64], buckets: int = HISTOGRAM_BUCKETS) -> NormStats:
    counts, edges = np.histogram(norms, bins=buckets)
    return NormStats(
        minimum=float(norms.min()),
        median=float(np.median(norms)),
        maximum=float(norms.max()),
        edges=tuple(float(e) for e in edges),
        counts=tuple(int(c) for c in counts),
    )


def _add_to_all(accumulators: list[HealthAccumulator], page: VectorPage) -> None:
    for accumulator in accumulators:
        accumulator.add_page(page)


async def vector_health(
    session: CollectionSession,
    config: CollectionConfig,
    *,
    tenant: str | None = None,
    targets: tuple[str, ...] | None = None,
    total: int | None = None,
    progress: ProgressCallback | None = None,
) -> HealthReport:
    """Scan every object once and check each of ``targets`` (default: every vector)."""
    started = time.monotonic()
    names = targets or vector_names(config)
    configured = dimensions_from_config(config)
    accumulators = [
        HealthAccumulator(name, configured.get(name), is_multi_vector(config, name))
        for name in names
    ]
    scanned = 0
    async for page in scan_pages(session, config.name, tenant=tenant, targets=list(names)):
        await asyncio.to_thread(_add_to_all, accumulators, page)
        scanned += len(page.uuids)
        if progress is not None:
            progress(ScanProgress(scanned, total, time.monotonic() - started))
    results = await asyncio.to_thread(lambda: tuple(a.finish() for a in accumulators))
    return HealthReport(config.name, tenant, scanned, results, time.monotonic() - started)


def health_data(report: HealthReport, shown: int | None = None) -> dict[str, Any]:
    """The report as JSON-ready data; ``shown`` caps each uuid list (None: all of them)."""

    def capped(uuids: tuple[str, ...]) -> list[str]:
        return list(uuids if shown is None else uuids[:shown])

    return {
        "collection": report.collection,
        "tenant": report.tenant,
        "scanned": report.scanned,
        "targets": [
            {
                "target": t.target,
                "multi_vector": t.multi_vector,
                "dimensions": t.dimensions,
                "counts": {p: t.count(p) for p in PROBLEMS},
                "uuids": {p: capped(t.problems.get(p, ())) for p in PROBLEMS},
                "duplicate_groups": [list(g) for g in t.duplicate_groups],
                "norms": None
                if t.norms is None
                else {
                    "min": t.norms.minimum,
                    "median": t.norms.median,
                    "max": t.norms.maximum,
                    "histogram": {"edges": list(t.norms.edges), "counts": list(t.norms.counts)},
                },
            }
            for t in report.targets
        ],
    }


def norm_chart(target: TargetHealth) -> BarChart | None:
    """The norm histogram as bars labelled by their range."""
    if target.norms is None:
        return None
    edges, counts = target.norms.edges, target.norms.counts
    labels = _edge_labels(edges)
    items = [(f"{labels[i]} – {labels[i + 1]}", float(c)) for i, c in enumerate(counts)]
    return bar_chart(f"norms of {target.target}", items)


def _edge_labels(edges: tuple[float, ...]) -> list[str]:
    """The fewest significant digits (4 or more) that tell every bucket edge apart."""
    for digits in range(4, 12):
        labels = [f"{edge:.{digits}g}" for edge in edges]
        if len(set(labels)) == len(set(edges)):
            return labels
    return [repr(edge) for edge in edges]
