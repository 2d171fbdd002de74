"""``tenants``: a paged list with counts, and create, activate, deactivate, offload, delete."""

from __future__ import annotations

import time

from explorer.core.admin.bulk_tenants import (
    BULK_ACTIONS,
    BulkAction,
    BulkProgress,
    apply_bulk_change,
    check_bulk_action,
    plan_bulk_change,
)
from explorer.core.admin.tenant_patterns import (
    BadTenantSelector,
    TenantSelector,
    parse_tenant_selector,
)
from explorer.core.admin.tenant_settings import tenant_settings, update_tenant_settings
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
from explorer.repl.handlers.admin import OTHER_COLLECTION, YES, other_or_current_collection
from explorer.repl.handlers.transfer import ProgressLines
from explorer.repl.views import RecordsView

ACTIONS = ("list", "create", "activate", "deactivate", "offload", "delete")
_STATUS: dict[str, TenantStatus] = {
    "activate": "active",
    "deactivate": "inactive",
    "offload": "offloaded",
}
#: Matching tenants named in the question before the count is typed.
PREVIEW_NAMES = 20
_DONE = {"activate": "activated", "deactivate": "deactivated", "offload": "offloaded"}


@command(
    "tenants",
    "tenants [list|create|activate|deactivate|offload|delete] [name … | --match 'acme-*']"
    " [--collection C]",
    "List the tenants of the current collection (paged, with counts), or change them "
    "(by name, or every tenant --match names: the count is typed to confirm)",
    positionals=(
        PositionalSpec("action", required=False),
        PositionalSpec("names", required=False, rest=True),
    ),
    flags=(
        OTHER_COLLECTION,
        FlagSpec("--limit", ("N",), "Tenants per page (50)"),
        FlagSpec("--after", ("NAME",), "Start after this tenant (the last one of a page)"),
        FlagSpec("--no-counts", (), "Skip the object counts"),
        FlagSpec(
            "--match",
            ("PATTERN",),
            "List or change every tenant this names: a glob ('acme-*'), names 'a,b', or '*'",
        ),
        FlagSpec("--regex", (), "--match is a regular expression (matching the whole name)"),
        YES,
    ),
)
async def tenants_command(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    collection = await other_or_current_collection(context, parsed)
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
    match_word = parsed.value("--match")
    if match_word is None and parsed.has("--regex"):
        raise parsed.error(parsed.name_word, "--regex goes with --match")
    if match_word is not None:
        if names_word is not None:
            raise parsed.error(names_word, "give tenant names or --match, not both")
        if action not in (*BULK_ACTIONS, "list"):
            raise parsed.error(
                action_word or parsed.name_word,
                f"--match goes with list, {', '.join(BULK_ACTIONS)}, not {action}",
            )
        if action != "list":
            return await _bulk_change(context, parsed, collection, check_bulk_action(action))
    if action == "list":
        if names_word is not None:
            raise parsed.error(names_word, "tenants list takes no names; use --after to page")
        page = await list_tenant_page(
            session,
            collection,
            limit=parsed.integer("--limit", 50),
            after=parsed.text("--after"),
            counts=not parsed.has("--no-counts"),
            selector=_selector(parsed) if match_word is not None else None,
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


async def _bulk_change(
    context: ReplContext, parsed: ParsedCommand, collection: str, action: BulkAction
) -> RecordsView:
    """Show what matches and how many, have the count typed, then change them in batches."""
    context.session.require_writable(f"{action} tenants of {collection}")
    selector = _selector(parsed)
    plan = await plan_bulk_change(context.session, collection, action, selector)
    shown = ", ".join(plan.match.names[:PREVIEW_NAMES])
    more = plan.count - PREVIEW_NAMES
    if more > 0:
        shown += f" … and {more:,} more"
    summary = plan.summary()
    await confirm_by_typing(
        context,
        f"{summary[:1].upper()}{summary[1:]}?\n{shown}",
        str(plan.count),
        assume_yes=parsed.has("--yes"),
    )
    lines = ProgressLines(context.interactive, f"{action} tenants")
    started = time.monotonic()

    def progress(update: BulkProgress) -> None:
        rate = update.done / max(time.monotonic() - started, 1e-6)
        eta = (update.total - update.done) / rate if rate else None
        lines.show(update.done, update.total, rate, eta)

    result = await apply_bulk_change(context.session, plan, progress=progress)
    row = {
        "collection": collection,
        "action": result.past_tense,
        "matched": plan.count,
        "changed": len(result.changed),
        "unchanged": len(result.unchanged),
        "batches": result.batches,
    }
    return RecordsView(tuple(row), (row,))


def _selector(parsed: ParsedCommand) -> TenantSelector:
    match_word = parsed.value("--match")
    assert match_word is not None
    try:
        return parse_tenant_selector(match_word.text, regex=parsed.has("--regex"))
    except BadTenantSelector as exc:
        raise parsed.error(match_word, exc.message) from None


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


_ON_OFF = ("on", "off")


@command(
    "tenant-settings",
    "tenant-settings [--auto-create on|off] [--auto-activate on|off] [--collection C]",
    "Show or change the collection's tenant toggles: auto-creation (an insert into a missing "
    "tenant creates it) and auto-activation (a request to an INACTIVE tenant activates it)",
    flags=(
        OTHER_COLLECTION,
        FlagSpec("--auto-create", ("on|off",), "Create missing tenants on insert", choices=_ON_OFF),
        FlagSpec(
            "--auto-activate", ("on|off",), "Activate INACTIVE tenants on use", choices=_ON_OFF
        ),
    ),
)
async def tenant_settings_command(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    collection = await other_or_current_collection(context, parsed)
    create, activate = parsed.text("--auto-create"), parsed.text("--auto-activate")
    session = context.session
    if create is None and activate is None:
        await session.require_multi_tenant(collection)
        settings = tenant_settings(await session.collection_config(collection, refresh=True))
    else:
        session.require_writable(f"change the tenant settings of {collection}")
        settings = await update_tenant_settings(
            session,
            collection,
            auto_tenant_creation=None if create is None else create == "on",
            auto_tenant_activation=None if activate is None else activate == "on",
        )
    row = {
        "collection": collection,
        "auto_tenant_creation": settings.auto_tenant_creation,
        "auto_tenant_activation": settings.auto_tenant_activation,
    }
    return RecordsView(tuple(row), (row,))
