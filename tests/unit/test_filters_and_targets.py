from __future__ import annotations

from typing import Any

import pytest

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig, VectorInfo
from explorer.core.query.targets import check_target_vector
from explorer.core.where.filters import And, Condition, Not, Or
from explorer.core.where.filters import to_weaviate as _to_weaviate


def to_weaviate(expr: object) -> Any:
    """The client's filter classes are private; tests read their fields dynamically."""
    return _to_weaviate(expr)  # type: ignore[arg-type]


def test_condition_translates_to_the_client_filter() -> None:
    translated = to_weaviate(Condition("value", ">", 400))
    assert translated.target == "value"
    assert translated.value == 400
    assert translated.operator.name == "GREATER_THAN"


def test_combinators() -> None:
    tree = And(
        (Condition("a", "=", "x"), Or((Condition("b", "<", 1), Not(Condition("c", "like", "*z*")))))
    )
    translated = to_weaviate(tree)
    assert translated.operator.name == "AND"
    inner = translated.filters[1]
    assert inner.operator.name == "OR"
    assert inner.filters[1].operator.name == "NOT"


def test_id_in_list() -> None:
    ids = ("6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f", "0d8e2f4a-1b3c-4d5e-8f6a-7b8c9d0e1f2a")
    translated = to_weaviate(Condition("id", "in", ids))
    assert translated.operator.name == "CONTAINS_ANY"


def test_invalid_uuid_is_a_clear_error() -> None:
    with pytest.raises(ExplorerError, match="Invalid filter value"):
        to_weaviate(Condition("id", "=", "not-a-uuid"))


def test_is_null() -> None:
    translated = to_weaviate(Condition("a", "is_null", True))
    assert translated.operator.name == "IS_NULL"


def config(vectors: tuple[VectorInfo, ...], named: bool = True) -> CollectionConfig:
    return CollectionConfig(
        name="C",
        description=None,
        properties=(),
        references=(),
        vectors=vectors,
        named_vectors=named,
        multi_tenant=False,
        generative_module=None,
        reranker_module=None,
        raw={},
    )


TWO = (VectorInfo("byo", "none"), VectorInfo("text", "text2vec-bigram"))


def test_text_queries_pick_the_only_vectorized_target() -> None:
    assert check_target_vector(config(TWO), "hybrid", None) == "text"


def test_vector_queries_with_several_targets_must_choose() -> None:
    with pytest.raises(ExplorerError, match="named vectors byo, text"):
        check_target_vector(config(TWO), "near_vector", None)


def test_unknown_and_unvectorized_targets() -> None:
    with pytest.raises(ExplorerError, match="no vector 'zzz'"):
        check_target_vector(config(TWO), "near_object", "zzz")
    with pytest.raises(ExplorerError, match="needs a vectorizer"):
        check_target_vector(config(TWO), "near_text", "byo")


def test_legacy_unnamed_vector_sends_no_target() -> None:
    legacy = config((VectorInfo("default", "text2vec-bigram"),), named=False)
    assert check_target_vector(legacy, "near_text", None) is None
    assert check_target_vector(config(TWO), "bm25", None) is None


def test_a_node_the_server_stops_listing_stays_shown_as_down() -> None:
    from explorer.core.admin.cluster import NodeInfo, with_missing

    up = NodeInfo("node0", "HEALTHY", "1.38.11", 3, 30)
    shown = with_missing((up,), {"node0", "node2"})
    assert [(n.name, n.status, n.healthy) for n in shown] == [
        ("node0", "HEALTHY", True),
        ("node2", "UNAVAILABLE", False),
    ]
    assert with_missing((up,), {"node0"}) == (up,)
