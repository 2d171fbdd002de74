"""Commands that change objects of the current collection: insert, update, replace, delete.

JSON is one quoted word: ``insert '{"title": "Dune"}'`` (single quotes keep it literal; an open
quote continues the command on the next line). Deletes ask you to type the collection's name;
``--yes`` skips the question in scripts.
"""

from __future__ import annotations

from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import format_value, safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.objects.mutations import (
    DeleteManyResult,
    delete_many,
    delete_object,
    insert_object,
    preview_delete_many,
    update_object,
)
from explorer.core.objects.validation import JsonSyntaxError, parse_json_object
from explorer.core.where.parser import format_where
from explorer.repl.cmdline import Word
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.confirm import confirm_by_typing
from explorer.repl.context import ReplContext
from explorer.repl.handlers.objects import WHERE, checked_uuid
from explorer.repl.views import ChangedView, DeleteManyView

YES = FlagSpec("--yes", (), "Do not ask: confirm in advance (for scripts)")
JSON_HELP = (
    'the properties as JSON, or {"properties": {...}, "vector": [...] | "vectors": {...}, '
    '"uuid": "..."}'
)
#: Property columns of the examples a delete shows.
EXAMPLE_COLUMNS = 3


def _target(context: ReplContext) -> str:
    name = context.require_collection()
    return name + (f"@{context.tenant}" if context.tenant else "")


def parsed_json(parsed: ParsedCommand, word: Word) -> dict[str, Any]:
    """The JSON argument; malformed JSON names its line and column."""
    try:
        return parse_json_object(word.text)
    except JsonSyntaxError as exc:
        hint = ""
        if parsed.line[word.start : word.start + 1] not in ("'", '"'):
            hint = ' (wrap the JSON in single quotes: \'{"title": "Dune"}\')'
        raise JsonSyntaxError(exc.line, exc.column, exc.detail + hint) from None


@command(
    "insert",
    "insert '<json>'",
    "Insert an object into the current collection, checked against its schema first",
    positionals=(PositionalSpec("json", rest=True),),
)
async def insert(context: ReplContext, parsed: ParsedCommand) -> ChangedView:
    context.session.require_writable(f"insert an object into {_target(context)}")
    document = parsed_json(parsed, parsed.positionals["json"])
    change = await insert_object(
        context.session, context.require_collection(), document, tenant=context.tenant
    )
    return ChangedView(change)


async def _update(context: ReplContext, parsed: ParsedCommand, *, replace: bool) -> ChangedView:
    verb = "replace" if replace else "update"
    context.session.require_writable(f"{verb} an object of {_target(context)}")
    object_id = checked_uuid(parsed, parsed.positionals["uuid"])
    document = parsed_json(parsed, parsed.positionals["json"])
    change = await update_object(
        context.session,
        context.require_collection(),
        object_id,
        document,
        tenant=context.tenant,
        replace=replace,
    )
    return ChangedView(change)


@command(
    "update",
    "update <uuid> '<json>'",
    "Change only the given properties (and vectors) of an object; the rest stay as they are",
    positionals=(PositionalSpec("uuid"), PositionalSpec("json", rest=True)),
)
async def update(context: ReplContext, parsed: ParsedCommand) -> ChangedView:
    return await _update(context, parsed, replace=False)


@command(
    "replace",
    "replace <uuid> '<json>'",
    "Replace a whole object: properties left out are removed",
    positionals=(PositionalSpec("uuid"), PositionalSpec("json", rest=True)),
)
async def replace(context: ReplContext, parsed: ParsedCommand) -> ChangedView:
    return await _update(context, parsed, replace=True)


@command(
    "delete",
    "delete <uuid> | delete --where EXPR [--dry-run] [--yes]",
    "Delete one object, or every object a filter matches (a dry-run count first); "
    "asks you to type the collection's name unless --yes",
    aliases=("rm",),
    positionals=(PositionalSpec("uuid", required=False),),
    flags=(
        WHERE,
        FlagSpec("--dry-run", (), "Only count what --where would delete, and show a few"),
        YES,
    ),
)
async def delete(context: ReplContext, parsed: ParsedCommand) -> ChangedView | DeleteManyView:
    uuid_word = parsed.positionals.get("uuid")
    if uuid_word is not None and parsed.has("--where"):
        raise parsed.error(uuid_word, "give a uuid or --where, not both")
    if uuid_word is None and not parsed.has("--where"):
        raise parsed.error(
            parsed.name_word, "delete needs a uuid, or --where EXPR to delete by a filter"
        )
    if uuid_word is not None:
        return await _delete_one(context, parsed, uuid_word)
    return await _delete_many(context, parsed)


async def _delete_one(context: ReplContext, parsed: ParsedCommand, word: Word) -> ChangedView:
    session, name = context.session, context.require_collection()
    session.require_writable(f"delete an object of {_target(context)}")
    object_id = checked_uuid(parsed, word)
    if parsed.has("--dry-run"):
        raise parsed.error(word, "--dry-run goes with --where")
    record = await session.get_object(name, object_id, tenant=context.tenant, include_vector=False)
    if record is None:
        raise ExplorerError(
            "Not found", f"{_target(context)} has no object {object_id}; nothing was deleted"
        )
    summary = _properties_line(record.properties, EXAMPLE_COLUMNS)
    what = f"Delete object {object_id} of {_target(context)}"
    if context.ask is not None and summary:
        what += f"\n  {summary}"
    await confirm_by_typing(context, what, name, assume_yes=parsed.has("--yes"))
    change = await delete_object(session, name, object_id, tenant=context.tenant)
    return ChangedView(change)


async def _delete_many(context: ReplContext, parsed: ParsedCommand) -> DeleteManyView:
    session = context.session
    config = await context.current_config()
    session.require_writable(f"delete objects of {_target(context)}")
    filters = context.where(parsed, config)
    preview = await preview_delete_many(session, config.name, filters, tenant=context.tenant)
    columns = _columns(config)
    if parsed.has("--dry-run"):
        return DeleteManyView(preview, columns=columns)
    if preview.matches == 0:
        empty = DeleteManyResult(config.name, context.tenant, 0, 0, 0, 0)
        return DeleteManyView(preview, empty, columns)
    assert filters is not None
    count = preview.matches
    what = (
        f"Delete {count:,} object{'s' if count != 1 else ''} of {_target(context)} "
        f"matching {format_where(filters)}"
    )
    if context.ask is not None and preview.examples:
        lines = [
            f"  {record.uuid}  {_properties_line(record.properties, EXAMPLE_COLUMNS)}"
            for record in preview.examples
        ]
        more = count - len(preview.examples)
        if more > 0:
            lines.append(f"  … and {more:,} more")
        what += "\n" + "\n".join(lines)
    await confirm_by_typing(context, what, config.name, assume_yes=parsed.has("--yes"))
    result = await delete_many(session, config.name, filters, tenant=context.tenant)
    return DeleteManyView(preview, result, columns)


def _columns(config: CollectionConfig) -> tuple[str, ...]:
    return tuple(p.name for p in config.properties[:EXAMPLE_COLUMNS])


def _properties_line(properties: Any, limit: int) -> str:
    """The first few properties as ``name=value``, inert and short, for a question."""
    shown = [
        f"{safe_text(name, 30)}={safe_text(format_value(value), 40)}"
        for name, value in list(properties.items())[:limit]
        if value is not None
    ]
    return ", ".join(shown)
