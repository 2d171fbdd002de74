"""Hand-built collection configs for the parser and completer unit tests (no server needed)."""

from __future__ import annotations

from explorer.core.base.models import CollectionConfig, PropertyInfo, VectorInfo

JEOPARDY_TYPES = {
    "question": "text",
    "answer": "text",
    "category": "text",
    "round": "text",
    "value": "int",
    "air_date": "date",
}
EVERY_TYPE = {
    "title": "text",
    "tags": "text[]",
    "year": "int",
    "years": "int[]",
    "rating": "number",
    "in_print": "boolean",
    "published": "date",
    "ref_id": "uuid",
    "location": "geoCoordinates",
    "meta": "object",
}


def config(
    name: str,
    types: dict[str, str],
    vectors: tuple[str, ...] = (),
    *,
    index_null_state: bool = True,
) -> CollectionConfig:
    return CollectionConfig(
        name=name,
        description=None,
        properties=tuple(PropertyInfo(n, t) for n, t in types.items()),
        references=(),
        vectors=tuple(VectorInfo(v, "none") for v in vectors),
        named_vectors=bool(vectors),
        multi_tenant=False,
        generative_module=None,
        reranker_module=None,
        raw={},
        index_null_state=index_null_state,
    )


JEOPARDY = config("JeopardyQuestion", JEOPARDY_TYPES, ("ada002", "bigram"))
EVERYTHING = config("Everything", EVERY_TYPE)
