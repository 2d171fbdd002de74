"""What command handlers return: plain values that :mod:`explorer.repl.render` formats.

Handlers never print, so the same result renders as a table, JSON or JSON lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.core.models import (
    AggregateResult,
    CollectionConfig,
    CollectionSummary,
    ObjectRecord,
    QueryResult,
)
from explorer.core.mutations import DeleteManyResult, DeletePreview, ObjectChanged
from explorer.repl.commands import CommandSpec


@dataclass(frozen=True)
class Notice:
    """A confirmation for a person at the prompt; scripts do not print it."""

    text: str


@dataclass(frozen=True)
class CountView:
    collection: str
    count: int


@dataclass(frozen=True)
class CollectionsView:
    collections: tuple[CollectionSummary, ...]


@dataclass(frozen=True)
class SchemaView:
    config: CollectionConfig


@dataclass(frozen=True)
class ObjectsView:
    result: QueryResult
    #: Property columns, in order.
    columns: tuple[str, ...]
    show_vectors: bool = False
    #: The user chose the columns, so JSON output keeps only those properties too.
    only_columns: bool = False


@dataclass(frozen=True)
class ObjectView:
    record: ObjectRecord
    show_vectors: bool = False


@dataclass(frozen=True)
class AggregateView:
    result: AggregateResult
    group_by: str | None = None


@dataclass(frozen=True)
class HelpView:
    commands: tuple[CommandSpec, ...]
    #: Show one command in full (syntax, aliases, every flag) rather than the overview.
    detailed: bool = False


@dataclass(frozen=True)
class ChangedView:
    """One object inserted, updated, replaced or deleted."""

    change: ObjectChanged


@dataclass(frozen=True)
class DeleteManyView:
    """A delete by filter: the dry run's preview, and the outcome unless it was only a dry run."""

    preview: DeletePreview
    result: DeleteManyResult | None = None
    #: The property columns of the examples.
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuitView:
    """Asks the REPL to stop after this command."""


View = (
    Notice
    | CountView
    | CollectionsView
    | SchemaView
    | ObjectsView
    | ObjectView
    | AggregateView
    | HelpView
    | ChangedView
    | DeleteManyView
    | QuitView
)
