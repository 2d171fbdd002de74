"""Command palette: run a saved query, save the current one, copy it as code."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.tui.host import ExplorerHost
from explorer.tui.messages import ReplayRequested

if TYPE_CHECKING:  # the app's module, so its first frame, imports this one: no core here
    from explorer.core.query.codec import Request


class SavedQueriesProvider(Provider):
    """``Run saved query NAME`` for each saved query, plus save and copy-as-code."""

    async def startup(self) -> None:
        from explorer.core.store.saved_queries import SavedQueries

        try:
            self.saved: dict[str, Request] = await asyncio.to_thread(SavedQueries().all)
        except ExplorerError:
            self.saved = {}

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = cast(ExplorerHost, self.app)
        save = partial(app.with_pane, "query", lambda pane: pane.action_save_query())
        copy = partial(app.with_pane, "query", lambda pane: pane.action_copy_as_code())
        commands: list[tuple[str, Callable[[], Any], str]] = [
            ("Save the query as…", save, "Save the query pane's query by name"),
            ("Copy the query as code", copy, "Python for the async/sync client"),
        ]
        for name, request in getattr(self, "saved", {}).items():
            commands.append(
                (
                    f"Run saved query {safe_text(name)}",
                    partial(self.app.post_message, ReplayRequested(request)),
                    f"{request.collection}: {request.__class__.__name__}",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for text, run, help_text in self._commands():
            yield DiscoveryHit(text, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, run, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), run, help=help_text)
