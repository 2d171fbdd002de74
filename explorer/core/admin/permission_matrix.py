"""What the current user can do: a matrix of collections × actions, from their roles' permissions.

Computed locally, the way the server matches: a resource with ``*`` is a pattern (``Jeopardy*``
matches ``JeopardyQuestion``), and the first letter of a collection pattern is upper case. A
data or tenants permission limited to some tenants shows as ``tenants <pattern>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from explorer.core.admin.access import CurrentUser
from explorer.core.admin.permissions import PermissionSpec, parse_permission

#: The per-collection actions, as the matrix's columns (the server's action names).
COLLECTION_ACTIONS = (
    "read_collections",
    "update_collections",
    "delete_collections",
    "read_data",
    "create_data",
    "update_data",
    "delete_data",
    "read_tenants",
    "create_tenants",
    "update_tenants",
    "delete_tenants",
    "manage_backups",
)
YES, NO = "yes", "no"


@dataclass(frozen=True)
class MatrixRow:
    collection: str
    #: ``yes``, ``no``, or ``tenants <pattern>[, <pattern>…]`` for each of :data:`COLLECTION_ACTIONS`.
    cells: tuple[str, ...]

    def cell(self, action: str) -> str:
        return self.cells[COLLECTION_ACTIONS.index(action)]


@dataclass(frozen=True)
class PermissionMatrix:
    user_id: str
    rows: tuple[MatrixRow, ...]
    #: Actions not tied to a collection the user may perform (``read_cluster``, ``create_users`` …).
    other_actions: tuple[str, ...]


@lru_cache(maxsize=512)
def _pattern(text: str) -> re.Pattern[str] | None:
    try:
        return re.compile(text.replace("*", ".*"))
    except re.error:
        return None


def matches(pattern: str, name: str) -> bool:
    """Whether a permission's resource pattern covers ``name``, as the server matches it."""
    if pattern == "*":
        return True
    compiled = _pattern(pattern[:1].upper() + pattern[1:])
    return compiled is not None and compiled.fullmatch(name) is not None


def user_specs(user: CurrentUser) -> tuple[PermissionSpec, ...]:
    """Every permission of the user's roles as a spec (each with one action)."""
    specs: list[PermissionSpec] = []
    for role in user.roles:
        for permission in role.permissions:
            if permission.text:
                specs.append(parse_permission(permission.text))
    return tuple(specs)


def permission_matrix(
    user: CurrentUser, collections: list[str] | tuple[str, ...]
) -> PermissionMatrix:
    """The matrix for ``collections`` (CPU only: run it off the event loop for many)."""
    specs = user_specs(user)
    rows = tuple(
        MatrixRow(name, tuple(_cell(specs, action, name) for action in COLLECTION_ACTIONS))
        for name in sorted(collections)
    )
    per_collection = {a.rsplit("_", 1)[-1] for a in COLLECTION_ACTIONS}
    other = sorted(
        {
            action
            for spec in specs
            if spec.domain not in per_collection
            for action in spec.server_actions()
        }
    )
    return PermissionMatrix(user.user_id, rows, tuple(other))


def _cell(specs: tuple[PermissionSpec, ...], action: str, collection: str) -> str:
    short, domain = action.split("_", 1)
    tenants: list[str] = []
    for spec in specs:
        if spec.domain != domain or short not in spec.actions:
            continue
        if not matches(spec.resource("collection"), collection):
            continue
        tenant = dict(spec.resources).get("tenant", "*")
        if tenant == "*":
            return YES
        tenants.append(tenant)
    return f"tenants {', '.join(sorted(set(tenants)))}" if tenants else NO
