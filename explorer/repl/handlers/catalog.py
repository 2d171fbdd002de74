"""Commands about collections: ``ls``, ``use`` and ``schema``."""

from __future__ import annotations

import difflib

from explorer.core.base.models import CollectionConfig
from explorer.repl.cmdline import CommandLineError, Word
from explorer.repl.commands import ParsedCommand, PositionalSpec, command, never
from explorer.repl.context import ReplContext
from explorer.repl.views import CollectionsView, Notice, SchemaView


@command(
    "ls",
    "ls",
    "List the collections with their object counts and vectors",
    aliases=("\\l", "collections"),
)
async def list_collections(context: ReplContext, _parsed: ParsedCommand) -> CollectionsView:
    summaries = await context.session.list_collections()
    # list_collections just read every config: refresh completion from them, no extra request.
    configs = [await context.session.collection_config(s.name) for s in summaries]
    context.schema.replace(configs)
    return CollectionsView(summaries)


@command(
    "use",
    "use <Collection> [@tenant]",
    "Make a collection current; name a tenant for a multi-tenant collection",
    aliases=("\\c",),
    positionals=(
        PositionalSpec("Collection", completes="collection"),
        PositionalSpec("@tenant", required=False),
    ),
    prints_data=never,
)
async def use(context: ReplContext, parsed: ParsedCommand) -> Notice:
    tenant_word = parsed.positionals.get("@tenant")
    tenant = None
    if tenant_word is not None:
        tenant = tenant_word.text.removeprefix("@")
        if not tenant_word.text.startswith("@") or not tenant:
            raise parsed.error(tenant_word, "write the tenant as @name, e.g. use Books @tenantA")
    name, config = await find_collection_or_alias(context, parsed, parsed.positionals["Collection"])
    if tenant and not config.multi_tenant:
        raise parsed.error(tenant_word or parsed.name_word, f"{config.name} has no tenants")
    if tenant and tenant_word is not None:
        known = [t.name for t in await context.session.list_tenants(config.name)]
        if tenant not in known:
            shown = ", ".join(known[:10]) + (", …" if len(known) > 10 else "")
            raise parsed.error(
                tenant_word,
                f"{config.name} has no tenant {tenant!r}; "
                + (f"its tenants: {shown}" if known else "it has no tenants yet"),
            )
    context.session.use(name, tenant)
    through = f" (alias of {config.name})" if name != config.name else ""
    if config.multi_tenant and not tenant:
        return Notice(
            f"Using {name}{through}; it is multi-tenant, so name a tenant: use {name} @tenant"
        )
    return Notice(f"Using {name}{through}" + (f" @{tenant}" if tenant else ""))


async def find_collection_or_alias(
    context: ReplContext, parsed: ParsedCommand, word: Word
) -> tuple[str, CollectionConfig]:
    """The name to query by (an alias stays an alias) and the config of what it names."""
    try:
        config = await find_collection(context, parsed, word)
    except CommandLineError:
        from explorer.core.admin.aliases import resolve_alias

        alias = await resolve_alias(context.session, word.text)
        if alias is None:
            raise
        return alias.alias, await context.session.collection_config(alias.alias, refresh=True)
    return config.name, config


async def find_collection(
    context: ReplContext, parsed: ParsedCommand, word: Word
) -> CollectionConfig:
    """The config of the collection a word names (any case), or an error pointing at it."""
    name = word.text
    if not name.strip():
        raise parsed.error(word, "the collection name is empty: name one (ls lists them)")
    names = context.schema.snapshot.collections
    if name not in names:
        names = (await context.schema.refresh()).collections
    match = name if name in names else next((n for n in names if n.lower() == name.lower()), None)
    if match is None:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise parsed.error(word, f"there is no collection {name!r}; {hint}ls lists them")
    return await context.session.collection_config(match)


@command(
    "schema",
    "schema [Collection]",
    "Show the properties, vectors and modules of a collection (the current one by default)",
    aliases=("\\d", "describe"),
    positionals=(PositionalSpec("Collection", required=False, completes="collection"),),
)
async def schema(context: ReplContext, parsed: ParsedCommand) -> SchemaView:
    word = parsed.positionals.get("Collection")
    if word is None:
        name = context.require_collection()
    else:
        name = (await find_collection(context, parsed, word)).name
    return SchemaView(await context.session.collection_config(name, refresh=True))
