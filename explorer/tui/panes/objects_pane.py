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
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import format_value, safe_text
from explorer.core.base.models import CollectionConfig, ObjectRecord, SortSpec
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.core.store.recorded import run_recorded
from explorer.core.where.examples import GENERIC_FILTER, filter_example
from explorer.core.where.filters import FilterExpr
from explorer.tui import workers
from explorer.tui.bindings import OBJECTS_BINDINGS
from explorer.tui.code_actions import open_code_screen
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.messages import CancelRequested
from explorer.tui.panes.object_editing import ObjectEditing
from explorer.tui.screen_stack import open_screen
from explorer.tui.screens.value_screen import ValueScreen
from explorer.tui.settings import DEFAULT_PAGE_SIZE
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.loading_later import shown_later
from explorer.tui.widgets.table_rows import TextRows, content_widths
from explorer.tui.widgets.text_input import TextInput
from explorer.tui.workers import cancel_workers_of, reads_in_flight

CELL_WIDTH = 40
#: A bigger page shows its first rows as soon as they arrive (more than a screen holds), and the
#: rest when it has it: 10,000 objects take about a second to fetch and parse.
FIRST_SLICE = 100


def page_rows(objects: tuple[ObjectRecord, ...], columns: list[str]) -> TextRows:
    """One row per object: its uuid, then each column (a property, a reference's targets or a
    property of them, see :meth:`ObjectRecord.column_value`) as one truncated, inert line."""
    return TextRows(
        [
            (
                record.uuid[:8] + "…",  # the full uuid is one key away (v, enter)
                *(safe_text(format_value(_cell_value(record, n)), CELL_WIDTH) for n in columns),
            )
            for record in objects
        ]
    )


def _page_view(
    objects: tuple[ObjectRecord, ...], columns: list[str], labels: list[str]
) -> tuple[TextRows, list[int]]:
    """A page's rows and its columns' widths, in one trip to a thread."""
    rows = page_rows(objects, columns)
    return rows, content_widths(labels, rows)


def _cell_value(record: ObjectRecord, column: str) -> object:
    """A reference column shows its targets' uuids; ``ref.prop`` that property of them."""
    if column in record.references:
        uuids = record.references[column]
        return uuids[0] if len(uuids) == 1 else list(uuids) or None
    return record.column_value(column)


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
    #: The app's session (bound in the app's compose).
    session: var[ExplorerSession | None] = var(None)

    @dataclass
    class ObjectOpened(Message):
        collection: str
        uuid: str

    def __init__(self, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        super().__init__(id="objects-pane")
        #: The collection on show; its config arrives with the first page.
        self.collection: str | None = None
        self.config: CollectionConfig | None = None
        self.page_size = page_size
        #: ``after`` cursor of each page reached so far (cursor paging); one entry per page.
        self.cursors: list[str | None] = [None]
        #: The page on screen, and the page the keys asked for (ahead of it while loading).
        self.page_index = 0
        self.target_page = 0
        #: The last page, once a load has seen the end.
        self.last_page: int | None = None
        self.has_next = False
        #: The page on screen is its first slice; the rest is loading (see FIRST_SLICE).
        self.loading_rest = False
        #: Says "loading page N…" if the page being loaded takes long (``shown_later``).
        self._loading_line: Timer | None = None
        #: The cursors of the walk whose page is on screen (see ``_page_on_screen``).
        self._cursors_on_screen: list[str | None] | None = None
        self.filters: FilterExpr | None = None
        self.sort: tuple[SortSpec, ...] = ()
        #: The objects on screen, in row order.
        self.records: tuple[ObjectRecord, ...] = ()
        #: Single-target reference -> the property of its target its column shows (None: uuid).
        self.reference_columns: dict[str, str | None] = {}
        #: The column labels of the pages shown since the rows were last cleared, and the widest
        #: each column has been (see :meth:`_steady_widths`).
        self.kept_widths: tuple[tuple[str, ...], list[int]] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Pick a collection (1) to browse its objects.", id="objects-info")
        with Horizontal(id="objects-filter-bar"):
            yield TextInput(placeholder=f"where, {GENERIC_FILTER}", id="objects-where")
            yield TextInput(placeholder="sort: prop[:desc], …", id="objects-sort")
        yield ExplorerTable(id="objects-table", cursor_type="cell")

    @property
    def table(self) -> ExplorerTable:
        return self.query_one("#objects-table", ExplorerTable)

    @property
    def row_uuids(self) -> list[str]:
        return [record.uuid for record in self.records]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)
        if event.worker.group != workers.OBJECTS or event.state not in (
            WorkerState.CANCELLED,
            WorkerState.ERROR,
        ):
            return
        if any(
            w.group == workers.OBJECTS and w.node is self and not w.is_finished
            for w in self.app.workers
        ):
            return  # a restarted load (n, r, another collection) says what it loads
        if self.loading_rest:
            # The first slice stays on screen, and the info line says the rest is not coming.
            self.loading_rest = False
            self.has_next = False
            self._show_info(partial=True)
        elif event.state == WorkerState.CANCELLED:
            if self._page_on_screen():
                # Esc on n or p: the page on screen stays, and its line with it; n and p go on
                # from it.
                self.target_page = self.page_index
                self._show_info()
            elif self.collection is not None and self.session is not None:
                # Esc on a new collection, filter or sort: what is on screen is not what was
                # asked for, and the line says so.
                self.query_one("#objects-info", Static).update(
                    Text(f"{self._where(self.collection)} · loading cancelled"), layout=False
                )

    def _page_on_screen(self) -> bool:
        """Whether the rows on screen are a page of what the pane shows now: the same
        collection, filter and sort (each of which starts a new list of cursors)."""
        return bool(self.records) and self._cursors_on_screen is self.cursors

    # -- attributes down ---------------------------------------------------------------------

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        """Another connection: nothing of the old server's stays on screen or in flight."""
        if old is None or old is new:
            return
        cancel_workers_of(self)
        self.config, self.records, self.filters, self.sort = None, (), None, ()
        self.cursors, self.page_index, self.has_next = [None], 0, False
        self.collection, self.target_page, self.last_page = None, 0, None
        self.reference_columns, self.kept_widths = {}, None
        self.query_one("#objects-where", Input).value = ""
        self.query_one("#objects-sort", Input).value = ""
        self.table.clear(columns=True)
        self.query_one("#objects-info", Static).update(
            "Pick a collection (1) to browse its objects."
        )

    def show_collection(self, name: str) -> None:
        self.collection, self.config = name, None
        self.reference_columns = {}
        self.filters, self.sort = None, ()
        self.query_one("#objects-where", Input).value = ""
        self.query_one("#objects-sort", Input).value = ""
        # The last collection's rows go at once: no key may act on them as this one's.
        self._clear_rows(Text(f"Loading {self._where(name)}…"))
        self._restart(name)

    def _clear_rows(self, info: Text) -> None:
        """No rows, and ``info`` in their place: row actions find nothing to act on."""
        self.records = ()
        self.has_next = self.loading_rest = False
        self.kept_widths = None
        self.table.clear(columns=True)
        self.query_one("#objects-info", Static).update(info, layout=False)  # one line high

    def _restart(self, name: str) -> None:
        self.cursors, self.page_index, self.target_page, self.last_page = [None], 0, 0, None
        self.kept_widths = None
        self.load_page(name)

    # -- loading -----------------------------------------------------------------------------

    @work(exclusive=True, group=workers.OBJECTS, exit_on_error=False)
    async def load_page(self, name: str) -> None:
        """Walk to ``target_page``, one page at a time from the furthest page already reached.

        Each n/p moves ``target_page`` and restarts this worker; pages reached before a restart
        keep their cursors, so a burst of keys costs one walk and lands where the keys said.
        """
        session = self.session
        assert session is not None
        cursors = self.cursors  # a restart (new collection, filter, reconnect) replaces the list
        # Not ``table.loading``: Textual ignores the keys of a loading widget, so n/p pressed
        # during a load would be lost. The info line says what is coming instead, once the
        # wait has lasted (most pages come sooner: nothing flashes, no extra frame is drawn).
        with shown_later(self, lambda: self._show_loading(name)) as self._loading_line:
            await self._walk(session, name, cursors)

    async def _walk(self, session: ExplorerSession, name: str, cursors: list[str | None]) -> None:
        """The pages from the furthest reached to ``target_page``; the last one is shown."""
        try:
            if self.config is None or self.config.name != name:
                self.config = await session.collection_config(name)
                self.reference_columns = {
                    ref: None for ref, targets in self.config.references if len(targets) == 1
                }
                self.query_one(
                    "#objects-where", Input
                ).placeholder = f"where, e.g. {filter_example(self.config)}"
            while True:
                index = min(self.target_page, len(cursors) - 1)
                objects, has_next, next_after = await self._fetch(
                    session, name, index, cursors, shown=index >= self.target_page
                )
                if cursors is not self.cursors:
                    return
                if has_next and len(cursors) == index + 1:
                    cursors.append(next_after)
                if not objects and index > 0:  # a full last page is followed by an empty one
                    self.last_page = index - 1
                    self.target_page = min(self.target_page, index - 1)
                    continue
                if not has_next:
                    self.last_page = index
                    self.target_page = min(self.target_page, index)
                if index >= self.target_page:
                    break
        except Exception as exc:  # the failure replaces the rows; the toast says it too
            error = (
                exc if isinstance(exc, ExplorerError) else ExplorerError("Load failed", str(exc))
            )
            self._clear_rows(
                Text(
                    f"{self._where(name)} could not be loaded: "
                    f"{safe_text(error.title)}: {safe_text(error.message)} · no rows"
                )
            )
            raise
        await self._show_page(objects, index, has_next)

    async def _show_page(
        self,
        objects: tuple[ObjectRecord, ...],
        index: int,
        has_next: bool,
        *,
        first_slice: bool = False,
    ) -> None:
        """Page ``index`` in the table; ``first_slice``: its first rows, the rest on the way."""
        assert self.config is not None
        if self._loading_line is not None:
            self._loading_line.stop()  # the page shows: "loading page N…" is past
        columns = [p.name for p in self.config.properties] + list(self.reference_column_keys)
        labels = ["uuid", *(self._column_title(name) for name in columns)]
        rows, widths = await asyncio.to_thread(_page_view, objects, columns, labels)
        widths = self._steady_widths(labels, widths)
        slice_shown = self.page_index == index and self.loading_rest
        self.page_index, self.has_next, self.loading_rest = index, has_next, first_slice
        self._cursors_on_screen = self.cursors
        self._render_page(objects, columns, rows, widths, keep_row=slice_shown)

    def _steady_widths(self, labels: list[str], widths: list[int]) -> list[int]:
        """A column keeps the widest width it had on the pages shown before, while the columns
        stay the same: turning a page does not make the columns jump, and the rest of a big
        page goes below its first slice instead of redrawing the table (a frame of 7–8 ms of CPU
        under load). A new collection, filter, sort or connection starts again (``_restart``)."""
        kept = self.kept_widths
        if kept is not None and kept[0] == tuple(labels):
            widths = [max(pair) for pair in zip(widths, kept[1], strict=True)]
        self.kept_widths = (tuple(labels), widths)
        return widths

    def _column_title(self, name: str) -> str:
        """A property's name, or a reference column's with an arrow (R changes what it shows)."""
        title = f"{name} →" if name.partition(".")[0] in self.reference_columns else name
        return safe_text(title, CELL_WIDTH)

    @property
    def reference_column_keys(self) -> tuple[str, ...]:
        """``ref`` or ``ref.prop`` for each single-target reference column."""
        return tuple(
            f"{ref}.{prop}" if prop else ref for ref, prop in self.reference_columns.items()
        )

    def _show_loading(self, name: str) -> None:
        self.query_one("#objects-info", Static).update(
            Text(f"{safe_text(name)} · loading page {self.target_page + 1}…"), layout=False
        )

    async def _fetch(
        self,
        session: ExplorerSession,
        name: str,
        index: int,
        cursors: list[str | None],
        *,
        shown: bool = False,
    ) -> tuple[tuple[ObjectRecord, ...], bool, str | None]:
        """Page ``index``: by offset when filtered or sorted, else by its cursor. A big page that
        is to be ``shown`` shows its first :data:`FIRST_SLICE` rows while the rest loads."""
        if self.filters is not None or self.sort:
            request = self.page_request(name, index)
            result = await run_recorded(session, request, front_end="tui")
            return result.objects, len(result.objects) == self.page_size, None
        sliced = shown and self.page_size > FIRST_SLICE
        page = await session.fetch_page(
            name,
            limit=FIRST_SLICE if sliced else self.page_size,
            after=cursors[index],
            tenant=session.current_tenant,
            references=self.reference_column_keys,
        )
        if not sliced or page.next_after is None or cursors is not self.cursors:
            return page.objects, page.next_after is not None, page.next_after
        await self._show_page(page.objects, index, True, first_slice=True)
        rest = await session.fetch_page(
            name,
            limit=self.page_size - FIRST_SLICE,
            after=page.next_after,
            tenant=session.current_tenant,
            references=self.reference_column_keys,
        )
        return page.objects + rest.objects, rest.next_after is not None, rest.next_after

    def _render_page(
        self,
        objects: tuple[ObjectRecord, ...],
        properties: list[str],
        rows: TextRows,
        widths: list[int],
        *,
        keep_row: bool = False,
    ) -> None:
        """``keep_row``: the rows complete the first slice on screen, so the cursor stays."""
        assert self.config is not None
        table = self.table
        if keep_row and self._completes_slice(objects, properties, widths):
            # The rows on screen stay as they are drawn; only the rest is added below them.
            shown = len(self.records)
            self.records = objects
            table.add_rows(rows.tail(shown))
            self._show_info()
            return
        column = table.cursor_column  # R on a reference column keeps the cursor on it
        row = table.cursor_row if keep_row else 0
        table.clear(columns=True)
        table.add_column("uuid", key="uuid", width=widths[0])
        for name, width in zip(properties, widths[1:], strict=True):
            table.add_column(self._column_title(name), key=f"p:{name}", width=width)
        self.records = objects
        table.add_rows(rows)
        if rows:
            table.move_cursor(
                row=min(row, len(rows) - 1), column=column if column <= len(properties) else 0
            )
        self._show_info()

    def _completes_slice(
        self, objects: tuple[ObjectRecord, ...], properties: list[str], widths: list[int]
    ) -> bool:
        """Whether ``objects`` begin with the rows on screen, in columns of the same widths."""
        table = self.table
        shown = self.records
        if table.row_count != len(shown) or len(objects) < len(shown):
            return False
        if any(old is not new for old, new in zip(shown, objects, strict=False)):
            return False
        keys = ["uuid", *(f"p:{name}" for name in properties)]
        return [(c.key.value, c.width) for c in table.ordered_columns] == list(
            zip(keys, widths, strict=True)
        )

    def _show_info(self, *, partial: bool = False) -> None:
        """The info line for the page on screen; ``partial``: its rest failed or was cancelled."""
        assert self.config is not None
        objects = self.records
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
        if partial:
            more = "the rest of the page did not load (r reloads)"
        elif self.loading_rest:
            more = "loading the rest…"
        else:
            more = "more →" if self.has_next else "end"
        if objects:
            shown = f"objects {first}–{last}"
        else:
            shown = "no objects match" if self.filters is not None else "no objects"
        self.query_one("#objects-info", Static).update(
            Text(
                f"{safe_text(self.config.name)} · page {self.page_index + 1} · {shown} · {more}"
                + (f" · {', '.join(described)}" if described else "")
            ),
            layout=False,  # one line high whatever it says: no layout of the screen
        )

    # -- actions -----------------------------------------------------------------------------

    @guarded
    def action_next_page(self) -> None:
        if self.collection is None:
            self.notify("Pick a collection first (1).", markup=False)
            return
        if self.last_page is not None and self.target_page >= self.last_page:
            self.notify("This is the last page.", markup=False)
            return
        self.target_page += 1
        self.load_page(self.collection)

    @guarded
    def action_previous_page(self) -> None:
        if self.collection is None or self.target_page == 0:
            self.notify("This is the first page.", markup=False)
            return
        self.target_page -= 1
        self.load_page(self.collection)

    @guarded
    def action_escape(self) -> None:
        """Esc cancels a page load; otherwise it closes the filter bar and returns to the table."""
        if reads_in_flight(self.app.workers):
            self.post_message(CancelRequested())
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
        open_screen(
            self.app,
            ExportScreen(self.session, self.config.name, self.session.current_tenant, where=where),
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
            self.last_page = None  # a change may have moved the end
            self.target_page = self.page_index
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
            open_screen(self.app, ValueScreen("uuid", record.uuid))
            return
        references = self.reference_column_keys
        if 0 <= column - 1 - len(properties) < len(references):
            key = references[column - 1 - len(properties)]
            open_screen(self.app, ValueScreen(f"{record.uuid} · {key}", record.column_value(key)))
            return
        name = properties[min(column - 1, len(properties) - 1)]
        open_screen(self.app, ValueScreen(f"{record.uuid} · {name}", record.properties.get(name)))

    @guarded
    def action_reference_property(self) -> None:
        """On a reference column: show the next property of its target (after the last, the
        uuid again)."""
        if self.config is None or not self.records:
            return
        properties = [p.name for p in self.config.properties]
        column = self.table.cursor_column - 1 - len(properties)
        references = list(self.reference_columns)
        if not 0 <= column < len(references):
            self.notify("Move to a reference column (→) first.", markup=False)
            return
        reference = references[column]
        target = dict(self.config.references)[reference][0]
        schema = self.config.reference_schemas.get(target)
        choices: list[str | None] = [None, *(p.name for p in (schema.properties if schema else ()))]
        shown = self.reference_columns[reference]
        self.reference_columns[reference] = choices[(choices.index(shown) + 1) % len(choices)]
        self.load_page(self.config.name)

    def page_request(self, name: str, index: int | None = None) -> SearchRequest:
        """Page ``index`` (the one on screen by default) as a plain fetch: cursors become offsets."""
        session = self.session
        page = self.page_index if index is None else index
        return SearchRequest(
            name,
            "fetch",
            filters=self.filters,
            sort=self.sort,
            limit=self.page_size,
            offset=page * self.page_size or None,
            tenant=session.current_tenant if session else None,
            references=self.reference_column_keys,
        )

    @guarded
    def action_copy_as_code(self) -> None:
        if self.config is None or self.session is None:
            self.notify("Pick a collection first (1).", markup=False)
            return
        open_code_screen(self.app, self.page_request(self.config.name), self.session, self.config)
