"""The vector map: up to N vectors projected to 2-D by PCA, each point labelled by a property."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.lab.projection import pca_2d
from explorer.core.lab.vector_scan import (
    ProgressCallback,
    VectorMatrix,
    checked_target,
    filtered_page,
    read_matrix,
)
from explorer.core.query.requests import MAX_LIMIT
from explorer.core.query.session_protocol import CollectionSession
from explorer.core.where.filters import FilterExpr

DEFAULT_SAMPLE = 2000
#: Colour groups drawn; the rarer values share one group.
MAX_GROUPS = 8
OTHER = "(other)"
NO_VALUE = "(no value)"


@dataclass(frozen=True)
class MapPoint:
    uuid: str
    x: float
    y: float
    #: The colour group: the property's value as text, OTHER or NO_VALUE.
    group: str


@dataclass(frozen=True)
class VectorMap:
    collection: str
    target: str
    color_by: str | None
    points: tuple[MapPoint, ...]
    #: Colour groups, most frequent first.
    groups: tuple[str, ...]
    explained: tuple[float, float]
    #: Objects without a usable vector (none, NaN/inf, another dimension).
    skipped: int
    #: Multi-vectors are drawn as the mean of their token vectors.
    averaged: bool


def group_label(value: Any) -> str:
    if value is None or value == "" or value == []:
        return NO_VALUE
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def project(
    matrix: VectorMatrix, color_by: str | None
) -> tuple[tuple[MapPoint, ...], tuple[str, ...], tuple[float, float]]:
    """Points, colour groups and explained variance (blocking: run it in a thread)."""
    projection = pca_2d(matrix.matrix())
    labels = [group_label(p.get(color_by)) if color_by else "" for p in matrix.properties]
    frequent = [label for label, _ in Counter(labels).most_common(MAX_GROUPS)]
    if len(set(labels)) > MAX_GROUPS:
        frequent = frequent[: MAX_GROUPS - 1]
        labels = [label if label in frequent else OTHER for label in labels]
        frequent.append(OTHER)
    points = tuple(
        MapPoint(uuid, float(x), float(y), label)
        for uuid, (x, y), label in zip(matrix.uuids, projection.coordinates, labels, strict=True)
    )
    return points, tuple(frequent), projection.explained


async def build_vector_map(
    session: CollectionSession,
    config: CollectionConfig,
    *,
    target: str | None = None,
    color_by: str | None = None,
    sample: int = DEFAULT_SAMPLE,
    filters: FilterExpr | None = None,
    tenant: str | None = None,
    progress: ProgressCallback | None = None,
) -> VectorMap:
    name = checked_target(config, target)
    if color_by is not None and color_by not in {p.name for p in config.properties}:
        raise ExplorerError(
            "Unknown property",
            f"{config.name} has no property {color_by!r} to colour by; choose from "
            f"{', '.join(p.name for p in config.properties)}",
        )
    if sample < 2:
        raise ExplorerError("Sample too small", "a map needs at least 2 vectors: raise --sample")
    properties = (color_by,) if color_by else ()
    if filters is not None:
        if sample > MAX_LIMIT:
            raise ExplorerError(
                "Sample too large",
                f"a filtered map reads at most {MAX_LIMIT:,} objects (the server's query limit): "
                f"lower --sample",
            )
        page = await filtered_page(
            session, config.name, name, filters, tenant=tenant, properties=properties, limit=sample
        )
        matrix = VectorMatrix(name)
        await asyncio.to_thread(matrix.add_page, page)
    else:
        matrix = await read_matrix(
            session,
            config.name,
            name,
            tenant=tenant,
            limit=sample,
            properties=properties,
            total=sample,
            progress=progress,
        )
    points, groups, explained = await asyncio.to_thread(project, matrix, color_by)
    return VectorMap(
        collection=config.name,
        target=name,
        color_by=color_by,
        points=points,
        groups=groups,
        explained=explained,
        skipped=matrix.skipped,
        averaged=matrix.averaged,
    )


def map_data(vector_map: VectorMap, highlighted: frozenset[str] = frozenset()) -> dict[str, Any]:
    """JSON-ready; ``last_query`` marks the points the last search returned."""
    return {
        "collection": vector_map.collection,
        "target": vector_map.target,
        "color_by": vector_map.color_by,
        "explained_variance": list(vector_map.explained),
        "skipped": vector_map.skipped,
        "points": [
            {
                "uuid": p.uuid,
                "x": p.x,
                "y": p.y,
                "color": p.group if vector_map.color_by else None,
                "last_query": p.uuid in highlighted,
            }
            for p in vector_map.points
        ],
    }
