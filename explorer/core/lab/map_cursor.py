"""Moving a cursor over the vector map's points with arrow keys: the nearest point that way."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

Direction = Literal["left", "right", "up", "down"]
_UNIT: dict[str, tuple[float, float]] = {
    "left": (-1.0, 0.0),
    "right": (1.0, 0.0),
    "up": (0.0, 1.0),
    "down": (0.0, -1.0),
}


def scaled(coordinates: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Both axes scaled to 0..1, as the plot shows them."""
    low, high = coordinates.min(axis=0), coordinates.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    return (coordinates - low) / span


def nearest_towards(points: npt.NDArray[np.float64], current: int, direction: Direction) -> int:
    """The point nearest ``current`` in ``direction`` (straight ahead counts double); itself if none.

    ``points`` are scaled coordinates (see :func:`scaled`).
    """
    if len(points) < 2:
        return current
    dx, dy = _UNIT[direction]
    offsets = points - points[current]
    along = offsets[:, 0] * dx + offsets[:, 1] * dy
    across = np.abs(offsets[:, 0] * dy - offsets[:, 1] * dx)
    score = np.where(along > 1e-12, along + 2.0 * across, np.inf)
    best = int(np.argmin(score))
    return best if np.isfinite(score[best]) else current
