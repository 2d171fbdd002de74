"""Users and roles: ``whoami``, ``users``, ``roles``, ``user …`` and ``role …``."""

from __future__ import annotations

import asyncio

from explorer.core.admin import access
from explorer.core.admin.permission_matrix import COLLECTION_ACTIONS, permission_matrix
from explorer.core.admin.permissions import InvalidPermission, PermissionSpec, parse_permissions
from explorer.core.store.profiles import CliValues
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command, never
from explorer.repl.confirm import confirm_by_typing
from explorer.repl.context import ReplContext
from explorer.repl.views import (
    CurrentUserView,
    NewApiKeyView,
    Notice,
    RecordsView,
    RolesView,
    UsersView,
)

USER_ACTIONS = ("create", "delete", "rotate-key")
USERS_ACTIONS = ("activate", "deactivate")
ROLE_ACTIONS = ("assign", "revoke", "create", "delete", "add-permission", "remove-permission")
YES = FlagSpec("--yes", (), "Do not ask: confirm by this flag (for scripts)")
PERMISSION = FlagSpec(
    "--permission",
    ("PERMISSION",),
    "DOMAIN:ACTIONS[:RESOURCE…], e.g. collections:read:Jeopardy* (repeat for more)",
    repeatable=True,
)


@command("whoami", "whoami", "The current user, their roles and their permissions")
async def whoami(context: ReplContext, _parsed: ParsedCommand) -> CurrentUserView:
    user = await access.whoami(context.session)
    return CurrentUserView(user, context.session.options.display_url)


@command(
    "users",
    "users [activate|deactivate <name>] [--revoke-key]",
    "List the database users (those you may see), or activate or deactivate one",
    positionals=(PositionalSpec("action", required=False), PositionalSpec("name", required=False)),
    flags=(FlagSpec("--revoke-key", (), "With deactivate: also drop the user's API key"),),
)
async def users(context: ReplContext, parsed: ParsedCommand) -> UsersView | RecordsView:
    action_word = parsed.positionals.get("action")
    if action_word is None:
        return UsersView(await access.list_users(context.session))
    if action_word.text not in USERS_ACTIONS:
        raise parsed.error(
            action_word, f"choose {', '.join(USERS_ACTIONS)}, not {action_word.text!r}"
        )
    name_word = parsed.positionals.get("name")
    if name_word is None:
        raise parsed.error(action_word, f"name the user to {action_word.text}")
    name = access.check_user_id(name_word.text)
    active = action_word.text == "activate"
    changed = await access.set_user_active(
        context.session, name, active, revoke_key=parsed.has("--revoke-key")
    )
    state = "activated" if active else "deactivated"
    return _changed(name, None, state if changed else f"already {state}")


@command("roles", "roles", "List the roles with their permissions")
async def roles(context: ReplContext, _parsed: ParsedCommand) -> RolesView:
    return RolesView(await access.list_roles(context.session))


@command(
    "user",
    "user create|delete|rotate-key <name> [--yes]",
    "Create or delete a database user, or give it a new API key (shown once)",
    positionals=(PositionalSpec("action"), PositionalSpec("name")),
    flags=(YES,),
)
async def user(context: ReplContext, parsed: ParsedCommand) -> NewApiKeyView | RecordsView:
    action_word, name_word = parsed.positionals["action"], parsed.positionals["name"]
    name = access.check_user_id(name_word.text)
    session = context.session
    match action_word.text:
        case "create":
            return NewApiKeyView(await access.create_user(session, name), "Created")
        case "delete":
            session.require_writable(f"delete the user {name}")
            await confirm_by_typing(
                context, f"Delete the user {name}", name, assume_yes=parsed.has("--yes")
            )
            await access.delete_user(session, name)
            return _changed(name, None, "deleted")
        case "rotate-key":
            session.require_writable(f"rotate the API key of {name}")
            await confirm_by_typing(
                context,
                f"Give {name} a new API key (the old key stops working)",
                name,
                assume_yes=parsed.has("--yes"),
            )
            return NewApiKeyView(await access.rotate_key(session, name), "Rotated")
    raise parsed.error(action_word, f"choose {', '.join(USER_ACTIONS)}, not {action_word.text!r}")


def _changed(user_id: str, role_name: str | None, action: str) -> RecordsView:
    """What a change to a user did, printed in scripts too (a Notice shows only at the prompt)."""
    return RecordsView(
        ("user", "role", "action"), ({"user": user_id, "role": role_name, "action": action},)
    )


@command(
    "role",
    "role assign|revoke <user> <role> | role create|delete|add-permission|remove-permission "
    "<role> [--permission P …] [--yes]",
    "Assign or revoke a user's role; create or delete a role, or change its permissions",
    positionals=(
        PositionalSpec("action"),
        PositionalSpec("name"),
        PositionalSpec("role", required=False),
    ),
    flags=(PERMISSION, YES),
)
async def role(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    action_word, name_word = parsed.positionals["action"], parsed.positionals["name"]
    session = context.session
    action = action_word.text
    if action not in ROLE_ACTIONS:
        raise parsed.error(action_word, f"choose {', '.join(ROLE_ACTIONS)}, not {action!r}")
    if action in ("assign", "revoke"):
        role_word = parsed.positionals.get("role")
        if role_word is None:
            raise parsed.error(name_word, f"name the role to {action} after the user")
        user_id, role_name = name_word.text, role_word.text
        if action == "assign":
            await access.assign_role(session, user_id, role_name)
        else:
            await access.revoke_role(session, user_id, role_name)
        return _changed(user_id, role_name, {"assign": "assigned", "revoke": "revoked"}[action])
    if (extra := parsed.positionals.get("role")) is not None:
        raise parsed.error(
            extra, f"role {action} takes one role name; give permissions with --permission"
        )
    role_name = access.check_editable_role(name_word.text)
    if action == "delete":
        session.require_writable(f"delete the role {role_name}")
        await confirm_by_typing(
            context, f"Delete the role {role_name}", role_name, assume_yes=parsed.has("--yes")
        )
        await access.delete_role(session, role_name)
        return _role_changed(role_name, action, ())
    specs = _permissions(parsed)
    match action:
        case "create":
            await access.create_role(session, role_name, specs)
        case "add-permission":
            await access.add_permissions(session, role_name, specs)
        case _:
            await access.remove_permissions(session, role_name, specs)
    return _role_changed(role_name, action, specs)


def _permissions(parsed: ParsedCommand) -> tuple[PermissionSpec, ...]:
    """Every --permission, checked before anything is sent (the error points at the bad one)."""
    words = [values[0] for values in parsed.values("--permission")]
    if not words:
        raise parsed.error(
            parsed.name_word, "give at least one --permission, e.g. --permission data:read:Movies"
        )
    for word in words:
        try:
            parse_permissions([word.text])
        except InvalidPermission as exc:
            raise parsed.error(word, exc.message) from None
    return parse_permissions([word.text for word in words])


def _role_changed(role_name: str, action: str, specs: tuple[PermissionSpec, ...]) -> RecordsView:
    done = {
        "create": "created",
        "delete": "deleted",
        "add-permission": "added",
        "remove-permission": "removed",
    }[action]
    rows = [{"role": role_name, "permission": spec.text, "action": done} for spec in specs]
    return RecordsView(
        ("role", "permission", "action"),
        tuple(rows or [{"role": role_name, "permission": None, "action": done}]),
    )


@command(
    "can",
    "can [COLLECTION…]",
    "What can I do: the current user's actions on each collection, from their permissions",
    positionals=(PositionalSpec("collections", required=False, completes="collection", rest=True),),
)
async def can(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    session = context.session
    user = await access.whoami(session)
    if parsed.rest_words:
        names = [word.text for word in parsed.rest_words]
    else:
        names = [config.name for config in await session.list_collection_configs()]
    matrix = await asyncio.to_thread(permission_matrix, user, names)
    columns = ("collection", *COLLECTION_ACTIONS)
    rows = tuple(
        {"collection": row.collection, **dict(zip(COLLECTION_ACTIONS, row.cells, strict=True))}
        for row in matrix.rows
    )
    other = ", ".join(matrix.other_actions) or "none"
    return RecordsView(columns, rows, caption=f"{matrix.user_id}; also: {other}")


@command(
    "connect",
    "connect [profile]",
    "Switch to a saved connection profile without leaving; without a name, list the profiles",
    positionals=(PositionalSpec("profile", required=False),),
    prints_data=never,
)
async def connect(context: ReplContext, parsed: ParsedCommand) -> Notice:
    from explorer.core.store.profiles import get_profile, load_profiles
    from explorer.local.startup import plan_from_sources, switch_session
    from explorer.repl.schema_cache import SchemaCache

    word = parsed.positionals.get("profile")
    if word is None:
        profiles = await asyncio.to_thread(load_profiles)
        lines = [p.describe() for p in profiles.values()] or ["No profiles yet."]
        return Notice("\n".join(lines))
    profile = await asyncio.to_thread(get_profile, word.text)
    plan = plan_from_sources(CliValues(), {}, profile)
    opened = await switch_session(context.opened, plan, lambda _line: None)
    await context.schema.close()
    context.opened, context.session = opened, opened.session
    context.schema = SchemaCache(opened.session)
    context.schema.refresh_in_background()
    return Notice(f"Connected to {opened.session.options.describe()} (profile {profile.name})")
