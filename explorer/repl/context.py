"""What a command handler gets: the one session, the schema cache and the REPL's settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.core.errors import ExplorerError
from explorer.core.filters import FilterExpr
from explorer.core.models import CollectionConfig
from explorer.core.session import ExplorerSession
from explorer.core.where import parse_where
from explorer.repl.commands import ParsedCommand
from explorer.repl.schema_cache import SchemaCache

if TYPE_CHECKING:
    from explorer.startup import OpenedSession


@dataclass
class ReplContext:
    """Shared state of one REPL: handlers read it and change only ``output_format``."""

    session: ExplorerSession
    schema: SchemaCache
    output_format: str = "table"
    interactive: bool = False
    #: Asks the user a question at the terminal (None when there is nobody to ask).
    ask: Callable[[str], Awaitable[str]] | None = None
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

    def where(self, parsed: ParsedCommand, config: CollectionConfig) -> FilterExpr | None:
        """The command's ``--where`` filter, type-checked against the collection."""
        text = parsed.text("--where")
        if text is None or not text.strip():
            return None
        return parse_where(text, config)
