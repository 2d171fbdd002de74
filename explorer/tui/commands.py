"""Command palette providers: collections, and every action in the binding tables."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from explorer.core.base.formatting import safe_text
from explorer.tui.bindings import APP_BINDINGS

if TYPE_CHECKING:
    from explorer.tui.app import ExplorerApp


class CollectionsProvider(Provider):
    """Open a collection by name."""

    def _names(self) -> list[str]:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        return [c.name for c in app.collections]

    async def discover(self) -> Hits:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        for name in self._names():
            yield DiscoveryHit(
                f"Open collection {safe_text(name)}", partial(app.open_collection, name)
            )

    async def search(self, query: str) -> Hits:
        app: ExplorerApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for name in self._names():
            text = f"Open collection {safe_text(name)}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(app.open_collection, name))


class ActionsProvider(Provider):
    """Run any app-level action by its description."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for binding in APP_BINDINGS:
            text = f"{binding.description} ({binding.key_display or binding.key})"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self.app.run_action, binding.action),
                    help=binding.tooltip,
                )
