"""Users and roles (RBAC): who am I, the users and roles, and changes where the user may.

A new or rotated API key is returned once in :class:`NewApiKey` and never kept or logged; its
``repr`` hides it. An operation the server refuses raises :class:`PermissionDenied` whose
message names the operation ("Permission denied: create users").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from explorer.core.admin.permissions import PermissionSpec, check_role_name, spec_of
from explorer.core.base.errors import (
    AuthenticationFailed,
    ExplorerError,
    NotFound,
    PermissionDenied,
)
from explorer.core.client.session import ExplorerSession

__all__ = ["check_role_name"]

_USER_ID = re.compile(r"^[A-Za-z0-9_@.\-]{1,128}$")
#: What ``created_at`` holds for users from the server's environment (no real date).
_NO_DATE_BEFORE = 1971


@dataclass(frozen=True)
class PermissionInfo:
    """One allowed action on a resource, e.g. ``read_data`` on ``collection=* tenant=*``."""

    action: str
    resource: str
    #: The same as a permission string (``data:read:*:*``), as ``role add-permission`` takes it.
    text: str = ""


@dataclass(frozen=True)
class RoleInfo:
    name: str
    permissions: tuple[PermissionInfo, ...] = ()

    def allows(self, action: str) -> bool:
        return any(p.action == action for p in self.permissions)


@dataclass(frozen=True)
class CurrentUser:
    user_id: str
    roles: tuple[RoleInfo, ...]
    groups: tuple[str, ...] = ()

    def can(self, action: str) -> bool:
        """Whether some role grants ``action`` (e.g. ``create_users``) on some resource."""
        return any(role.allows(action) for role in self.roles)

    @property
    def role_names(self) -> tuple[str, ...]:
        return tuple(role.name for role in self.roles)


@dataclass(frozen=True)
class UserInfo:
    user_id: str
    #: ``db_user`` (created through the API), ``db_env_user`` (from the server's settings), …
    user_type: str
    active: bool
    roles: tuple[str, ...]
    created_at: datetime | None = None
    #: The first letters of the user's key, as the server reports them.
    key_prefix: str | None = None


@dataclass(frozen=True)
class NewApiKey:
    """A key to show once: never stored, logged, or put in history."""

    user_id: str
    api_key: str = field(repr=False)


@contextmanager
def denied_as(what: str) -> Iterator[None]:
    """Name the operation in a permission error: "Permission denied: <what>"."""
    try:
        yield
    except PermissionDenied as exc:
        raise PermissionDenied("Permission denied", f"{what} ({exc.message})") from exc


def check_user_id(user_id: str) -> str:
    user_id = user_id.strip()
    if not _USER_ID.match(user_id):
        raise ExplorerError(
            "Invalid user name",
            f"{user_id!r}: use 1-128 letters, digits or _ @ . - (no spaces)",
        )
    return user_id


#: Roles the server defines itself: they cannot be created, changed or deleted.
BUILT_IN_ROLES = ("viewer", "admin", "root", "read-only")


def check_editable_role(role: str) -> str:
    role = check_role_name(role)
    if role in BUILT_IN_ROLES:
        raise ExplorerError(
            "Built-in role",
            f"{role!r} is built into the server and cannot be changed; create a role of your own",
        )
    return role


# -- reading ---------------------------------------------------------------------------------


async def whoami(session: ExplorerSession) -> CurrentUser:
    """The user the connection's credentials belong to, with their roles and permissions."""
    options = session.options
    try:
        with denied_as("read the current user"):
            async with session.call():
                own = await session.client.users.get_my_user()
    except AuthenticationFailed as exc:
        if options.api_key or options.oidc is not None:
            raise
        raise _anonymous(session) from exc
    if own is None:
        raise _anonymous(session)
    roles = tuple(role_info(role) for _name, role in sorted((own.roles or {}).items()))
    return CurrentUser(user_id=own.user_id, roles=roles, groups=tuple(own.groups or ()))


async def list_users(session: ExplorerSession) -> tuple[UserInfo, ...]:
    """The database users this user may see (the server leaves out the others)."""
    with denied_as("list users"):
        async with session.call():
            users = await session.client.users.db.list_all()
    return tuple(sorted((user_info(user) for user in users), key=lambda u: u.user_id))


async def list_roles(session: ExplorerSession) -> tuple[RoleInfo, ...]:
    """Every role this user may read, with its permissions."""
    with denied_as("list roles"):
        async with session.call():
            roles = await session.client.roles.list_all()
    return tuple(role_info(role) for _name, role in sorted(roles.items()))


def _anonymous(session: ExplorerSession) -> ExplorerError:
    return ExplorerError(
        "No current user",
        f"connected to {session.options.display_url} without credentials (anonymous access); "
        "connect with an API key or OIDC to see your user, roles and permissions",
    )


# -- changing --------------------------------------------------------------------------------


async def create_user(session: ExplorerSession, user_id: str) -> NewApiKey:
    """Create a database user; the returned key is the only time it is shown."""
    user_id = check_user_id(user_id)
    await session.approve(f"create the user {user_id}")
    with denied_as("create users"):
        async with session.call():
            key = await session.client.users.db.create(user_id=user_id)
    return NewApiKey(user_id, key)


async def delete_user(session: ExplorerSession, user_id: str) -> None:
    user_id = check_user_id(user_id)
    await session.approve(f"delete the user {user_id}")
    with denied_as("delete users"):
        async with session.call():
            deleted = await session.client.users.db.delete(user_id=user_id)
    if not deleted:
        raise ExplorerError("Not found", f"there is no database user {user_id!r}")


async def rotate_key(session: ExplorerSession, user_id: str) -> NewApiKey:
    """Give a database user a new API key (the old one stops working at once)."""
    user_id = check_user_id(user_id)
    await session.approve(f"rotate the API key of {user_id}")
    with denied_as("rotate API keys"):
        async with session.call():
            key = await session.client.users.db.rotate_key(user_id=user_id)
    return NewApiKey(user_id, key)


async def assign_role(session: ExplorerSession, user_id: str, role: str) -> None:
    user_id, role = check_user_id(user_id), check_role_name(role)
    await session.approve(f"assign the role {role} to {user_id}")
    with denied_as("assign roles"):
        async with session.call():
            await session.client.users.db.assign_roles(user_id=user_id, role_names=[role])


async def revoke_role(session: ExplorerSession, user_id: str, role: str) -> None:
    user_id, role = check_user_id(user_id), check_role_name(role)
    await session.approve(f"revoke the role {role} from {user_id}")
    with denied_as("revoke roles"):
        async with session.call():
            await session.client.users.db.revoke_roles(user_id=user_id, role_names=[role])


async def set_user_active(
    session: ExplorerSession, user_id: str, active: bool, *, revoke_key: bool = False
) -> bool:
    """Activate or deactivate a database user; False if it already was so.

    A deactivated user's key stops working until the user is activated again;
    ``revoke_key`` also drops the key, so activating needs a rotated one.
    """
    user_id = check_user_id(user_id)
    verb = "activate" if active else "deactivate"
    await session.approve(f"{verb} the user {user_id}")
    with denied_as(f"{verb} users"), _not_found(f"there is no database user {user_id!r}"):
        async with session.call():
            db = session.client.users.db
            if active:
                changed = await db.activate(user_id=user_id)
            else:
                changed = await db.deactivate(user_id=user_id, revoke_key=revoke_key)
    return bool(changed)


async def create_role(
    session: ExplorerSession, role: str, permissions: tuple[PermissionSpec, ...]
) -> None:
    """Create a role with checked permissions (see :mod:`explorer.core.admin.permissions`)."""
    role = check_editable_role(role)
    if not permissions:
        raise ExplorerError("No permission", f"give the role {role} at least one permission")
    await session.approve(f"create the role {role}")
    with denied_as("create roles"):
        async with session.call():
            await session.client.roles.create(
                role_name=role, permissions=[p.to_client() for p in permissions]
            )


async def delete_role(session: ExplorerSession, role: str) -> None:
    role = check_editable_role(role)
    await session.approve(f"delete the role {role}")
    with denied_as("delete roles"):
        async with session.call():
            if not await session.client.roles.exists(role):
                raise ExplorerError("Not found", f"there is no role {role!r}")
            await session.client.roles.delete(role)


async def add_permissions(
    session: ExplorerSession, role: str, permissions: tuple[PermissionSpec, ...]
) -> None:
    await _change_permissions(session, role, permissions, add=True)


async def remove_permissions(
    session: ExplorerSession, role: str, permissions: tuple[PermissionSpec, ...]
) -> None:
    """Take permissions from a role (one it does not have is no error, as on the server)."""
    await _change_permissions(session, role, permissions, add=False)


async def _change_permissions(
    session: ExplorerSession, role: str, permissions: tuple[PermissionSpec, ...], *, add: bool
) -> None:
    role = check_editable_role(role)
    await session.approve(
        f"{'add' if add else 'remove'} {_count(permissions)} "
        f"{'to' if add else 'from'} the role {role}"
    )
    sent = [p.to_client() for p in permissions]
    with denied_as("update roles"), _not_found(f"there is no role {role!r}"):
        async with session.call():
            roles = session.client.roles
            if add:
                await roles.add_permissions(role_name=role, permissions=sent)
            else:
                await roles.remove_permissions(role_name=role, permissions=sent)


def _count(permissions: tuple[PermissionSpec, ...]) -> str:
    return f"{len(permissions)} permission{'s' if len(permissions) != 1 else ''}"


@contextmanager
def _not_found(message: str) -> Iterator[None]:
    """A 404 from the server as a clear "Not found" error."""
    try:
        yield
    except NotFound as exc:
        raise NotFound("Not found", message) from exc


# -- conversion from weaviate-client objects -------------------------------------------------


def role_info(role: Any) -> RoleInfo:
    """A client ``Role`` as plain data: one :class:`PermissionInfo` per action."""
    permissions: list[PermissionInfo] = []
    for permission in getattr(role, "permissions", ()):
        fields = permission.model_dump(exclude={"actions"})
        resource = " ".join(
            f"{k}={getattr(v, 'value', v)}" for k, v in sorted(fields.items()) if v is not None
        )
        spec = spec_of(permission)
        for action in sorted(str(getattr(a, "value", a)) for a in permission.actions):
            text = ""
            if spec is not None:
                short = action.removesuffix(f"_{spec.domain}")
                text = PermissionSpec(spec.domain, (short,), spec.resources).text
            permissions.append(PermissionInfo(action, resource or "*", text))
    return RoleInfo(role.name, tuple(permissions))


def user_info(user: Any) -> UserInfo:
    created = user.created_at
    if created is not None and created.year < _NO_DATE_BEFORE:
        created = None
    return UserInfo(
        user_id=user.user_id,
        user_type=str(getattr(user.user_type, "value", user.user_type)),
        active=bool(user.active),
        roles=tuple(sorted(user.role_names or ())),
        created_at=created,
        key_prefix=user.api_key_first_letters,
    )
