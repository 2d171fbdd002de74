"""The lab: ``compare`` (search modes side by side) and ``rag`` (what the generator was sent)."""

from __future__ import annotations

from explorer.core.base.errors import ExplorerError
from explorer.core.lab.compare import CompareRequest, parse_alphas, plan_compare, run_compare
from explorer.core.lab.rag import RAG_MODES, RagMode, RagRequest, pool_size, rag_search, run_rag
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.context import ReplContext
from explorer.repl.handlers.objects import LIMIT, WHERE, checked_properties, checked_uuid
from explorer.repl.handlers.search import (
    QUERY_PROPERTIES,
    TARGET_FLAGS,
    check_dimension,
    target_fields,
    vector_argument,
)
from explorer.repl.lab_views import CompareView, RagView


@command(
    "compare",
    'compare "text" [--alphas 0,0.25,0.5,0.75,1] [--target V] [--limit K] [--where EXPR] '
    "[--props a,b]",
    "BM25, vector search and hybrid at each alpha side by side, with overlap@K of each pair",
    positionals=(PositionalSpec("text"),),
    flags=(
        FlagSpec("--alphas", ("A,B",), "Hybrid alphas to compare [0,0.25,0.5,0.75,1]"),
        FlagSpec(
            "--fusion", ("METHOD",), "How hybrid fuses the rankings", choices=("ranked", "relative")
        ),
        *TARGET_FLAGS,
        LIMIT,
        WHERE,
        QUERY_PROPERTIES,
    ),
)
async def compare(context: ReplContext, parsed: ParsedCommand) -> CompareView:
    config = await context.current_config()
    alphas_word = parsed.value("--alphas")
    request = CompareRequest(
        config.name,
        parsed.positionals["text"].text,
        **target_fields(parsed),
        limit=parsed.integer("--limit", 10),
        filters=context.where(parsed, config),
        query_properties=checked_properties(parsed, "--props", config)
        if parsed.has("--props")
        else None,
        tenant=context.tenant,
        fusion=parsed.text("--fusion"),
    )
    if alphas_word is not None:
        try:
            request = _with(request, alphas=parse_alphas(alphas_word.text))
        except ExplorerError as exc:
            raise parsed.error(alphas_word, exc.message) from None
    plans, _notes = plan_compare(config, request)
    result = await run_compare(context.session, request)
    context.remember_lab("compare", tuple((plan.label, plan.request) for plan in plans))
    return CompareView(result, config)


def _with(request: CompareRequest, **changes: object) -> CompareRequest:
    from dataclasses import replace

    return replace(request, **changes)  # type: ignore[arg-type]


@command(
    "rag",
    'rag "text" [--mode hybrid|bm25|near_vector|near_object] --prompt T --task T '
    "[--rerank P] [--show-prompts]",
    "RAG workbench: the results, the exact prompts the generator received, rerank on and off",
    positionals=(PositionalSpec("query"),),
    flags=(
        FlagSpec(
            "--mode",
            ("MODE",),
            "How to retrieve [hybrid]; the query is text, a vector or a uuid",
            choices=RAG_MODES,
        ),
        FlagSpec("--prompt", ("TEXT",), "A prompt per object; name properties in braces"),
        FlagSpec("--task", ("TEXT",), "One grouped task over all the results"),
        FlagSpec(
            "--context",
            ("A,B",),
            "The properties the grouped task gets [all]",
            completes="properties",
        ),
        FlagSpec(
            "--rerank",
            ("PROP",),
            "Rerank by PROP, and show the order with and without",
            completes="property",
        ),
        FlagSpec("--rerank-query", ("TEXT",), "What to rerank against [the query text]"),
        FlagSpec("--pool", ("N",), "Candidates the rerank comparison reranks [2 × limit]"),
        FlagSpec("--show-prompts", (), "Print each prompt as the generator received it"),
        FlagSpec("--alpha", ("A",), "Hybrid's alpha [server default 0.75]"),
        *TARGET_FLAGS,
        QUERY_PROPERTIES,
        FlagSpec("--limit", ("N",), "How many objects to retrieve [5]"),
        WHERE,
    ),
)
async def rag(context: ReplContext, parsed: ParsedCommand) -> RagView:
    config = await context.current_config()
    mode: RagMode = parsed.text("--mode") or "hybrid"  # type: ignore[assignment]
    word = parsed.positionals["query"]
    query: dict[str, object] = {}
    if mode == "near_vector":
        vector = vector_argument(parsed, word)
        await check_dimension(context, parsed, word, vector)
        query["vector"] = vector
    elif mode == "near_object":
        query["object_id"] = checked_uuid(parsed, word)
    else:
        query["text"] = word.text
    alpha = parsed.number("--alpha")
    if alpha is not None and not 0 <= alpha <= 1:
        alpha_word = parsed.value("--alpha")
        assert alpha_word is not None
        raise parsed.error(alpha_word, "--alpha is between 0 (keyword only) and 1 (vector only)")
    request = RagRequest(
        config.name,
        mode,
        prompt=parsed.text("--prompt"),
        task=parsed.text("--task"),
        context_properties=checked_properties(parsed, "--context", config)
        if parsed.has("--context")
        else None,
        rerank_property=parsed.text("--rerank"),
        rerank_query=parsed.text("--rerank-query"),
        limit=parsed.integer("--limit", 5),
        pool=parsed.integer("--pool", 0, minimum=1) or None,
        alpha=alpha,
        query_properties=checked_properties(parsed, "--props", config)
        if parsed.has("--props")
        else None,
        filters=context.where(parsed, config),
        tenant=context.tenant,
        **target_fields(parsed),
        **query,  # type: ignore[arg-type]
    )
    search = rag_search(config, request)
    result = await run_rag(context.session, request)
    searches = [("rag", search)]
    if search.rerank is not None:
        from dataclasses import replace

        pool = replace(search, generate=None, limit=pool_size(request))
        searches += [("without rerank", replace(pool, rerank=None)), ("with rerank", pool)]
    context.remember_lab("rag", tuple(searches))
    return RagView(result, config, show_prompts=parsed.has("--show-prompts"))
