"""Commands that change the schema: ``create-collection``, ``drop-collection``, ``add-property``,
and ``config`` to read a collection's config as JSON that ``create-collection`` takes back."""

from __future__ import annotations

import asyncio

from explorer.core.admin.collection_spec import (
    DISTANCES,
    INDEX_TYPES,
    VECTORIZERS,
    CollectionSpec,
    PropertySpec,
    VectorSpec,
    load_config_file,
    normalise_data_type,
)
from explorer.core.admin.schema import (
    add_property,
    create_collection,
    create_from_dict,
    drop_collection,
    write_config_json,
)
from explorer.core.base.errors import ExplorerError
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.confirm import confirm_by_typing
from explorer.repl.context import ReplContext
from explorer.repl.handlers.catalog import find_collection
from explorer.repl.views import Done, JsonDocumentView, Notice, RecordsView, SchemaView

#: ``--collection NAME``: act on another collection than the current one.
OTHER_COLLECTION = FlagSpec(
    "--collection", ("NAME",), "Another collection than the current one", completes="collection"
)
YES = FlagSpec("--yes", (), "Confirm without asking (for scripts)")


async def other_or_current_collection(context: ReplContext, parsed: ParsedCommand) -> str:
    """The collection ``--collection`` names (checked), else the current one."""
    collection_word = parsed.value("--collection")
    if collection_word is not None:
        return (await find_collection(context, parsed, collection_word)).name
    return context.require_collection()


async def refresh_completion(context: ReplContext) -> None:
    """After a schema change, completion learns the new names (a failure keeps the old ones)."""
    await context.schema.refresh_in_background()


@command(
    "create-collection",
    "create-collection [Name] [--from-json PATH] [--property name:type …] [--vectorizer V] …",
    "Create a collection from a JSON config file (an exported one too: Name renames it), "
    "or from flags",
    positionals=(PositionalSpec("Name", required=False),),
    flags=(
        FlagSpec("--from-json", ("PATH",), "Read the collection config from a JSON file"),
        FlagSpec("--description", ("TEXT",), "What the collection holds"),
        FlagSpec(
            "--property",
            ("NAME:TYPE",),
            "A property, e.g. title:text or year:int (repeat for more)",
            repeatable=True,
        ),
        FlagSpec("--vectorizer", ("V",), "none or text2vec-bigram", choices=VECTORIZERS),
        FlagSpec("--vector-name", ("NAME",), "The vector's name (default)"),
        FlagSpec("--source", ("PROPS",), "Comma-separated text properties the vectorizer reads"),
        FlagSpec("--index", ("TYPE",), "The vector index", choices=INDEX_TYPES),
        FlagSpec("--distance", ("METRIC",), "The vector distance", choices=DISTANCES),
        FlagSpec("--generative", ("MODULE",), "A generative module, e.g. generative-dummy"),
        FlagSpec("--reranker", ("MODULE",), "A reranker module, e.g. reranker-dummy"),
        FlagSpec("--multi-tenant", (), "Turn multi-tenancy on"),
        FlagSpec("--auto-tenants", (), "Create tenants automatically on insert"),
        FlagSpec("--replication", ("N",), "The replication factor"),
    ),
)
async def create_collection_command(context: ReplContext, parsed: ParsedCommand) -> SchemaView:
    name_word = parsed.positionals.get("Name")
    path_word = parsed.value("--from-json")
    if path_word is not None:
        others = [f for f in parsed.flags if f not in ("--from-json", "--format")]
        if others:
            raise parsed.error(
                path_word, f"--from-json takes its settings from the file, not {others[0]}"
            )
        data = await asyncio.to_thread(load_config_file, path_word.text)
        config = await create_from_dict(
            context.session, data, name=name_word.text if name_word else None
        )
    else:
        if name_word is None:
            raise parsed.error(parsed.name_word, "name the collection, or give --from-json PATH")
        config = await create_collection(context.session, _spec_from_flags(parsed, name_word.text))
    await refresh_completion(context)
    return SchemaView(config)


def _spec_from_flags(parsed: ParsedCommand, name: str) -> CollectionSpec:
    properties = []
    for (word,) in parsed.values("--property"):
        prop_name, sep, type_text = word.text.partition(":")
        if not sep or not prop_name or not type_text:
            raise parsed.error(word, "write a property as name:type, e.g. title:text")
        try:
            data_type = normalise_data_type(type_text)
        except ExplorerError as exc:
            raise parsed.error(word, exc.message) from None
        properties.append(PropertySpec(prop_name, data_type))
    vectorizer = parsed.text("--vectorizer") or "none"
    vector = VectorSpec(
        name=parsed.text("--vector-name") or "default",
        vectorizer=vectorizer,
        source_properties=parsed.names_list("--source"),
        index_type=parsed.text("--index") or "hnsw",
        distance=parsed.text("--distance") or "cosine",
    )
    replication = parsed.integer("--replication", 0) or None
    return CollectionSpec(
        name=name,
        description=parsed.text("--description"),
        properties=tuple(properties),
        vectors=(vector,),
        generative_module=parsed.text("--generative"),
        reranker_module=parsed.text("--reranker"),
        multi_tenant=parsed.has("--multi-tenant"),
        auto_tenant_creation=parsed.has("--auto-tenants"),
        replication_factor=replication,
    )


@command(
    "drop-collection",
    "drop-collection <Collection> [--yes]",
    "Delete a collection and all its objects: asks you to type its name (or give --yes)",
    positionals=(PositionalSpec("Collection", completes="collection"),),
    flags=(YES,),
)
async def drop_collection_command(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    word = parsed.positionals["Collection"]
    context.session.require_writable(f"delete collection {word.text}")
    config = await find_collection(context, parsed, word)
    count = None if config.multi_tenant else await context.session.count(config.name)
    objects = "all its tenants" if count is None else f"its {count:,} objects"
    await confirm_by_typing(
        context,
        f"Delete collection {config.name} and {objects}?",
        config.name,
        assume_yes=parsed.has("--yes"),
    )
    await drop_collection(context.session, config.name)
    await refresh_completion(context)
    return RecordsView(
        ("collection", "action"), ({"collection": config.name, "action": "deleted"},)
    )


@command(
    "add-property",
    "add-property <name> <type> [--collection C] [--description TEXT]",
    "Add a property to the current collection (existing objects get no value for it)",
    positionals=(PositionalSpec("name"), PositionalSpec("type")),
    flags=(
        OTHER_COLLECTION,
        FlagSpec("--description", ("TEXT",), "What the property holds"),
    ),
)
async def add_property_command(context: ReplContext, parsed: ParsedCommand) -> SchemaView:
    collection = await other_or_current_collection(context, parsed)
    type_word = parsed.positionals["type"]
    try:
        data_type = normalise_data_type(type_word.text)
    except ExplorerError as exc:
        raise parsed.error(type_word, exc.message) from None
    prop = PropertySpec(
        parsed.positionals["name"].text, data_type, description=parsed.text("--description")
    )
    config = await add_property(context.session, collection, prop)
    await refresh_completion(context)
    return SchemaView(config)


@command(
    "config",
    "config [Collection] [--json PATH]",
    "A collection's full config as JSON (the current one by default); --json writes it to a "
    "file that create-collection --from-json takes back",
    positionals=(PositionalSpec("Collection", required=False, completes="collection"),),
    flags=(FlagSpec("--json", ("PATH",), "Write the config to this file"),),
    prints_data=lambda parsed: not parsed.has("--json"),
)
async def config_command(context: ReplContext, parsed: ParsedCommand) -> JsonDocumentView | Notice:
    word = parsed.positionals.get("Collection")
    name = (
        context.require_collection()
        if word is None
        else (await find_collection(context, parsed, word)).name
    )
    config = await context.session.collection_config(name, refresh=True)
    path_text = parsed.text("--json")
    if path_text is None:
        return JsonDocumentView(dict(config.raw))
    path = await asyncio.to_thread(write_config_json, config, path_text)
    return Done(f"Wrote the config of {config.name} to {path}")
