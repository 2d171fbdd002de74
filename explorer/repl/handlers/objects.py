"""Commands that read objects of the current collection: ``count``, ``get``, ``fetch``, ``aggregate``."""

from __future__ import annotations

import uuid

from explorer.core.errors import ExplorerError
from explorer.core.models import CollectionConfig
from explorer.core.queries import AggregateRequest, SearchRequest, SortSpec
from explorer.core.where import parse_sort
from explorer.repl.cmdline import Word
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.context import ReplContext
from explorer.repl.views import AggregateView, CountView, ObjectsView, ObjectView

#: Weaviate's default QUERY_MAXIMUM_RESULTS: offset + limit may not pass it.
MAX_LIMIT = 10_000

WHERE = FlagSpec(
    "--where", ("EXPR",), "Filter, e.g. 'value > 400 and round = \"Jeopardy!\"'", completes="where"
)
LIMIT = FlagSpec("--limit", ("N",), "How many objects [default 10]")
VECTOR = FlagSpec("--vector", (), "Include the vectors")


def checked_uuid(parsed: ParsedCommand, word: Word) -> str:
    try:
        return str(uuid.UUID(word.text))
    except ValueError:
        raise parsed.error(word, f"{word.text!r} is not a UUID") from None


def checked_properties(
    parsed: ParsedCommand, flag: str, config: CollectionConfig
) -> tuple[str, ...]:
    """Comma-separated property names of a flag, each checked against the collection."""
    known = [p.name for p in config.properties]
    names = parsed.names_list(flag)
    for occurrence in parsed.values(flag):
        word = occurrence[0]
        for name in (n.strip() for n in word.text.split(",")):
            if name and name not in known:
                raise parsed.error(
                    word, f"{config.name} has no property {name!r}; choose from {', '.join(known)}"
                )
    return names


@command(
    "count",
    "count [--where EXPR]",
    "Count the objects of the current collection, optionally filtered",
    flags=(WHERE,),
)
async def count(context: ReplContext, parsed: ParsedCommand) -> CountView:
    config = await context.current_config()
    filters = context.where(parsed, config)
    result = await context.aggregate(
        AggregateRequest(config.name, filters=filters, tenant=context.tenant)
    )
    return CountView(config.name, result.total_count or 0)


@command(
    "get",
    "get <uuid> [--vector]",
    "Show one object of the current collection by its UUID",
    positionals=(PositionalSpec("uuid"),),
    flags=(VECTOR,),
)
async def get(context: ReplContext, parsed: ParsedCommand) -> ObjectView:
    name = context.require_collection()
    object_id = checked_uuid(parsed, parsed.positionals["uuid"])
    record = await context.session.get_object(
        name, object_id, tenant=context.tenant, include_vector=parsed.has("--vector")
    )
    if record is None:
        raise ExplorerError("Not found", f"{name} has no object {object_id}")
    return ObjectView(record, show_vectors=parsed.has("--vector"))


@command(
    "fetch",
    "fetch [--limit N] [--offset N] [--where EXPR] [--sort prop[:desc]] [--props a,b]",
    "List objects of the current collection: filtered, sorted, with chosen properties",
    flags=(
        LIMIT,
        FlagSpec("--offset", ("N",), "Skip this many objects first"),
        WHERE,
        FlagSpec("--sort", ("PROP[:desc]",), "Order by properties: a,b:desc", completes="sort"),
        FlagSpec("--props", ("A,B",), "Show only these properties", completes="properties"),
        VECTOR,
    ),
)
async def fetch(context: ReplContext, parsed: ParsedCommand) -> ObjectsView:
    config = await context.current_config()
    limit = parsed.integer("--limit", 10)
    offset = parsed.integer("--offset", 0, minimum=0)
    if offset + limit > MAX_LIMIT:
        word = parsed.value("--offset") or parsed.value("--limit") or parsed.name_word
        raise parsed.error(word, f"offset + limit may not pass {MAX_LIMIT:,} (the server's limit)")
    sort_word = parsed.value("--sort")
    sort: tuple[SortSpec, ...] = ()
    if sort_word is not None:
        try:
            sort = parse_sort(sort_word.text, config)
        except ExplorerError as exc:
            raise parsed.error(sort_word, exc.message) from None
    selected = checked_properties(parsed, "--props", config)
    result = await context.search(
        SearchRequest(
            config.name,
            "fetch",
            filters=context.where(parsed, config),
            sort=sort,
            limit=limit,
            offset=offset or None,
            tenant=context.tenant,
            include_vector=parsed.has("--vector"),
        )
    )
    columns = selected or tuple(p.name for p in config.properties)
    return ObjectsView(
        result, columns, show_vectors=parsed.has("--vector"), only_columns=bool(selected)
    )


@command(
    "aggregate",
    "aggregate [--group-by P] [--metrics P] [--where EXPR]",
    "Count and per-property metrics, optionally grouped by a property",
    aliases=("agg",),
    flags=(
        FlagSpec("--group-by", ("PROP",), "Group by this property", completes="property"),
        FlagSpec(
            "--metrics",
            ("A,B",),
            "Metrics of these properties (repeatable)",
            completes="properties",
            repeatable=True,
        ),
        WHERE,
    ),
)
async def aggregate(context: ReplContext, parsed: ParsedCommand) -> AggregateView:
    config = await context.current_config()
    metrics = checked_properties(parsed, "--metrics", config)
    group_word = parsed.value("--group-by")
    if group_word is not None and group_word.text not in {p.name for p in config.properties}:
        raise parsed.error(group_word, f"{config.name} has no property {group_word.text!r}")
    result = await context.aggregate(
        AggregateRequest(
            config.name,
            group_by=group_word.text if group_word is not None else None,
            metrics=metrics,
            filters=context.where(parsed, config),
            tenant=context.tenant,
        )
    )
    return AggregateView(result, group_by=group_word.text if group_word is not None else None)
