"""The collections list: name, object count, named vectors with vectorizers, multi-tenancy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.reactive import var
from textual.widgets import DataTable

from explorer.core.base.formatting import format_count, safe_text
from explorer.tui.bindings import COLLECTIONS_BINDINGS
from explorer.tui.widgets.explorer_table import ExplorerTable

if TYPE_CHECKING:  # the list is in the first frame, before the core is imported
    from explorer.core.base.models import CollectionPreview, CollectionSummary
    from explorer.core.client.session import ExplorerSession

#: The list takes at most this share of the screen's width, and never less than MIN_WIDTH.
MAX_SHARE = 0.5
MIN_WIDTH = 30
#: The border on the right and the vertical scrollbar.
CHROME = 3
#: A long name gives way to the vectors down to this many characters.
NAME_MIN = 16


class CollectionsTable(ExplorerTable):
    DEFAULT_CSS = """
    CollectionsTable {
        height: 1fr;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(COLLECTIONS_BINDINGS)
    #: The app's session (bound in the app's compose).
    session: var[ExplorerSession | None] = var(None)

    @dataclass
    class CollectionSelected(Message):
        name: str

    def __init__(self) -> None:
        super().__init__(id="collections")
        self.border_title = "Collections"

    def on_mount(self) -> None:
        self.add_column("Collection", key="name")
        self.add_column("Objects", key="count")
        self.add_column("Vectors (vectorizer)", key="vectors")
        self.add_column("MT", key="mt")

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        if old is not None and old is not new:
            self.show(())  # the old server's list goes; the app loads the new one

    def show(
        self, collections: tuple[CollectionSummary, ...] | tuple[CollectionPreview, ...]
    ) -> None:
        """The list; a preview (read before the client was ready) whose vectors are not known
        says "…" for them."""
        selected = self.selected_name
        self.clear()
        # Measured anew: a column fitted to the last list (fixed, or as wide as a name that is
        # gone) would not measure this one (the table widens auto-width columns only).
        for column in self.columns.values():
            column.auto_width = True
            column.content_width = column.label.cell_len
        for item in collections:
            known = item.vectors
            vectors = (
                "…"
                if known is None
                else ", ".join(f"{v.name} ({v.vectorizer})" for v in known) or "—"
            )
            counting = item.count is None and not item.multi_tenant
            self.add_row(
                Text(safe_text(item.name, 60)),
                Text("…" if counting else format_count(item.count), justify="right"),
                Text(safe_text(vectors, 80)),
                Text("MT", style="bold") if item.multi_tenant else Text(""),
                key=item.name,
            )
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected))
        self.fit_width()

    def fit_width(self) -> None:
        """As wide as the columns' content needs, within MIN_WIDTH and MAX_SHARE of the screen;
        when that is too narrow, a long name gives way so the vectors stay readable."""
        columns = {str(k.value): c for k, c in self.columns.items()}
        name, vectors = columns.get("name"), columns.get("vectors")
        if name is None or vectors is None:
            return
        for column in (name, vectors):
            column.auto_width = True
        padding = 2 * self.cell_padding
        needed = sum(c.get_render_width(self) for c in columns.values()) + CHROME
        limit = max(MIN_WIDTH, int(self.app.size.width * MAX_SHARE))
        if needed > limit:
            space = (
                limit
                - CHROME
                - sum(
                    c.get_render_width(self)
                    for k, c in columns.items()
                    if k not in ("name", "vectors")
                )
            )
            space -= 2 * padding
            name_width = max(min(name.content_width, NAME_MIN), space - vectors.content_width)
            name.width, name.auto_width = max(name_width, 1), False
            vectors.width, vectors.auto_width = max(space - name.width, 1), False
            self._require_update_dimensions = True
            self.refresh()
            needed = limit
        self.styles.width = max(MIN_WIDTH, needed)

    def on_resize(self) -> None:
        self.fit_width()

    def show_count(self, name: str, count: int | None, why_none: str = "—") -> None:
        """A count that arrived after the list (or ``why_none`` it did not)."""
        if name in self.rows:
            text = format_count(count) if count is not None else why_none
            self.update_cell(name, "count", Text(text, justify="right"), update_width=True)

    @property
    def selected_name(self) -> str | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value
        return str(key) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.CollectionSelected(str(event.row_key.value)))
