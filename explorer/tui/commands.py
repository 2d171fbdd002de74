"""Command palette providers: collections, and every action in the binding tables."""

from __future__ import annotations

from functools import partial
from typing import cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from explorer.core.base.formatting import safe_text
from explorer.tui.bindings import APP_BINDINGS
from explorer.tui.host import ExplorerHost
from explorer.tui.messages import OpenCollectionRequested


class CollectionsProvider(Provider):
    """Open a collection by name."""

    def _names(self) -> list[str]:
        return [c.name for c in cast(ExplorerHost, self.app).collections]

    def _open(self, name: str) -> None:
        self.app.post_message(OpenCollectionRequested(name))

    async def discover(self) -> Hits:
        for name in self._names():
            yield DiscoveryHit(f"Open collection {safe_text(name)}", partial(self._open, name))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._names():
            text = f"Open collection {safe_text(name)}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._open, name))


class ActionsProvider(Provider):
    """Run any app-level action: found by its title, its description or its command name."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        keymap = cast(ExplorerHost, self.app).keymap
        for binding in APP_BINDINGS:
            title = f"{binding.description} ({keymap.key_of(binding)})"
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
