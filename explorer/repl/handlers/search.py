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
from explorer.core.query.requests import (
    COMBINATIONS,
    GenerateSpec,
    MultiTarget,
    RerankSpec,
    SearchRequest,
)
from explorer.core.query.targets import multi_target
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
TARGET = FlagSpec(
    "--target", ("VECTOR",), "The named vector to search; several: a,b", completes="target"
)
COMBINE = FlagSpec(
    "--combine",
    ("HOW",),
    "How several targets' distances combine [sum; manual with --weights]",
    choices=COMBINATIONS,
)
WEIGHTS = FlagSpec("--weights", ("A=W,B=W",), "A weight per target: manual or relative-score")
#: The flags of a search by vector: one named vector, or several combined.
TARGET_FLAGS = (TARGET, COMBINE, WEIGHTS)
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
        **target_fields(parsed),
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
    context.last_request, context.last_lab = None, None  # history and `save`: one tenant
    context.last_across = AcrossTenantsQuery(request, selector, concurrency)
    return AcrossTenantsView(result, columns, show_vectors=parsed.has("--vector"))


def target_fields(parsed: ParsedCommand) -> dict[str, Any]:
    """``target_vector`` for one ``--target``; ``multi_target`` for several (or a combination)."""
    if parsed.spec.flag("--target") is None:
        return {}
    targets = parsed.names_list("--target")
    combine, weights = parsed.text("--combine"), parsed.text("--weights")
    if len(targets) <= 1 and combine is None and weights is None:
        return {"target_vector": targets[0] if targets else None}
    if not targets:
        word = parsed.value("--combine") or parsed.value("--weights")
        assert word is not None
        raise parsed.error(word, "name the targets to combine: --target a,b")
    try:
        return {"multi_target": multi_target(targets, combine, weights)}
    except ExplorerError as exc:
        word = parsed.value("--weights") or parsed.value("--target")
        assert word is not None
        raise parsed.error(word, exc.message) from None


def query_targets(parsed: ParsedCommand, names: list[str]) -> tuple[str | None, ...]:
    """The vectors a near_vector's vector must fit: each target, or the only vector."""
    fields = target_fields(parsed)
    multi: MultiTarget | None = fields.get("multi_target")
    if multi is not None:
        return multi.targets
    target = fields.get("target_vector")
    return (target or (names[0] if len(names) == 1 else None),)


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
    'near_text "text" [--target V[,W] [--combine HOW] [--weights V=N,W=N]]',
    "Vector search with text the collection's vectorizer turns into a vector",
    positionals=(PositionalSpec("text"),),
    flags=(*TARGET_FLAGS, *SEARCH_FLAGS, *ACROSS_TENANTS_FLAGS),
)
async def near_text(context: ReplContext, parsed: ParsedCommand) -> ObjectsView | AcrossTenantsView:
    return await run_search(context, parsed, "near_text", text=parsed.positionals["text"].text)


@command(
    "near_object",
    "near_object <uuid> [--target V[,W] [--combine HOW] [--weights V=N,W=N]]",
    "Objects whose vector is near that of another object",
    positionals=(PositionalSpec("uuid"),),
    flags=(*TARGET_FLAGS, *SEARCH_FLAGS),
)
async def near_object(
    context: ReplContext, parsed: ParsedCommand
) -> ObjectsView | AcrossTenantsView:
    object_id = checked_uuid(parsed, parsed.positionals["uuid"])
    return await run_search(context, parsed, "near_object", object_id=object_id)


@command(
    "near_vector",
    'near_vector "[0.1, 0.2, …]" [--target V[,W] [--combine HOW] [--weights V=N,W=N]]',
    "Objects near a vector given as a JSON list of numbers",
    positionals=(PositionalSpec("vector", rest=True),),
    flags=(*TARGET_FLAGS, *SEARCH_FLAGS, *ACROSS_TENANTS_FLAGS),
)
async def near_vector(
    context: ReplContext, parsed: ParsedCommand
) -> ObjectsView | AcrossTenantsView:
    word = parsed.positionals["vector"]
    vector = vector_argument(parsed, word)
    if not parsed.has("--tenants"):  # across tenants, a tenant that differs is reported
        await check_dimension(context, parsed, word, vector)
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


async def check_dimension(
    context: ReplContext, parsed: ParsedCommand, word: Word, vector: tuple[float, ...]
) -> None:
    """A vector of the wrong length is refused here, pointing at it (the core's rule)."""
    config = await context.current_config()
    names = [v.name for v in config.vectors]
    for target in query_targets(parsed, names):
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
        *TARGET_FLAGS,
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
