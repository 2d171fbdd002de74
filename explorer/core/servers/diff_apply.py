"""Make side A's collection match side B's, for the differences Weaviate can change in place.

The plan is the list of in-place differences; the front end shows it and asks for the
collection's name to be typed before :func:`apply_plan` sends anything. Each step is one request
(atomic on the server); a refused step stops the apply, and the result says what was done,
what failed and what was not tried. A read-only connection is refused before any request.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession
from explorer.core.servers import rest_schema
from explorer.core.servers.mutability import Fix
from explorer.core.servers.schema_diff import CollectionDiff, SchemaDifference


class NothingToApply(ExplorerError):
    """No difference can be changed in place."""


@dataclass(frozen=True)
class ApplyResult:
    collection: str
    applied: tuple[SchemaDifference, ...]
    #: The step the server refused, with its message (None when every step went through).
    failed: tuple[SchemaDifference, str] | None
    not_tried: tuple[SchemaDifference, ...]
    #: Differences that cannot be changed in place (left as they are).
    left: tuple[SchemaDifference, ...]

    def summary(self) -> str:
        parts = [f"{len(self.applied)} change{'s' if len(self.applied) != 1 else ''} applied"]
        if self.failed is not None:
            parts.append(f"{self.failed[0].where} refused: {self.failed[1]}")
        if self.not_tried:
            parts.append(f"{len(self.not_tried)} not tried after the refusal")
        if self.left:
            parts.append(f"{len(self.left)} cannot change in place and were left as they are")
        return f"{self.collection}: " + "; ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "collection": self.collection,
            "applied": [d.as_json() for d in self.applied],
            "failed": (
                {**self.failed[0].as_json(), "error": self.failed[1]}
                if self.failed is not None
                else None
            ),
            "not_tried": [d.as_json() for d in self.not_tried],
            "left": [d.as_json() for d in self.left],
        }


def apply_plan(diff: CollectionDiff) -> tuple[SchemaDifference, ...]:
    """The changes ``--apply`` would make, in order (new properties and vectors first)."""
    order = {"add_property": 0, "update": 1, "module": 2, "drop_index": 3}
    steps = [d for d in diff.differences if d.fix is not None]
    if not steps:
        raise NothingToApply(
            "Nothing to apply",
            f"none of the {len(diff.differences)} differences of {diff.a_name} can be changed "
            "in place"
            if diff.differences
            else f"{diff.a_name} already matches {diff.b_name}",
        )
    return tuple(sorted(steps, key=lambda d: order[d.fix.kind] if d.fix else 9))


async def apply_diff(
    session: ExplorerSession,
    diff: CollectionDiff,
    on_step: Callable[[SchemaDifference], None] | None = None,
) -> ApplyResult:
    """Apply the plan to side A (``session``), step by step; stops at the first refusal."""
    steps = apply_plan(diff)
    await session.approve(f"change {len(steps)} settings of collection {diff.a_name}")
    applied: list[SchemaDifference] = []
    failed: tuple[SchemaDifference, str] | None = None
    for step in steps:
        assert step.fix is not None
        try:
            await _apply_one(session, diff.a_name, step.fix)
        except rest_schema.SchemaRequestRefused as exc:
            failed = (step, exc.message)
            break
        applied.append(step)
        if on_step is not None:
            on_step(step)
    done = len(applied) + (1 if failed else 0)
    session.forget_config(diff.a_name)
    return ApplyResult(
        collection=diff.a_name,
        applied=tuple(applied),
        failed=failed,
        not_tried=steps[done:],
        left=diff.not_in_place,
    )


async def apply_fix(session: ExplorerSession, collection: str, fix: Fix) -> None:
    """One change, as it is (no plan, no question): for tests that try what the server takes."""
    await session.approve(f"change collection {collection}")
    await _apply_one(session, collection, fix)


async def _apply_one(session: ExplorerSession, collection: str, fix: Fix) -> None:
    if fix.kind == "add_property":
        await rest_schema.add_property(session, collection, fix.value)
        return
    if fix.kind == "drop_index":
        await rest_schema.drop_property_index(session, collection, fix.property, fix.index)
        return
    current = await rest_schema.read_class(session, collection)
    if current is None:
        raise ExplorerError("No such collection", f"{collection} is gone; nothing was changed")
    changed = copy.deepcopy(current)
    if fix.kind == "module":
        modules = {
            k: v
            for k, v in (changed.get("moduleConfig") or {}).items()
            if not str(k).startswith(fix.prefix)
        }
        changed["moduleConfig"] = {**modules, **(fix.value or {})}
    else:
        set_path(changed, fix.rest_path, fix.value, merge=fix.merge)
    await rest_schema.update_class(session, changed)


def set_path(
    config: dict[str, Any], path: tuple[str, ...], value: Any, *, merge: bool = False
) -> None:
    """Set ``path`` in a stored config; ``@name`` picks the property of that name; ``merge``
    updates the mapping there with ``value`` instead."""
    node: Any = config
    for key in path[:-1]:
        if key.startswith("@"):
            node = next(p for p in node if p.get("name") == key[1:])
        else:
            if key == "properties" and isinstance(node, dict):
                node = node.setdefault(key, [])
                continue
            node = node.setdefault(key, {})
    last = path[-1]
    if merge:
        node.setdefault(last, {}).update(value)
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value
