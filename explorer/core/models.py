"""Plain frozen dataclasses that the core hands to the front ends.

Nothing here imports weaviate-client: front ends render these without knowing the client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Vector = tuple[float, ...]
#: A single vector, or a multi-vector (ColBERT-style): a tuple of vectors.
VectorValue = Vector | tuple[Vector, ...]


@dataclass(frozen=True)
class ServerInfo:
    url: str
    version: str
    modules: tuple[str, ...]
    hostname: str = ""


@dataclass(frozen=True)
class VectorInfo:
    name: str
    vectorizer: str
    index_type: str = ""
    distance: str = ""


@dataclass(frozen=True)
class PropertyInfo:
    name: str
    data_type: str
    tokenization: str | None = None
    description: str | None = None
    nested: tuple[PropertyInfo, ...] = ()


@dataclass(frozen=True)
class CollectionSummary:
    """One line of the collections list."""

    name: str
    #: None for multi-tenant collections (a count needs a tenant) or when it failed.
    count: int | None
    vectors: tuple[VectorInfo, ...]
    multi_tenant: bool
    description: str | None = None


@dataclass(frozen=True)
class CollectionConfig:
    """A collection's full configuration, typed where the front ends need it, raw for the rest."""

    name: str
    description: str | None
    properties: tuple[PropertyInfo, ...]
    references: tuple[tuple[str, tuple[str, ...]], ...]
    vectors: tuple[VectorInfo, ...]
    #: False for a legacy collection with one unnamed vector.
    named_vectors: bool
    multi_tenant: bool
    generative_module: str | None
    reranker_module: str | None
    raw: Mapping[str, Any] = field(repr=False)


@dataclass(frozen=True)
class TenantInfo:
    name: str
    #: ACTIVE, INACTIVE, OFFLOADED, … as the server reports it.
    activity_status: str


@dataclass(frozen=True)
class ObjectRecord:
    uuid: str
    collection: str
    properties: Mapping[str, Any]
    vectors: Mapping[str, VectorValue] = field(default_factory=dict)
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    created: datetime | None = None
    updated: datetime | None = None
    distance: float | None = None
    certainty: float | None = None
    score: float | None = None
    explain_score: str | None = None
    rerank_score: float | None = None
    generated: str | None = None


@dataclass(frozen=True)
class ObjectPage:
    objects: tuple[ObjectRecord, ...]
    #: Pass as ``after`` to get the next page; None when this was the last one.
    next_after: str | None


SearchKind = Literal["fetch", "bm25", "near_text", "near_vector", "near_object", "hybrid"]


@dataclass(frozen=True)
class QueryResult:
    kind: SearchKind
    collection: str
    objects: tuple[ObjectRecord, ...]
    #: The grouped-task answer of a generative query.
    generated: str | None = None
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class AggregateGroup:
    value: Any
    count: int | None
    metrics: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class AggregateResult:
    collection: str
    total_count: int | None
    metrics: Mapping[str, Mapping[str, Any]]
    groups: tuple[AggregateGroup, ...] = ()


@dataclass(frozen=True)
class AliasInfo:
    """An alias and the collection it points at."""

    alias: str
    collection: str


@dataclass(frozen=True)
class TenantRow:
    """One line of the tenants list: the count only for ACTIVE tenants (None otherwise)."""

    name: str
    activity_status: str
    count: int | None = None


@dataclass(frozen=True)
class TenantPage:
    tenants: tuple[TenantRow, ...]
    #: How many tenants the collection has in all.
    total: int
    #: Pass as ``after`` for the next page; None when this was the last one.
    next_after: str | None
