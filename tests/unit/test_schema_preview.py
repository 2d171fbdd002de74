"""The collections preview's parsing: a server's answers are untrusted, so every unexpected
shape gives no preview (or no count), never an exception or a query built from its text."""

from __future__ import annotations

from typing import Any

import pytest

from explorer.core.base.models import CollectionPreview, VectorInfo
from explorer.core.client.connection import ConnectionOptions, OidcCredentials
from explorer.core.client.schema_preview import (
    MAX_COUNTED,
    aggregate_query,
    parse_schema,
    preview_headers,
    vectors,
    with_counts,
)


def test_a_schema_becomes_sorted_previews_with_multi_tenancy() -> None:
    schema = {
        "classes": [
            {"class": "Zebra", "multiTenancyConfig": {"enabled": True}},
            {"class": "Apple", "multiTenancyConfig": {"enabled": False}},
            {"class": "Mango"},
        ]
    }
    assert parse_schema(schema) == (
        CollectionPreview("Apple", None, False, ()),
        CollectionPreview("Mango", None, False, ()),
        CollectionPreview("Zebra", None, True, ()),
    )
    assert parse_schema({"classes": None}) == ()
    assert parse_schema({}) == ()


@pytest.mark.parametrize(
    "schema",
    [[], "x", None, {"classes": "x"}, {"classes": [1]}, {"classes": [{"class": 7}]}],
)
def test_an_unknown_schema_shape_gives_no_preview(schema: Any) -> None:
    assert parse_schema(schema) is None


def test_only_valid_single_tenant_names_are_counted_in_one_query() -> None:
    previews = (
        CollectionPreview("Books", None, False, ()),
        CollectionPreview("Evil } } mutation { x", None, False, ()),
        CollectionPreview("Tenanted", None, True, ()),
    )
    assert aggregate_query(previews) == "{ Aggregate { Books { meta { count } } } }"
    assert aggregate_query((CollectionPreview("Tenanted", None, True),)) is None
    many = tuple(CollectionPreview(f"C{i:04d}", None, False) for i in range(MAX_COUNTED + 5))
    query = aggregate_query(many)
    assert query is not None and query.count("meta") == MAX_COUNTED


def test_counts_are_taken_only_where_the_answer_has_a_plain_count() -> None:
    previews = tuple(CollectionPreview(n, None, False) for n in ("A", "B", "C", "D", "E", "F"))
    answer = {
        "data": {
            "Aggregate": {
                "A": [{"meta": {"count": 3}}],
                "B": [{"meta": {"count": True}}],
                "C": [{"meta": {"count": -1}}],
                "D": [{"meta": {"count": "9"}}],
                "E": [],
            }
        },
        "errors": [{"message": "F: no such class"}],
    }
    counts = {p.name: p.count for p in with_counts(previews, answer)}
    assert counts == {"A": 3, "B": None, "C": None, "D": None, "E": None, "F": None}
    odd_answers: tuple[object, ...] = (None, [], {"data": None}, {"data": {"Aggregate": []}})
    for odd in odd_answers:
        assert with_counts(previews, odd) == previews


def test_headers_carry_the_api_key_and_extra_headers_but_not_oidc() -> None:
    options = ConnectionOptions(api_key="k-123", headers=(("X-Extra", "1"),))
    assert preview_headers(options) == {"X-Extra": "1", "Authorization": "Bearer k-123"}
    assert preview_headers(ConnectionOptions()) == {}
    oidc = ConnectionOptions(oidc=OidcCredentials(flow="password", username="u", password="p"))
    assert preview_headers(oidc) is None


def test_vectors_are_named_as_the_client_names_them() -> None:
    """The shapes Weaviate 1.38 answers (checked against the client's list on the bench server):
    named vectors in name order; a legacy index as "default" with the class's vectorizer."""
    named = {
        "vectorConfig": {
            "title": {"vectorizer": {"text2vec-bigram": {"properties": ["t"]}}},
            "colbert": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw"},
        }
    }
    assert vectors(named) == (
        VectorInfo("colbert", "none"),
        VectorInfo("title", "text2vec-bigram"),
    )
    legacy = {"vectorizer": "text2vec-bigram", "vectorIndexConfig": {"ef": -1}}
    assert vectors(legacy) == (VectorInfo("default", "text2vec-bigram"),)
    assert vectors({"vectorIndexConfig": {}}) == (VectorInfo("default", "none"),)
    assert vectors({"class": "Plain"}) == ()


@pytest.mark.parametrize(
    "entry",
    [
        {"vectorConfig": ["a"]},
        {"vectorConfig": {"a": "text2vec-bigram"}},
        {"vectorConfig": {"a": {"vectorizer": {}}}},
        {"vectorConfig": {"a": {"vectorizer": {"x": {}, "y": {}}}}},
        {"vectorConfig": {"a": {"vectorizer": "none"}}},
        {"vectorizer": ["x"], "vectorIndexConfig": {}},
    ],
)
def test_vectors_in_an_unknown_shape_are_not_guessed(entry: dict[str, Any]) -> None:
    """The full list says them; the collection is still listed."""
    assert vectors(entry) is None
    assert parse_schema({"classes": [{"class": "C", **entry}]}) == (
        CollectionPreview("C", None, False, None),
    )
