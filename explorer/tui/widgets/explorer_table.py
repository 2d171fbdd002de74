"""The app's one table widget: Textual's DataTable, with vi keys and rows that cost nothing off screen.

Why not textual-fastdatatable (harlequin's): it imports pyarrow at module level, which on this
machine adds about 120 ms of import and 31 MB of resident memory (170 MB on disk) to an app whose
targets are a start-up within 1.3x a bare Textual script and idle memory within 1.3x a bare app;
and its Arrow backend holds plain values, not the rich ``Text`` cells that keep server text inert.
Why not a new Line-API widget: Textual's DataTable already is one (it renders only the lines on
screen, through caches); what costs per row is its bookkeeping around ``add_row`` (a reactive
cursor write and an idle check per row) and the measuring of every new cell on the loop when the
app next idles. So ``add_rows``/``add_row`` here store rows in bulk, measure the first
``SYNC_MEASURED_ROWS`` rows (what a screen can show) at once, and measure the rest in a thread,
widening the columns when that is done; :class:`TextRows` (what the panes add) are kept as
strings, made into ``Text`` when a row is first read and measured at once from the strings.
Rows added below the drawn ones leave the drawn ones cached, and for one-line rows nothing walks
every row (regions, line offsets, the scrollable size; a ``1fr`` table takes its new size
without a layout of the screen). Drawing a frame after a new page draws every visible cell
anew: an unstyled one-line ``Text`` cell is one segment (see ``_fitted``), other one-line cells
skip Rich's per-cell render pipeline (see ``_render_cell``), and what the DataTable looks up
per line (the styles, the size, the scroll offset, the cursor and hover) is looked up once a
frame (see ``render_line``); each cell's mouse meta is made once for the table's life, not once a
draw (see ``_meta``). A 34-line page of 4 columns draws in about 2.5 ms of CPU (4.4 ms with the
DataTable's own line path). The scrollbars draw each look once (``cached_scrollbar``).
Everything else (cursors, zebra stripes, sorting, the messages the panes listen to) is the
DataTable's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._segment_tools import line_crop
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import (
    CellCacheKey,
    CellType,
    DuplicateKey,
    Row,
    RowKey,
    SegmentLines,
)
from textual.worker import get_current_worker

from explorer.tui.bindings import TABLE_BINDINGS
from explorer.tui.widgets.cached_scrollbar import cached_scrollbar
from explorer.tui.widgets.table_rows import RowCells, TextRows, widths_between
from explorer.tui.widgets.virtual_size import follows_content, set_virtual_size

#: Rows measured on the loop as they are added: more than any terminal shows at once.
SYNC_MEASURED_ROWS = 200


class ExplorerTable(DataTable[Any]):
    BINDINGS: ClassVar[list[BindingType]] = list(TABLE_BINDINGS)

    #: Every row is one line high and unlabelled (all rows added in bulk are): a row's line is
    #: its index, so nothing needs a list of every row. (A class default: the DataTable's
    #: ``__init__`` moves the cursor before this class's own runs.)
    _uniform = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        #: Bumped by ``clear``, so a measurement of rows that are gone is dropped.
        self._generation = 0
        #: Rows added but not measured yet (beyond the first SYNC_MEASURED_ROWS).
        self._unmeasured: list[tuple[Sequence[Sequence[object]], int]] = []
        #: While ``render_lines`` runs: the styles it would otherwise look up per line (the
        #: widget's own walks its ancestors), or None between frames.
        self._frame: _Frame | None = None
        #: ``_update_count`` when rows were last added below the lines on screen and nothing
        #: else changed since the last size update (-1 once anything did): the size update
        #: then moves the scrollbar and draws nothing (see :meth:`_update_dimensions`).
        self._grown_out_of_sight_at: int | None = None
        #: (row, column, out of bounds) -> the cell's mouse meta (see :meth:`_meta`).
        self._metas: LRUCache[tuple[int, int, bool], Style] = LRUCache(4096)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Drawn once per look: every page refreshes it (see ``cached_scrollbar``)."""
        return cached_scrollbar(self, vertical=True)

    @property
    def horizontal_scrollbar(self) -> ScrollBar:
        return cached_scrollbar(self, vertical=False)

    def clear(self, columns: bool = False) -> ExplorerTable:
        self._generation += 1
        self._grown_out_of_sight_at = None
        self._unmeasured = []
        self._uniform = True
        self.workers.cancel_group(self, "table-measure")
        super().clear(columns)
        return self

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: str | Text | None = None,
    ) -> RowKey:
        if height != 1 or label is not None:
            self._uniform = False
            return super().add_row(*cells, height=height, key=key, label=label)
        return self._append([cells], [key])[0]

    def add_rows(self, rows: Iterable[Iterable[CellType]]) -> list[RowKey]:
        if isinstance(rows, TextRows):
            return self._append(rows, None)
        return self._append([row if isinstance(row, tuple) else tuple(row) for row in rows], None)

    def _append(
        self, rows: Sequence[Sequence[CellType]], keys: Sequence[str | None] | None
    ) -> list[RowKey]:
        """Store ``rows`` at the bottom: no per-row reactive writes, no per-row measuring."""
        column_keys = [column.key for column in self.ordered_columns]
        positions = {key: index for index, key in enumerate(column_keys)}
        if isinstance(rows, TextRows):
            too_many = rows.cells_per_row > len(column_keys)
        else:
            too_many = any(len(row) > len(column_keys) for row in rows)
        if too_many:
            raise ValueError("More values provided than there are columns.")
        start = self.row_count
        row_keys: list[RowKey] = []
        locations = self._row_locations
        if keys is None:  # generated keys are unique: store them a mapping at a time
            row_keys = [RowKey() for _ in range(len(rows))]
            indexes = range(start, start + len(rows))
            locations._forward.update(zip(row_keys, indexes, strict=True))
            locations._reverse.update(zip(indexes, row_keys, strict=True))
            cells = (RowCells(positions, rows, i) for i in range(len(rows)))
            self._data.update(zip(row_keys, cells, strict=True))  # type: ignore[arg-type]
            self.rows.update((row_key, Row(row_key, 1)) for row_key in row_keys)
        for offset, key in enumerate(keys or ()):
            row_key = RowKey(key)
            if key is not None and row_key in locations:  # a generated key is unique
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            locations[row_key] = start + offset
            self._data[row_key] = RowCells(positions, rows, offset)  # type: ignore[assignment]
            self.rows[row_key] = Row(row_key, 1)
            row_keys.append(row_key)
        if not row_keys:
            return row_keys
        widened = False
        if isinstance(rows, TextRows):  # measured from its strings, fast enough for the loop
            widened = self._widen(rows.widths(0, len(rows), len(column_keys)))
        elif any(column.auto_width for column in self.ordered_columns):
            now = max(0, min(len(rows), SYNC_MEASURED_ROWS - start))
            if now:
                widened = self._widen(widths_between(rows, 0, now, len(column_keys)))
            if now < len(rows):
                self._unmeasured.append((rows, now))
                self.call_later(self._measure_later)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if start == 0 and column_keys and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        if start == 0 or widened or not self._uniform:
            # Rows below the last drew nothing and cached nothing: the rows already drawn
            # stay valid unless their columns widened.
            self._update_count += 1
        self._note_growth(start, widened)
        self.check_idle()
        return row_keys

    def _note_growth(self, start: int, widened: bool) -> None:
        """Whether the rows just added from ``start`` change nothing on screen."""
        header = self.header_height if self.show_header else 0
        bottom = self.scroll_offset.y + self.scrollable_content_region.height
        out_of_sight = start > 0 and not widened and self._uniform and start + header >= bottom
        if not out_of_sight:
            self._grown_out_of_sight_at = -1
        elif self._grown_out_of_sight_at is None:
            self._grown_out_of_sight_at = self._update_count

    def _widen(self, widths: Sequence[int]) -> bool:
        """Widen the auto-width columns to ``widths``; whether any became wider."""
        widened = False
        for column, width in zip(self.ordered_columns, widths, strict=False):
            if column.auto_width and width > column.content_width:
                column.content_width = width
                widened = True
        if widened:
            self._require_update_dimensions = True
        return widened

    def _measure_later(self) -> None:
        if not self._unmeasured:
            return
        rows, self._unmeasured = self._unmeasured, []
        self.run_worker(
            lambda: self._measure_in_thread(rows, len(self.columns), self._generation),
            thread=True,
            group="table-measure",
            exit_on_error=False,
        )

    def _measure_in_thread(
        self, rows: list[tuple[Sequence[Sequence[object]], int]], columns: int, generation: int
    ) -> None:
        widths = [0] * columns
        for source, start in rows:
            measured = widths_between(source, start, len(source), columns)
            widths = [max(pair) for pair in zip(widths, measured, strict=True)]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._apply_widths, widths, generation)

    def _apply_widths(self, widths: list[int], generation: int) -> None:
        if generation != self._generation or not self._widen(widths):
            return
        self._clear_caches()
        self.check_idle()
        self.refresh()

    @property
    def _y_offsets(self) -> Sequence[tuple[RowKey, int]]:  # type: ignore[override]
        """Each line's row and line within it: for one-line rows, a view, not a list of all."""
        if self._uniform:
            return _OneLineRows(self)
        return super()._y_offsets

    def _get_row_region(self, row_index: int) -> Region:
        if not self._uniform or not self.is_valid_row_index(row_index):
            return super()._get_row_region(row_index)
        width = sum(c.get_render_width(self) for c in self.columns.values())
        width += self._row_label_column_width
        y = row_index + (self.header_height if self.show_header else 0)
        return Region(0, y, max(self.size.width, width), 1)

    def _get_cell_region(self, coordinate: Coordinate) -> Region:
        if not self._uniform or not self.is_valid_coordinate(coordinate):
            return super()._get_cell_region(coordinate)
        row_index, column_index = coordinate
        columns = self.ordered_columns
        x = sum(c.get_render_width(self) for c in columns[:column_index])
        x += self._row_label_column_width
        y = row_index + (self.header_height if self.show_header else 0)
        return Region(x, y, columns[column_index].get_render_width(self), 1)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """The scrollable size, without walking the rows: bulk rows were measured as they came.

        A table whose size does not follow its content (``height: 1fr``) takes its new size
        without a layout of the whole screen; its scrollbars still lay it out when they come
        or go."""
        out_of_sight = self._grown_out_of_sight_at == self._update_count
        self._grown_out_of_sight_at = None
        if not self._uniform:
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in self.columns.values())
        width += self._row_label_column_width
        height = self.row_count + (self.header_height if self.show_header else 0)
        if not set_virtual_size(self, Size(width, height)) or follows_content(self):
            return  # unchanged, or laid out (which paints)
        if not out_of_sight:  # rows only added below the lines on screen: only the scrollbar
            self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        """One frame: the widget's and the rows' styles are looked up once, not per line."""
        self._frame = _Frame()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        """One line of a frame, as the DataTable draws it, with what it looks up per line (size,
        scroll offset, cursor, hover, the widget's style) taken once a frame."""
        frame = self._frame
        if frame is None or not self._uniform or self.fixed_rows or self.fixed_columns:
            return super().render_line(y)
        lines = frame.lines
        if lines is None:
            lines = frame.lines = _Lines(self)
        if y >= lines.header:
            y += lines.scroll_y
            row_key = self._row_locations.get_key(y - lines.header)
        else:
            row_key = self._header_row_key
        if row_key is None:
            return Strip.blank(lines.width, lines.base_style)
        cache_key = (y, *lines.key)
        strip = self._line_cache.get(cache_key)
        if strip is None:
            _, scrollable = self._render_line_in_row(
                row_key, 0, lines.base_style, lines.cursor, lines.hover
            )
            segments = line_crop(
                list(chain.from_iterable(scrollable)), lines.scroll_x, lines.x2, lines.width
            )
            strip = Strip(segments).adjust_cell_length(lines.width, lines.base_style).simplify()
            self._line_cache[cache_key] = strip
        return strip

    def _meta(self, row_index: int, column_index: int, out_of_bounds: bool = False) -> Style:
        """The mouse's meta for a cell (what a click reads), one ``Style`` per cell for the
        table's life: Rich gives every ``from_meta`` style its own link id, so a new one per
        draw also missed Rich's cache of style sums."""
        key = (row_index, column_index, out_of_bounds)
        meta = self._metas.get(key)
        if meta is None:
            data: dict[str, object] = {"row": row_index, "column": column_index}
            if out_of_bounds:
                data["out_of_bounds"] = True
            meta = Style.from_meta(data)
            self._metas.set(key, meta)
        return meta

    @property
    def rich_style(self) -> Style:
        frame = self._frame
        if frame is None:
            return super().rich_style
        if frame.widget_style is None:
            frame.widget_style = super().rich_style
        return frame.widget_style

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        frame = self._frame
        if frame is None or row_index < self.fixed_rows:
            return super()._get_row_style(row_index, base_style)
        key = (row_index % 2, base_style)
        style = frame.row_styles.get(key)
        if style is None:
            style = frame.row_styles[key] = super()._get_row_style(row_index, base_style)
        return style

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        """One line of a row, as the DataTable renders it, with the styles and column widths it
        looks up per line taken once a frame (tables here have no fixed columns, no labels)."""
        frame = self._frame
        if frame is None or self.fixed_columns or self._labelled_row_exists:
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cursor_type = self.cursor_type
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        widths = frame.widths
        if widths is None:
            widths = frame.widths = [c.get_render_width(self) for c in self.ordered_columns]
        row_index = self._row_locations.get(row_key)
        if row_index is None:
            row_index = -1
        row_style = self._get_row_style(row_index, base_style)
        should_highlight = self._should_highlight
        render_cell = self._render_cell
        scrollable_row: SegmentLines = []
        cells = None
        if self._uniform and row_index >= self.fixed_rows:
            stored = self._data.get(row_key)
            cells = stored.cells() if isinstance(stored, RowCells) else None
        pad = self.cell_padding
        for column_index, width in enumerate(widths):
            cell_location = Coordinate(row_index, column_index)
            cursor = should_highlight(cursor_location, cell_location, cursor_type)
            hover = should_highlight(hover_location, cell_location, cursor_type)
            if cells is not None and column_index < len(cells) and width >= 2 * pad:
                fitted = _fitted(cells[column_index], width - 2 * pad)
                if fitted is not None:
                    style = self._cell_style(frame, row_style, cursor, hover)
                    meta = self._meta(row_index, column_index)
                    padding = " " * pad
                    scrollable_row.append([Segment(f"{padding}{fitted}{padding}", style + meta)])
                    continue
            scrollable_row.append(
                render_cell(row_index, column_index, row_style, width, cursor=cursor, hover=hover)[
                    line_no
                ]
            )
        width = frame.lines.width if frame.lines is not None else self.size.width
        remaining_space = max(0, width - sum(widths) - self._row_label_column_width)
        hover = should_highlight(hover_location, Coordinate(row_index or 0, 0), cursor_type)
        extend_key = (row_style, row_index == -1, hover, row_index == cursor_location.row)
        extend_style = frame.extend_styles.get(extend_key)
        if extend_style is None:
            extend_style = frame.extend_styles[extend_key] = self._extend_style(
                row_style, row_index, hover, cursor_location
            )
        extend_style += self._meta(row_index, 0, out_of_bounds=True)
        scrollable_row.append([Segment(" " * remaining_space, extend_style)])
        row_pair: tuple[SegmentLines, SegmentLines] = ([], scrollable_row)
        self._row_render_cache[cache_key] = row_pair
        return row_pair

    def _cell_style(self, frame: _Frame, row_style: Style, cursor: bool, hover: bool) -> Style:
        """A body cell's style without its meta, as ``_render_cell`` composes it, once a frame:
        the meta (row and column) adds nothing else, so it can come last."""
        key = (row_style, cursor, hover)
        style = frame.cell_styles.get(key)
        if style is None:
            component_style, post_style = self._get_styles_to_render_cell(
                False,
                False,
                False,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            style = frame.cell_styles[key] = row_style + component_style + post_style
        return style

    def _extend_style(
        self, row_style: Style, row_index: int, hover: bool, cursor_location: Coordinate
    ) -> Style:
        """The style of the space right of the last column (the DataTable's rule)."""
        if self.cursor_type == "row":
            extend_style, _ = self._get_styles_to_render_cell(
                row_index == -1,
                False,
                False,
                hover,
                row_index == cursor_location.row,
                self.show_cursor,
                self._show_hover_cursor,
                False,
                False,
            )
            return row_style + extend_style
        if row_style.bgcolor is not None:
            faded_color = Color.from_rich_color(row_style.bgcolor).blend(
                self.background_colors[1], factor=0.25
            )
            return Style.from_color(color=row_style.color, bgcolor=faded_color.rich_color)
        return Style.from_color(row_style.color, row_style.bgcolor)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """One cell's lines: one-line ``Text`` cells without Rich's render pipeline.

        Textual renders each cell through ``Console.render_lines(Styled(Padding(cell)))``. With
        a new page every frame draws every visible cell anew: 24-43 ms of CPU for 40 lines by 4
        columns, on the loop, and every key typed meanwhile waits for it. A one-line cell needs
        none of that: crop or justify the text, pad it and style it, as the pipeline does for
        such a cell (``tests/tui/test_table_render.py`` checks that both draw the same).
        """
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if (
            row_key is None
            or column_key is None
            or row_index < self.fixed_rows
            or column_index < self.fixed_columns
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key: CellCacheKey = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        row = self.rows.get(row_key)
        cells = self._get_row_renderables(row_index).cells
        cell = cells[column_index] if column_index < len(cells) else None
        pad = self.cell_padding
        if row is None or row.height != 1 or not isinstance(cell, Text) or width < 2 * pad:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        content = _one_line(cell, width - 2 * pad, self.app.console)
        if content is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre_style = (base_style + self._meta(row_index, column_index)) + component_style
        padding = [Segment(" " * pad, _NULL_STYLE)] if pad else []
        line = [*padding, *content, *padding]
        lines: SegmentLines = [list(Segment.apply_style(line, pre_style, post_style))]
        self._cell_render_cache[cache_key] = lines
        return lines

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        """Never row -1: on an empty table Textual 8 clamps G, End or Page Down to row -1, and
        then announces a highlighted row -1 (a handler would index the last row it knows)."""
        row, column = super().validate_cursor_coordinate(value)
        return Coordinate(max(row, 0), max(column, 0))


_NULL_STYLE = Style()


class _OneLineRows(Sequence[tuple[RowKey, int]]):
    """A table's lines when every row is one line: line ``y`` is row ``y``'s line 0."""

    __slots__ = ("_table",)

    def __init__(self, table: ExplorerTable) -> None:
        self._table = table

    def __len__(self) -> int:
        return self._table.row_count

    def __getitem__(self, y: int) -> tuple[RowKey, int]:  # type: ignore[override]
        key = self._table._row_locations.get_key(y)
        if key is None:
            raise IndexError(y)
        return key, 0

    def clear(self) -> None:
        """What ``DataTable.clear`` calls on its list of lines: nothing to clear here."""


class _Lines:
    """What the DataTable looks up per line to draw it, looked up once a frame."""

    __slots__ = (
        "base_style",
        "cursor",
        "header",
        "hover",
        "key",
        "scroll_x",
        "scroll_y",
        "width",
        "x2",
    )

    def __init__(self, table: ExplorerTable) -> None:
        self.width = table.size.width
        self.scroll_x, self.scroll_y = table.scroll_offset
        self.x2 = self.scroll_x + self.width
        self.header = table.header_height if table.show_header else 0
        self.cursor = table.cursor_coordinate
        self.hover = table.hover_coordinate
        self.base_style = table.rich_style
        #: The DataTable's line cache key, but the line (``_render_line``'s, in its order).
        self.key = (
            self.scroll_x,
            self.x2,
            self.width,
            self.cursor,
            self.hover,
            self.base_style,
            table.cursor_type,
            table._show_hover_cursor,
            table._update_count,
            table._pseudo_class_state,
        )


class _Frame:
    """What one ``render_lines`` call looks up once instead of per line."""

    __slots__ = ("cell_styles", "extend_styles", "lines", "row_styles", "widget_style", "widths")

    def __init__(self) -> None:
        self.lines: _Lines | None = None
        self.widget_style: Style | None = None
        self.widths: list[int] | None = None
        #: (odd row, base style) -> the row's style
        self.row_styles: dict[tuple[int, Style], Style] = {}
        #: (row style, header, hovered, cursor row) -> the style right of the last column
        self.extend_styles: dict[tuple[Style, bool, bool, bool], Style] = {}
        #: (row style, cursor, hover) -> a body cell's style, but its meta
        self.cell_styles: dict[tuple[Style, bool, bool], Style] = {}


_JUSTIFIES = frozenset({None, "default", "left", "right"})
_OVERFLOWS = frozenset({None, "fold", "crop"})


def _fitted(cell: object, width: int) -> str | None:
    """An unstyled one-line ``Text`` cell as the string of exactly ``width`` cells that
    :func:`_one_line` draws for it; None for any other cell (styled, spans, several lines)."""
    if type(cell) is not Text or cell.spans or cell.style:
        return None
    justify = cell.justify
    if justify not in _JUSTIFIES or cell.overflow not in _OVERFLOWS:
        return None
    plain = cell.plain
    if "\n" in plain or "\t" in plain:
        return None
    if justify == "right":
        plain = plain.rstrip()
        if plain.isascii() and plain.isprintable():
            return plain[:width].rjust(width)
        if cell_len(plain) > width:
            plain = set_cell_size(plain, width)
        return " " * (width - cell_len(plain)) + plain
    if plain.isascii() and plain.isprintable():
        return plain[:width].ljust(width)
    return set_cell_size(plain, width)


def _one_line(cell: Text, width: int, console: Console) -> list[Segment] | None:
    """``cell`` as the segments of one line exactly ``width`` cells wide, as Rich renders it with
    ``no_wrap`` (cropped, justified, padded); None when it needs Rich's full pipeline (several
    lines, tabs, centred or justified text, an ellipsis)."""
    plain = cell.plain
    if "\n" in plain or "\t" in plain:
        return None
    if cell.justify not in _JUSTIFIES or cell.overflow not in _OVERFLOWS:
        return None
    text = cell
    if cell.justify == "right":
        text = cell.copy()
        text.rstrip()
        text.truncate(width, overflow="fold")
        text.pad_left(width - cell_len(text.plain))
    elif cell.justify == "left":
        text = cell.copy()
        text.truncate(width, overflow="fold", pad=True)
    elif cell_len(plain) > width:
        text = cell.copy()
        text.truncate(width, overflow="fold")
    if text.spans:
        segments = list(text.render(console, end=""))
    else:  # Text.render leaves the base style out when there are no spans (Rich adds it)
        style = console.get_style(text.style, default=_NULL_STYLE) if text.style else None
        segments = [Segment(text.plain, style)]
    return Segment.adjust_line_length(segments, width, pad=True)
