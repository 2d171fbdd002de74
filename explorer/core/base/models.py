"""Plain frozen dataclasses that the core hands to the front ends.

Nothing here imports weaviate-client: front ends render these without knowing the client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
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
    #: The properties the vectorizer reads (empty: every text property).
    source_properties: tuple[str, ...] = ()
    #: The vectorizer's own settings (model, options), as the server stores them.
    vectorizer_settings: Mapping[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """One line: vectorizer, its sources and settings, index and distance."""
        sources = ", ".join(self.source_properties) or "all text properties"
        settings = ", ".join(f"{k}={v}" for k, v in sorted(self.vectorizer_settings.items()))
        return (
            f"vectorizer {self.vectorizer} (from {sources}"
            + (f"; {settings}" if settings else "")
            + f"), index {self.index_type}, distance {self.distance}"
        )


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

    @classmethod
    def of(cls, config: CollectionConfig, count: int | None = None) -> CollectionSummary:
        return cls(
            name=config.name,
            count=count,
            vectors=config.vectors,
            multi_tenant=config.multi_tenant,
            description=config.description,
        )


@dataclass(frozen=True)
class CollectionPreview:
    """A line of the collections list read over plain REST while weaviate-client still imports
    (:mod:`explorer.core.client.schema_preview`)."""

    name: str
    #: None for multi-tenant collections, and until (or unless) the count came.
    count: int | None
    multi_tenant: bool
    #: Each vector's name and vectorizer (nothing else of its config), as the full list names
    #: them, so the list keeps its width when the full list replaces it; None when the schema
    #: said them in a shape the preview does not know (the full list shows them).
    vectors: tuple[VectorInfo, ...] | None = None


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
    #: Whether ``is null`` filters work: the server refuses them unless this is set at creation.
    index_null_state: bool = False
    #: The configs of the collections its references point to, by name (one hop: a filter
    #: through a reference, ``hasCategory.title``, is type-checked against them).
    reference_schemas: Mapping[str, CollectionConfig] = field(
        default_factory=dict, repr=False, compare=False
    )


@dataclass(frozen=True)
class TenantInfo:
    name: str
    #: ACTIVE, INACTIVE, OFFLOADED, … as the server reports it.
    activity_status: str


@dataclass(frozen=True, slots=True)
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
    #: The collection of each uuid in ``references``.
    reference_collections: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: (reference property, uuid) of the targets that do not exist (dangling references).
    missing_references: frozenset[tuple[str, str]] = frozenset()
    #: The properties a query returned of each reference target, aligned with ``references``.
    reference_properties: Mapping[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)

    def column_value(self, column: str) -> Any:
        """A property's value; a reference's targets (labels); ``reference.property``: that
        property of the targets (one value for one target)."""
        if column in self.properties:
            return self.properties[column]
        if column in self.references:
            labels = self.reference_labels(column)
            return labels[0] if len(labels) == 1 else labels or None
        reference, _, name = column.partition(".")
        if not name:
            return None
        values = [target.get(name) for target in self.reference_properties.get(reference, ())]
        return values[0] if len(values) == 1 else values or None

    def reference_targets(self, name: str) -> list[tuple[str, str | None, bool]]:
        """The targets of reference ``name``: (uuid, collection or None, missing)."""
        uuids = self.references.get(name, ())
        collections = self.reference_collections.get(name) or (None,) * len(uuids)
        return [
            (u, c, (name, u) in self.missing_references)
            for u, c in zip(uuids, collections, strict=True)
        ]

    def reference_data(self, name: str) -> list[Any]:
        """The targets of reference ``name`` as JSON data, in a form import reads: uuids, or
        ``{"uuid", "collection"}`` objects (``"missing": true`` for a dangling one)."""
        out: list[Any] = []
        for uuid, collection, missing in self.reference_targets(name):
            if collection is None:
                out.append(uuid)
                continue
            item: dict[str, Any] = {"uuid": uuid, "collection": collection}
            if missing:
                item["missing"] = True
            out.append(item)
        return out

    def reference_labels(self, name: str) -> list[str]:
        """One line per target of reference ``name``: ``Collection uuid``, or
        ``uuid (Collection, missing)`` for a target that does not exist."""
        return [
            reference_label(uuid, collection, missing)
            for uuid, collection, missing in self.reference_targets(name)
        ]


def reference_label(uuid: str, collection: str | None, missing: bool = False) -> str:
    """How a reference target reads: ``Collection uuid``, ``uuid (Collection, missing)``."""
    if missing:
        return f"{uuid} ({collection}, missing)" if collection else f"{uuid} (missing)"
    return f"{collection} {uuid}" if collection else uuid


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


#: The metric families Weaviate aggregates; arrays (``int[]``, …) count every element.
MetricKind = Literal["int", "number", "text", "boolean", "date"]


@dataclass(frozen=True)
class NumberMetrics:
    """An ``int`` or ``number`` property (or array): ints stay ints where the server keeps them."""

    name: str
    data_type: str
    #: How many values (for arrays: elements) were aggregated.
    count: int
    minimum: int | float | None = None
    maximum: int | float | None = None
    mean: float | None = None
    median: float | None = None
    mode: int | float | None = None
    sum: int | float | None = None

    @property
    def kind(self) -> MetricKind:
        return "int" if self.data_type.startswith("int") else "number"


@dataclass(frozen=True)
class TopOccurrence:
    #: Untrusted server text.
    value: str
    count: int


@dataclass(frozen=True)
class TextMetrics:
    """A ``text`` property (or array): the most frequent whole values."""

    name: str
    data_type: str
    count: int
    top_occurrences: tuple[TopOccurrence, ...] = ()

    @property
    def kind(self) -> MetricKind:
        return "text"


@dataclass(frozen=True)
class BooleanMetrics:
    """A ``boolean`` property (or array); percentages are 0–100, None when there are no values."""

    name: str
    data_type: str
    count: int
    total_true: int = 0
    total_false: int = 0
    percentage_true: float | None = None
    percentage_false: float | None = None

    @property
    def kind(self) -> MetricKind:
        return "boolean"


@dataclass(frozen=True)
class DateMetrics:
    """A ``date`` property (or array): its range, median and mode."""

    name: str
    data_type: str
    count: int
    minimum: datetime | None = None
    maximum: datetime | None = None
    median: datetime | None = None
    mode: datetime | None = None

    @property
    def kind(self) -> MetricKind:
        return "date"

    @property
    def span(self) -> timedelta | None:
        """From the earliest to the latest date."""
        if self.minimum is None or self.maximum is None:
            return None
        return self.maximum - self.minimum


PropertyMetrics = NumberMetrics | TextMetrics | BooleanMetrics | DateMetrics


@dataclass(frozen=True)
class SkippedProperty:
    """A property left out of "all properties" because Weaviate has no metrics for its type."""

    name: str
    data_type: str


def metrics_data(metrics: PropertyMetrics) -> dict[str, Any]:
    """One property's metrics as plain JSON-ready data (dates stay datetimes)."""
    data: dict[str, Any] = {"data_type": metrics.data_type}
    for item in fields(metrics):
        if item.name in ("name", "data_type"):
            continue
        value = getattr(metrics, item.name)
        if item.name == "top_occurrences":
            value = [{"value": top.value, "count": top.count} for top in value]
        data[item.name] = value
    return data


@dataclass(frozen=True)
class AggregateGroup:
    #: The group's value, typed by the group-by property (an int stays an int).
    value: Any
    count: int | None
    properties: tuple[PropertyMetrics, ...] = ()

    @property
    def metrics(self) -> dict[str, dict[str, Any]]:
        """Property name -> its metrics as plain data."""
        return {m.name: metrics_data(m) for m in self.properties}


@dataclass(frozen=True)
class AggregateResult:
    collection: str
    #: Every object the filter matched (not the sum of the groups: array values and a group
    #: limit make those differ).
    total_count: int | None
    #: Metrics over every matched object, in the schema's order.
    properties: tuple[PropertyMetrics, ...] = ()
    #: Largest first.
    groups: tuple[AggregateGroup, ...] = ()
    group_by: str | None = None
    tenant: str | None = None
    filtered: bool = False
    #: Properties "all properties" left out: no metrics exist for their types.
    skipped: tuple[SkippedProperty, ...] = ()
    #: The most groups asked for; reaching it means smaller groups may be missing.
    group_limit: int | None = None

    @property
    def groups_may_be_missing(self) -> bool:
        return self.group_limit is not None and len(self.groups) >= self.group_limit

    @property
    def metrics(self) -> dict[str, dict[str, Any]]:
        """Property name -> its metrics as plain data."""
        return {m.name: metrics_data(m) for m in self.properties}

    def property_metrics(self, name: str) -> PropertyMetrics:
        for metrics in self.properties:
            if metrics.name == name:
                return metrics
        raise KeyError(name)


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


@dataclass(frozen=True)
class SortSpec:
    """Order a plain fetch by a property (or ``_creationTimeUnix`` / ``_lastUpdateTimeUnix``)."""

    property: str
    descending: bool = False
