"""The vector map view: choose a vector, a colour property, a sample and a filter; draw the PCA.

Moving the plot's cursor shows that object below the plot; Enter opens it (LabObjectOpened).
The parent sets ``session``, ``collection`` and ``highlighted`` (the last query's uuids).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Input, Label, ProgressBar, Select, Static
from textual.worker import Worker

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import format_value, safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession
from explorer.core.lab.vector_map import DEFAULT_SAMPLE, VectorMap, build_vector_map
from explorer.core.lab.vector_scan import ScanProgress
from explorer.core.where.filters import FilterExpr
from explorer.core.where.parser import parse_where
from explorer.tui import workers
from explorer.tui.bindings import LAB_MAP_BINDINGS
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.lab.lab_view import LabView
from explorer.tui.lab.map_plot import MapPlot
from explorer.tui.lab.messages import LabObjectOpened
from explorer.tui.workers import cancel_workers_of

#: Properties shown of the object under the cursor.
SHOWN_PROPERTIES = 6
VALUE_WIDTH = 60


def whole_number(text: str, what: str, default: int, minimum: int = 1) -> int:
    if not text.strip():
        return default
    if not text.strip().isdigit() or int(text) < minimum:
        raise ExplorerError(
            f"Invalid {what}", f"{text!r}: the {what} is a whole number from {minimum}"
        )
    return int(text)


class VectorMapView(LabView):
    DEFAULT_CSS = """
    VectorMapView { height: 1fr; }
    VectorMapView #map-form { height: auto; }
    VectorMapView #map-form Label { padding: 0 1; color: $text-muted; }
    VectorMapView #map-form Select { width: 22; }
    VectorMapView #map-sample { width: 10; }
    VectorMapView #map-where { width: 1fr; }
    VectorMapView #map-progress { display: none; }
    VectorMapView #map-progress.running { display: block; }
    VectorMapView #map-status { height: auto; color: $text-muted; }
    VectorMapView #map-point { height: auto; max-height: 8; border-top: solid $primary; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(LAB_MAP_BINDINGS)

    highlighted: var[frozenset[str]] = var(frozenset())

    def __init__(self, *, id: str | None = "vector-map-view") -> None:
        super().__init__(id=id)
        self.config: CollectionConfig | None = None
        self.vector_map: VectorMap | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="map-form"):
            yield Label("Vector")
            yield Select[str]([], prompt="(vector)", compact=True, id="map-target")
            yield Label("Colour by")
            yield Select[str]([], prompt="(none)", compact=True, id="map-color-by")
            yield Label("Sample")
            yield Input(str(DEFAULT_SAMPLE), compact=True, type="integer", id="map-sample")
            yield Label("Where")
            yield Input(compact=True, placeholder="optional filter", id="map-where")
        yield ProgressBar(id="map-progress", show_eta=False)
        yield Static("Choose a vector and press ctrl+r to draw the map.", id="map-status")
        yield MapPlot(id="map-plot")
        yield Static("", id="map-point")

    def on_mount(self) -> None:
        self.query_one(MapPlot).highlighted = self.highlighted
        if self.collection is not None:
            self.load_config()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    # -- attributes down -------------------------------------------------------------------------

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        if old is not None and old is not new:
            cancel_workers_of(self)
            self._reset("Another connection: choose a vector and press ctrl+r.")

    def watch_collection(self, old: str | None, new: str | None) -> None:
        if old != new and self.is_mounted:
            self._reset("Choose a vector and press ctrl+r to draw the map.")
            if new is not None:
                self.load_config()

    def watch_highlighted(self, highlighted: frozenset[str]) -> None:
        if self.is_mounted:
            self.query_one(MapPlot).highlighted = highlighted

    def _reset(self, status: str) -> None:
        self.config, self.vector_map = None, None
        self.query_one(MapPlot).show_map(None)
        self.query_one("#map-status", Static).update(Text(status))
        self.query_one("#map-point", Static).update("")

    @work(exclusive=True, group=workers.LAB_MAP, exit_on_error=False)
    async def load_config(self) -> None:
        if self.session is None or self.collection is None:
            return
        config = await self.session.collection_config(self.collection)
        self.config = config
        targets = self.query_one("#map-target", Select)
        targets.set_options((Text(safe_text(v.name)), v.name) for v in config.vectors)
        if config.vectors:
            targets.value = config.vectors[0].name
        colour = self.query_one("#map-color-by", Select)
        colour.set_options((Text(safe_text(p.name)), p.name) for p in config.properties)

    # -- running ---------------------------------------------------------------------------------

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run_map()

    @guarded
    def action_run_map(self) -> None:
        if self.session is None or self.config is None:
            show_error(self.app, ExplorerError("No collection", "open a collection first (1)"))
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
        bar = self.query_one("#map-progress", ProgressBar)
        bar.add_class("running")
        bar.update(total=sample, progress=0)
        status.update(Text(f"Reading up to {sample:,} vectors…"))

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
            status.update(Text(f"{exc.title}: {safe_text(exc.message)}"))
            raise
        finally:
            bar.remove_class("running")
        self.vector_map = found
        status.update(Text(_summary(found, len(self.highlighted))))
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
        self.query_one("#map-point", Static).update(Text("\n".join(lines)))


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
