"""Users and roles: ``whoami``, ``users``, ``roles``, ``user …`` and ``role …``."""

from __future__ import annotations

import asyncio

from explorer.core.admin import access
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
ROLE_ACTIONS = ("assign", "revoke")
YES = FlagSpec("--yes", (), "Do not ask: confirm by this flag (for scripts)")


@command("whoami", "whoami", "The current user, their roles and their permissions")
async def whoami(context: ReplContext, _parsed: ParsedCommand) -> CurrentUserView:
    user = await access.whoami(context.session)
    return CurrentUserView(user, context.session.options.display_url)


@command("users", "users", "List the database users (those you may see)")
async def users(context: ReplContext, _parsed: ParsedCommand) -> UsersView:
    return UsersView(await access.list_users(context.session))


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
    "role assign|revoke <user> <role>",
    "Assign a role to a database user, or revoke it",
    positionals=(PositionalSpec("action"), PositionalSpec("user"), PositionalSpec("role")),
)
async def role(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    action_word = parsed.positionals["action"]
    user_id, role_name = parsed.positionals["user"].text, parsed.positionals["role"].text
    match action_word.text:
        case "assign":
            await access.assign_role(context.session, user_id, role_name)
            return _changed(user_id, role_name, "assigned")
        case "revoke":
            await access.revoke_role(context.session, user_id, role_name)
            return _changed(user_id, role_name, "revoked")
    raise parsed.error(action_word, f"choose {', '.join(ROLE_ACTIONS)}, not {action_word.text!r}")


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
