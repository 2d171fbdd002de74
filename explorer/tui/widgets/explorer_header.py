"""Textual's Header, whose title update survives the header being taken down."""

from __future__ import annotations

import contextlib

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class ExplorerHeader(Header):
    """A title change that lands while the header's screen closes found no HeaderTitle, and
    Textual 8's NoMatches ended the app (key monkey, seed 2026 after 4,515 keys): it is
    skipped, as Textual already skips a header with no screen."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # Header's own handler would add the watchers that raise

        async def set_title() -> None:
            with contextlib.suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
