"""Commands that read objects of the current collection: ``count``, ``get``, ``fetch``, ``aggregate``."""

from __future__ import annotations

import uuid

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.objects.uuid_prefix import UuidPrefixError, resolve_uuid
from explorer.core.query.aggregation import check_group_by, plan_metrics
from explorer.core.query.requests import (
    DEFAULT_GROUP_LIMIT,
    DEFAULT_TOP_OCCURRENCES,
    MAX_LIMIT,
    AggregateRequest,
    SearchRequest,
    SortSpec,
)
from explorer.core.where.parser import parse_sort
from explorer.repl.cmdline import Word
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.context import ReplContext
from explorer.repl.views import AggregateView, CountView, ObjectsView, ObjectView

WHERE = FlagSpec(
    "--where", ("EXPR",), "Filter, e.g. 'year > 2000 and title = \"some text\"'", completes="where"
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


def checked_columns(
    parsed: ParsedCommand, flag: str, config: CollectionConfig
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The columns of ``fetch --props``: properties, references (``hasCategory``) and
    properties of a reference's target (``hasCategory.title``); returns (all, references)."""
    single = {name: targets[0] for name, targets in config.references if len(targets) == 1}
    known = [p.name for p in config.properties] + [name for name, _t in config.references]
    references = []
    for occurrence in parsed.values(flag):
        word = occurrence[0]
        for name in (n.strip() for n in word.text.split(",")):
            reference, _, target_property = name.partition(".")
            if not name or (name in known and name not in dict(config.references)):
                continue
            if reference not in known or (target_property and reference not in single):
                raise parsed.error(word, _unknown_column(config, name, single))
            if reference not in single:
                raise parsed.error(
                    word,
                    f"{reference} may point to several collections: get shows its targets",
                )
            target = config.reference_schemas.get(single[reference])
            if target_property and (
                target is None or target_property not in {p.name for p in target.properties}
            ):
                raise parsed.error(word, _unknown_column(config, name, single))
            references.append(name)
    return parsed.names_list(flag), tuple(references)


def _unknown_column(config: CollectionConfig, name: str, single: dict[str, str]) -> str:
    paths = [
        f"{reference}.{p.name}"
        for reference, target in single.items()
        for p in (
            config.reference_schemas[target].properties
            if target in config.reference_schemas
            else ()
        )
    ]
    choices = [p.name for p in config.properties] + [n for n, _t in config.references] + paths
    return f"{config.name} has no property {name!r}; choose from {', '.join(choices)}"


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
    "Show one object of the current collection by its UUID or a unique start of it",
    positionals=(PositionalSpec("uuid"),),
    flags=(VECTOR,),
)
async def get(context: ReplContext, parsed: ParsedCommand) -> ObjectView:
    name = context.require_collection()
    word = parsed.positionals["uuid"]
    try:
        object_id = await resolve_uuid(context.session, name, word.text, tenant=context.tenant)
    except UuidPrefixError as exc:
        raise parsed.error(word, exc.message) from None
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
    selected, references = checked_columns(parsed, "--props", config)
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
            references=references,
        )
    )
    columns = selected or tuple(p.name for p in config.properties)
    return ObjectsView(
        result, columns, show_vectors=parsed.has("--vector"), only_columns=bool(selected)
    )


@command(
    "aggregate",
    "aggregate [--metrics A,B] [--group-by P] [--where EXPR] [--top N] [--groups N]",
    "Count and per-property metrics (all properties by default), optionally grouped",
    aliases=("agg",),
    flags=(
        FlagSpec(
            "--metrics",
            ("A,B",),
            "Metrics of these properties (repeatable) [default: every property with metrics]",
            completes="properties",
            repeatable=True,
        ),
        FlagSpec("--group-by", ("PROP",), "Group by this property", completes="property"),
        WHERE,
        FlagSpec(
            "--top",
            ("N",),
            f"How many top values of a text property [default {DEFAULT_TOP_OCCURRENCES}]",
        ),
        FlagSpec(
            "--groups", ("N",), f"How many groups, largest first [default {DEFAULT_GROUP_LIMIT}]"
        ),
    ),
)
async def aggregate(context: ReplContext, parsed: ParsedCommand) -> AggregateView:
    config = await context.current_config()
    metrics = checked_properties(parsed, "--metrics", config)
    group_word = parsed.value("--group-by")
    group_by = group_word.text if group_word is not None else None
    try:
        plan_metrics(config, metrics)
    except ExplorerError as exc:
        raise parsed.error(_word_naming(parsed, "--metrics", exc.message), exc.message) from None
    if group_word is not None:
        try:
            check_group_by(config, group_word.text)
        except ExplorerError as exc:
            raise parsed.error(group_word, exc.message) from None
    top = parsed.integer("--top", DEFAULT_TOP_OCCURRENCES)
    groups = parsed.integer("--groups", DEFAULT_GROUP_LIMIT)
    for flag, value in (("--top", top), ("--groups", groups)):
        word = parsed.value(flag)
        if word is not None and value > MAX_LIMIT:
            raise parsed.error(word, f"{flag} may not pass {MAX_LIMIT:,}")
    result = await context.aggregate(
        AggregateRequest(
            config.name,
            group_by=group_by,
            metrics=metrics,
            filters=context.where(parsed, config),
            tenant=context.tenant,
            top_occurrences=top,
            group_limit=groups,
        )
    )
    return AggregateView(result, group_by=group_by)


def _word_naming(parsed: ParsedCommand, flag: str, message: str) -> Word:
    """The occurrence of a comma-list flag whose names the message quotes, for the caret."""
    for occurrence in parsed.values(flag):
        word = occurrence[0]
        if any(f"{name.strip()!r}" in message for name in word.text.split(",")):
            return word
    return parsed.value(flag) or parsed.name_word
