"""A small, fully known collection that integration tests create and check against."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from weaviate.util import generate_uuid5

from explorer.core.client.session import ExplorerSession

TITLES = [
    "The quiet harbour",
    "A storm over the harbour",
    "Gardens of the north",
    "Northern lights at midnight",
    "The lighthouse keeper",
    "Midnight in the garden",
    "Harbour lights",
    "A keeper of secrets",
    "Secrets of the storm",
    "The long north road",
    "Roads and rivers",
    "The river keeper",
]


@dataclass(frozen=True)
class Book:
    uuid: str
    properties: dict[str, Any]
    vector: list[float]


def books() -> list[Book]:
    out = []
    for index, title in enumerate(TITLES):
        out.append(
            Book(
                uuid=str(generate_uuid5(title, "explorer-tests")),
                properties={
                    "title": title,
                    "summary": f"Book number {index} about {title.lower()}.",
                    "year": 1990 + index,
                    "rating": round(1.5 + index * 0.25, 2),
                    "in_print": index % 2 == 0,
                    "genre": ["drama", "mystery", "travel"][index % 3],
                    "published": dt.datetime(1990 + index, 1 + index % 12, 1, tzinfo=dt.UTC),
                },
                # A distinct unit-ish 3-d vector per book.
                vector=[1.0, index / 10, (index % 3) / 10],
            )
        )
    return out


async def create_books(session: ExplorerSession, name: str) -> list[Book]:
    """Create the collection with two named vectors, a generative and a reranker module."""
    from weaviate.classes.config import Configure, DataType, Property, Tokenization
    from weaviate.classes.data import DataObject

    client = session.client
    await client.collections.create(
        name=name,
        description="Books for the integration tests",
        properties=[
            Property(name="title", data_type=DataType.TEXT),
            Property(name="summary", data_type=DataType.TEXT),
            Property(name="year", data_type=DataType.INT),
            Property(name="rating", data_type=DataType.NUMBER),
            Property(name="in_print", data_type=DataType.BOOL),
            Property(name="genre", data_type=DataType.TEXT, tokenization=Tokenization.FIELD),
            Property(name="published", data_type=DataType.DATE),
        ],
        vector_config=[
            Configure.Vectors.self_provided(name="custom"),
            Configure.Vectors.custom(
                name="bigram", module_name="text2vec-bigram", source_properties=["title"]
            ),
        ],
        generative_config=Configure.Generative.custom(module_name="generative-dummy"),
        reranker_config=Configure.Reranker.custom(module_name="reranker-dummy"),
    )
    data = books()
    result = await client.collections.use(name).data.insert_many(
        [
            DataObject(uuid=b.uuid, properties=b.properties, vector={"custom": b.vector})
            for b in data
        ]
    )
    assert not result.errors, result.errors
    return data
