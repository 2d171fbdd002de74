"""Search-mode comparison: BM25, vector search and hybrid at several alphas, side by side.

Every list comes from the one session, all at once (``asyncio.gather``); overlap@K (Jaccard)
says how alike each pair of lists is, and each object's rank in every list is one lookup.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from typing import Any, Literal

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig, ObjectRecord
from explorer.core.client.session import ExplorerSession
from explorer.core.lab.overlap import pairwise_overlap, ranks
from explorer.core.query.requests import MultiTarget, SearchRequest
from explorer.core.query.targets import (
    check_multi_target,
    check_target_vector,
    near_text_targets,
    vectorized_targets,
)
from explorer.core.where.filters import FilterExpr

DEFAULT_ALPHAS: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
Mode = Literal["bm25", "vector", "hybrid"]


@dataclass(frozen=True)
class CompareRequest:
    collection: str
    text: str
    alphas: tuple[float, ...] = DEFAULT_ALPHAS
    target_vector: str | None = None
    multi_target: MultiTarget | None = None
    limit: int = 10
    filters: FilterExpr | None = None
    query_properties: tuple[str, ...] | None = None
    tenant: str | None = None
    #: Hybrid's fusion, ``ranked`` or ``relative`` (None: the server's default).
    fusion: str | None = None


@dataclass(frozen=True)
class ModePlan:
    """One list of the comparison: its label (``bm25``, ``vector``, ``hybrid 0.5``) and query."""

    label: str
    mode: Mode
    alpha: float | None
    request: SearchRequest


@dataclass(frozen=True)
class ModeResult:
    plan: ModePlan
    objects: tuple[ObjectRecord, ...]

    @property
    def uuids(self) -> tuple[str, ...]:
        return tuple(record.uuid for record in self.objects)


@dataclass(frozen=True)
class CompareResult:
    request: CompareRequest
    modes: tuple[ModeResult, ...]
    #: Jaccard overlap of the top K of each pair, keyed ``"a vs b"``.
    overlap: dict[str, float]
    #: What the user should know, e.g. that the vector list is hybrid with alpha 1.
    notes: tuple[str, ...] = ()

    @property
    def lists(self) -> dict[str, tuple[str, ...]]:
        return {mode.plan.label: mode.uuids for mode in self.modes}

    def ranks_of(self, uuid: str) -> dict[str, int | None]:
        """The object's rank in every list (None where it is absent)."""
        return ranks(self.lists, uuid)

    def records_of(self, uuid: str) -> dict[str, ObjectRecord]:
        """The object as each list returned it (its score and explain-score there)."""
        return {
            mode.plan.label: record
            for mode in self.modes
            for record in mode.objects
            if record.uuid == uuid
        }

    def distinct_objects(self) -> tuple[ObjectRecord, ...]:
        """Every object of any list, once, in the order they first appear (list by list)."""
        seen: dict[str, ObjectRecord] = {}
        for mode in self.modes:
            for record in mode.objects:
                seen.setdefault(record.uuid, record)
        return tuple(seen.values())


def hybrid_label(alpha: float) -> str:
    return f"hybrid {alpha:g}"


def check_alphas(alphas: tuple[float, ...]) -> tuple[float, ...]:
    """Each alpha once, in order; every one from 0 to 1."""
    if not alphas:
        raise ExplorerError("No alphas", "give at least one alpha, e.g. --alphas 0,0.5,1")
    for alpha in alphas:
        if not math.isfinite(alpha) or not 0 <= alpha <= 1:
            raise ExplorerError(
                "Invalid alpha", f"{alpha:g}: an alpha is from 0 (keyword only) to 1 (vector only)"
            )
    return tuple(dict.fromkeys(alphas))


def parse_alphas(text: str) -> tuple[float, ...]:
    """``0,0.25,1`` as numbers (checked by :func:`check_alphas`)."""
    values: list[float] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            values.append(float(part))
        except ValueError:
            raise ExplorerError(
                "Invalid alpha", f"{part!r} is not a number: write e.g. 0,0.25,0.5,0.75,1"
            ) from None
    return check_alphas(tuple(values))


def plan_compare(
    config: CollectionConfig, request: CompareRequest
) -> tuple[tuple[ModePlan, ...], tuple[str, ...]]:
    """The queries of a comparison, and the notes on how the vector list is made."""
    if not request.text.strip():
        raise ExplorerError("Query text needed", "compare needs non-empty query text")
    alphas = check_alphas(request.alphas)
    if not vectorized_targets(config):
        raise ExplorerError(
            "No vectorizer",
            f"{config.name} has no vectorizer to turn text into a vector, so only BM25 could "
            "run: compare needs a collection with a vectorizer",
        )
    multi = request.multi_target
    if multi is not None:
        check_multi_target(config, "hybrid", multi)
        used: tuple[str, ...] = multi.targets
        target = None
    else:
        target = check_target_vector(config, "hybrid", request.target_vector)
        used = (target,) if target else tuple(v.name for v in config.vectors[:1])
    base = SearchRequest(
        config.name,
        "bm25",
        text=request.text,
        filters=request.filters,
        limit=request.limit,
        tenant=request.tenant,
    )
    by_vector: dict[str, Any] = {"target_vector": target, "multi_target": multi}
    hybrid = {**by_vector, "kind": "hybrid", "fusion": request.fusion}
    plans = [
        ModePlan("bm25", "bm25", None, _replace(base, query_properties=request.query_properties))
    ]
    notes: list[str] = []
    if all(name in near_text_targets(config) for name in used):
        plans.append(
            ModePlan("vector", "vector", None, _replace(base, kind="near_text", **by_vector))
        )
    else:
        vectorizers = {v.name: v.vectorizer for v in config.vectors}
        refusing = sorted({vectorizers.get(name, "") for name in used} - {""})
        notes.append(
            f"{', '.join(refusing) or 'this vectorizer'} has no nearText: the vector list is "
            "hybrid with alpha 1"
        )
        plans.append(ModePlan("vector", "vector", 1.0, _replace(base, alpha=1.0, **hybrid)))
    plans.extend(
        ModePlan(
            hybrid_label(alpha),
            "hybrid",
            alpha,
            _replace(base, alpha=alpha, query_properties=request.query_properties, **hybrid),
        )
        for alpha in alphas
    )
    return tuple(plans), tuple(notes)


def _replace(request: SearchRequest, **changes: Any) -> SearchRequest:
    from dataclasses import replace

    return replace(request, **changes)


async def run_compare(session: ExplorerSession, request: CompareRequest) -> CompareResult:
    """Every list at once on the one client; then the overlap of each pair."""
    config = await session.collection_config(request.collection)
    plans, notes = plan_compare(config, request)
    results = await asyncio.gather(*(session.search(plan.request) for plan in plans))
    modes = tuple(
        ModeResult(plan, result.objects) for plan, result in zip(plans, results, strict=True)
    )
    overlap = pairwise_overlap({m.plan.label: m.uuids for m in modes}, request.limit)
    return CompareResult(request, modes, overlap, notes)


def compare_data(result: CompareResult, columns: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The comparison as JSON-ready data: ``{"modes": [...], "overlap": {...}}`` and notes."""
    modes = []
    for mode in result.modes:
        objects = []
        for rank, record in enumerate(mode.objects, start=1):
            item: dict[str, Any] = {"uuid": record.uuid, "rank": rank}
            if record.distance is not None:
                item["distance"] = record.distance
            if record.score is not None:
                item["score"] = record.score
            if record.explain_score:
                item["explain_score"] = record.explain_score
            properties = dict(record.properties)
            if columns is not None:
                properties = {name: properties[name] for name in columns if name in properties}
            item["properties"] = properties
            objects.append(item)
        modes.append(
            {
                "mode": mode.plan.mode,
                "alpha": mode.plan.alpha,
                "label": mode.plan.label,
                "query": mode.plan.request.kind,
                "objects": objects,
            }
        )
    return {
        "query": result.request.text,
        "limit": result.request.limit,
        "modes": modes,
        "overlap": dict(result.overlap),
        "notes": list(result.notes),
    }


def mark(index: int) -> str:
    """A, B, …, Z, AA, AB, …: a short name for the ``index``-th object (from 0)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def object_marks(result: CompareResult) -> dict[str, str]:
    """Each object's mark, in order of first appearance, so it is found in every list."""
    return {record.uuid: mark(i) for i, record in enumerate(result.distinct_objects())}


def relevance_text(record: ObjectRecord) -> str:
    """The number a list is ranked by: the distance of a vector search, else the score."""
    if record.distance is not None:
        return f"d {record.distance:.4f}"
    if record.score is not None:
        return f"{record.score:.4f}"
    return ""


def title_of(record: ObjectRecord, config: CollectionConfig | None = None) -> str:
    """A short name for an object: its first text property with a value, else its uuid."""
    names = [p.name for p in config.properties if p.data_type == "text"] if config else []
    for name in names or list(record.properties):
        value = record.properties.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return record.uuid
