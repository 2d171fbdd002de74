"""Which differences Weaviate (v1.38) lets you change in place, and how.

Every rule here was tried on a real server: ``tests/servers/test_schema_diff.py`` applies each
kind of difference and checks that what is marked in place is gone afterwards and that the
server refuses (or ignores) the rest. A :class:`Fix` says how to change side A to match side B.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from explorer.core.servers.stored_vectors import QUANTIZERS, UNNAMED_VECTOR, vectors_of

FixKind = Literal["update", "add_property", "drop_index", "module"]

#: Inverted-index settings that can change (the index itself is built at creation).
_INVERTED_MUTABLE = frozenset({"bm25", "stopwords", "cleanupIntervalSeconds"})
#: HNSW settings that can change; the rest (distance, efConstruction, maxConnections, …) cannot.
_HNSW_MUTABLE = frozenset(
    {
        "ef",
        "dynamicEfMin",
        "dynamicEfMax",
        "dynamicEfFactor",
        "flatSearchCutoff",
        "vectorCacheMaxObjects",
        "filterStrategy",
    }
)
_FLAT_MUTABLE = frozenset({"vectorCacheMaxObjects"})
#: Quantizer settings that can change once it is on (bits, segments, … cannot).
_QUANTIZER_MUTABLE = frozenset({"rescoreLimit"})
_REPLICATION_MUTABLE = frozenset({"factor", "asyncEnabled", "deletionStrategy"})
_INDEX_NAMES = {
    "indexFilterable": "filterable",
    "indexSearchable": "searchable",
    "indexRangeFilters": "rangeFilters",
}


@dataclass(frozen=True)
class Fix:
    """How to change side A in place.

    - ``update``: set ``rest_path`` in A's stored config to ``value`` and send the config back
      (a path element ``@name`` picks the property of that name);
    - ``add_property``: add ``value``, a property;
    - ``drop_index``: drop index ``index`` of property ``property``;
    - ``module``: replace A's module of kind ``prefix`` by ``value`` ({name: settings}, or {}).
    """

    kind: FixKind
    rest_path: tuple[str, ...] = ()
    value: Any = None
    property: str = ""
    index: str = ""
    prefix: str = ""
    #: For ``update``: merge ``value`` (a mapping) into what is at ``rest_path``.
    merge: bool = False


Rule = tuple[Fix | None, str]


def fix_for(
    section: str,
    path: tuple[str, ...],
    change: str,
    a_value: Any,
    b_value: Any,
    a: Mapping[str, Any],
    b: Mapping[str, Any],
) -> Rule:
    """The fix for one difference (None when Weaviate cannot change it in place), and a note."""
    if section == "collection":
        return Fix("update", ("description",), b_value), ""
    if section == "properties":
        return _property_rule(path, change, a_value, b_value)
    if section == "vectors":
        return _vector_rule(path, change, b_value, a, b)
    if section == "multi-tenancy":
        key = path[0]
        if key == "enabled":
            return None, "multi-tenancy is chosen when a collection is created"
        if not (a.get("multiTenancyConfig") or {}).get("enabled"):
            return None, "only a multi-tenant collection has this setting"
        return Fix("update", ("multiTenancyConfig", *path), b_value), ""
    if section == "replication":
        if path[0] in _REPLICATION_MUTABLE:
            note = "needs at least as many nodes as the factor" if path[0] == "factor" else ""
            return Fix("update", ("replicationConfig", *path), b_value), note
        return None, "fixed when the collection is created"
    if section == "sharding":
        return None, "sharding is fixed when the collection is created"
    if section == "inverted index":
        if path[0] in _INVERTED_MUTABLE:
            return Fix("update", ("invertedIndexConfig", *path), b_value), ""
        return None, "the inverted index is built with this setting at creation"
    if section in ("generative", "reranker"):
        if path == ("module",) and change != "added":
            # The server merges module configs: a new module is added beside the old one.
            return None, f"Weaviate adds a {section} module, it cannot remove or replace one"
        prefix = f"{section}-"
        modules = b.get("moduleConfig") or {}
        value = {k: v for k, v in modules.items() if str(k).startswith(prefix)}
        return Fix("module", value=value, prefix=prefix), ""
    return None, "module settings are fixed when the collection is created"


def _property_rule(path: tuple[str, ...], change: str, a_value: Any, b_value: Any) -> Rule:
    nested = len(path) > 2 or (len(path) == 2 and change != "changed")
    if change == "added" and len(path) == 1:
        return Fix("add_property", value=b_value), "existing objects get no value for it"
    if change == "added":
        return None, "Weaviate cannot add a nested property to an existing property"
    if change == "removed" and len(path) == 1:
        return None, "Weaviate cannot delete a property"
    if nested or change == "removed":
        return None, "nested properties are fixed when their property is created"
    name, key = path
    if key == "description":
        return Fix("update", ("properties", f"@{name}", "description"), b_value), ""
    if key in _INDEX_NAMES:
        if a_value and not b_value:
            return Fix("drop_index", property=name, index=_INDEX_NAMES[key]), "drops the index"
        return None, "an index cannot be built for existing data in place"
    return None, f"a property's {key} is fixed when it is created"


def _vector_rule(
    path: tuple[str, ...], change: str, b_value: Any, a: Mapping[str, Any], b: Mapping[str, Any]
) -> Rule:
    name = path[0]
    if name == UNNAMED_VECTOR:
        return None, "a legacy unnamed vector cannot be changed in place"
    base = ("vectorConfig", name)
    if len(path) == 1:
        if change == "added":
            return Fix("update", base, b_value), "existing objects get no vector for it"
        return None, "Weaviate cannot delete a named vector"
    setting = path[1]
    vector_a = vectors_of(a)[name]
    vector_b = vectors_of(b)[name]
    index_type = vector_a.get("vectorIndexType")
    if setting in ("vectorizer", "vectorizer settings"):
        return None, "a vector's vectorizer is fixed when it is created"
    if setting == "index type":
        return None, "the index type is fixed when the vector is created"
    if setting == "quantization":
        if index_type != "hnsw":
            return None, "a flat or dynamic index's quantization is fixed when it is created"
        quantizer = str(b_value)
        index_b = vector_b.get("vectorIndexConfig") or {}
        index_a = vector_a.get("vectorIndexConfig") or {}
        value = {
            q: index_b.get(q) if q == quantizer else {**(index_a.get(q) or {}), "enabled": False}
            for q in QUANTIZERS
            if q == quantizer or q in index_a
        }
        note = "compresses the vectors already stored" if quantizer != "none" else ""
        return Fix("update", (*base, "vectorIndexConfig"), value, merge=True), note
    if setting == "index":
        key = path[2] if len(path) > 2 else ""
        mutable = _HNSW_MUTABLE if index_type == "hnsw" else _FLAT_MUTABLE
        if len(path) == 3 and key in mutable:
            return Fix("update", (*base, "vectorIndexConfig", *path[2:]), b_value), ""
        return None, f"{key or 'this setting'} is fixed when the index is created"
    if len(path) == 3 and path[2] in _QUANTIZER_MUTABLE:
        return Fix("update", (*base, "vectorIndexConfig", *path[1:]), b_value), ""
    return None, "quantizer settings are fixed when quantization is turned on"
