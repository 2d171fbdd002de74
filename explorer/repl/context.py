"""What a command handler gets: the one session, the schema cache and the REPL's settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from explorer.core.admin.tenant_patterns import TenantSelector
from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import AggregateResult, CollectionConfig, QueryResult
from explorer.core.client.session import ExplorerSession
from explorer.core.query.codec import Request
from explorer.core.query.requests import AggregateRequest, SearchRequest
from explorer.core.store.history import QueryHistory
from explorer.core.store.recorded import run_recorded
from explorer.core.store.saved_queries import SavedQueries
from explorer.core.where.filters import FilterExpr
from explorer.core.where.parser import parse_where
from explorer.repl.schema_cache import SchemaCache

if TYPE_CHECKING:
    from explorer.local.startup import OpenedSession


@dataclass(frozen=True)
class AcrossTenantsQuery:
    """A search across tenants as ``code`` writes it again."""

    request: SearchRequest
    selector: TenantSelector
    concurrency: int


class FlagValues(Protocol):
    """What :meth:`ReplContext.where` reads of a parsed command (``ParsedCommand`` has it)."""

    def text(self, flag: str) -> str | None: ...


@dataclass
class ReplContext:
    """Shared state of one REPL: handlers read it and change ``output_format`` and ``last_request``."""

    session: ExplorerSession
    schema: SchemaCache
    output_format: str = "table"
    interactive: bool = False
    #: Asks the user a question at the terminal (None when there is nobody to ask).
    ask: Callable[[str], Awaitable[str]] | None = None
    #: The last search or aggregate run, for ``save`` and ``code``.
    last_request: Request | None = None
    #: The last search across tenants, for ``code`` (None once another query ran).
    last_across: AcrossTenantsQuery | None = None
    history: QueryHistory = field(default_factory=QueryHistory)
    saved: SavedQueries = field(default_factory=SavedQueries)
    #: The searches of the last lab command (``compare``, ``rag``), labelled, for ``code``.
    last_lab: tuple[str, tuple[tuple[str, SearchRequest], ...]] | None = None
    #: What the REPL opened (session and maybe a local server); ``connect`` replaces it.
    opened: OpenedSession | None = None

    def require_collection(self) -> str:
        """The current collection, or an error that says how to choose one."""
        name = self.session.current_collection
        if name is None:
            raise ExplorerError(
                "No collection selected", "choose one with `use <Collection>` (`ls` lists them)"
            )
        return name

    @property
    def tenant(self) -> str | None:
        return self.session.current_tenant

    async def current_config(self) -> CollectionConfig:
        return await self.session.collection_config(self.require_collection())

    def where(self, parsed: FlagValues, config: CollectionConfig) -> FilterExpr | None:
        """The command's ``--where`` filter, type-checked against the collection."""
        text = parsed.text("--where")
        if text is None or not text.strip():
            return None
        return parse_where(text, config)

    async def search(self, request: SearchRequest) -> QueryResult:
        """Run a search, put it in the query history and remember it as the last query."""
        result = await run_recorded(self.session, request, front_end="repl", history=self.history)
        self.last_request, self.last_across, self.last_lab = request, None, None
        return result

    def remember_lab(self, what: str, searches: tuple[tuple[str, SearchRequest], ...]) -> None:
        """The last query was a lab command's: ``code`` writes its searches, ``save`` has none."""
        self.last_request, self.last_across, self.last_lab = None, None, (what, searches)

    async def aggregate(self, request: AggregateRequest) -> AggregateResult:
        result = await run_recorded(self.session, request, front_end="repl", history=self.history)
        self.last_request, self.last_across, self.last_lab = request, None, None
        return result
