"""Compare two collection configs, as the servers store them, and say what can change in place.

Each difference is relative to side A: ``added`` is on B only, ``removed`` on A only,
``changed`` on both with other values. Each says whether Weaviate lets A be changed in place to
match B (:mod:`explorer.core.servers.mutability`, checked against a real server by the tests),
and how (:class:`Fix`), which :mod:`explorer.core.servers.diff_apply` carries out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from explorer.core.servers.mutability import Fix, fix_for
from explorer.core.servers.stored_vectors import vector_settings, vectors_of

Change = Literal["added", "removed", "changed"]

#: The sections of a collection config, in the order a diff lists them.
SECTIONS: tuple[str, ...] = (
    "collection",
    "properties",
    "vectors",
    "multi-tenancy",
    "replication",
    "sharding",
    "inverted index",
    "generative",
    "reranker",
    "modules",
)
#: Sections that are one REST object each: section -> its key in the stored config.
_PLAIN_SECTIONS = {
    "multi-tenancy": "multiTenancyConfig",
    "replication": "replicationConfig",
    "sharding": "shardingConfig",
    "inverted index": "invertedIndexConfig",
}
#: Derived counts the server fills in; never a difference of configuration.
_DERIVED = {
    ("sharding", "actualCount"),
    ("sharding", "actualVirtualCount"),
    ("sharding", "desiredVirtualCount"),  # virtualPerPhysical x desiredCount
}
_PROPERTY_FIELDS = (
    "dataType",
    "tokenization",
    "indexFilterable",
    "indexSearchable",
    "indexRangeFilters",
    "description",
    "moduleConfig",
)
_MODULE_SECTIONS = {"generative": "generative-", "reranker": "reranker-"}


@dataclass(frozen=True)
class SchemaDifference:
    section: str
    #: Where, inside the section: a property, nested property or vector name, then the setting.
    path: tuple[str, ...]
    change: Change
    a: Any
    b: Any
    #: Whether Weaviate can change A in place to match B.
    in_place: bool
    #: Why it cannot, or what changing it does.
    note: str = ""
    #: How to change A in place (None when it cannot be).
    fix: Fix | None = field(default=None, compare=False, repr=False)

    @property
    def where(self) -> str:
        return ".".join(self.path)

    def as_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "path": self.where,
            "change": self.change,
            "a": self.a,
            "b": self.b,
            "in_place": self.in_place,
            "note": self.note,
        }


@dataclass(frozen=True)
class CollectionDiff:
    """How collection ``a_name`` (side A) differs from ``b_name`` (side B)."""

    a_name: str
    b_name: str
    differences: tuple[SchemaDifference, ...]

    @property
    def in_place(self) -> tuple[SchemaDifference, ...]:
        return tuple(d for d in self.differences if d.in_place)

    @property
    def not_in_place(self) -> tuple[SchemaDifference, ...]:
        return tuple(d for d in self.differences if not d.in_place)

    def as_json(self) -> dict[str, Any]:
        return {
            "a": self.a_name,
            "b": self.b_name,
            "identical": not self.differences,
            "differences": [d.as_json() for d in self.differences],
        }


@dataclass(frozen=True)
class SchemaComparison:
    """Two whole schemas: which collections are on one side only, and which differ."""

    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    #: Collections on both sides, with their diffs (an empty one when identical).
    both: tuple[CollectionDiff, ...]

    @property
    def differing(self) -> tuple[CollectionDiff, ...]:
        return tuple(d for d in self.both if d.differences)

    def as_json(self) -> dict[str, Any]:
        return {
            "only_a": list(self.only_a),
            "only_b": list(self.only_b),
            "identical": [d.a_name for d in self.both if not d.differences],
            "differing": {
                d.a_name: {
                    "differences": len(d.differences),
                    "in_place": len(d.in_place),
                }
                for d in self.differing
            },
        }


def compare_schemas(
    a: Mapping[str, Mapping[str, Any]], b: Mapping[str, Mapping[str, Any]]
) -> SchemaComparison:
    """Compare every collection of two schemas (stored configs by name)."""
    return SchemaComparison(
        only_a=tuple(sorted(set(a) - set(b))),
        only_b=tuple(sorted(set(b) - set(a))),
        both=tuple(diff_collections(a[name], b[name]) for name in sorted(set(a) & set(b))),
    )


def diff_collections(a: Mapping[str, Any], b: Mapping[str, Any]) -> CollectionDiff:
    """Every difference between two stored collection configs (CPU only: no request)."""
    a_name, b_name = str(a.get("class", "")), str(b.get("class", ""))
    found: list[SchemaDifference] = []
    for section in SECTIONS:
        for path, change, value_a, value_b in _section_differences(section, a, b):
            fix, note = fix_for(section, path, change, value_a, value_b, a, b)
            found.append(
                SchemaDifference(
                    section=section,
                    path=path,
                    change=change,
                    a=_plain(value_a),
                    b=_plain(value_b),
                    in_place=fix is not None,
                    note=note,
                    fix=fix,
                )
            )
    return CollectionDiff(a_name, b_name, tuple(found))


# -- per section ------------------------------------------------------------------------------

Found = Iterator[tuple[tuple[str, ...], Change, Any, Any]]


def _section_differences(section: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> Found:
    if section == "collection":
        yield from _leaves_diff((), _description(a), _description(b))
    elif section == "properties":
        yield from _properties_diff((), a.get("properties") or [], b.get("properties") or [])
    elif section == "vectors":
        yield from _vectors_diff(vectors_of(a), vectors_of(b))
    elif section in _PLAIN_SECTIONS:
        key = _PLAIN_SECTIONS[section]
        if section == "sharding" and _multi_tenant(a) != _multi_tenant(b):
            return  # a multi-tenant collection has a shard per tenant instead
        for path, change, va, vb in _leaves_diff((), a.get(key) or {}, b.get(key) or {}):
            if (section, path[0] if path else "") not in _DERIVED:
                yield path, change, va, vb
    elif section in _MODULE_SECTIONS:
        yield from _module_diff(
            module_of(a, _MODULE_SECTIONS[section]), module_of(b, _MODULE_SECTIONS[section])
        )
    else:  # other class-level modules (a legacy vectorizer's settings)
        yield from _leaves_diff((), _other_modules(a), _other_modules(b))


def _multi_tenant(config: Mapping[str, Any]) -> bool:
    return bool((config.get("multiTenancyConfig") or {}).get("enabled"))


def _description(config: Mapping[str, Any]) -> dict[str, Any]:
    return {"description": config.get("description") or None}


def _properties_diff(prefix: tuple[str, ...], a: list[Any], b: list[Any]) -> Found:
    by_a = {str(p["name"]): p for p in a}
    by_b = {str(p["name"]): p for p in b}
    for name in _union(by_a, by_b):
        path = (*prefix, name)
        if name not in by_a:
            yield path, "added", None, by_b[name]
        elif name not in by_b:
            yield path, "removed", by_a[name], None
        else:
            pa, pb = by_a[name], by_b[name]
            for key in _PROPERTY_FIELDS:
                va, vb = _property_field(pa, key), _property_field(pb, key)
                if va != vb:
                    yield (*path, key), "changed", va, vb
            yield from _properties_diff(
                path, pa.get("nestedProperties") or [], pb.get("nestedProperties") or []
            )


def _property_field(prop: Mapping[str, Any], key: str) -> Any:
    value = prop.get(key)
    if key == "description":
        return value or None
    if key == "moduleConfig":
        return value or None
    return value


def _vectors_diff(a: Mapping[str, Any], b: Mapping[str, Any]) -> Found:
    for name in _union(a, b):
        if name not in a:
            yield (name,), "added", None, b[name]
        elif name not in b:
            yield (name,), "removed", a[name], None
        else:
            settings_a, settings_b = vector_settings(a[name]), vector_settings(b[name])
            # Another module, index type or quantizer brings other settings: one difference.
            for what, details in (
                ("vectorizer", "vectorizer settings"),
                ("index type", "index"),
                ("quantization", settings_a["quantization"]),
                ("quantization", settings_b["quantization"]),
            ):
                if settings_a[what] != settings_b[what]:
                    settings_a.pop(details, None)
                    settings_b.pop(details, None)
            yield from _leaves_diff((name,), settings_a, settings_b)


def module_of(config: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The one module of a kind (``generative-``, ``reranker-``) a collection uses, if any."""
    modules = config.get("moduleConfig") or {}
    found = sorted(name for name in modules if str(name).startswith(prefix))
    if not found:
        return {"module": None}
    return {"module": found[0], "settings": dict(modules[found[0]] or {})}


def _module_diff(a: Mapping[str, Any], b: Mapping[str, Any]) -> Found:
    if a.get("module") != b.get("module"):
        yield (
            ("module",),
            _change(a.get("module"), b.get("module")),
            a.get("module"),
            b.get("module"),
        )
        return
    yield from _leaves_diff(("settings",), a.get("settings") or {}, b.get("settings") or {})


def _other_modules(config: Mapping[str, Any]) -> dict[str, Any]:
    modules = config.get("moduleConfig") or {}
    return {
        str(name): value
        for name, value in modules.items()
        if not any(str(name).startswith(p) for p in _MODULE_SECTIONS.values())
    }


def _leaves_diff(prefix: tuple[str, ...], a: Any, b: Any) -> Found:
    """Differences of two nested mappings, leaf by leaf (lists are leaves)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        for key in _union(a, b):
            yield from _leaves_diff((*prefix, str(key)), a.get(key), b.get(key))
        return
    if (isinstance(a, bool) and b is None) or (isinstance(b, bool) and a is None):
        a, b = bool(a), bool(b)  # the server leaves out some switches that are off
    if _empty(a) and _empty(b):
        return
    if a != b:
        yield prefix, _change(a, b), a, b


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _change(a: Any, b: Any) -> Change:
    if _empty(a):
        return "added"
    if _empty(b):
        return "removed"
    return "changed"


def _union(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    """Keys of both, A's order first, then B's new ones."""
    return [*a, *(k for k in b if k not in a)]


def _plain(value: Any) -> Any:
    """A JSON-ready copy (the stored configs are JSON already)."""
    return json.loads(json.dumps(value)) if value is not None else None


def describe_value(value: Any) -> str:
    """A setting's value in one line: a data type as ``text[]``, a mapping as compact JSON."""
    if value is None:
        return "—"
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        return value[0]
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
