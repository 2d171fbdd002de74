"""The query history and saved queries: ``history``, ``replay``, ``save``, ``run``, ``saved``,
``unsave`` and ``code`` (copy as code for the last query)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from explorer.core.base.errors import ExplorerError
from explorer.core.codegen.across_tenants import across_tenants_code
from explorer.core.codegen.queries import (
    Variant,
    collection_config_code,
    import_code,
    request_code,
    several_searches_code,
)
from explorer.core.query.codec import Request
from explorer.core.query.requests import AggregateRequest
from explorer.core.store.saved_queries import check_name
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command, never
from explorer.repl.context import ReplContext
from explorer.repl.history_views import CodeView, HistoryView, SavedView
from explorer.repl.views import AggregateView, Done, Notice, ObjectsView

NAME = PositionalSpec("name")


async def run_request_view(context: ReplContext, request: Request) -> ObjectsView | AggregateView:
    """Run a stored request (recorded like any other) and show it as its command would."""
    if isinstance(request, AggregateRequest):
        aggregated = await context.aggregate(request)
        return AggregateView(aggregated, group_by=request.group_by)
    result = await context.search(request)
    config = await context.session.collection_config(request.collection)
    columns = tuple(p.name for p in config.properties)
    return ObjectsView(result, columns, show_vectors=request.include_vector)


def last_request(context: ReplContext) -> Request:
    if context.last_request is None:
        raise ExplorerError(
            "No query yet",
            "run a search, fetch or aggregate first (or replay one from history); a search "
            "across tenants (--tenants) is kept for code only, not for save",
        )
    return context.last_request


@command(
    "history",
    "history [--limit N]",
    "The queries run from the TUI and the REPL, newest last; replay N runs one again",
    flags=(FlagSpec("--limit", ("N",), "How many of the newest [default 20]"),),
)
async def history(context: ReplContext, parsed: ParsedCommand) -> HistoryView:
    limit = parsed.integer("--limit", 20)
    entries = await context.history.entries()
    numbered = tuple(enumerate(entries, start=1))
    return HistoryView(numbered[-limit:])


@command(
    "replay",
    "replay <N>",
    "Run query number N of the history again",
    positionals=(PositionalSpec("number"),),
)
async def replay(context: ReplContext, parsed: ParsedCommand) -> ObjectsView | AggregateView:
    word = parsed.positionals["number"]
    entries = await context.history.entries()
    if not word.text.isdigit() or not 1 <= int(word.text) <= len(entries):
        span = f"1 to {len(entries)}" if entries else "none yet"
        raise parsed.error(word, f"{word.text!r} is not a history number ({span}; see history)")
    return await run_request_view(context, entries[int(word.text) - 1].request)


@command(
    "save",
    "save <name>",
    "Save the last query under a name (replaces a query of that name)",
    positionals=(NAME,),
    prints_data=never,
)
async def save(context: ReplContext, parsed: ParsedCommand) -> Notice:
    word = parsed.positionals["name"]
    try:
        name = check_name(word.text)
    except ExplorerError as exc:
        raise parsed.error(word, exc.message) from None
    await context.saved.asave(name, last_request(context))
    return Done(f"Saved as {name}; run it with: run {name}")


@command(
    "run",
    "run <name>",
    "Run a saved query (headless: weaviate-explorer repl -c 'run NAME' --format json)",
    positionals=(NAME,),
)
async def run(context: ReplContext, parsed: ParsedCommand) -> ObjectsView | AggregateView:
    request = await context.saved.aget(parsed.positionals["name"].text)
    return await run_request_view(context, request)


@command("saved", "saved", "List the saved queries")
async def saved(context: ReplContext, parsed: ParsedCommand) -> SavedView:
    return SavedView(tuple((await context.saved.aall()).items()))


@command("unsave", "unsave <name>", "Delete a saved query", positionals=(NAME,), prints_data=never)
async def unsave(context: ReplContext, parsed: ParsedCommand) -> Notice:
    name = parsed.positionals["name"].text
    await asyncio.to_thread(context.saved.delete, name)
    return Done(f"Deleted the saved query {name}")


@command(
    "code",
    "code [--sync] [--output PATH] [--config | --import FILE]",
    "Python for the last query (or the collection's config, or an import of a file): "
    "async client by default",
    flags=(
        FlagSpec("--sync", (), "Code for the sync client (WeaviateClient)"),
        FlagSpec("--output", ("PATH",), "Write the code to this file"),
        FlagSpec("--config", (), "Code that creates the current collection from its config"),
        FlagSpec("--import", ("FILE",), "Code that imports a JSON, JSONL or CSV file of rows"),
    ),
    prints_data=lambda parsed: not parsed.has("--output"),
)
async def code(context: ReplContext, parsed: ParsedCommand) -> CodeView | Notice:
    variant: Variant = "sync" if parsed.has("--sync") else "async"
    options = context.session.options
    import_word = parsed.value("--import")
    if parsed.has("--config") and import_word is not None:
        raise parsed.error(import_word, "choose one of --config and --import")
    if parsed.has("--config"):
        config = await context.current_config()
        source = collection_config_code(config.raw, options, variant=variant)
    elif import_word is not None:
        collection = context.require_collection()
        try:
            source = import_code(
                import_word.text, collection, options, variant=variant, tenant=context.tenant
            )
        except ExplorerError as exc:
            raise parsed.error(import_word, exc.message) from None
    elif (across := context.last_across) is not None:
        config = await context.session.collection_config(across.request.collection)
        selector = across.selector
        source = across_tenants_code(
            across.request,
            None if selector.kind == "all" else selector.items,
            options,
            variant=variant,
            config=config,
            concurrency=across.concurrency,
        )
    elif context.last_lab is not None:
        what, searches = context.last_lab
        config = await context.session.collection_config(searches[0][1].collection)
        source = several_searches_code(
            list(searches), options, variant=variant, config=config, what=what
        )
    else:
        request = last_request(context)
        config = await context.session.collection_config(request.collection)
        source = request_code(request, options, variant=variant, config=config)
    output = parsed.text("--output")
    if output is None:
        return CodeView(source, variant)
    path = await asyncio.to_thread(write_code, output, source)
    return Done(f"Wrote the {variant} code to {path}")


def write_code(output: str, source: str) -> Path:
    """Write ``source`` to ``output`` (blocking: run it in a thread)."""
    path = Path(output).expanduser()
    try:
        path.write_text(source, encoding="utf-8")
    except OSError as exc:
        raise ExplorerError("Cannot write the code", f"{path}: {exc.strerror or exc}") from exc
    return path
