"""``tenants``: a paged list with counts, and create, activate, deactivate, offload, delete."""

from __future__ import annotations

from explorer.core.admin.tenants import (
    TenantStatus,
    create_tenants,
    delete_tenants,
    list_tenant_page,
    set_tenant_status,
)
from explorer.core.base.errors import ExplorerError
from explorer.repl.cmdline import Word
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.confirm import confirm_by_typing
from explorer.repl.context import ReplContext
from explorer.repl.handlers.admin import OTHER_COLLECTION, YES
from explorer.repl.handlers.catalog import find_collection
from explorer.repl.views import RecordsView

ACTIONS = ("list", "create", "activate", "deactivate", "offload", "delete")
_STATUS: dict[str, TenantStatus] = {
    "activate": "active",
    "deactivate": "inactive",
    "offload": "offloaded",
}
_DONE = {"activate": "activated", "deactivate": "deactivated", "offload": "offloaded"}


@command(
    "tenants",
    "tenants [list|create|activate|deactivate|offload|delete] [name …] [--collection C]",
    "List the tenants of the current collection (paged, with counts), or change them",
    positionals=(
        PositionalSpec("action", required=False),
        PositionalSpec("names", required=False, rest=True),
    ),
    flags=(
        OTHER_COLLECTION,
        FlagSpec("--limit", ("N",), "Tenants per page (50)"),
        FlagSpec("--after", ("NAME",), "Start after this tenant (the last one of a page)"),
        FlagSpec("--no-counts", (), "Skip the object counts"),
        YES,
    ),
)
async def tenants_command(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    collection_word = parsed.value("--collection")
    if collection_word is not None:
        collection = (await find_collection(context, parsed, collection_word)).name
    else:
        collection = context.require_collection()
    action_word = parsed.positionals.get("action")
    action = action_word.text if action_word is not None else "list"
    if action not in ACTIONS:
        raise parsed.error(
            action_word or parsed.name_word,
            f"tenants takes {', '.join(ACTIONS)}, not {action!r}",
        )
    names_word = parsed.positionals.get("names")
    names = _tenant_names(parsed.rest_words)
    session = context.session
    if action == "list":
        if names_word is not None:
            raise parsed.error(names_word, "tenants list takes no names; use --after to page")
        page = await list_tenant_page(
            session,
            collection,
            limit=parsed.integer("--limit", 50),
            after=parsed.text("--after"),
            counts=not parsed.has("--no-counts"),
        )
        rows = tuple(
            {"tenant": t.name, "status": t.activity_status, "objects": t.count}
            for t in page.tenants
        )
        return RecordsView(("tenant", "status", "objects"), rows)
    if not names:
        raise parsed.error(action_word or parsed.name_word, f"tenants {action} needs tenant names")
    if action == "create":
        done = await create_tenants(session, collection, names)
        return _done(collection, [(t.name, t.activity_status) for t in done], "created")
    if action == "delete":
        session.require_writable(f"delete tenant {', '.join(names)} from {collection}")
        expected = names[0] if len(names) == 1 else f"{len(names)} tenants"
        await confirm_by_typing(
            context,
            f"Delete tenant {', '.join(names)} of {collection} with all their objects?",
            expected,
            assume_yes=parsed.has("--yes"),
        )
        deleted = await delete_tenants(session, collection, names)
        return _done(collection, [(n, None) for n in deleted], "deleted")
    status = _STATUS.get(action)
    if status is None:  # pragma: no cover - ACTIONS is checked above
        raise ExplorerError("Unknown action", action)
    changed = await set_tenant_status(session, collection, names, status)
    return _done(collection, [(t.name, t.activity_status) for t in changed], _DONE[action])


def _tenant_names(words: tuple[Word, ...]) -> tuple[str, ...]:
    """Names split at spaces and commas, except inside quotes: "tenant a" is one name."""
    names: list[str] = []
    for word in words:
        if word.quoted:
            names.append(word.text)
        else:
            names.extend(part for part in word.text.split(",") if part.strip())
    return tuple(names)


def _done(collection: str, tenants: list[tuple[str, str | None]], action: str) -> RecordsView:
    return RecordsView(
        ("collection", "tenant", "action", "status"),
        tuple(
            {"collection": collection, "tenant": name, "action": action, "status": status}
            for name, status in tenants
        ),
    )
