"""diff-schema on two real servers: what differs, and whether it really changes in place.

Each case creates the same collection on both servers, then changes one thing on side B. The
diff must find exactly that difference; then the test tries it on side A: a difference marked
in place is applied and gone from a fresh diff; any other is tried anyway (B's whole section
sent in A's config) and is refused or ignored by the server, so it is still there.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import uuid
from collections.abc import Callable
from typing import Any

from explorer.core.client.session import ExplorerSession
from explorer.core.servers import rest_schema
from explorer.core.servers.diff_apply import apply_diff
from explorer.core.servers.schema_diff import CollectionDiff, compare_schemas, diff_collections

BASE: dict[str, Any] = {
    "description": "base",
    "properties": [
        {
            "name": "title",
            "dataType": ["text"],
            "tokenization": "word",
            "indexFilterable": True,
            "indexSearchable": True,
            "description": "a title",
        },
        {"name": "count", "dataType": ["int"], "indexFilterable": True, "indexRangeFilters": True},
        {
            "name": "meta",
            "dataType": ["object"],
            "nestedProperties": [{"name": "x", "dataType": ["int"]}],
        },
    ],
    "vectorConfig": {
        "main": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw", "vectorIndexConfig": {}},
        "quick": {"vectorizer": {"none": {}}, "vectorIndexType": "flat", "vectorIndexConfig": {}},
    },
    "moduleConfig": {"generative-dummy": {}},
}

Change = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Change:
    def change(config: dict[str, Any]) -> None:
        node = config
        keys = path.split(".")
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value

    return change


def _prop(name: str, key: str, value: Any) -> Change:
    def change(config: dict[str, Any]) -> None:
        prop = next(p for p in config["properties"] if p["name"] == name)
        prop[key] = value

    return change


def _without_prop(name: str) -> Change:
    def change(config: dict[str, Any]) -> None:
        config["properties"] = [p for p in config["properties"] if p["name"] != name]

    return change


def _add_prop(prop: dict[str, Any]) -> Change:
    return lambda config: config["properties"].append(prop)


def _nested_added(config: dict[str, Any]) -> None:
    meta = next(p for p in config["properties"] if p["name"] == "meta")
    meta["nestedProperties"].append({"name": "y", "dataType": ["text"]})


def _without_vector(config: dict[str, Any]) -> None:
    del config["vectorConfig"]["quick"]


def _multi_tenant(config: dict[str, Any]) -> None:
    config["multiTenancyConfig"] = {"enabled": True}


def _both(*changes: Change) -> Change:
    def change(config: dict[str, Any]) -> None:
        for one in changes:
            one(config)

    return change


_NEW_VECTOR = {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw", "vectorIndexConfig": {}}

# (id, change on side B, change on both sides first, the one expected path, in place?)
CASES: list[tuple[str, Change, Change | None, str, bool]] = [
    ("description", _set("description", "other"), None, "description", True),
    ("property added", _add_prop({"name": "extra", "dataType": ["text"]}), None, "extra", True),
    ("property removed", _without_prop("count"), None, "count", False),
    ("property description", _prop("title", "description", "b"), None, "title.description", True),
    ("property type", _prop("title", "dataType", ["text[]"]), None, "title.dataType", False),
    ("tokenization", _prop("title", "tokenization", "field"), None, "title.tokenization", False),
    (
        "filterable off",
        _prop("title", "indexFilterable", False),
        None,
        "title.indexFilterable",
        True,
    ),
    (
        "searchable off",
        _prop("title", "indexSearchable", False),
        None,
        "title.indexSearchable",
        True,
    ),
    (
        "range off",
        _prop("count", "indexRangeFilters", False),
        None,
        "count.indexRangeFilters",
        True,
    ),
    (
        "searchable on",
        _prop("title", "indexSearchable", True),
        _prop("title", "indexSearchable", False),
        "title.indexSearchable",
        False,
    ),
    ("nested added", _nested_added, None, "meta.y", False),
    (
        "nested type",
        lambda c: c["properties"][2]["nestedProperties"][0].update(dataType=["number"]),
        None,
        "meta.x.dataType",
        False,
    ),
    ("vector added", _set("vectorConfig.extra", _NEW_VECTOR), None, "extra", True),
    ("vector removed", _without_vector, None, "quick", False),
    (
        "vectorizer",
        _set("vectorConfig.main.vectorizer", {"text2vec-bigram": {}}),
        None,
        "main.vectorizer",
        False,
    ),
    (
        "index type",
        _set("vectorConfig.main.vectorIndexType", "flat"),
        None,
        "main.index type",
        False,
    ),
    ("ef", _set("vectorConfig.main.vectorIndexConfig.ef", 99), None, "main.index.ef", True),
    (
        "dynamicEfMax",
        _set("vectorConfig.main.vectorIndexConfig.dynamicEfMax", 600),
        None,
        "main.index.dynamicEfMax",
        True,
    ),
    (
        "flatSearchCutoff",
        _set("vectorConfig.main.vectorIndexConfig.flatSearchCutoff", 99),
        None,
        "main.index.flatSearchCutoff",
        True,
    ),
    (
        "filterStrategy",
        _set("vectorConfig.main.vectorIndexConfig.filterStrategy", "sweeping"),
        None,
        "main.index.filterStrategy",
        True,
    ),
    (
        "hnsw cache",
        _set("vectorConfig.main.vectorIndexConfig.vectorCacheMaxObjects", 1000),
        None,
        "main.index.vectorCacheMaxObjects",
        True,
    ),
    (
        "flat cache",
        _set("vectorConfig.quick.vectorIndexConfig.vectorCacheMaxObjects", 1000),
        None,
        "quick.index.vectorCacheMaxObjects",
        True,
    ),
    (
        "distance",
        _set("vectorConfig.main.vectorIndexConfig.distance", "dot"),
        None,
        "main.index.distance",
        False,
    ),
    (
        "efConstruction",
        _set("vectorConfig.main.vectorIndexConfig.efConstruction", 64),
        None,
        "main.index.efConstruction",
        False,
    ),
    (
        "maxConnections",
        _set("vectorConfig.main.vectorIndexConfig.maxConnections", 16),
        None,
        "main.index.maxConnections",
        False,
    ),
    (
        "hnsw cleanup",
        _set("vectorConfig.main.vectorIndexConfig.cleanupIntervalSeconds", 100),
        None,
        "main.index.cleanupIntervalSeconds",
        False,
    ),
    (
        "pq on",
        _set("vectorConfig.main.vectorIndexConfig.pq", {"enabled": True}),
        None,
        "main.quantization",
        True,
    ),
    (
        "bq on",
        _set("vectorConfig.main.vectorIndexConfig.bq", {"enabled": True}),
        None,
        "main.quantization",
        True,
    ),
    (
        "sq on",
        _set("vectorConfig.main.vectorIndexConfig.sq", {"enabled": True}),
        None,
        "main.quantization",
        True,
    ),
    (
        "rq on",
        _set("vectorConfig.main.vectorIndexConfig.rq", {"enabled": True}),
        None,
        "main.quantization",
        True,
    ),
    (
        "pq to bq",
        _both(
            _set("vectorConfig.main.vectorIndexConfig.pq", {"enabled": False}),
            _set("vectorConfig.main.vectorIndexConfig.bq", {"enabled": True}),
        ),
        _set("vectorConfig.main.vectorIndexConfig.pq", {"enabled": True}),
        "main.quantization",
        True,
    ),
    (
        "rq off",
        _set("vectorConfig.main.vectorIndexConfig.rq", {"enabled": False}),
        _set("vectorConfig.main.vectorIndexConfig.rq", {"enabled": True}),
        "main.quantization",
        True,
    ),
    (
        "flat bq on",
        _set("vectorConfig.quick.vectorIndexConfig.bq", {"enabled": True}),
        None,
        "quick.quantization",
        False,
    ),
    ("multi-tenancy", _multi_tenant, None, "enabled", False),
    (
        "auto tenant creation",
        _set("multiTenancyConfig.autoTenantCreation", True),
        _multi_tenant,
        "autoTenantCreation",
        True,
    ),
    (
        "auto tenant activation",
        _set("multiTenancyConfig.autoTenantActivation", True),
        _multi_tenant,
        "autoTenantActivation",
        True,
    ),
    (
        "deletion strategy",
        _set("replicationConfig.deletionStrategy", "DeleteOnConflict"),
        None,
        "deletionStrategy",
        True,
    ),
    ("sharding", _set("shardingConfig.virtualPerPhysical", 64), None, "virtualPerPhysical", False),
    ("bm25", _set("invertedIndexConfig.bm25", {"b": 0.5, "k1": 1.2}), None, "bm25.b", True),
    (
        "stopwords",
        _set("invertedIndexConfig.stopwords", {"preset": "none"}),
        None,
        "stopwords.preset",
        True,
    ),
    (
        "inverted cleanup",
        _set("invertedIndexConfig.cleanupIntervalSeconds", 30),
        None,
        "cleanupIntervalSeconds",
        True,
    ),
    ("null state", _set("invertedIndexConfig.indexNullState", True), None, "indexNullState", False),
    (
        "timestamps",
        _set("invertedIndexConfig.indexTimestamps", True),
        None,
        "indexTimestamps",
        False,
    ),
    (
        "property length",
        _set("invertedIndexConfig.indexPropertyLength", True),
        None,
        "indexPropertyLength",
        False,
    ),
    (
        "reranker added",
        _set("moduleConfig", {"generative-dummy": {}, "reranker-dummy": {}}),
        None,
        "module",
        True,
    ),
    ("generative removed", _set("moduleConfig", {}), None, "module", False),
    (
        "generative settings",
        _set("moduleConfig", {"generative-dummy": {"note": "b"}}),
        None,
        "settings.note",
        True,
    ),
    (
        "rq rescoreLimit",
        _set("vectorConfig.main.vectorIndexConfig.rq", {"enabled": True, "rescoreLimit": 50}),
        _set("vectorConfig.main.vectorIndexConfig.rq", {"enabled": True}),
        "main.rq.rescoreLimit",
        True,
    ),
    (
        "sq rescoreLimit",
        _set("vectorConfig.main.vectorIndexConfig.sq", {"enabled": True, "rescoreLimit": 50}),
        _set("vectorConfig.main.vectorIndexConfig.sq", {"enabled": True}),
        "main.sq.rescoreLimit",
        True,
    ),
]


async def _create(session: ExplorerSession, name: str, config: dict[str, Any]) -> dict[str, Any]:
    await rest_schema.create_class(session, {**copy.deepcopy(config), "class": name})
    stored = await rest_schema.read_class(session, name)
    assert stored is not None
    return stored


#: Cases tried at once (schema changes go through the server's Raft log one by one anyway).
_AT_ONCE = 6


async def test_each_difference_is_found_and_changes_in_place_exactly_when_marked(
    session: ExplorerSession, second_session: ExplorerSession
) -> None:
    """Every case, a few at a time; the failures of all of them are reported together."""
    gate = asyncio.Semaphore(_AT_ONCE)

    async def run(case: tuple[str, Change, Change | None, str, bool]) -> str | None:
        async with gate:
            try:
                await _one_case(session, second_session, *case[1:])
            except AssertionError as failure:
                return f"{case[0]}: {failure}"
            return None

    failures = [f for f in await asyncio.gather(*(run(case) for case in CASES)) if f]
    assert not failures, "\n".join(failures)


async def _one_case(
    session: ExplorerSession,
    second_session: ExplorerSession,
    change_b: Change,
    change_both: Change | None,
    expected_path: str,
    in_place: bool,
) -> None:
    name = f"Diff{uuid.uuid4().hex[:10]}"
    config_a = copy.deepcopy(BASE)
    if change_both is not None:
        change_both(config_a)
    config_b = copy.deepcopy(config_a)
    change_b(config_b)
    try:
        stored_a = await _create(session, name, config_a)
        stored_b = await _create(second_session, name, config_b)
        diff = diff_collections(stored_a, stored_b)
        assert _paths(diff) == [expected_path], diff.differences
        (difference,) = (d for d in diff.differences if d.where == expected_path)
        assert difference.in_place is in_place, difference
        if in_place:
            result = await apply_diff(session, diff)
            assert result.failed is None and len(result.applied) == 1, result
        else:
            # Refused, or accepted and ignored: either way the difference must still be there.
            await _try_anyway(session, stored_a, stored_b, difference.section)
        after = diff_collections(await rest_schema.read_class(session, name) or {}, stored_b)
        assert _paths(after) == ([] if in_place else [expected_path]), after.differences
    finally:
        await session.client.collections.delete(name)
        await second_session.client.collections.delete(name)


def _paths(diff: CollectionDiff) -> list[str]:
    """The differences' paths; a vectorizer also sets each property's module settings."""
    return [d.where for d in diff.differences if not d.where.endswith(".moduleConfig")]


_SECTION_KEYS = {
    "collection": ("description",),
    "properties": ("properties",),
    "vectors": ("vectorConfig",),
    "multi-tenancy": ("multiTenancyConfig",),
    "replication": ("replicationConfig",),
    "sharding": ("shardingConfig",),
    "inverted index": ("invertedIndexConfig",),
    "generative": ("moduleConfig",),
    "reranker": ("moduleConfig",),
}


async def _try_anyway(
    session: ExplorerSession, a: dict[str, Any], b: dict[str, Any], section: str
) -> None:
    """Send A's config with B's whole section (the server may refuse it)."""
    changed = copy.deepcopy(a)
    for key in _SECTION_KEYS[section]:
        changed[key] = copy.deepcopy(b.get(key))
    with contextlib.suppress(rest_schema.SchemaRequestRefused):
        await rest_schema.update_class(session, changed)


async def test_a_replication_factor_above_the_node_count_is_refused_with_the_reason(
    session: ExplorerSession, second_session: ExplorerSession
) -> None:
    """Marked in place (it is, on a cluster); a single node says why it cannot."""
    name = f"Diff{uuid.uuid4().hex[:10]}"
    try:
        stored_a = await _create(session, name, BASE)
        stored_b = dict(copy.deepcopy(stored_a))
        stored_b["replicationConfig"] = {**stored_b["replicationConfig"], "factor": 2}
        diff = diff_collections(stored_a, stored_b)
        (difference,) = diff.differences
        assert (difference.where, difference.in_place) == ("factor", True)
        assert "nodes" in difference.note
        result = await apply_diff(session, diff)
        assert result.failed is not None and "replicas" in result.failed[1]
    finally:
        await session.client.collections.delete(name)
        await second_session.client.collections.delete(name)


async def test_the_whole_schema_says_which_collections_are_on_one_side_only(
    session: ExplorerSession, second_session: ExplorerSession
) -> None:
    tag = uuid.uuid4().hex[:8]
    only_a, only_b, same, differing = (f"W{tag}{n}" for n in ("OnlyA", "OnlyB", "Same", "Diff"))
    other = copy.deepcopy(BASE)
    other["description"] = "changed"
    try:
        for name in (only_a, same, differing):
            await _create(session, name, BASE)
        for name, config in ((only_b, BASE), (same, BASE), (differing, other)):
            await _create(second_session, name, config)
        a = await rest_schema.read_schema(session)
        b = await rest_schema.read_schema(second_session)
        mine = lambda names: {n: names[n] for n in names if n.startswith(f"W{tag}")}  # noqa: E731
        comparison = compare_schemas(mine(a), mine(b))
        assert comparison.only_a == (only_a,) and comparison.only_b == (only_b,)
        assert [d.a_name for d in comparison.differing] == [differing]
        assert comparison.as_json()["identical"] == [same]
    finally:
        for name in (only_a, same, differing):
            await session.client.collections.delete(name)
        for name in (only_b, same, differing):
            await second_session.client.collections.delete(name)
