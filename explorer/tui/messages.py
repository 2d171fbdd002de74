"""Messages that panes and screens post up to the app (attributes down, messages up)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from explorer.core.query.codec import Request


class CancelRequested(Message):
    """Esc while a read runs: the app cancels the reads in flight (queries, pages, aggregates)."""


class StatusChanged(Message):
    """Local session state changed (e.g. the consistency level): the status bar redraws."""


class CollectionsChanged(Message):
    """Collections or their counts changed on the server: the app reloads the list."""


@dataclass
class OpenCollectionRequested(Message):
    """Open this collection in the panes (from the palette)."""

    name: str
    tenant: str | None = None


@dataclass
class ReplayRequested(Message):
    """Show this query in the query pane and run it (history, saved queries)."""

    request: Request


@dataclass
class UnexpectedError(Message):
    """A surprise (not an ExplorerError): the app shows the details modal, secrets redacted."""

    error: BaseException


@dataclass
class ObjectOpenRequested(Message):
    """Open this object in the detail view (from a lab view's results)."""

    collection: str
    uuid: str
