"""Command palette: run a saved query, save the current one, copy it as code."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.core.query.codec import Request
from explorer.core.store.saved_queries import SavedQueries
from explorer.tui.host import ExplorerHost
from explorer.tui.messages import ReplayRequested
from explorer.tui.panes.query_pane import QueryPane


class SavedQueriesProvider(Provider):
    """``Run saved query NAME`` for each saved query, plus save and copy-as-code."""

    async def startup(self) -> None:
        try:
            self.saved: dict[str, Request] = await asyncio.to_thread(SavedQueries().all)
        except ExplorerError:
            self.saved = {}

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        pane = cast(ExplorerHost, self.app).main_screen.query_one(QueryPane)
        commands: list[tuple[str, Callable[[], Any], str]] = [
            ("Save the query as…", pane.action_save_query, "Save the query pane's query by name"),
            (
                "Copy the query as code",
                pane.action_copy_as_code,
                "Python for the async/sync client",
            ),
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
