"""Collections for the vector lab tests: known vector problems, and a deliberately poor index.

Vectors are inserted over gRPC (``insert_many``), which stores NaN and inf as sent; REST
cannot carry them. Every uuid is fixed, so tests can name the objects of each problem.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

import numpy as np

from explorer.core.client.session import ExplorerSession

ROUGH_DIMENSIONS = 4


def lab_uuid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"weaviate-explorer/lab/{name}"))


@dataclass(frozen=True)
class RoughVectors:
    """A collection with named vectors a (cosine), b (dot) and m (multi-vector)."""

    name: str
    #: object name -> (uuid, properties, vectors)
    objects: dict[str, tuple[str, dict[str, object], dict[str, object]]]

    def uuid(self, name: str) -> str:
        return self.objects[name][0]


def rough_objects() -> dict[str, tuple[str, dict[str, object], dict[str, object]]]:
    tokens = [[1.0, 0.0], [0.0, 1.0]]
    plain: dict[str, dict[str, object]] = {
        "ok1": {"a": [1.0, 2.0, 3.0, 4.0], "b": [1.0, 0.0, 0.0, 1.0], "m": tokens},
        "ok2": {"a": [2.0, 1.0, 0.0, -1.0], "b": [0.5, 0.5, 0.5, 0.5], "m": [[3.0, 4.0]]},
        "dup1": {"a": [0.5, 0.5, 0.5, 0.5], "b": [2.0, 2.0, 0.0, 0.0], "m": tokens},
        "dup2": {"a": [0.5, 0.5, 0.5, 0.5], "b": [3.0, 0.0, 3.0, 0.0], "m": tokens},
        "zero": {"a": [0.0, 0.0, 0.0, 0.0], "b": [1.0, 2.0, 3.0, 5.0], "m": [[0.0, 0.0]]},
        "nan": {"a": [math.nan, 1.0, 1.0, 1.0], "b": [1.0, 1.0, 2.0, 2.0], "m": [[1.0, 2.0]]},
        "inf": {"a": [math.inf, 1.0, 1.0, 1.0], "b": [4.0, 3.0, 2.0, 1.0], "m": [[2.0, 1.0]]},
        "no_b": {"a": [4.0, 3.0, 2.0, 1.0], "m": [[5.0, 5.0]]},
    }
    return {
        name: (lab_uuid(name), {"title": name, "kind": name.rstrip("12")}, vectors)
        for name, vectors in plain.items()
    }


async def create_rough_vectors(session: ExplorerSession, name: str) -> RoughVectors:
    from weaviate.classes.config import Configure, DataType, Property, VectorDistances
    from weaviate.classes.data import DataObject

    await session.client.collections.create(
        name,
        properties=[
            Property(name="title", data_type=DataType.TEXT),
            Property(name="kind", data_type=DataType.TEXT),
        ],
        vector_config=[
            Configure.Vectors.self_provided(name="a"),
            Configure.Vectors.self_provided(
                name="b",
                vector_index_config=Configure.VectorIndex.hnsw(distance_metric=VectorDistances.DOT),
            ),
            Configure.MultiVectors.self_provided(name="m"),
        ],
    )
    objects = rough_objects()
    collection = session.client.collections.use(name)
    result = await collection.data.insert_many(
        [DataObject(properties=p, vector=v, uuid=u) for u, p, v in objects.values()]  # type: ignore[arg-type]
    )
    assert not result.errors, result.errors
    return RoughVectors(name, objects)


POOR_COUNT = 1500
POOR_DIMENSIONS = 24


def poor_vectors() -> np.ndarray:
    """Seeded random vectors: spread evenly, the hardest case for a sparse graph."""
    return (
        np.random.default_rng(7).standard_normal((POOR_COUNT, POOR_DIMENSIONS)).astype(np.float32)
    )


async def create_poor_index(session: ExplorerSession, name: str) -> list[str]:
    """A legacy-style single named vector with tiny ef, efConstruction and maxConnections."""
    from weaviate.classes.config import Configure, DataType, Property, VectorDistances

    await session.client.collections.create(
        name,
        properties=[Property(name="n", data_type=DataType.INT)],
        vector_config=Configure.Vectors.self_provided(
            name="v",
            vector_index_config=Configure.VectorIndex.hnsw(
                distance_metric=VectorDistances.L2_SQUARED,
                ef=4,
                ef_construction=4,
                max_connections=4,
                dynamic_ef_min=4,
                dynamic_ef_max=4,
                dynamic_ef_factor=1,
            ),
        ),
    )
    return await insert_vectors(session, name, poor_vectors())


async def insert_vectors(session: ExplorerSession, name: str, vectors: np.ndarray) -> list[str]:
    """Object i gets property n = i and vector v = row i (over gRPC); returns the uuids."""
    from weaviate.classes.data import DataObject

    uuids = [lab_uuid(f"{name}/{i}") for i in range(len(vectors))]
    result = await session.client.collections.use(name).data.insert_many(
        [
            DataObject(properties={"n": i}, vector={"v": vectors[i].tolist()}, uuid=uuids[i])
            for i in range(len(vectors))
        ]
    )
    assert not result.errors, result.errors
    return uuids


async def create_flat_index(session: ExplorerSession, name: str, count: int = 12) -> list[str]:
    """A flat (brute-force) index of seeded vectors: its search is exact, so recall is 1."""
    from weaviate.classes.config import Configure, DataType, Property, VectorDistances

    await session.client.collections.create(
        name,
        properties=[Property(name="n", data_type=DataType.INT)],
        vector_config=Configure.Vectors.self_provided(
            name="v",
            vector_index_config=Configure.VectorIndex.flat(
                distance_metric=VectorDistances.L2_SQUARED
            ),
        ),
    )
    vectors = np.random.default_rng(3).standard_normal((count, 6)).round(3)
    return await insert_vectors(session, name, vectors)
