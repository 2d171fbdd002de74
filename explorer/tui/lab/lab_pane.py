"""The Lab tab: a tab per view (``views.LAB_VIEWS``), each bound to the app's session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var
from textual.widgets import TabbedContent, TabPane

from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession
from explorer.tui.lab.views import LAB_VIEWS, ShowsCollection


class LabPane(Vertical):
    DEFAULT_CSS = """
    LabPane { height: 1fr; }
    LabPane #lab-views { height: 1fr; }
    """
    #: The app's session (bound in the app's compose), passed on to every view.
    session: var[ExplorerSession | None] = var(None)

    def __init__(self) -> None:
        super().__init__(id="lab-pane")

    def compose(self) -> ComposeResult:
        with TabbedContent(id="lab-views"):
            for view in LAB_VIEWS:
                with TabPane(view.title, id=view.tab_id):
                    yield view.make().data_bind(LabPane.session)

    def show_collection(self, config: CollectionConfig) -> None:
        """The current collection, for every view that uses one."""
        for pane in self.query(TabPane):
            for child in pane.children:
                if isinstance(child, ShowsCollection):
                    child.show_collection(config)

    def focus_active_view(self) -> None:
        """Focus the active view's first field (what the Lab key does)."""
        self.call_after_refresh(self._focus_first_field)

    def _focus_first_field(self) -> None:
        views = self.query_one("#lab-views", TabbedContent)
        pane = views.get_pane(views.active) if views.active else None
        if pane is not None:
            for widget in pane.query("Input, Select, SelectionList"):
                if widget.focusable:
                    self.screen.set_focus(widget)
                    return
