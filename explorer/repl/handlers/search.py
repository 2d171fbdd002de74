"""The search commands: ``bm25``, ``near_text``, ``near_object``, ``near_vector`` and ``hybrid``.

Every one also takes ``--where``, ``--limit``, ``--rerank PROP QUERY`` and, for RAG through the
collection's generative module, ``--prompt`` and ``--task``.
"""

from __future__ import annotations

import time
from typing import Any

from explorer.core.admin.across_tenants import (
    DEFAULT_CONCURRENCY,
    MAX_CONCURRENCY,
    AcrossTenantsProgress,
    search_across_tenants,
)
from explorer.core.admin.tenant_patterns import BadTenantSelector, parse_tenant_selector
from explorer.core.base import json_input
from explorer.core.base.errors import ExplorerError, WrongVectorLength
from explorer.core.base.models import SearchKind
from explorer.core.query.requests import GenerateSpec, RerankSpec, SearchRequest
from explorer.core.query.vector_dimensions import check_query_vector
from explorer.repl.across_tenants_view import AcrossTenantsView
from explorer.repl.cmdline import MAX_SEARCH_TEXT_CHARS, Word
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.context import AcrossTenantsQuery, ReplContext
from explorer.repl.handlers.objects import LIMIT, VECTOR, WHERE, checked_properties, checked_uuid
from explorer.repl.handlers.transfer import ProgressLines
from explorer.repl.views import ObjectsView

SEARCH_FLAGS = (
    WHERE,
    LIMIT,
    FlagSpec(
        "--rerank",
        ("PROP", "QUERY"),
        "Rerank the results by PROP against QUERY (the reranker module)",
        completes="property",
    ),
    FlagSpec("--prompt", ("TEXT",), "RAG per object; name properties in braces: 'Explain {title}'"),
    FlagSpec("--task", ("TEXT",), "RAG: one grouped task over all the results"),
    VECTOR,
)
TARGET = FlagSpec("--target", ("VECTOR",), "The named vector to search", completes="target")
QUERY_PROPERTIES = FlagSpec(
    "--props", ("A,B",), "Search only these properties", completes="properties"
)
#: Run the search in many tenants at once (not near_object: its object lives in one tenant).
ACROSS_TENANTS_FLAGS = (
    FlagSpec(
        "--tenants",
        ("SELECTION",),
        "Search across tenants: 'a,b,c', '*' (every one) or 'prefix*'; only ACTIVE ones",
    ),
    FlagSpec("--concurrency", ("N",), f"With --tenants: searches at once ({DEFAULT_CONCURRENCY})"),
    FlagSpec("--activate", (), "With --tenants: activate the INACTIVE ones first (they stay)"),
)


async def run_search(
    context: ReplContext, parsed: ParsedCommand, kind: SearchKind, **query: Any
) -> ObjectsView | AcrossTenantsView:
    """Build the request from the shared flags plus ``query``, run it, keep schema order."""
    text = query.get("text")
    if isinstance(text, str) and len(text) > MAX_SEARCH_TEXT_CHARS:
        raise ExplorerError(
            "Search text too long",
            f"the {kind} text has {len(text):,} characters; the limit is "
            f"{MAX_SEARCH_TEXT_CHARS:,}: a search needs only its key words",
        )
    config = await context.current_config()
    across = parsed.value("--tenants")
    for flag in ("--concurrency", "--activate"):
        if across is None and parsed.has(flag):
            raise parsed.error(parsed.name_word, f"{flag} goes with --tenants")
    rerank = None
    if occurrences := parsed.values("--rerank"):
        prop, text = occurrences[-1]
        if prop.text not in {p.name for p in config.properties}:
            raise parsed.error(prop, f"{config.name} has no property {prop.text!r} to rerank by")
        rerank = RerankSpec(prop.text, text.text)
    prompt, task = parsed.text("--prompt"), parsed.text("--task")
    generate = GenerateSpec(single_prompt=prompt, grouped_task=task) if prompt or task else None
    if parsed.spec.flag("--props") is not None and parsed.has("--props"):
        query["query_properties"] = checked_properties(parsed, "--props", config)
    request = SearchRequest(
        config.name,
        kind,
        target_vector=parsed.text("--target"),
        filters=context.where(parsed, config),
        limit=parsed.integer("--limit", 10),
        tenant=None if across is not None else context.tenant,
        rerank=rerank,
        generate=generate,
        include_vector=parsed.has("--vector"),
        **query,
    )
    columns = tuple(p.name for p in config.properties)
    if across is not None:
        return await _search_across_tenants(context, parsed, across, request, columns)
    result = await context.search(request)
    return ObjectsView(result, columns, show_vectors=parsed.has("--vector"))


async def _search_across_tenants(
    context: ReplContext,
    parsed: ParsedCommand,
    across: Word,
    request: SearchRequest,
    columns: tuple[str, ...],
) -> AcrossTenantsView:
    try:
        selector = parse_tenant_selector(across.text)
    except BadTenantSelector as exc:
        raise parsed.error(across, exc.message) from None
    concurrency = parsed.integer("--concurrency", DEFAULT_CONCURRENCY)
    if concurrency > MAX_CONCURRENCY:
        word = parsed.value("--concurrency")
        assert word is not None
        raise parsed.error(word, f"--concurrency is at most {MAX_CONCURRENCY}")
    lines = ProgressLines(context.interactive, f"{request.kind} across tenants")
    started = time.monotonic()

    def progress(update: AcrossTenantsProgress) -> None:
        elapsed = max(time.monotonic() - started, 1e-6)
        rate = update.done / elapsed
        eta = (update.total - update.done) / rate if rate else None
        lines.show(update.done, update.total, rate, eta, f" · {update.failed:,} failed")

    result = await search_across_tenants(
        context.session,
        request,
        selector,
        concurrency=concurrency,
        activate=parsed.has("--activate"),
        progress=progress,
    )
    context.last_request = None  # history and `save` keep one-tenant queries
    context.last_across = AcrossTenantsQuery(request, selector, concurrency)
    return AcrossTenantsView(result, columns, show_vectors=parsed.has("--vector"))


@command(
    "bm25",
    'bm25 "text" [--props a,b]',
    "Keyword (BM25) search",
    positionals=(PositionalSpec("text"),),
    flags=(QUERY_PROPERTIES, *SEARCH_FLAGS, *ACROSS_TENANTS_FLAGS),
)
async def bm25(context: ReplContext, parsed: ParsedCommand) -> ObjectsView | AcrossTenantsView:
    return await run_search(context, parsed, "bm25", text=parsed.positionals["text"].text)


@command(
    "near_text",
    'near_text "text" [--target V]',
    "Vector search with text the collection's vectorizer turns into a vector",
    positionals=(PositionalSpec("text"),),
    flags=(TARGET, *SEARCH_FLAGS, *ACROSS_TENANTS_FLAGS),
)
async def near_text(context: ReplContext, parsed: ParsedCommand) -> ObjectsView | AcrossTenantsView:
    return await run_search(context, parsed, "near_text", text=parsed.positionals["text"].text)


@command(
    "near_object",
    "near_object <uuid> [--target V]",
    "Objects whose vector is near that of another object",
    positionals=(PositionalSpec("uuid"),),
    flags=(TARGET, *SEARCH_FLAGS),
)
async def near_object(
    context: ReplContext, parsed: ParsedCommand
) -> ObjectsView | AcrossTenantsView:
    object_id = checked_uuid(parsed, parsed.positionals["uuid"])
    return await run_search(context, parsed, "near_object", object_id=object_id)


@command(
    "near_vector",
    'near_vector "[0.1, 0.2, …]" [--target V]',
    "Objects near a vector given as a JSON list of numbers",
    positionals=(PositionalSpec("vector", rest=True),),
    flags=(TARGET, *SEARCH_FLAGS, *ACROSS_TENANTS_FLAGS),
)
async def near_vector(
    context: ReplContext, parsed: ParsedCommand
) -> ObjectsView | AcrossTenantsView:
    word = parsed.positionals["vector"]
    vector = vector_argument(parsed, word)
    if not parsed.has("--tenants"):  # across tenants, a tenant that differs is reported
        await _check_dimension(context, parsed, word, vector)
    return await run_search(context, parsed, "near_vector", vector=vector)


def vector_argument(parsed: ParsedCommand, word: Word) -> tuple[float, ...]:
    """The vector of ``near_vector``: a JSON list of finite numbers."""
    try:
        numbers = json_input.loads(word.text)
    except ValueError:
        numbers = None
    if (
        not isinstance(numbers, list)
        or not numbers
        or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in numbers)
        or not all(json_input.is_finite(x) for x in numbers)
    ):
        raise parsed.error(word, "the vector must be a JSON list of numbers, e.g. [0.1, -0.2, 0.3]")
    return tuple(float(x) for x in numbers)


async def _check_dimension(
    context: ReplContext, parsed: ParsedCommand, word: Word, vector: tuple[float, ...]
) -> None:
    """A vector of the wrong length is refused here, pointing at it (the core's rule)."""
    config = await context.current_config()
    names = [v.name for v in config.vectors]
    target = parsed.text("--target") or (names[0] if len(names) == 1 else None)
    try:
        await check_query_vector(
            context.session,
            config.name,
            vector,
            target if config.named_vectors else None,
            context.tenant,
        )
    except WrongVectorLength as exc:
        raise parsed.error(word, exc.message) from exc


@command(
    "hybrid",
    'hybrid "text" [--alpha A] [--fusion ranked|relative] [--target V] [--props a,b]',
    "Hybrid search: BM25 and vector search fused; alpha 1 is pure vector, 0 pure keyword",
    positionals=(PositionalSpec("text"),),
    flags=(
        FlagSpec("--alpha", ("A",), "Weight of the vector search, 0 to 1 [server default 0.75]"),
        FlagSpec(
            "--fusion", ("METHOD",), "How to fuse the rankings", choices=("ranked", "relative")
        ),
        TARGET,
        QUERY_PROPERTIES,
        *SEARCH_FLAGS,
        *ACROSS_TENANTS_FLAGS,
    ),
)
async def hybrid(context: ReplContext, parsed: ParsedCommand) -> ObjectsView | AcrossTenantsView:
    alpha = parsed.number("--alpha")
    if alpha is not None and not 0 <= alpha <= 1:
        word = parsed.value("--alpha")
        assert word is not None
        raise parsed.error(word, "--alpha is between 0 (keyword only) and 1 (vector only)")
    return await run_search(
        context,
        parsed,
        "hybrid",
        text=parsed.positionals["text"].text,
        alpha=alpha,
        fusion=parsed.text("--fusion"),
    )
