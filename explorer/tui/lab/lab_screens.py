"""Each lab view as a screen of its own, opened from the command palette."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType

from explorer.core.client.session import ExplorerSession
from explorer.tui.bindings import LAB_SCREEN_BINDINGS
from explorer.tui.lab.health_view import VectorHealthView
from explorer.tui.lab.lab_view import LabView
from explorer.tui.lab.map_view import VectorMapView
from explorer.tui.lab.recall_view import SearchQualityView
from explorer.tui.screen_stack import ClosesOnlyItself
from explorer.tui.widgets.explorer_header import ExplorerHeader
from explorer.tui.widgets.keys_footer import KeysFooter


class LabScreen(ClosesOnlyItself[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(LAB_SCREEN_BINDINGS)
    TITLE = "Lab"

    def __init__(self, session: ExplorerSession, collection: str) -> None:
        super().__init__()
        self.session = session
        self.collection = collection

    def make_view(self) -> LabView:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield ExplorerHeader(show_clock=False, icon="◆")
        view = self.make_view()
        view.session = self.session
        view.collection = self.collection
        yield view
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = self.collection

    def action_close(self) -> None:
        self.dismiss()


class VectorMapScreen(LabScreen):
    TITLE = "Vector map"

    def __init__(
        self, session: ExplorerSession, collection: str, highlighted: frozenset[str] = frozenset()
    ) -> None:
        super().__init__(session, collection)
        self.highlighted = highlighted

    def make_view(self) -> LabView:
        view = VectorMapView()
        view.highlighted = self.highlighted
        return view


class VectorHealthScreen(LabScreen):
    TITLE = "Vector health"

    def make_view(self) -> LabView:
        return VectorHealthView()


class SearchQualityScreen(LabScreen):
    TITLE = "Search quality"

    def make_view(self) -> LabView:
        return SearchQualityView()
