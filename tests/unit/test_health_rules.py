"""The health rules that a test cluster cannot show cheaply: pure functions of the facts."""

from __future__ import annotations

from explorer.core.admin.cluster import NodeInfo
from explorer.core.admin.health_checks import check
from explorer.core.admin.health_facts import CollectionFacts, HealthFacts


def node(name: str, shards: int = 2, objects: int = 100, version: str = "1.38.11") -> NodeInfo:
    return NodeInfo(name, "HEALTHY", version, objects, shards)


def facts(
    *collections: CollectionFacts, nodes: tuple[NodeInfo, ...] | None = None, **kw: object
) -> HealthFacts:
    return HealthFacts(
        nodes=nodes if nodes is not None else (node("n0"), node("n1"), node("n2")),
        collections=collections,
        client_version="4.24.1",
        server_version=str(kw.pop("server_version", "1.38.11")),
        **kw,  # type: ignore[arg-type]
    )


def collection(name: str = "Books", **kw: object) -> CollectionFacts:
    base: dict[str, object] = {
        "factor": 1,
        "async_enabled": False,
        "multi_tenant": False,
        "index_null_state": False,
    }
    return CollectionFacts(name=name, **{**base, **kw})  # type: ignore[arg-type]


def test_a_healthy_cluster_has_no_findings() -> None:
    assert check(facts(collection(), collection("Replicated", factor=3, async_enabled=True))) == ()


def test_async_replication_off_and_factor_above_nodes() -> None:
    found = check(facts(collection(factor=2), collection("Big", factor=5, async_enabled=True)))
    by_check = {f.check: f for f in found}
    assert by_check["async-replication-off"].subject == "collection Books"
    assert "ASYNC_REPLICATION_DISABLED" in by_check["async-replication-off"].fix
    assert "replication factor 5 is above the 3 node(s)" in by_check["factor-above-nodes"].problem
    assert found[0].severity == "problem"  # the most serious first


def test_uneven_shards_and_objects() -> None:
    nodes = (node("n0", 9, 9000), node("n1", 2, 500), node("n2", 2, 500))
    found = {f.check: f for f in check(facts(nodes=nodes))}
    assert found["uneven-shards"].subject == "node n0"
    assert "holds 9 shards, node n1 2" in found["uneven-shards"].problem
    assert found["uneven-objects"].subject == "node n0"
    # Small differences are no finding.
    assert check(facts(nodes=(node("n0", 3, 400), node("n1", 2, 300), node("n2", 2, 300)))) == ()


def test_versions() -> None:
    old = {f.check: f for f in check(facts(server_version="1.25.4"))}
    assert "needs Weaviate 1.27.0 or later" in old["version-mismatch"].problem
    mixed = check(facts(nodes=(node("n0"), node("n1", version="1.37.2"))))
    assert [f.subject for f in mixed] == ["nodes"]
    assert "1.37.2 on n1; 1.38.11 on n0" in mixed[0].problem


def test_vector_index_advice_and_saved_query_needs() -> None:
    bare = collection("Bare", unindexed_vectors=("default",), has_vector_index=False)
    advice = check(facts(bare))
    assert [(f.check, f.severity) for f in advice] == [("no-vector-index", "advice")]
    needed = check(facts(bare, vector_searches={"Bare": ("similar",)}))
    assert needed[0].severity == "warning" and "similar" in needed[0].problem
    one_skipped = collection("Two", unindexed_vectors=("image",), has_vector_index=True)
    assert check(facts(one_skipped)) == ()
    with_null_state = collection("Nulls", index_null_state=True)
    assert check(facts(with_null_state, null_filters={"Nulls": ("q",)})) == ()
