"""PCA to two dimensions, by a seeded randomized SVD (fast for thousands of wide vectors).

Blocking numpy work: call it in a thread. The same input always gives the same picture: the
random start is seeded and each axis's sign is fixed by its largest loading.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SEED = 20261203
OVERSAMPLING = 8
POWER_ITERATIONS = 4


@dataclass(frozen=True)
class Projection:
    #: One (x, y) row per input row.
    coordinates: npt.NDArray[np.float64]
    #: The share of the total variance each of the two axes explains.
    explained: tuple[float, float]


def pca_2d(matrix: npt.NDArray[np.floating]) -> Projection:
    rows = np.asarray(matrix, dtype=np.float64)
    if rows.ndim != 2 or len(rows) == 0:
        return Projection(np.zeros((0, 2)), (0.0, 0.0))
    centred = rows - rows.mean(axis=0)
    total = float((centred**2).sum())
    if len(rows) < 2 or total == 0.0:
        return Projection(np.zeros((len(rows), 2)), (0.0, 0.0))
    components = _top_components(centred, 2)
    coordinates = centred @ components.T
    if coordinates.shape[1] < 2:
        coordinates = np.hstack([coordinates, np.zeros((len(rows), 2 - coordinates.shape[1]))])
    variances = (coordinates**2).sum(axis=0) / total
    return Projection(coordinates, (float(variances[0]), float(variances[1])))


def _top_components(centred: npt.NDArray[np.float64], count: int) -> npt.NDArray[np.float64]:
    """The ``count`` leading right singular vectors (rows), signs fixed."""
    n, d = centred.shape
    rank = min(n, d)
    if rank <= count + OVERSAMPLING or n * d <= 250_000:
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        top = vt[:count]
    else:
        generator = np.random.default_rng(SEED)
        probe = generator.standard_normal((d, count + OVERSAMPLING))
        basis, _ = np.linalg.qr(centred @ probe)
        for _ in range(POWER_ITERATIONS):
            basis, _ = np.linalg.qr(centred.T @ basis)
            basis, _ = np.linalg.qr(centred @ basis)
        _, _, vt = np.linalg.svd(basis.T @ centred, full_matrices=False)
        top = vt[:count]
    signs = np.sign(top[np.arange(len(top)), np.abs(top).argmax(axis=1)])
    signs[signs == 0] = 1.0
    return top * signs[:, None]
