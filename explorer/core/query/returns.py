"""What a query must name to get every value of an object back.

Weaviate leaves blob properties out unless they are named in ``return_properties``, and it
resolves a multi-target reference only one target collection per query: an object's
references therefore take one query per target collection of its widest multi-target reference.
"""

from __future__ import annotations

from typing import Any

from explorer.core.base.models import CollectionConfig


def returned_properties(config: CollectionConfig) -> list[str] | None:
    """Every property name when the collection has a blob (else None: the server sends all)."""
    if any(p.data_type == "blob" for p in config.properties):
        return [p.name for p in config.properties]
    return None


def multi_target_references(config: CollectionConfig) -> frozenset[str]:
    """Reference properties that may point into more than one collection."""
    return frozenset(name for name, targets in config.references if len(targets) > 1)


def reference_rounds(config: CollectionConfig) -> list[list[Any]]:
    """``return_references`` lists, one per query, that together return every reference.

    The first holds every single-target reference and the first target of each multi-target
    one; each further list the next target of the multi-target references.
    """
    from weaviate.classes.query import QueryReference

    rounds = max((len(targets) for _name, targets in config.references), default=0)
    out: list[list[Any]] = []
    for index in range(rounds):
        found: list[Any] = []
        for name, targets in config.references:
            if len(targets) == 1 and index == 0:
                found.append(QueryReference(link_on=name, return_properties=[]))
            elif len(targets) > 1 and index < len(targets):
                found.append(
                    QueryReference.MultiTarget(
                        link_on=name, target_collection=targets[index], return_properties=[]
                    )
                )
        out.append(found)
    return out


def resolved_references(columns: tuple[str, ...]) -> list[Any]:
    """``return_references`` for reference columns: ``ref`` (its targets) and ``ref.prop``."""
    from weaviate.classes.query import QueryReference

    wanted: dict[str, list[str]] = {}
    for column in columns:
        reference, _, name = column.partition(".")
        names = wanted.setdefault(reference, [])
        if name and name not in names:
            names.append(name)
    return [QueryReference(link_on=ref, return_properties=names) for ref, names in wanted.items()]
