"""What the user asks for: search and aggregate requests as plain frozen dataclasses.

The TUI's query pane and the REPL's commands both build these; the session runs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.core.base.models import SearchKind, SortSpec, Vector
from explorer.core.where.filters import FilterExpr

Fusion = str  # "ranked" or "relative"

#: Weaviate's default QUERY_MAXIMUM_RESULTS: no request returns more (offset + limit included),
#: and the largest top-occurrences and group limit an aggregate accepts.
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class RerankSpec:
    property: str
    query: str | None = None


@dataclass(frozen=True)
class GenerateSpec:
    """RAG through the collection's generative module: a per-object prompt, a grouped task, or both.

    ``single_prompt`` may name properties in braces, e.g. ``"Explain {answer}"``.
    """

    single_prompt: str | None = None
    grouped_task: str | None = None
    grouped_properties: tuple[str, ...] | None = None


#: How a multi-target search combines the distances of its target vectors (Weaviate's names).
COMBINATIONS: tuple[str, ...] = ("sum", "average", "minimum", "relative-score", "manual")
#: The combinations that need a weight per target.
WEIGHTED_COMBINATIONS: frozenset[str] = frozenset({"relative-score", "manual"})


@dataclass(frozen=True)
class MultiTarget:
    """Search several named vectors at once and combine their distances.

    ``weights`` pairs each target with its weight, for ``manual`` and ``relative-score`` only.
    """

    targets: tuple[str, ...]
    combination: str = "sum"
    weights: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class SearchRequest:
    collection: str
    kind: SearchKind = "fetch"
    text: str | None = None
    vector: Vector | None = None
    object_id: str | None = None
    target_vector: str | None = None
    #: Several target vectors at once (``target_vector`` is then None).
    multi_target: MultiTarget | None = None
    query_properties: tuple[str, ...] | None = None
    alpha: float | None = None
    fusion: Fusion | None = None
    filters: FilterExpr | None = None
    limit: int = 10
    offset: int | None = None
    tenant: str | None = None
    rerank: RerankSpec | None = None
    generate: GenerateSpec | None = None
    include_vector: bool = False
    #: Only for ``kind="fetch"``: searches are ordered by relevance.
    sort: tuple[SortSpec, ...] = ()
    #: References to resolve as columns: ``hasCategory`` (its targets) or ``hasCategory.title``
    #: (a property of its targets); single-target references only.
    references: tuple[str, ...] = ()


#: How many top occurrences a text property shows unless asked otherwise.
DEFAULT_TOP_OCCURRENCES = 5
#: How many groups a group-by returns unless asked otherwise (the server's own default too).
DEFAULT_GROUP_LIMIT = 100


@dataclass(frozen=True)
class AggregateRequest:
    collection: str
    group_by: str | None = None
    #: Properties to compute metrics for; empty means every property that has metrics.
    metrics: tuple[str, ...] = ()
    filters: FilterExpr | None = None
    tenant: str | None = None
    #: How many of a text property's most frequent values to return.
    top_occurrences: int = DEFAULT_TOP_OCCURRENCES
    #: Only this many groups, the largest (the server sends them largest first).
    group_limit: int = DEFAULT_GROUP_LIMIT
