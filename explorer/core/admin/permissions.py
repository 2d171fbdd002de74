"""Permission strings (``collections:read:Jeopardy*``): parsed and checked before anything is sent.

A permission string is ``DOMAIN:ACTIONS[:RESOURCE[:RESOURCE]]``:

- ``DOMAIN`` is one of :data:`DOMAINS` (``collections``, ``data``, ``tenants``, …);
- ``ACTIONS`` is a comma-separated list of the domain's actions (``read,update``), or ``*``
  for all of them; the server's full names (``read_data``) are accepted too;
- the resources are the domain's fields in order, each defaulting to ``*`` (every one); a
  ``*`` inside a name is a wildcard, as the server matches it (``Jeopardy*``).

The domains and actions are those a Weaviate v1.38 server accepts, which are fewer than the
client offers: ``read_backups`` is refused by the server, so backups have ``manage`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from explorer.core.base.errors import ExplorerError

#: The server's rule for a role name (adapters/handlers/rest/authz, v1.38).
_ROLE_NAME = re.compile(r"[A-Za-z][-_0-9A-Za-z]{0,63}")
#: A collection name, or a pattern over collection names (entities/schema, v1.38).
_COLLECTION = re.compile(r"\*|[A-Z][_0-9A-Za-z\-.*+?^$()|{}\[\]\\]{0,254}")
#: A tenant or shard name, or a pattern over them.
_TENANT = re.compile(r"[A-Za-z0-9\-_.*+?^$()|{}\[\]\\]{1,64}")
_MAX_TARGET = 256


class InvalidPermission(ExplorerError):
    """A permission string that cannot be sent as it is; the message says what to fix."""


@dataclass(frozen=True)
class Domain:
    name: str
    actions: tuple[str, ...]
    #: The resource fields, in the order a permission string gives them.
    fields: tuple[str, ...]
    #: A field's allowed values, where they are a fixed set (``nodes`` verbosity, role scope).
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: A field's default when left out (else ``*``).
    defaults: tuple[tuple[str, str], ...] = ()

    def full_action(self, short: str) -> str:
        return f"{short}_{self.name}"

    def default(self, field: str) -> str:
        return dict(self.defaults).get(field, "*")


_CRUD = ("create", "read", "update", "delete")
#: Every permission domain, as ``DOMAIN:ACTIONS:FIELDS`` (the server's action is ``<a>_<domain>``).
DOMAINS: dict[str, Domain] = {
    d.name: d
    for d in (
        Domain("collections", _CRUD, ("collection",)),
        Domain("data", _CRUD, ("collection", "tenant")),
        Domain("tenants", _CRUD, ("collection", "tenant")),
        Domain("aliases", _CRUD, ("alias", "collection")),
        Domain("backups", ("manage",), ("collection",)),
        Domain(
            "nodes",
            ("read",),
            ("verbosity", "collection"),
            choices=(("verbosity", ("minimal", "verbose")),),
            defaults=(("verbosity", "minimal"),),
        ),
        Domain("cluster", ("read",), ()),
        Domain(
            "roles",
            _CRUD,
            ("role", "scope"),
            choices=(("scope", ("match", "all")),),
            defaults=(("scope", "match"),),
        ),
        Domain("users", (*_CRUD, "assign_and_revoke"), ("user",)),
        Domain("groups", ("read", "assign_and_revoke"), ("group",)),
        Domain("replicate", _CRUD, ("collection", "shard")),
        Domain("mcp", ("create", "read", "update"), ()),
    )
}


@dataclass(frozen=True)
class PermissionSpec:
    """One checked permission string: a domain, its actions and its resource fields."""

    domain: str
    actions: tuple[str, ...]
    #: ``(field, value)`` in the domain's order, every field present.
    resources: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        """The canonical string: every field written, so it reads back the same."""
        parts = [self.domain, ",".join(self.actions), *(value for _f, value in self.resources)]
        if self.domain == "nodes" and dict(self.resources)["verbosity"] == "minimal":
            parts = parts[:3]  # a minimal nodes permission has no collection
        return ":".join(parts)

    def resource(self, field: str) -> str:
        return dict(self.resources)[field]

    def server_actions(self) -> tuple[str, ...]:
        return tuple(DOMAINS[self.domain].full_action(a) for a in self.actions)

    def to_client(self) -> list[Any]:
        """The weaviate-client permission objects for this string."""
        from weaviate.classes.rbac import Permissions, RoleScope

        r = dict(self.resources)
        flags = {action: True for action in self.actions}
        match self.domain:
            case "collections":
                return Permissions.collections(
                    collection=r["collection"],
                    create_collection=flags.get("create", False),
                    read_config=flags.get("read", False),
                    update_config=flags.get("update", False),
                    delete_collection=flags.get("delete", False),
                )
            case "data":
                return Permissions.data(collection=r["collection"], tenant=r["tenant"], **flags)
            case "tenants":
                return Permissions.tenants(collection=r["collection"], tenant=r["tenant"], **flags)
            case "aliases":
                return Permissions.alias(alias=r["alias"], collection=r["collection"], **flags)
            case "backups":
                return Permissions.backup(collection=r["collection"], manage=True)
            case "nodes":
                if r["verbosity"] == "minimal":
                    return Permissions.Nodes.minimal(read=True)
                return Permissions.Nodes.verbose(collection=r["collection"], read=True)
            case "cluster":
                return Permissions.cluster(read=True)
            case "roles":
                return Permissions.roles(role=r["role"], scope=RoleScope(r["scope"]), **flags)
            case "users":
                return Permissions.users(user=r["user"], **flags)
            case "groups":
                return Permissions.Groups.oidc(group=r["group"], **flags)
            case "replicate":
                return Permissions.replicate(collection=r["collection"], shard=r["shard"], **flags)
            case "mcp":
                return Permissions.mcp(**flags)
        raise AssertionError(self.domain)


def one_action_each(specs: tuple[PermissionSpec, ...]) -> dict[str, PermissionSpec]:
    """The specs split to one action each, by canonical text (as the server lists them)."""
    split = (
        PermissionSpec(spec.domain, (action,), spec.resources)
        for spec in specs
        for action in spec.actions
    )
    return {spec.text: spec for spec in split}


def permission_changes(
    old: tuple[PermissionSpec, ...], new: tuple[PermissionSpec, ...]
) -> tuple[tuple[PermissionSpec, ...], tuple[PermissionSpec, ...]]:
    """What to add and what to remove to turn a role's ``old`` permissions into ``new``."""
    before, after = one_action_each(old), one_action_each(new)
    added = tuple(after[t] for t in sorted(after.keys() - before.keys()))
    removed = tuple(before[t] for t in sorted(before.keys() - after.keys()))
    return added, removed


def check_role_name(name: str) -> str:
    """A role name as the server allows it: a letter, then letters, digits, ``-`` or ``_``."""
    name = name.strip()
    if not _ROLE_NAME.fullmatch(name):
        raise InvalidPermission(
            "Invalid role name",
            f"{name[:80]!r}: a role name starts with a letter and has only letters, digits, "
            "- and _ (at most 64 characters)",
        )
    return name


def parse_permission(text: str) -> PermissionSpec:
    """Check one permission string; :class:`InvalidPermission` says what to fix."""
    raw = text.strip()
    if not raw:
        raise _invalid(raw, "it is empty; write DOMAIN:ACTIONS[:RESOURCE…], e.g. data:read:Movies")
    domain_name, _, rest = raw.partition(":")
    domain = DOMAINS.get(domain_name.strip().lower())
    if domain is None:
        raise _invalid(raw, f"unknown domain {domain_name!r}; choose one of {', '.join(DOMAINS)}")
    parts = rest.split(":") if rest else []
    if not parts or not parts[0].strip():
        raise _invalid(
            raw, f"no action; {domain.name} allows {', '.join(domain.actions)} (or * for all)"
        )
    actions = _actions(raw, domain, parts[0])
    values = parts[1:]
    if len(values) > len(domain.fields):
        shape = ":".join((domain.name, "ACTIONS", *(f.upper() for f in domain.fields)))
        raise _invalid(raw, f"too many parts; a {domain.name} permission is {shape}")
    resources: list[tuple[str, str]] = []
    for index, field in enumerate(domain.fields):
        value = values[index].strip() if index < len(values) else domain.default(field)
        resources.append((field, _checked_field(raw, domain, field, value)))
    return PermissionSpec(domain.name, actions, tuple(resources))


def parse_permissions(texts: list[str] | tuple[str, ...]) -> tuple[PermissionSpec, ...]:
    """Check every string first, so nothing is sent unless all of them are good."""
    specs = tuple(parse_permission(text) for text in texts if text.strip())
    if not specs:
        raise InvalidPermission(
            "No permission", "give at least one --permission, e.g. collections:read:Movies"
        )
    return specs


def _actions(raw: str, domain: Domain, text: str) -> tuple[str, ...]:
    words = [w.strip().lower() for w in text.split(",")]
    if words == ["*"]:
        return domain.actions
    chosen: list[str] = []
    for word in words:
        short = word.removesuffix(f"_{domain.name}")
        if short not in domain.actions:
            raise _invalid(
                raw,
                f"{domain.name} has no action {word!r}; choose from "
                f"{', '.join(domain.actions)} (or * for all)",
            )
        if short not in chosen:
            chosen.append(short)
    return tuple(a for a in domain.actions if a in chosen)


def _checked_field(raw: str, domain: Domain, field: str, value: str) -> str:
    if not value:
        raise _invalid(raw, f"the {field} is empty; write * for every {field}")
    allowed = dict(domain.choices).get(field)
    if allowed is not None:
        if value.lower() not in allowed:
            raise _invalid(raw, f"the {field} must be {' or '.join(allowed)}, not {value!r}")
        return value.lower()
    if field == "collection":
        value = value[0].upper() + value[1:]  # the server stores it so
        if not _COLLECTION.fullmatch(value):
            raise _invalid(
                raw,
                f"{value!r} is not a collection name or pattern: start with a letter; use "
                "letters, digits, _ and * (e.g. Jeopardy*)",
            )
    elif field in ("tenant", "shard") and not _TENANT.fullmatch(value):
        raise _invalid(
            raw,
            f"{value!r} is not a {field} name or pattern: use 1-64 letters, digits, - _ and *",
        )
    if len(value) > _MAX_TARGET or "/" in value:
        raise _invalid(raw, f"the {field} {value[:40]!r} has a / or is over 256 characters")
    try:
        re.compile(value.replace("*", ".*"))
    except re.error as exc:
        raise _invalid(raw, f"the {field} {value!r} is not a valid pattern ({exc})") from None
    return value


def _invalid(raw: str, why: str) -> InvalidPermission:
    return InvalidPermission("Invalid permission", f"{raw[:120]!r}: {why}")


# -- from the server's answer back to strings --------------------------------------------------

_CLASS_DOMAINS = {
    "Collections": "collections",
    "Data": "data",
    "Tenants": "tenants",
    "Alias": "aliases",
    "Backups": "backups",
    "Nodes": "nodes",
    "Cluster": "cluster",
    "Roles": "roles",
    "Users": "users",
    "Groups": "groups",
    "Replicate": "replicate",
    "MCP": "mcp",
}
#: The client's field names where they differ from the permission string's.
_CLIENT_FIELDS = {"user": "users"}


def spec_of(permission: Any) -> PermissionSpec | None:
    """A client permission object (``DataPermissionOutput`` …) as a spec; None if unknown."""
    kind = type(permission).__name__.removesuffix("PermissionOutput").removesuffix("Permission")
    domain = DOMAINS.get(_CLASS_DOMAINS.get(kind.lstrip("_"), ""))
    if domain is None:
        return None
    actions: list[str] = []
    for action in permission.actions:
        value = str(getattr(action, "value", action))
        short = value.removesuffix(f"_{domain.name}")
        if short in domain.actions:
            actions.append(short)
    resources = tuple(
        (field, str(getattr(permission, _CLIENT_FIELDS.get(field, field), None) or "*"))
        for field in domain.fields
    )
    ordered = tuple(a for a in domain.actions if a in actions)
    return PermissionSpec(domain.name, ordered, resources) if ordered else None
