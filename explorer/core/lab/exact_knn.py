"""Exact k nearest neighbours by brute force, in chunks so memory stays bounded (run in a thread)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from explorer.core.lab.distances import Matrix, Metric, chunk_rows, pairwise

#: Queries compared at once.
QUERY_BLOCK = 64


@dataclass(frozen=True)
class Neighbours:
    #: Row indices into the data, nearest first: one row per query, k columns.
    indices: npt.NDArray[np.int64]
    distances: npt.NDArray[np.float64]


def exact_neighbours(queries: Matrix, data: Matrix, k: int, metric: Metric) -> Neighbours:
    """The ``k`` data rows nearest each query under ``metric`` (ties broken by row order)."""
    k = min(k, len(data))
    all_indices = np.zeros((len(queries), k), dtype=np.int64)
    all_distances = np.zeros((len(queries), k), dtype=np.float64)
    step = chunk_rows(metric, data.shape[1] * QUERY_BLOCK)
    for start in range(0, len(queries), QUERY_BLOCK):
        block = queries[start : start + QUERY_BLOCK]
        best_d = np.full((len(block), 0), np.inf)
        best_i = np.zeros((len(block), 0), dtype=np.int64)
        for offset in range(0, len(data), step):
            found = pairwise(block, data[offset : offset + step], metric)
            found = np.where(np.isnan(found), np.inf, found)
            ids = np.broadcast_to(np.arange(offset, offset + found.shape[1]), found.shape)
            best_d = np.concatenate([best_d, found], axis=1)
            best_i = np.concatenate([best_i, ids], axis=1)
            if best_d.shape[1] > k:
                keep = np.argpartition(best_d, k - 1, axis=1)[:, :k]
                best_d = np.take_along_axis(best_d, keep, axis=1)
                best_i = np.take_along_axis(best_i, keep, axis=1)
        order = np.lexsort((best_i, best_d), axis=1)
        all_distances[start : start + len(block)] = np.take_along_axis(best_d, order, axis=1)
        all_indices[start : start + len(block)] = np.take_along_axis(best_i, order, axis=1)
    return Neighbours(all_indices, all_distances)
