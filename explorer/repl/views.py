"""What command handlers return: plain values that :mod:`explorer.repl.render` formats.

Handlers never print, so the same result renders as a table, JSON or JSON lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from rich.console import Console

from explorer.core.admin.access import CurrentUser, NewApiKey, RoleInfo, UserInfo
from explorer.core.admin.backups import BackupInfo, BackupProgress
from explorer.core.base.models import (
    AggregateResult,
    CollectionConfig,
    CollectionSummary,
    ObjectRecord,
    QueryResult,
)
from explorer.core.objects.mutations import DeleteManyResult, DeletePreview, ObjectChanged
from explorer.repl.commands import CommandSpec


@dataclass(frozen=True)
class Notice:
    """A confirmation for a person at the prompt; scripts do not print it."""

    text: str


@dataclass(frozen=True)
class Done(Notice):
    """What a command changed: said at the prompt, and on stderr in scripts (stdout stays data)."""


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
class RecordsView:
    """Rows of named columns (tenants, aliases, what a change did): a table or JSON rows."""

    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    #: A dim line under the table (not part of the JSON).
    caption: str = ""


@dataclass(frozen=True)
class JsonDocumentView:
    """One JSON document (a collection config), printed as JSON in every format."""

    data: Any


@dataclass(frozen=True)
class TransferView:
    """The final report of an import or export: one summary line and its figures."""

    summary: str
    data: dict[str, Any]
    #: (row, error) of the first failed rows, shown under the summary.
    failures: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class BackupsView:
    backups: tuple[BackupInfo, ...]


@dataclass(frozen=True)
class BackupProgressView:
    progress: BackupProgress


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


@runtime_checkable
class ShowsItself(Protocol):
    """A view that prints itself (e.g. source code, which must not be wrapped or styled)."""

    def show(self, console: Console, output_format: str, *, interactive: bool) -> None: ...


@dataclass(frozen=True)
class CurrentUserView:
    user: CurrentUser
    server: str


@dataclass(frozen=True)
class UsersView:
    users: tuple[UserInfo, ...]


@dataclass(frozen=True)
class RolesView:
    roles: tuple[RoleInfo, ...]


@dataclass(frozen=True)
class NewApiKeyView:
    """A new key, printed this once (the command line in history never holds it)."""

    key: NewApiKey
    action: str


View = (
    Notice
    | CountView
    | CollectionsView
    | SchemaView
    | ObjectsView
    | ObjectView
    | AggregateView
    | HelpView
    | RecordsView
    | JsonDocumentView
    | BackupsView
    | BackupProgressView
    | ChangedView
    | DeleteManyView
    | QuitView
    | ShowsItself
    | CurrentUserView
    | UsersView
    | RolesView
    | NewApiKeyView
    | TransferView
)
