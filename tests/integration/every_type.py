"""A collection with a property of every Weaviate data type, nested objects and a reference."""

from __future__ import annotations

from typing import Any

from explorer.core.session import ExplorerSession


async def create_every_type(session: ExplorerSession, name: str, authors: str) -> None:
    """``authors`` (one text property) and ``name``, whose ``author`` references it."""
    from weaviate.classes.config import Configure, DataType, Property, ReferenceProperty

    client = session.client
    await client.collections.create(
        authors, properties=[Property(name="name", data_type=DataType.TEXT)]
    )
    await client.collections.create(
        name,
        properties=[
            Property(name="title", data_type=DataType.TEXT),
            Property(name="tags", data_type=DataType.TEXT_ARRAY),
            Property(name="year", data_type=DataType.INT),
            Property(name="years", data_type=DataType.INT_ARRAY),
            Property(name="rating", data_type=DataType.NUMBER),
            Property(name="ratings", data_type=DataType.NUMBER_ARRAY),
            Property(name="in_print", data_type=DataType.BOOL),
            Property(name="flags", data_type=DataType.BOOL_ARRAY),
            Property(name="published", data_type=DataType.DATE),
            Property(name="dates", data_type=DataType.DATE_ARRAY),
            Property(name="isbn", data_type=DataType.UUID),
            Property(name="isbns", data_type=DataType.UUID_ARRAY),
            Property(name="shop", data_type=DataType.GEO_COORDINATES),
            Property(name="phone", data_type=DataType.PHONE_NUMBER),
            Property(name="cover", data_type=DataType.BLOB),
            Property(
                name="details",
                data_type=DataType.OBJECT,
                nested_properties=[
                    Property(name="pages", data_type=DataType.INT),
                    Property(
                        name="publisher",
                        data_type=DataType.OBJECT,
                        nested_properties=[Property(name="city", data_type=DataType.TEXT)],
                    ),
                ],
            ),
            Property(
                name="editions",
                data_type=DataType.OBJECT_ARRAY,
                nested_properties=[Property(name="label", data_type=DataType.TEXT)],
            ),
        ],
        references=[ReferenceProperty(name="author", target_collection=authors)],
        vector_config=[
            Configure.Vectors.self_provided(name="custom"),
            Configure.Vectors.self_provided(name="other"),
        ],
    )


def valid_document(author_id: str) -> dict[str, Any]:
    """A full-form object that uses every type correctly."""
    return {
        "properties": {
            "title": "Dune",
            "tags": ["sf", "classic"],
            "year": 1965,
            "years": [1965, 1966.0],
            "rating": 4.5,
            "ratings": [4, 4.5],
            "in_print": True,
            "flags": [True, False],
            "published": "1965-08-01T00:00:00Z",
            "dates": ["1965-08-01T10:30:00+02:00"],
            "isbn": "6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f",
            "isbns": ["6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e50"],
            "shop": {"latitude": 52.37, "longitude": 4.89},
            "phone": {"input": "020 1234567", "defaultCountry": "nl"},
            "cover": "aGVsbG8=",
            "details": {"pages": 412, "publisher": {"city": "Philadelphia"}},
            "editions": [{"label": "first"}, {"label": "second"}],
            "author": author_id,
        },
        "vectors": {"custom": [0.1, 0.2, 0.3]},
    }
