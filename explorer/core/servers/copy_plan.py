"""What ``copy`` will do, worked out before anything is written: the plan it shows first.

The target collection is created from the source's stored config unless it exists; an existing
one must be compatible (:func:`copy_blockers`: every source property with the same type, the
same multi-tenancy, and with ``--vectors`` every named vector), and the plan says which it is.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession
from explorer.core.servers import rest_schema
from explorer.core.servers.schema_diff import SchemaDifference, diff_collections
from explorer.core.servers.stored_vectors import vectors_of
from explorer.core.transfer.formats import existing_collection
from explorer.core.where.filters import FilterExpr
from explorer.core.where.parser import parse_where

#: Activity statuses a tenant can be read or written in.
_ACTIVE = frozenset({"ACTIVE", "HOT"})


class CopyRefused(ExplorerError):
    """The copy cannot go ahead as asked; nothing was written."""


@dataclass(frozen=True)
class CopyRequest:
    collection: str
    #: The target's name (``--as``); the source's name when None.
    target_name: str | None = None
    #: A filter (``--where``), checked against the source's schema.
    where: str | None = None
    #: ``a,b`` or ``*`` (``--tenants``); every tenant of a multi-tenant source when None.
    tenants: str | None = None
    #: Copy the vectors (``--vectors``); without it the target's vectorizers compute them.
    with_vectors: bool = False
    #: Where the rows that fail go (default: ``copy-<source>-to-<target>.failed.jsonl`` here).
    failed_path: Path | None = None


@dataclass(frozen=True)
class CopyPlan:
    source: str
    target: str
    source_url: str
    target_url: str
    #: True when the target is created from the source's config.
    create: bool
    #: Tenants to copy, in order ((None,) for a collection without multi-tenancy).
    tenants: tuple[str | None, ...]
    #: Objects to copy per tenant (matching the filter).
    counts: tuple[int, ...]
    #: Tenants created on the target first.
    new_tenants: tuple[str, ...]
    #: Tenants left out, with why.
    skipped: tuple[tuple[str, str], ...]
    filters: FilterExpr | None
    where: str | None
    with_vectors: bool
    failed_path: Path
    #: Differences of an existing target that do not stop the copy.
    differences: tuple[SchemaDifference, ...] = ()
    notes: tuple[str, ...] = ()
    #: The stored config the target is created from (when ``create``).
    config: dict[str, Any] = field(default_factory=dict, repr=False)
    #: The source's config (explorer's model), read once.
    source_config: CollectionConfig | None = field(default=None, repr=False)

    @property
    def total(self) -> int:
        return sum(self.counts)

    def describe(self) -> list[str]:
        """The plan as lines to show before asking."""
        head = f"Copy {self.source} ({self.source_url}) to {self.target} ({self.target_url})"
        lines = [head]
        if self.create:
            lines.append(
                f"- {self.target} does not exist there: it is created from {self.source}'s config"
            )
        else:
            extra = (
                f", with {len(self.differences)} differences that do not stop the copy"
                if self.differences
                else ""
            )
            lines.append(f"- {self.target} exists there and is compatible{extra}")
            lines += [f"  · {d.section} {d.where}: {d.note or d.change}" for d in self.differences]
        if self.tenants != (None,):
            lines.append(f"- tenants: {', '.join(t for t in self.tenants if t)}")
        if self.new_tenants:
            lines.append(f"- tenants created on the target: {', '.join(self.new_tenants)}")
        lines += [f"- skipped tenant {name}: {why}" for name, why in self.skipped]
        if self.where:
            lines.append(f"- only objects matching: {self.where}")
        lines.append(
            f"- {self.total:,} objects"
            + (" with their vectors" if self.with_vectors else " without vectors")
            + " and references; objects keep their uuids, so a re-run replaces, never duplicates"
        )
        lines += [f"- {note}" for note in self.notes]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "source_url": self.source_url,
            "target_url": self.target_url,
            "create": self.create,
            "tenants": [t for t in self.tenants if t is not None],
            "counts": {t or "": n for t, n in zip(self.tenants, self.counts, strict=True)},
            "new_tenants": list(self.new_tenants),
            "skipped": {name: why for name, why in self.skipped},
            "where": self.where,
            "vectors": self.with_vectors,
            "total": self.total,
            "differences": [d.as_json() for d in self.differences],
            "notes": list(self.notes),
            "failed_path": str(self.failed_path),
        }


async def plan_copy(
    source: ExplorerSession, target: ExplorerSession, request: CopyRequest
) -> CopyPlan:
    """Read both sides and work out the plan; refuses (before any write) what cannot work."""
    target_name = request.target_name or request.collection
    target.require_writable(f"copy {request.collection} into {target_name}")
    if (
        source.options.display_url == target.options.display_url
        and target_name == request.collection
    ):
        raise CopyRefused(
            "Same collection", f"that copies {target_name} onto itself: give --as NEW_NAME"
        )
    source_config = await existing_collection(source, request.collection, "ls lists them")
    source_class = await rest_schema.read_class(source, request.collection)
    if source_class is None:
        raise CopyRefused("No such collection", f"{request.collection} is gone")
    wanted = renamed_config(source_class, target_name)
    filters = parse_where(request.where, source_config) if request.where else None
    target_schema = await rest_schema.read_schema(target)
    existing = target_schema.get(target_name)
    differences: tuple[SchemaDifference, ...] = ()
    if existing is None:
        _check_reference_targets(wanted, target_schema, target.options.display_url)
    else:
        differences = _compatible(existing, wanted, request.with_vectors)
    tenants, new_tenants, skipped = await _tenants(
        source, target, request, source_config.multi_tenant, existing is not None, target_name
    )
    counts = tuple(
        [await source.count(request.collection, tenant=t, filters=filters) for t in tenants]
    )
    failed_path = request.failed_path or Path.cwd() / (
        f"copy-{request.collection}-to-{target_name}.failed.jsonl"
    )
    return CopyPlan(
        source=request.collection,
        target=target_name,
        source_url=source.options.display_url,
        target_url=target.options.display_url,
        create=existing is None,
        tenants=tenants,
        counts=counts,
        new_tenants=new_tenants,
        skipped=skipped,
        filters=filters,
        where=request.where,
        with_vectors=request.with_vectors,
        failed_path=failed_path,
        differences=differences,
        notes=_vector_notes(wanted, request.with_vectors),
        config=wanted,
        source_config=source_config,
    )


def renamed_config(config: dict[str, Any], name: str) -> dict[str, Any]:
    """A stored config for a new collection ``name``: its references to itself follow."""
    out = copy.deepcopy(config)
    old = str(out.get("class"))
    out["class"] = name
    for prop in out.get("properties") or ():
        prop["dataType"] = [name if t == old else t for t in prop.get("dataType") or ()]
    sharding = out.get("shardingConfig")
    if (out.get("multiTenancyConfig") or {}).get("enabled"):
        out.pop("shardingConfig", None)  # a tenant is a shard: the server refuses both
    elif isinstance(sharding, dict):
        for derived in ("actualCount", "actualVirtualCount"):
            sharding.pop(derived, None)
    return out


def _check_reference_targets(
    config: dict[str, Any], schema: dict[str, Any], target_url: str
) -> None:
    name = str(config["class"])
    missing = sorted(
        {
            f"{prop['name']} → {target}"
            for prop in config.get("properties") or ()
            for target in prop.get("dataType") or ()
            if target[:1].isupper() and target != name and target not in schema
        }
    )
    if missing:
        raise CopyRefused(
            "Reference targets missing",
            f"{name} has references to collections {target_url} does not have "
            f"({', '.join(missing)}): copy those collections first",
        )


def copy_blockers(
    existing: dict[str, Any], wanted: dict[str, Any], with_vectors: bool
) -> tuple[list[str], tuple[SchemaDifference, ...]]:
    """Why an existing target cannot take the source's objects, and the harmless differences."""
    diff = diff_collections(existing, wanted)  # A = the target, B = what the source needs
    blockers: list[str] = []
    harmless: list[SchemaDifference] = []
    for difference in diff.differences:
        path = difference.path
        if difference.section == "properties" and (
            (difference.change == "added")
            or (path[-1] == "dataType" and difference.change == "changed")
        ):
            what = "has no property" if difference.change == "added" else "has another type for"
            blockers.append(f"the target {what} {difference.where}")
        elif difference.section == "multi-tenancy" and path == ("enabled",):
            blockers.append("multi-tenancy differs")
        elif (
            with_vectors
            and difference.section == "vectors"
            and len(path) == 1
            and difference.change == "added"
        ):
            blockers.append(f"the target has no vector {path[0]} (needed by --vectors)")
        else:
            harmless.append(difference)
    return blockers, tuple(harmless)


def _compatible(
    existing: dict[str, Any], wanted: dict[str, Any], with_vectors: bool
) -> tuple[SchemaDifference, ...]:
    blockers, harmless = copy_blockers(existing, wanted, with_vectors)
    if blockers:
        raise CopyRefused(
            "Target not compatible",
            f"{wanted['class']} exists on the target and cannot take these objects: "
            f"{'; '.join(blockers)}. Nothing was copied. Copy into a new collection (--as NEW), "
            "or make the target match (diff-schema … --apply adds missing properties)",
        )
    return harmless


async def _tenants(
    source: ExplorerSession,
    target: ExplorerSession,
    request: CopyRequest,
    multi_tenant: bool,
    target_exists: bool,
    target_name: str,
) -> tuple[tuple[str | None, ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The tenants to copy, those to create on the target, and those skipped (with why)."""
    if not multi_tenant:
        if request.tenants:
            raise CopyRefused(
                "Not multi-tenant", f"{request.collection} has no tenants: drop --tenants"
            )
        return (None,), (), ()
    statuses = {t.name: t.activity_status for t in await source.list_tenants(request.collection)}
    asked = (request.tenants or "*").strip()
    if asked == "*":
        names = sorted(statuses)
    else:
        names = list(dict.fromkeys(n.strip() for n in asked.split(",") if n.strip()))
        unknown = [n for n in names if n not in statuses]
        if unknown or not names:
            raise CopyRefused(
                "Unknown tenant",
                f"{request.collection} has no tenant {', '.join(unknown) or '(none named)'}; "
                f"it has {', '.join(sorted(statuses)[:20]) or 'none'}",
            )
    skipped = [
        (n, f"{statuses[n].lower()} on the source: activate it to copy it")
        for n in names
        if statuses[n] not in _ACTIVE
    ]
    names = [n for n in names if statuses[n] in _ACTIVE]
    there: dict[str, str] = {}
    if target_exists:
        there = {t.name: t.activity_status for t in await target.list_tenants(target_name)}
    for name in names:
        if name in there and there[name] not in _ACTIVE:
            skipped.append((name, f"{there[name].lower()} on the target: activate it there"))
    copied = [n for n in names if n not in there or there[n] in _ACTIVE]
    return tuple(copied), tuple(n for n in copied if n not in there), tuple(skipped)


def _vector_notes(config: dict[str, Any], with_vectors: bool) -> tuple[str, ...]:
    if with_vectors:
        return ()
    notes = []
    for name, vector in vectors_of(config).items():
        module = next(iter(vector.get("vectorizer") or {}), "none")
        if module == "none":
            notes.append(f"vector {name} has no vectorizer: without --vectors the copies have none")
        else:
            notes.append(f"vector {name} is computed again on the target by {module}")
    return tuple(notes)
