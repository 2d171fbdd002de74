"""The objects of the current collection: cursor paging past 10,000, filter and sort."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import Worker

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import format_value, safe_text
from explorer.core.base.models import CollectionConfig, ObjectRecord
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest, SortSpec
from explorer.core.store.recorded import run_recorded
from explorer.core.where.examples import GENERIC_FILTER, filter_example
from explorer.core.where.filters import FilterExpr
from explorer.tui.bindings import OBJECTS_BINDINGS
from explorer.tui.code_actions import open_code_screen
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.panes.object_editing import ObjectEditing
from explorer.tui.screens.value_screen import ValueScreen
from explorer.tui.widgets.explorer_table import ExplorerTable, column_widths

CELL_WIDTH = 40
DEFAULT_PAGE_SIZE = 50


def page_rows(objects: tuple[ObjectRecord, ...], properties: list[str]) -> list[tuple[Text, ...]]:
    """One row per object: its uuid, then each property as one truncated, inert line."""
    return [
        (
            Text(record.uuid[:8] + "…"),  # the full uuid is one key away (v, enter)
            *(
                Text(safe_text(format_value(record.properties.get(n)), CELL_WIDTH))
                for n in properties
            ),
        )
        for record in objects
    ]


class ObjectsPane(ObjectEditing, Vertical):
    DEFAULT_CSS = """
    ObjectsPane { height: 1fr; }
    ObjectsPane #objects-info { height: 1; padding: 0 1; color: $text-muted; }
    ObjectsPane #objects-filter-bar { height: auto; display: none; }
    ObjectsPane #objects-filter-bar.visible { display: block; }
    ObjectsPane #objects-where { width: 2fr; }
    ObjectsPane #objects-sort { width: 1fr; }
    ObjectsPane ExplorerTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(OBJECTS_BINDINGS)

    @dataclass
    class ObjectOpened(Message):
        collection: str
        uuid: str

    def __init__(self, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        super().__init__(id="objects-pane")
        self.session: ExplorerSession | None = None
        self.config: CollectionConfig | None = None
        self.page_size = page_size
        #: ``after`` cursor of each page visited so far (cursor paging).
        self.cursors: list[str | None] = [None]
        self.page_index = 0
        self.has_next = False
        self.filters: FilterExpr | None = None
        self.sort: tuple[SortSpec, ...] = ()
        #: The objects on screen, in row order.
        self.records: tuple[ObjectRecord, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("Pick a collection (1) to browse its objects.", id="objects-info")
        with Horizontal(id="objects-filter-bar"):
            yield Input(placeholder=f"where, {GENERIC_FILTER}", id="objects-where")
            yield Input(placeholder="sort: prop[:desc], …", id="objects-sort")
        yield ExplorerTable(id="objects-table", cursor_type="cell")

    @property
    def table(self) -> ExplorerTable:
        return self.query_one("#objects-table", ExplorerTable)

    @property
    def row_uuids(self) -> list[str]:
        return [record.uuid for record in self.records]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    # -- attributes down ---------------------------------------------------------------------

    def show_collection(self, session: ExplorerSession, name: str) -> None:
        self.session = session
        self.config = None
        self.filters, self.sort = None, ()
        self.query_one("#objects-where", Input).value = ""
        self.query_one("#objects-sort", Input).value = ""
        self._restart(name)

    def _restart(self, name: str) -> None:
        self.cursors, self.page_index = [None], 0
        self.load_page(name)

    # -- loading -----------------------------------------------------------------------------

    @work(exclusive=True, group="objects", exit_on_error=False)
    async def load_page(self, name: str) -> None:
        session = self.session
        assert session is not None
        self.table.loading = True
        try:
            if self.config is None or self.config.name != name:
                self.config = await session.collection_config(name)
                self.query_one(
                    "#objects-where", Input
                ).placeholder = f"where, e.g. {filter_example(self.config)}"
            if self.filters is not None or self.sort:
                result = await run_recorded(session, self.page_request(name), front_end="tui")
                objects = result.objects
                self.has_next = len(objects) == self.page_size
            else:
                page = await session.fetch_page(
                    name,
                    limit=self.page_size,
                    after=self.cursors[self.page_index],
                    tenant=session.current_tenant,
                )
                objects = page.objects
                self.has_next = page.next_after is not None
                if self.has_next and len(self.cursors) == self.page_index + 1:
                    self.cursors.append(page.next_after)
        finally:
            self.table.loading = False
        properties = [p.name for p in self.config.properties]
        labels = ["uuid", *(safe_text(name, CELL_WIDTH) for name in properties)]
        rows = await asyncio.to_thread(page_rows, objects, properties)  # big pages: off the loop
        widths = await asyncio.to_thread(column_widths, labels, rows)
        self._render_page(objects, properties, rows, widths)

    def _render_page(
        self,
        objects: tuple[ObjectRecord, ...],
        properties: list[str],
        rows: list[tuple[Text, ...]],
        widths: list[int],
    ) -> None:
        assert self.config is not None
        table = self.table
        table.clear(columns=True)
        table.add_column("uuid", key="uuid", width=widths[0])
        for name, width in zip(properties, widths[1:], strict=True):
            table.add_column(safe_text(name, CELL_WIDTH), key=f"p:{name}", width=width)
        self.records = objects
        table.add_rows(rows)
        first = self.page_index * self.page_size + 1 if objects else 0
        last = self.page_index * self.page_size + len(objects)
        described = []
        if self.filters is not None:
            described.append("filtered")
        if self.sort:
            described.append(
                "sorted by "
                + ", ".join(s.property + (":desc" if s.descending else "") for s in self.sort)
            )
        more = "more →" if self.has_next else "end"
        self.query_one("#objects-info", Static).update(
            Text(
                f"{safe_text(self.config.name)} · page {self.page_index + 1} · objects {first}–{last} · {more}"
                + (f" · {', '.join(described)}" if described else "")
            )
        )

    # -- actions -----------------------------------------------------------------------------

    @guarded
    def action_next_page(self) -> None:
        if self.config is None or not self.has_next:
            self.notify("This is the last page.", markup=False)
            return
        self.page_index += 1
        self.load_page(self.config.name)

    @guarded
    def action_previous_page(self) -> None:
        if self.config is None or self.page_index == 0:
            self.notify("This is the first page.", markup=False)
            return
        self.page_index -= 1
        self.load_page(self.config.name)

    @guarded
    def action_escape(self) -> None:
        """Esc cancels a page load; otherwise it closes the filter bar and returns to the table."""
        cancel_calls = getattr(self.app, "cancel_calls", None)
        if callable(cancel_calls) and cancel_calls():
            return
        self.query_one("#objects-filter-bar").remove_class("visible")
        self.table.focus()

    @guarded
    def action_export_objects(self) -> None:
        """Export the collection on screen, with the filter applied here."""
        from explorer.core.where.parser import format_where
        from explorer.tui.screens.export_screen import ExportScreen

        if self.session is None or self.config is None:
            self.notify("Open a collection first (1).", markup=False)
            return
        where = format_where(self.filters) if self.filters is not None else ""
        self.app.push_screen(
            ExportScreen(self.session, self.config.name, self.session.current_tenant, where=where)
        )

    @guarded
    def action_edit_filter(self) -> None:
        bar = self.query_one("#objects-filter-bar")
        bar.add_class("visible")
        self.query_one("#objects-where", Input).focus()

    @on(Input.Submitted, "#objects-where, #objects-sort")
    @guarded
    def apply_filter(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply_filter_inputs()

    def apply_where_text(self, text: str) -> None:
        """Filter by ``text`` (from the filter builder), as if typed into the filter bar."""
        self.query_one("#objects-filter-bar").add_class("visible")
        self.query_one("#objects-where", Input).value = text
        self._apply_filter_inputs()

    def reload(self, *, from_start: bool) -> None:
        """Load the objects again after a change: the same page, or from the first."""
        if self.config is None:
            return
        if from_start:
            self._restart(self.config.name)
        else:
            self.load_page(self.config.name)

    def _apply_filter_inputs(self) -> None:
        if self.config is None:
            return
        from explorer.core.where.parser import parse_sort, parse_where

        where = self.query_one("#objects-where", Input).value.strip()
        sort = self.query_one("#objects-sort", Input).value.strip()
        try:
            self.filters = parse_where(where, self.config) if where else None
            self.sort = parse_sort(sort, self.config)
        except ExplorerError as exc:
            show_error(self.app, exc)
            return
        self.table.focus()
        self._restart(self.config.name)

    def _record_under_cursor(self) -> ObjectRecord | None:
        if self.table.row_count == 0:
            return None
        return self.records[self.table.cursor_row]

    @on(ExplorerTable.CellSelected, "#objects-table")
    @guarded
    def open_selected(self, event: ExplorerTable.CellSelected) -> None:
        event.stop()
        self.action_open_object()

    @guarded
    def action_open_object(self) -> None:
        record = self._record_under_cursor()
        if record is not None:
            self.post_message(self.ObjectOpened(record.collection, record.uuid))

    @guarded
    def action_view_value(self) -> None:
        record = self._record_under_cursor()
        if record is None or self.config is None:
            return
        column = self.table.cursor_column
        properties = [p.name for p in self.config.properties]
        if column == 0 or not properties:
            self.app.push_screen(ValueScreen("uuid", record.uuid))
            return
        name = properties[min(column - 1, len(properties) - 1)]
        self.app.push_screen(ValueScreen(f"{record.uuid} · {name}", record.properties.get(name)))

    def page_request(self, name: str) -> SearchRequest:
        """The page on screen as a plain fetch (cursor pages become offsets)."""
        session = self.session
        return SearchRequest(
            name,
            "fetch",
            filters=self.filters,
            sort=self.sort,
            limit=self.page_size,
            offset=self.page_index * self.page_size or None,
            tenant=session.current_tenant if session else None,
        )

    @guarded
    def action_copy_as_code(self) -> None:
        if self.config is None or self.session is None:
            self.notify("Pick a collection first (1).", markup=False)
            return
        open_code_screen(self.app, self.page_request(self.config.name), self.session, self.config)
