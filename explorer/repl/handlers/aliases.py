"""``aliases`` lists them; ``alias create|update|delete`` changes them."""

from __future__ import annotations

from explorer.core.admin.aliases import create_alias, delete_alias, list_aliases, update_alias
from explorer.repl.commands import ParsedCommand, PositionalSpec, command
from explorer.repl.context import ReplContext
from explorer.repl.handlers.admin import refresh_completion
from explorer.repl.handlers.catalog import find_collection
from explorer.repl.views import RecordsView

ALIAS_ACTIONS = ("create", "update", "delete")


def _rows(aliases: list[tuple[str, str]]) -> RecordsView:
    return RecordsView(
        ("alias", "collection"),
        tuple({"alias": alias, "collection": collection} for alias, collection in aliases),
    )


@command(
    "aliases",
    "aliases [Collection]",
    "List the aliases (of one collection, or all)",
    positionals=(PositionalSpec("Collection", required=False, completes="collection"),),
)
async def aliases_command(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    word = parsed.positionals.get("Collection")
    collection = (await find_collection(context, parsed, word)).name if word else None
    aliases = await list_aliases(context.session, collection)
    return _rows([(a.alias, a.collection) for a in aliases])


@command(
    "alias",
    "alias create|update|delete <Alias> [Collection]",
    "Create an alias for a collection, point it at another one, or delete it",
    positionals=(
        PositionalSpec("action"),
        PositionalSpec("Alias"),
        PositionalSpec("Collection", required=False, completes="collection"),
    ),
)
async def alias_command(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    action_word = parsed.positionals["action"]
    alias = parsed.positionals["Alias"].text
    target_word = parsed.positionals.get("Collection")
    session = context.session
    match action_word.text:
        case "create" | "update":
            if target_word is None:
                raise parsed.error(
                    parsed.positionals["Alias"],
                    f"alias {action_word.text} needs the collection to point at",
                )
            target = (await find_collection(context, parsed, target_word)).name
            change = create_alias if action_word.text == "create" else update_alias
            done = await change(session, alias, target)
        case "delete":
            if target_word is not None:
                raise parsed.error(target_word, "alias delete takes only the alias name")
            done = await delete_alias(session, alias)
        case other:
            raise parsed.error(
                action_word, f"alias takes {', '.join(ALIAS_ACTIONS)}, not {other!r}"
            )
    await refresh_completion(context)
    return _rows([(done.alias, done.collection)])
