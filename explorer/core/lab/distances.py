"""Weaviate's distance metrics in numpy: what the server's ``_additional.distance`` means.

Definitions as in Weaviate's ``adapters/repos/db/vector/hnsw/distancer`` (checked against a
real server): cosine is ``1 - cos``, dot is the negated dot product, l2-squared the squared
Euclidean distance, manhattan the sum of absolute differences, hamming the number of positions
that differ. Callers run these in a thread: they are whole-matrix numpy operations.
"""

from __future__ import annotations

from typing import Literal, cast, get_args

import numpy as np
import numpy.typing as npt

from explorer.core.base.errors import ExplorerError

Metric = Literal["cosine", "dot", "l2-squared", "manhattan", "hamming"]
METRICS: tuple[str, ...] = get_args(Metric)
Matrix = npt.NDArray[np.floating]
#: Rows of the data compared with every query at once (bounds the temporary matrices).
CHUNK_ROWS = 8192


def checked_metric(name: str) -> Metric:
    """The metric a collection's config names (an empty name is Weaviate's default, cosine)."""
    name = name or "cosine"
    if name not in METRICS:
        raise ExplorerError(
            "Unknown distance metric",
            f"{name!r} is not one of {', '.join(METRICS)}: the lab cannot compute it",
        )
    return cast(Metric, name)


def normalized(matrix: Matrix) -> Matrix:
    """Rows scaled to length 1 (zero rows stay zero), as Weaviate stores vectors for cosine."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def pairwise(queries: Matrix, data: Matrix, metric: Metric) -> Matrix:
    """Distances of every query (rows) to every data row (columns), float64."""
    q = np.asarray(queries, dtype=np.float64)
    d = np.asarray(data, dtype=np.float64)
    if metric == "cosine":
        return 1.0 - normalized(q) @ normalized(d).T
    if metric == "dot":
        return -(q @ d.T)
    if metric == "l2-squared":
        squared = (q * q).sum(axis=1)[:, None] + (d * d).sum(axis=1)[None, :] - 2.0 * (q @ d.T)
        return np.maximum(squared, 0.0)
    if metric == "manhattan":
        return np.abs(q[:, None, :] - d[None, :, :]).sum(axis=2)
    return (q[:, None, :] != d[None, :, :]).sum(axis=2).astype(np.float64)


def distance(a: Matrix, b: Matrix, metric: Metric) -> float:
    """The distance of two single vectors."""
    return float(pairwise(np.atleast_2d(a), np.atleast_2d(b), metric)[0, 0])


def cosine_similarity(a: Matrix, b: Matrix) -> float | None:
    """cos(a, b); None when either vector is zero or not finite (no direction to compare)."""
    x, y = np.asarray(a, dtype=np.float64).ravel(), np.asarray(b, dtype=np.float64).ravel()
    if x.shape != y.shape or not (np.isfinite(x).all() and np.isfinite(y).all()):
        return None
    norms = float(np.linalg.norm(x) * np.linalg.norm(y))
    return float(x @ y / norms) if norms > 0 else None


def chunk_rows(metric: Metric, dimensions: int) -> int:
    """Data rows per chunk: the elementwise metrics build a queries x rows x dims array."""
    if metric in ("manhattan", "hamming"):
        return max(1, min(CHUNK_ROWS, 4_000_000 // max(1, dimensions)))
    return CHUNK_ROWS
