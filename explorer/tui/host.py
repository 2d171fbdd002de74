"""What helpers and mixins need of the app, as a small Protocol (never the concrete app)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from textual.screen import Screen

from explorer.tui.keymap import UserKeymap

if TYPE_CHECKING:
    from explorer.core.base.models import CollectionSummary
    from explorer.core.client.session import ExplorerSession
    from explorer.local.startup import OpenedSession


class ExplorerHost(Protocol):
    """The app as its helpers see it: state to read, and the screen with the panes."""

    collections: tuple[CollectionSummary, ...]
    opened: OpenedSession | None
    session: ExplorerSession | None
    keymap: UserKeymap

    @property
    def main_screen(self) -> Screen[object]: ...

    def open_collection(self, name: str, tenant: str | None = None) -> None: ...

    def show_pane(self, pane: str) -> object: ...

    def pane(self, key: str) -> Any: ...

    def with_pane(self, key: str, callback: Callable[[Any], object]) -> None: ...
