"""A small collection for the lab: several named vectors, RAG and rerank modules, and values
that test prompt rendering (quotes, unicode, HTML characters, big and small numbers, dates)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from weaviate.util import generate_uuid5

from explorer.core.client.session import ExplorerSession

ROWS: list[dict[str, Any]] = [
    {
        "title": 'The "quiet" harbour <north> & ünïcödé 😀',
        "summary": "A harbour story with a lighthouse keeper and a storm",
        "year": 1234567,
        "rating": 0.1,
        "in_print": True,
        "tags": ['say "hi"', "<b>", "naïve"],
        "published": dt.datetime(2020, 1, 2, 3, 4, 5, 123000, tzinfo=dt.UTC),
    },
    {
        "title": "A storm over the harbour",
        "summary": "Storm clouds, a harbour, boats\tand a tab\nand a new line",
        "year": 1990,
        "rating": 123456789.5,
        "in_print": False,
        "tags": [],
        "published": dt.datetime(1990, 6, 1, tzinfo=dt.UTC),
    },
    {
        "title": "Gardens of the north",
        "summary": "Northern gardens in the midnight sun",
        "year": -3,
        "rating": 2.0,
        "in_print": True,
        "tags": ["garden"],
        "published": dt.datetime(2001, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
    },
    {
        "title": "Harbour lights at midnight",
        "summary": "Lights over the harbour, a keeper's long night",
        "year": 2024,
        "rating": 4.75,
        "in_print": False,
        "tags": ["lights", "night"],
        "published": dt.datetime(2024, 2, 29, tzinfo=dt.UTC),
    },
    {
        "title": "The river keeper",
        "summary": "A keeper of a river, and a harbour far away",
        "year": 7,
        "rating": 1e-7,
        "in_print": True,
        "tags": ["river"],
        "published": dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
    },
    {
        "title": "Roads and rivers of the north",
        "summary": "Travel writing: roads, rivers, a harbour town",
        "year": 1000000,
        "rating": 3.5,
        "in_print": False,
        "tags": ["road", "river"],
        "published": dt.datetime(1999, 9, 9, 9, 9, 9, tzinfo=dt.UTC),
    },
]


def uuid_of(index: int) -> str:
    return str(generate_uuid5(ROWS[index]["title"], "explorer-lab"))


async def create_lab_collection(session: ExplorerSession, name: str) -> list[str]:
    """Two text2vec-bigram vectors (title, summary), one self-provided 3-d vector, generative-dummy
    and reranker-dummy; returns the uuids in row order."""
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.data import DataObject

    await session.client.collections.create(
        name=name,
        properties=[
            Property(name="title", data_type=DataType.TEXT),
            Property(name="summary", data_type=DataType.TEXT),
            Property(name="year", data_type=DataType.INT),
            Property(name="rating", data_type=DataType.NUMBER),
            Property(name="in_print", data_type=DataType.BOOL),
            Property(name="tags", data_type=DataType.TEXT_ARRAY),
            Property(name="published", data_type=DataType.DATE),
        ],
        vector_config=[
            Configure.Vectors.custom(
                name="title_vec", module_name="text2vec-bigram", source_properties=["title"]
            ),
            Configure.Vectors.custom(
                name="summary_vec", module_name="text2vec-bigram", source_properties=["summary"]
            ),
            Configure.Vectors.self_provided(name="custom"),
        ],
        generative_config=Configure.Generative.custom(module_name="generative-dummy"),
        reranker_config=Configure.Reranker.custom(module_name="reranker-dummy"),
    )
    result = await session.client.collections.use(name).data.insert_many(
        [
            DataObject(
                uuid=uuid_of(i),
                properties=row,
                vector={"custom": [1.0, i / 10, (i % 3) / 10]},
            )
            for i, row in enumerate(ROWS)
        ]
    )
    assert not result.errors, result.errors
    return [uuid_of(i) for i in range(len(ROWS))]
