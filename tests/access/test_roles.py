"""Roles and permissions editing, user activation and "what can I do", on the real RBAC server."""

from __future__ import annotations

import uuid

import pytest
from weaviate.classes.rbac import Permissions

from explorer.core.admin import access
from explorer.core.admin.permission_matrix import permission_matrix
from explorer.core.admin.permissions import (
    DOMAINS,
    InvalidPermission,
    PermissionSpec,
    parse_permission,
)
from explorer.core.base.errors import AuthenticationFailed, ExplorerError, ReadOnlyRefused
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from explorer.local.startup import check_connection
from tests.access.conftest import ADMIN_KEY, options_for
from tests.repl.harness import ReplHarness

#: One permission string of every domain, with every action the server accepts.
EVERY_DOMAIN = (
    "collections:*:Jeopardy*",
    "data:create,read,update,delete:Jeopardy*:acme*",
    "tenants:*:Jeopardy*:acme*",
    "aliases:*:Jeo*:Jeopardy*",
    "backups:manage:Jeopardy*",
    "nodes:read",
    "nodes:read:verbose:Jeopardy*",
    "cluster:read",
    "roles:*:team*:match",
    "users:*:team*",
    "groups:*:team*",
    "replicate:*:Jeopardy*:shard*",
    "mcp:*",
)


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


async def role_texts(session: ExplorerSession, role: str) -> set[str]:
    roles = {r.name: r for r in await access.list_roles(session)}
    return {p.text for p in roles[role].permissions}


def one_per_action(texts: tuple[str, ...]) -> set[str]:
    """The strings as the server lists them back: one action each, every field written."""
    specs = [parse_permission(text) for text in texts]
    return {PermissionSpec(s.domain, (a,), s.resources).text for s in specs for a in s.actions}


async def test_every_domain_and_action_round_trips_through_the_server(
    admin_session: ExplorerSession,
) -> None:
    assert {parse_permission(t).domain for t in EVERY_DOMAIN} == set(DOMAINS)
    role = unique("every")
    await access.create_role(admin_session, role, tuple(parse_permission(t) for t in EVERY_DOMAIN))
    try:
        assert await role_texts(admin_session, role) == one_per_action(EVERY_DOMAIN)
    finally:
        await access.delete_role(admin_session, role)
    # The client offers read_backups; the v1.38 server refuses it, so the strings do not.
    with pytest.raises(InvalidPermission, match="backups has no action 'read'"):
        parse_permission("backups:read:Jeopardy")
    with pytest.raises(ExplorerError, match="HTTP 422"):
        async with admin_session.call():
            await admin_session.client.roles.create(
                role_name=unique("backupread"),
                permissions=Permissions.backup(collection="*", read=True),
            )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("colections:read:Movies", "unknown domain 'colections'; choose one of collections, data"),
        (
            "data:read:Movies:a:b",
            "too many parts; a data permission is data:ACTIONS:COLLECTION:TENANT",
        ),
        (
            "data:write:Movies",
            "data has no action 'write'; choose from create, read, update, delete",
        ),
        ("data", "no action; data allows create, read, update, delete (or * for all)"),
        ("data:read::acme", "the collection is empty; write * for every collection"),
        ("data:read:9lives", "'9lives' is not a collection name or pattern"),
        ("tenants:read:Movies:bad tenant", "'bad tenant' is not a tenant name or pattern"),
        ("nodes:read:loud", "the verbosity must be minimal or verbose, not 'loud'"),
        ("roles:read:x:some", "the scope must be match or all, not 'some'"),
        ("users:read:a/b", "has a / or is over 256 characters"),
        ("collections:read:Movies(", "is not a valid pattern"),
    ],
)
def test_bad_permission_strings_say_what_to_fix(text: str, says: str) -> None:
    with pytest.raises(InvalidPermission) as caught:
        parse_permission(text)
    assert says in caught.value.message


async def test_repl_role_create_change_and_delete(
    admin_session: ExplorerSession, viewer_session: ExplorerSession, rbac_server: LocalServer
) -> None:
    repl = ReplHarness(admin_session)
    role = unique("editors")
    created = await repl.json(
        f"role create {role} --permission 'collections:read:Jeopardy*' --permission data:read,update:Jeopardy*"
    )
    assert created == [
        {"role": role, "permission": "collections:read:Jeopardy*", "action": "created"},
        {"role": role, "permission": "data:read,update:Jeopardy*:*", "action": "created"},
    ]
    assert await role_texts(admin_session, role) == {
        "collections:read:Jeopardy*",
        "data:read:Jeopardy*:*",
        "data:update:Jeopardy*:*",
    }
    added = await repl.json(f"role add-permission {role} --permission tenants:read:Jeopardy*:acme*")
    assert added == [
        {"role": role, "permission": "tenants:read:Jeopardy*:acme*", "action": "added"}
    ]
    assert (await repl.run(f"role remove-permission {role} --permission data:update:Jeopardy*")).ok
    assert await role_texts(admin_session, role) == {
        "collections:read:Jeopardy*",
        "data:read:Jeopardy*:*",
        "tenants:read:Jeopardy*:acme*",
    }
    listed = {r["name"]: r for r in await repl.json("roles")}
    assert "tenants:read:Jeopardy*:acme*" in {p["permission"] for p in listed[role]["permissions"]}

    # A bad string is refused before anything is sent; the error points at its column.
    before = await role_texts(admin_session, role)
    bad = await repl.run(
        f"role add-permission {role} --permission cluster:read --permission data:write:X"
    )
    assert not bad.ok and "data has no action 'write'" in bad.err and "column " in bad.err
    assert await role_texts(admin_session, role) == before  # not even cluster:read was added
    missing = await repl.run(f"role create {unique('nothing')}")
    assert not missing.ok and "give at least one --permission" in missing.err
    builtin = await repl.run("role add-permission viewer --permission cluster:read")
    assert not builtin.ok and "built into the server" in builtin.err
    unknown = await repl.run(f"role add-permission {unique('ghost')} --permission cluster:read")
    assert not unknown.ok and "Not found: there is no role" in unknown.err

    denied = await ReplHarness(viewer_session).run(f"role delete {role} --yes")
    assert not denied.ok and "Permission denied: delete roles" in denied.err
    async with ExplorerSession(options_for(rbac_server, ADMIN_KEY, read_only=True)) as ro:
        refused = await ReplHarness(ro).run(f"role add-permission {role} --permission cluster:read")
        assert not refused.ok and "read-only" in refused.err
        with pytest.raises(ReadOnlyRefused):
            await access.create_role(ro, unique("ro"), (parse_permission("cluster:read"),))
    assert await role_texts(admin_session, role) == before

    asked = await repl.run(f"role delete {role}")  # nobody to ask, no --yes
    assert not asked.ok and "add --yes" in asked.err
    assert (await repl.json(f"role delete {role} --yes")) == [
        {"role": role, "permission": None, "action": "deleted"}
    ]
    assert role not in {r.name for r in await access.list_roles(admin_session)}
    # The existing role assign/revoke keep their shape.
    assert not (await repl.run("role assign someone")).ok


async def test_users_deactivate_and_activate(
    admin_session: ExplorerSession, rbac_server: LocalServer
) -> None:
    user_id = unique("user-")
    key = await access.create_user(admin_session, user_id)
    repl = ReplHarness(admin_session)
    try:
        assert await repl.json(f"users deactivate {user_id}") == [
            {"user": user_id, "role": None, "action": "deactivated"}
        ]
        with pytest.raises(AuthenticationFailed):
            await check_connection(options_for(rbac_server, key.api_key))
        listed = {u["user"]: u for u in await repl.json("users")}
        assert listed[user_id]["active"] is False
        again = await repl.json(f"users deactivate {user_id}")
        assert again[0]["action"] == "already deactivated"
        assert (await repl.json(f"users activate {user_id}"))[0]["action"] == "activated"
        async with ExplorerSession(options_for(rbac_server, key.api_key)) as as_user:
            assert (await access.whoami(as_user)).user_id == user_id

        wrong = await repl.run(f"users enable {user_id}")
        assert not wrong.ok and "choose activate, deactivate" in wrong.err
        static = await repl.run("users deactivate viewer")
        assert not static.ok and "static user" in static.err
        ghost = await repl.run(f"users deactivate {unique('ghost-')}")
        assert not ghost.ok and "Not found: there is no database user" in ghost.err
        async with ExplorerSession(options_for(rbac_server, ADMIN_KEY, read_only=True)) as ro:
            refused = await ReplHarness(ro).run(f"users deactivate {user_id}")
            assert not refused.ok and "read-only" in refused.err
        assert {u.user_id: u for u in await access.list_users(admin_session)}[user_id].active
    finally:
        await access.delete_user(admin_session, user_id)


async def test_what_can_i_do_matrix(
    admin_session: ExplorerSession, rbac_server: LocalServer
) -> None:
    suffix = uuid.uuid4().hex[:6]
    jeopardy, other = f"Jeopardy{suffix}", f"Other{suffix}"
    for name in (jeopardy, other):
        async with admin_session.call():
            await admin_session.client.collections.create(name)
    role, user_id = unique("reader"), unique("reader-")
    await access.create_role(
        admin_session,
        role,
        tuple(
            parse_permission(t)
            for t in (
                "collections:read:*",
                f"data:read,update:Jeopardy{suffix}",
                "tenants:read:Jeopardy*:acme*",
                "cluster:read",
            )
        ),
    )
    key = await access.create_user(admin_session, user_id)
    try:
        await access.assign_role(admin_session, user_id, role)
        async with ExplorerSession(options_for(rbac_server, key.api_key)) as as_user:
            repl = ReplHarness(as_user)
            rows = {r["collection"]: r for r in await repl.json(f"can {jeopardy} {other}")}
            assert rows[jeopardy]["read_collections"] == "yes"
            assert rows[jeopardy]["read_data"] == rows[jeopardy]["update_data"] == "yes"
            assert rows[jeopardy]["delete_data"] == "no"
            assert rows[jeopardy]["read_tenants"] == "tenants acme*"
            assert rows[other]["read_collections"] == "yes"
            assert rows[other]["read_data"] == rows[other]["read_tenants"] == "no"
            table = await repl.run("can")
            assert table.ok and jeopardy in table.out and "also: read_cluster" in table.out
            # What the matrix promises, the server does: reading Other's objects is refused.
            async with as_user.call():
                await as_user.client.collections.use(jeopardy).query.fetch_objects(limit=1)
            with pytest.raises(ExplorerError, match="Permission denied"):
                async with as_user.call():
                    await as_user.client.collections.use(other).query.fetch_objects(limit=1)
        admin = await access.whoami(admin_session)
        everything = permission_matrix(admin, [jeopardy])
        assert set(everything.rows[0].cells) == {"yes"}
        assert "create_users" in everything.other_actions
    finally:
        await access.delete_user(admin_session, user_id)
        await access.delete_role(admin_session, role)
        for name in (jeopardy, other):
            async with admin_session.call():
                await admin_session.client.collections.delete(name)
