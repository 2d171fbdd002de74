"""The vector map view: choose a vector, a colour property, a sample and a filter; draw the PCA.

Moving the plot's cursor shows that object below the plot; Enter opens it (LabObjectOpened).
The parent sets ``session``, ``collection`` and ``highlighted`` (the last query's uuids).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Input, Label, Select, Static

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import format_value, safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.lab.vector_map import DEFAULT_SAMPLE, VectorMap, build_vector_map
from explorer.core.lab.vector_scan import ScanProgress
from explorer.core.where.filters import FilterExpr
from explorer.core.where.parser import parse_where
from explorer.tui import workers
from explorer.tui.bindings import LAB_MAP_BINDINGS
from explorer.tui.errors import guarded, show_error
from explorer.tui.lab.lab_view import LabView, name_options, whole_number
from explorer.tui.lab.map_plot import MapPlot
from explorer.tui.lab.messages import LabObjectOpened
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.job_progress import JobProgress
from explorer.tui.widgets.static_text import show_text
from explorer.tui.widgets.text_input import TextInput

READY = "Choose a vector and press ctrl+r to draw the map."
#: Properties shown of the object under the cursor.
SHOWN_PROPERTIES = 6
NO_POINT = "The object under the map's cursor shows here."
VALUE_WIDTH = 60


class VectorMapView(LabView):
    DEFAULT_CSS = """
    VectorMapView { height: 1fr; }
    VectorMapView #map-form { height: auto; }
    VectorMapView #map-form Label { padding: 0 1; color: $text-muted; }
    VectorMapView #map-form Select { width: 22; }
    VectorMapView #map-sample { width: 10; }
    VectorMapView #map-where { width: 1fr; }
    VectorMapView #map-status { height: auto; color: $text-muted; }
    /* Room for the longest details (a uuid, SHOWN_PROPERTIES properties, the keys) from the
       start: details that grew into it resized the plot, and its thread drew it again. */
    VectorMapView #map-point { height: 9; border-top: solid $primary; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(LAB_MAP_BINDINGS)

    highlighted: var[frozenset[str]] = var(frozenset())

    RUN_ACTION = "run_map"

    def __init__(self, *, id: str | None = "vector-map-view") -> None:
        super().__init__(id=id)
        self.vector_map: VectorMap | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="map-form"):
            yield Label("Vector")
            yield ExplorerSelect([], prompt="(vector)", compact=True, id="map-target")
            yield Label("Colour by")
            yield ExplorerSelect([], prompt="(none)", compact=True, id="map-color-by")
            yield Label("Sample")
            yield TextInput(str(DEFAULT_SAMPLE), compact=True, type="integer", id="map-sample")
            yield Label("Where")
            yield TextInput(compact=True, placeholder="optional filter", id="map-where")
        yield JobProgress(id="map-progress")
        yield Static(READY, id="map-status")
        yield MapPlot(id="map-plot")
        yield Static(NO_POINT, id="map-point")

    def on_mount(self) -> None:
        """(LabView's on_mount runs too: Textual calls each class's handler.) The plot is gone
        when the screen closed before this ran (the app quitting as the map opened)."""
        for plot in self.query(MapPlot):
            plot.highlighted = self.highlighted

    def watch_highlighted(self, highlighted: frozenset[str]) -> None:
        if self.is_mounted:
            self.query_one(MapPlot).highlighted = highlighted

    def reset(self) -> None:
        self.vector_map = None
        self.query_one(MapPlot).show_map(None)
        show_text(self.query_one("#map-status", Static), READY)
        show_text(self.query_one("#map-point", Static), NO_POINT)

    def show_config(self, config: CollectionConfig) -> None:
        self.show_targets(config, "#map-target")
        colour = self.query_one("#map-color-by", Select)
        colour.set_options(name_options(p.name for p in config.properties))

    # -- running ---------------------------------------------------------------------------------

    @guarded
    def action_run_map(self) -> None:
        if not self.ready() or self.config is None:
            return
        try:
            target = self.query_one("#map-target", Select)
            colour = self.query_one("#map-color-by", Select)
            where = self.query_one("#map-where", Input).value.strip()
            sample = whole_number(
                self.query_one("#map-sample", Input).value, "sample", DEFAULT_SAMPLE, 2
            )
            filters = parse_where(where, self.config) if where else None
        except ExplorerError as exc:
            show_error(self.app, exc)
            return
        self.draw(
            None if target.is_blank() else str(target.value),
            None if colour.is_blank() else str(colour.value),
            sample,
            filters,
        )

    @work(exclusive=True, group=workers.LAB_MAP, exit_on_error=False)
    async def draw(
        self, target: str | None, color_by: str | None, sample: int, filters: FilterExpr | None
    ) -> None:
        assert self.session is not None and self.config is not None
        status = self.query_one("#map-status", Static)
        bar = self.query_one("#map-progress", JobProgress)
        bar.start(sample)
        show_text(status, f"Reading up to {sample:,} vectors…")

        def progress(update: ScanProgress) -> None:
            bar.update(progress=update.scanned)

        try:
            found = await build_vector_map(
                self.session,
                self.config,
                target=target,
                color_by=color_by,
                sample=sample,
                filters=filters,
                tenant=self.session.current_tenant,
                progress=progress,
            )
        except ExplorerError as exc:
            show_text(status, f"{exc.title}: {safe_text(exc.message)}")
            raise
        finally:
            bar.stop()
        self.vector_map = found
        show_text(status, _summary(found, len(self.highlighted)))
        plot = self.query_one(MapPlot)
        plot.show_map(found)
        plot.focus()

    # -- the point under the cursor --------------------------------------------------------------

    @on(MapPlot.PointHighlighted)
    def point_highlighted(self, event: MapPlot.PointHighlighted) -> None:
        self.show_point(event.uuid)

    @on(MapPlot.PointChosen)
    def point_chosen(self, event: MapPlot.PointChosen) -> None:
        if self.vector_map is not None:
            self.post_message(LabObjectOpened(self.vector_map.collection, event.uuid))

    @work(exclusive=True, group=workers.LAB_MAP_POINT, exit_on_error=False)
    async def show_point(self, uuid: str) -> None:
        if self.session is None or self.vector_map is None:
            return
        record = await self.session.get_object(
            self.vector_map.collection,
            uuid,
            tenant=self.session.current_tenant,
            include_vector=False,
        )
        point = next((p for p in self.vector_map.points if p.uuid == uuid), None)
        lines = [
            uuid + (f"  ·  {safe_text(point.group, VALUE_WIDTH)}" if point and point.group else "")
        ]
        if record is None:
            lines.append("(this object no longer exists)")
        else:
            for name, value in list(record.properties.items())[:SHOWN_PROPERTIES]:
                lines.append(
                    f"{safe_text(name, 24)}: {safe_text(format_value(value), VALUE_WIDTH)}"
                )
        lines.append("Enter opens it · arrows move to the nearest point · n/p step")
        show_text(self.query_one("#map-point", Static), "\n".join(lines))


def _summary(found: VectorMap, marked: int) -> str:
    parts = [
        f"{len(found.points):,} vectors of {safe_text(found.target)}",
        f"PCA explains {found.explained[0]:.1%} + {found.explained[1]:.1%}",
    ]
    if found.skipped:
        parts.append(f"{found.skipped:,} without a usable vector")
    if found.averaged:
        parts.append("multi-vectors drawn as their mean token vector")
    if marked:
        parts.append("○ marks the last query's results")
    return " · ".join(parts)
