"""Command palette providers: collections, and every action in the binding tables."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
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
    """Run any app-level action: found by its title, its description or its command name."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for binding in APP_BINDINGS:
            title = f"{binding.description} ({binding.key_display or binding.key})"
            # The title scores highest; "bm25" finds Query through its description.
            score = max(
                matcher.match(title),
                0.9 * matcher.match(binding.tooltip),
                0.8 * matcher.match(command_name(binding)),
            )
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title) if matcher.match(title) else title,
                    partial(self.app.run_action, binding.action),
                    text=title,
                    help=binding.tooltip,
                )


def command_name(binding: Binding) -> str:
    """``app.query`` → ``query``, and the action, as words: what a user may type for it."""
    name = (binding.id or "").rpartition(".")[2]
    action = binding.action.replace("_", " ").replace("(", " ").replace("'", "").rstrip(")")
    return f"{name} {action}"
