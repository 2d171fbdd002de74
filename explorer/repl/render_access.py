"""Tables and JSON for the users-and-roles views (``whoami``, ``users``, ``roles``, new keys)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from explorer.core.admin.access import RoleInfo
from explorer.repl.cells import cell, listing
from explorer.repl.views import CurrentUserView, NewApiKeyView, RolesView, UsersView

AccessView = CurrentUserView | UsersView | RolesView | NewApiKeyView


def _role_data(role: RoleInfo) -> dict[str, Any]:
    return {
        "name": role.name,
        "permissions": [
            {"action": p.action, "resource": p.resource, "permission": p.text}
            for p in role.permissions
        ],
    }


def access_data(view: AccessView) -> Any:
    match view:
        case CurrentUserView(user=user, server=server):
            return {
                "server": server,
                "user": user.user_id,
                "roles": [_role_data(role) for role in user.roles],
                "groups": list(user.groups),
            }
        case UsersView(users=users):
            return [
                {
                    "user": u.user_id,
                    "type": u.user_type,
                    "active": u.active,
                    "roles": list(u.roles),
                    "created": u.created_at,
                    "key_prefix": u.key_prefix,
                }
                for u in users
            ]
        case RolesView(roles=roles):
            return [_role_data(role) for role in roles]
        case NewApiKeyView(key=key, action=action):
            return {"user": key.user_id, "action": action, "api_key": key.api_key}


def _permissions_table(roles: tuple[RoleInfo, ...]) -> RenderableType:
    table = listing("Role", "Action", "Resource", "Permission")
    for role in roles:
        if not role.permissions:
            table.add_row(cell(role.name), Text("(none)"), Text(""), Text(""))
        for permission in role.permissions:
            table.add_row(
                cell(role.name),
                cell(permission.action),
                cell(permission.resource),
                cell(permission.text),
            )
    return table


def access_rich(view: AccessView) -> RenderableType:
    match view:
        case CurrentUserView(user=user, server=server):
            head = Text.assemble(
                ("User ", "bold"),
                user.user_id,
                " on ",
                server,
                ("  roles: ", "bold"),
                ", ".join(user.role_names) or "none",
            )
            return Group(head, _permissions_table(user.roles))
        case UsersView(users=users):
            table = listing("User", "Type", "Active", "Roles", "Created", "Key starts")
            for u in users:
                table.add_row(
                    cell(u.user_id),
                    cell(u.user_type),
                    Text("yes" if u.active else "no"),
                    cell(", ".join(u.roles)),
                    cell(u.created_at.isoformat(timespec="seconds") if u.created_at else ""),
                    cell(u.key_prefix or ""),
                )
            return table
        case RolesView(roles=roles):
            return _permissions_table(roles)
        case NewApiKeyView(key=key, action=action):
            return Group(
                Text(f"{action}: the API key of {key.user_id} (shown only now; store it safely):"),
                Text(key.api_key, style="bold"),
            )
