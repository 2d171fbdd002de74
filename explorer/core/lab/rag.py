"""The RAG workbench: the retrieved objects, the exact text each generation received, and what
a reranker changes in the context.

The generation runs as the user would run it (one query, rerank included); the prompts are
rendered locally (:mod:`explorer.core.lab.rag_prompts`). With a reranker, two more queries fetch
a pool of candidates with and without it, to show the order before and after and which objects
the context at ``limit`` gained or lost. All of them go out at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig, ObjectRecord, QueryResult, Vector
from explorer.core.client.session import ExplorerSession
from explorer.core.lab.overlap import gained_and_lost
from explorer.core.lab.rag_prompts import (
    generation_texts,
    prompt_from_dummy_echo,
    render_grouped_task,
    render_single_prompt,
)
from explorer.core.query.requests import (
    MAX_LIMIT,
    GenerateSpec,
    MultiTarget,
    RerankSpec,
    SearchRequest,
)
from explorer.core.where.filters import FilterExpr

RagMode = Literal["hybrid", "bm25", "near_vector", "near_object"]
RAG_MODES: tuple[str, ...] = get_args(RagMode)
_NO_CONTEXT_TYPES = ("blob", "blobHash", "cref")


@dataclass(frozen=True)
class RagRequest:
    collection: str
    mode: RagMode = "hybrid"
    text: str | None = None
    vector: Vector | None = None
    object_id: str | None = None
    prompt: str | None = None
    task: str | None = None
    #: The properties the grouped task gets; None: every property that can be text.
    context_properties: tuple[str, ...] | None = None
    rerank_property: str | None = None
    rerank_query: str | None = None
    limit: int = 5
    #: How many candidates the rerank comparison reranks (default: twice ``limit``).
    pool: int | None = None
    alpha: float | None = None
    target_vector: str | None = None
    multi_target: MultiTarget | None = None
    query_properties: tuple[str, ...] | None = None
    filters: FilterExpr | None = None
    tenant: str | None = None


@dataclass(frozen=True)
class RerankComparison:
    """The pool's order without and with the reranker, and the context at ``limit`` of each."""

    limit: int
    before: tuple[ObjectRecord, ...]
    after: tuple[ObjectRecord, ...]

    @property
    def context_before(self) -> tuple[str, ...]:
        return tuple(r.uuid for r in self.before[: self.limit])

    @property
    def context_after(self) -> tuple[str, ...]:
        return tuple(r.uuid for r in self.after[: self.limit])

    @property
    def gained(self) -> tuple[str, ...]:
        return gained_and_lost(self.context_before, self.context_after)[0]

    @property
    def lost(self) -> tuple[str, ...]:
        return gained_and_lost(self.context_before, self.context_after)[1]


@dataclass(frozen=True)
class RagResult:
    request: RagRequest
    search: SearchRequest
    objects: tuple[ObjectRecord, ...]
    #: The single prompt as each object's generation received it (None without a prompt).
    prompts: tuple[str | None, ...]
    #: The grouped task with its context, as the grouped generation received it: with a
    #: reranker, in the order the server used when the answer tells it (generative-dummy echoes
    #: its prompt), else in the search's order (see :data:`TASK_ORDER_NOTE`).
    task_prompt: str | None
    grouped_answer: str | None
    context_properties: tuple[str, ...]
    rerank: RerankComparison | None = None
    #: With a reranker, the grouped task in each order the server may use ("search",
    #: "reranked"); empty without one.
    task_prompts: Mapping[str, str] = field(default_factory=dict)
    #: The order of ``task_prompt``'s context: "search", "reranked", or "unknown" (a reranker
    #: ran and the answer does not say which order the generator got).
    task_order: str = "search"


#: Why a reranked RAG shows two grouped tasks. Seen on v1.38.11: the server runs the generative
#: and the rerank modules in Go map order, so the grouped task is built before the rerank (search
#: order) or after it (reranked order), at random, about one run in six the latter.
TASK_ORDER_NOTE = (
    "with a reranker, Weaviate builds the grouped task before or after the rerank, at random: "
    "its context is in the search's order or in the reranked order"
)


def context_properties(config: CollectionConfig, wanted: tuple[str, ...] | None) -> tuple[str, ...]:
    """The grouped task's properties: those asked for (checked), else every one that is text."""
    names = [p.name for p in config.properties]
    if wanted:
        for name in wanted:
            if name not in names:
                raise ExplorerError(
                    "Unknown property", f"{config.name} has no property {name!r} to give as context"
                )
        return wanted
    return tuple(p.name for p in config.properties if p.data_type not in _NO_CONTEXT_TYPES)


def rag_search(config: CollectionConfig, request: RagRequest) -> SearchRequest:
    """The one query that generates, exactly as the user asked for it."""
    if request.mode not in RAG_MODES:
        raise ExplorerError("Unknown mode", f"{request.mode!r}: use {', '.join(RAG_MODES)}")
    if not request.prompt and not request.task:
        raise ExplorerError(
            "Nothing to generate",
            "give a prompt per object (--prompt 'Explain {property}'), a grouped task (--task), "
            "or both",
        )
    if not 1 <= request.limit <= MAX_LIMIT:
        raise ExplorerError("Invalid limit", f"the limit is from 1 to {MAX_LIMIT:,}")
    grouped = context_properties(config, request.context_properties) if request.task else None
    rerank = None
    if request.rerank_property:
        if request.rerank_property not in {p.name for p in config.properties}:
            raise ExplorerError(
                "Unknown property",
                f"{config.name} has no property {request.rerank_property!r} to rerank by",
            )
        rerank = RerankSpec(request.rerank_property, request.rerank_query or request.text)
    return SearchRequest(
        config.name,
        request.mode,
        text=request.text if request.mode in ("hybrid", "bm25") else None,
        vector=request.vector,
        object_id=request.object_id,
        target_vector=request.target_vector if request.mode != "bm25" else None,
        multi_target=request.multi_target if request.mode != "bm25" else None,
        query_properties=request.query_properties if request.mode in ("hybrid", "bm25") else None,
        alpha=request.alpha if request.mode == "hybrid" else None,
        filters=request.filters,
        limit=request.limit,
        tenant=request.tenant,
        rerank=rerank,
        generate=GenerateSpec(request.prompt, request.task, grouped),
    )


def pool_size(request: RagRequest) -> int:
    return min(MAX_LIMIT, max(request.limit, request.pool or request.limit * 2))


async def run_rag(session: ExplorerSession, request: RagRequest) -> RagResult:
    """The generating query and, with a reranker, the pool before and after it, at once."""
    config = await session.collection_config(request.collection)
    search = rag_search(config, request)
    comparison: list[Any] = []
    if search.rerank is not None:
        pool = replace(search, generate=None, limit=pool_size(request))
        comparison = [session.search(replace(pool, rerank=None)), session.search(pool)]
    answers: list[QueryResult] = list(await asyncio.gather(session.search(search), *comparison))
    generated = answers[0]
    rerank = (
        RerankComparison(request.limit, answers[1].objects, answers[2].objects)
        if len(answers) == 3
        else None
    )
    return await asyncio.to_thread(render_rag, config, request, search, generated, rerank)


def render_rag(
    config: CollectionConfig,
    request: RagRequest,
    search: SearchRequest,
    generated: QueryResult,
    rerank: RerankComparison | None,
) -> RagResult:
    """Render every prompt (CPU work: the caller runs it in a thread)."""
    objects = generated.objects
    properties = search.generate.grouped_properties if search.generate else None
    prompts: tuple[str | None, ...] = tuple(
        render_single_prompt(request.prompt, generation_texts(record, config))
        if request.prompt
        else None
        for record in objects
    )
    task_prompt = None
    task_prompts: dict[str, str] = {}
    task_order = "search"
    if request.task:
        task = request.task

        def grouped(records: tuple[ObjectRecord, ...]) -> str:
            return render_grouped_task(
                task, [generation_texts(r, config, properties) for r in records]
            )

        if search.rerank is None:
            task_prompt = grouped(objects)
        else:
            before = rerank.before if rerank is not None else ()
            task_prompts = {
                "search": grouped(search_order(objects, before)),
                "reranked": grouped(objects),
            }
            task_order = sent_order(task_prompts, generated.generated)
            task_prompt = task_prompts["search" if task_order == "unknown" else task_order]
    return RagResult(
        request=request,
        search=search,
        objects=objects,
        prompts=prompts,
        task_prompt=task_prompt,
        grouped_answer=generated.generated,
        context_properties=properties or (),
        rerank=rerank,
        task_prompts=task_prompts,
        task_order=task_order,
    )


def sent_order(task_prompts: Mapping[str, str], answer: str | None) -> str:
    """Which of ``task_prompts`` the generator got, when its ``answer`` echoes it (or both orders
    are the same text); "unknown" otherwise."""
    if task_prompts["search"] == task_prompts["reranked"]:
        return "search"
    echoed = prompt_from_dummy_echo(answer)
    for order, prompt in task_prompts.items():
        if prompt == echoed:
            return order
    return "unknown"


def search_order(
    objects: tuple[ObjectRecord, ...], unreranked: tuple[ObjectRecord, ...] = ()
) -> tuple[ObjectRecord, ...]:
    """Reranked results back in the search's order: by score (or distance), ties in the order of
    ``unreranked`` (the same search without the reranker, over a larger pool: the closest reading
    of the server's own tie order)."""
    position = {r.uuid: i for i, r in enumerate(unreranked)}

    def tie(record: ObjectRecord) -> int:
        return position.get(record.uuid, len(position))

    if all(r.score is not None for r in objects):
        return tuple(sorted(objects, key=lambda r: (-(r.score or 0.0), tie(r))))
    if all(r.distance is not None for r in objects):
        return tuple(sorted(objects, key=lambda r: (r.distance or 0.0, tie(r))))
    return tuple(sorted(objects, key=tie))


def task_heading(result: RagResult) -> str:
    """The heading over the grouped task: which order its context is in, and why it says so."""
    if not result.task_prompts:
        return "Grouped task as sent:"
    if result.task_order == "unknown":
        return (
            f"Grouped task as sent, in the search's order or the reranked one ({TASK_ORDER_NOTE}):"
        )
    return f"Grouped task as sent, in the {result.task_order} order ({TASK_ORDER_NOTE}):"


def task_alternative(result: RagResult) -> str | None:
    """The grouped task in the reranked order, when the generator may have got that instead."""
    return result.task_prompts.get("reranked") if result.task_order == "unknown" else None


def rag_data(result: RagResult) -> dict[str, Any]:
    """The workbench as JSON-ready data."""
    objects = []
    for rank, (record, prompt) in enumerate(zip(result.objects, result.prompts, strict=True), 1):
        item: dict[str, Any] = {"uuid": record.uuid, "rank": rank}
        for name in ("score", "distance", "rerank_score"):
            value = getattr(record, name)
            if value is not None:
                item[name] = value
        item["properties"] = dict(record.properties)
        if prompt is not None:
            item["prompt"] = prompt
            item["generated"] = record.generated
        objects.append(item)
    data: dict[str, Any] = {"mode": result.request.mode, "objects": objects}
    if result.task_prompt is not None:
        data["task"] = {
            "prompt": result.task_prompt,
            "context_properties": list(result.context_properties),
            "generated": result.grouped_answer,
        }
        if result.task_prompts:
            data["task"]["order"] = result.task_order
            data["task"]["prompts"] = dict(result.task_prompts)
            data["task"]["order_note"] = TASK_ORDER_NOTE
    if result.rerank is not None:
        rerank = result.rerank
        data["rerank"] = {
            "limit": rerank.limit,
            "pool": len(rerank.before),
            "before": [r.uuid for r in rerank.before],
            "after": [r.uuid for r in rerank.after],
            "gained": list(rerank.gained),
            "lost": list(rerank.lost),
        }
    return data
